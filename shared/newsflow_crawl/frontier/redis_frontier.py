"""The per-host frontier in Redis, for a deployment: one schedule of hosts for every worker (rules in
``host_queues``).

Keys (all under ``newsflow:frontier:``): ``due`` (sorted set: host → when it is due, the Redis server's clock),
``q:<host>`` (list of the host's waiting fetch messages, oldest at the head), ``delay`` (hash: host → its gap,
while it has URLs waiting), ``paced:<host>`` (the earliest next release of a host recently served; expires by
itself), ``leases`` (sorted set: leased message → lease end), ``seq`` (lease numbers) and ``turn`` (the latest
turn handed out, ``host_queues.TURN``). Each operation is one Lua script, so pops by many workers at once never
hand out a URL twice nor serve a host twice within its delay.
The scripts name a host's keys from its name (they are not declared in KEYS): fine on one Redis server, which is
what a deployment has (docs/operations.md); a Redis Cluster would need hash tags.

Memory: a waiting URL costs its message (~600 bytes of JSON) in ``q:<host>``; the frontier holds what the
crawls discovered and have not fetched yet, which ``max_pages`` bounds per crawl (docs/crawling.md).
"""

from __future__ import annotations

from collections.abc import Sequence

import redis

from newsflow_crawl.frontier.host_queues import TURN, FrontierEntry, Leased

PREFIX = "newsflow:frontier:"
DUE_KEY = PREFIX + "due"
DELAY_KEY = PREFIX + "delay"
LEASES_KEY = PREFIX + "leases"
SEQ_KEY = PREFIX + "seq"

_NOW = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
"""

# KEYS: due, delay; ARGV: prefix, then (host, delay, wait, front, payload) per entry.
_PUSH = (
    _NOW
    + """
for i = 2, #ARGV, 5 do
  local host, wait, front, payload = ARGV[i], tonumber(ARGV[i + 2]), ARGV[i + 3] == '1', ARGV[i + 4]
  local queue = ARGV[1] .. 'q:' .. host
  if front then redis.call('LPUSH', queue, payload) else redis.call('RPUSH', queue, payload) end
  redis.call('HSET', KEYS[2], host, ARGV[i + 1])
  if front then
    redis.call('ZADD', KEYS[1], now + wait, host)
  elseif not redis.call('ZSCORE', KEYS[1], host) then
    local paced = tonumber(redis.call('GET', ARGV[1] .. 'paced:' .. host) or '0')
    redis.call('ZADD', KEYS[1], math.max(now, paced), host)
  end
end
return 1
"""
)

# KEYS: due, delay, leases, seq; ARGV: prefix, limit, lease seconds. Returns "token\thost\tdelay\tpayload" each.
_POP = (
    _NOW
    + """
local limit, lease = tonumber(ARGV[2]), tonumber(ARGV[3])
local turn_key = ARGV[1] .. 'turn'
local turn = tonumber(redis.call('GET', turn_key) or '0')
local horizon = math.max(now, turn) + TURN * limit
local taken = {}
while #taken < limit do
  local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  if #first == 0 or tonumber(first[2]) > horizon then break end
  local host = first[1]
  local queue = ARGV[1] .. 'q:' .. host
  local payload = redis.call('LPOP', queue)
  local delay = redis.call('HGET', KEYS[2], host) or '0'
  if not payload then
    redis.call('ZREM', KEYS[1], host)
    redis.call('HDEL', KEYS[2], host)
  else
    turn = math.max(now, turn + TURN, tonumber(first[2]) + TURN)
    local following = math.max(turn, now + tonumber(delay))
    if redis.call('LLEN', queue) > 0 then
      redis.call('ZADD', KEYS[1], following, host)
    else
      redis.call('ZREM', KEYS[1], host)
      redis.call('HDEL', KEYS[2], host)
    end
    local pace_ms = math.ceil((following - now) * 1000)
    if pace_ms > 0 then
      redis.call('SET', ARGV[1] .. 'paced:' .. host, string.format('%.6f', following), 'PX', pace_ms)
    end
    local member = redis.call('INCR', KEYS[4]) .. '\\t' .. host .. '\\t' .. delay .. '\\t' .. payload
    redis.call('ZADD', KEYS[3], now + lease, member)
    taken[#taken + 1] = member
  end
end
if #taken > 0 then redis.call('SET', turn_key, string.format('%.6f', turn)) end
return taken
""".replace("TURN", repr(TURN))
)

# KEYS: due, delay, leases; ARGV: prefix, limit. Expired leases go back to the head of their host's queue.
_RECOVER = (
    _NOW
    + """
local expired = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now, 'LIMIT', 0, tonumber(ARGV[2]))
for _, member in ipairs(expired) do
  local _, _, host, delay, payload = string.find(member, '^[^\\t]*\\t([^\\t]*)\\t([^\\t]*)\\t(.*)$')
  if host then
    redis.call('LPUSH', ARGV[1] .. 'q:' .. host, payload)
    redis.call('HSETNX', KEYS[2], host, delay)
    redis.call('ZADD', KEYS[1], 'NX', now, host)
  end
  redis.call('ZREM', KEYS[3], member)
end
return #expired
"""
)


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


class RedisFrontier:
    """The frontier shared through Redis by every ingest worker (and whatever admits URLs)."""

    def __init__(self, client: redis.Redis) -> None:
        self._r = client
        self._push = client.register_script(_PUSH)
        self._pop = client.register_script(_POP)
        self._recover = client.register_script(_RECOVER)

    @classmethod
    def from_url(cls, url: str) -> RedisFrontier:
        return cls(redis.Redis.from_url(url))

    def push(self, entries: Sequence[FrontierEntry]) -> None:
        if not entries:
            return
        args: list[str] = [PREFIX]
        for entry in entries:
            args += [
                entry.host,
                repr(entry.delay),
                repr(entry.wait),
                "1" if entry.front else "0",
                entry.payload,
            ]
        self._push(keys=[DUE_KEY, DELAY_KEY], args=args)

    def pop_due(self, limit: int, lease: float) -> list[Leased]:
        if limit <= 0:
            return []
        raw = self._pop(keys=[DUE_KEY, DELAY_KEY, LEASES_KEY, SEQ_KEY], args=[PREFIX, limit, repr(lease)])
        taken: list[Leased] = []
        for member in raw:
            text = _text(member)
            _token, host, _delay, payload = text.split("\t", 3)
            taken.append(Leased(host, payload, text))
        return taken

    def ack(self, leased: Sequence[Leased]) -> None:
        if leased:
            self._r.zrem(LEASES_KEY, *[entry.token for entry in leased])

    def recover(self, limit: int = 1000) -> int:
        return int(self._recover(keys=[DUE_KEY, DELAY_KEY, LEASES_KEY], args=[PREFIX, limit]))

    def next_due_in(self) -> float | None:
        first = self._r.zrange(DUE_KEY, 0, 0, withscores=True)
        if not first:
            return None
        seconds, micros = self._r.time()  # type: ignore[misc]
        now = int(seconds) + int(micros) / 1_000_000
        return max(float(first[0][1]) - now, 0.0)  # type: ignore[index]

    def waiting(self) -> int:
        hosts: list[bytes] = self._r.zrange(DUE_KEY, 0, -1)  # type: ignore[assignment]
        pipe = self._r.pipeline(transaction=False)
        for host in hosts:
            pipe.llen(PREFIX + "q:" + _text(host))
        return sum(int(n) for n in pipe.execute())

    def hosts(self) -> dict[str, int]:
        raw: list[bytes] = self._r.zrange(DUE_KEY, 0, -1)  # type: ignore[assignment]
        names = [_text(h) for h in raw]
        pipe = self._r.pipeline(transaction=False)
        for host in names:
            pipe.llen(PREFIX + "q:" + host)
        return {host: int(n) for host, n in zip(names, pipe.execute(), strict=True) if int(n)}
