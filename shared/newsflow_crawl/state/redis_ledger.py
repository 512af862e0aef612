"""The crawl ledger in Redis, for a deployment: every worker and the API see the same state.

Key layout (all under ``newsflow:crawl:<id>:``): ``seen`` (set of frontier URLs), ``pending`` (set of in-flight
work keys), ``queued`` (claimed URLs whose message was published), ``c:<counter>`` (set of members counted, so a
redelivered message never counts twice), ``status``, ``cancelled`` and ``finished`` (set once, by whoever empties
``pending``), ``tasks`` (URL key → the JSON of the URL's fetch message, kept while any of the URL's work is in
flight: what the reconciler re-publishes), ``redos``, and the per-request ``hosts``/``http``/``reasons``/``bytes``/
``outcomes``/``paused``. ``newsflow:crawls:active`` is a hash of unfinished crawls → the Redis server time (seconds)
of their last progress (a pending key added or resolved). The multi-key updates are Lua scripts, so each is atomic.
"""

from __future__ import annotations

import json
import time
from typing import Any

import redis
from newsflow_shared.messages import COUNTERS, url_key

from newsflow_crawl.state.keys import ACTIVE_KEY, KEY_TTL_SECONDS, SWEEP_LOCK_KEY, PendingKey
from newsflow_crawl.state.records import MAX_OUTCOMES, CrawlStats, FetchOutcome

_CLAIM = """
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then return 0 end
if redis.call('SCARD', KEYS[1]) >= tonumber(ARGV[2]) then return -1 end
redis.call('SADD', KEYS[1], ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[3])
return 1
"""

# KEYS: seen; ARGV: limit, TTL, URLs. One verdict per URL, as _CLAIM gives it.
_CLAIM_MANY = """
local verdicts = {}
local size = redis.call('SCARD', KEYS[1])
for i = 3, #ARGV do
  if redis.call('SISMEMBER', KEYS[1], ARGV[i]) == 1 then verdicts[#verdicts + 1] = 0
  elseif size >= tonumber(ARGV[1]) then verdicts[#verdicts + 1] = -1
  else
    redis.call('SADD', KEYS[1], ARGV[i])
    size = size + 1
    verdicts[#verdicts + 1] = 1
  end
end
redis.call('EXPIRE', KEYS[1], ARGV[2])
return verdicts
"""

# KEYS: pending, active; ARGV: crawl id, TTL, keys to add. Progress time is the server's (one clock for all hosts).
_ADD_PENDING = """
for i = 3, #ARGV do redis.call('SADD', KEYS[1], ARGV[i]) end
redis.call('EXPIRE', KEYS[1], ARGV[2])
redis.call('HSET', KEYS[2], ARGV[1], redis.call('TIME')[1])
"""

# KEYS: pending, finished, active, tasks; ARGV: key, TTL, crawl id, URL key, the URL's other in-flight keys.
# The URL's fetch message is forgotten once none of its work is in flight.
_RESOLVE = """
redis.call('SREM', KEYS[1], ARGV[1])
redis.call('HSET', KEYS[3], ARGV[3], redis.call('TIME')[1])
local busy = false
for i = 5, #ARGV do
  if redis.call('SISMEMBER', KEYS[1], ARGV[i]) == 1 then busy = true end
end
if not busy then redis.call('HDEL', KEYS[4], ARGV[4]) end
if redis.call('SCARD', KEYS[1]) == 0 then
  if redis.call('SET', KEYS[2], '1', 'NX', 'EX', ARGV[2]) then return 1 end
end
return 0
"""


class RedisLedger:
    """The ledger for a deployment: every worker and the API see the same state."""

    def __init__(self, client: redis.Redis) -> None:
        self._r = client
        self._claim = client.register_script(_CLAIM)
        self._add_pending = client.register_script(_ADD_PENDING)
        self._resolve = client.register_script(_RESOLVE)
        self._claim_many = client.register_script(_CLAIM_MANY)

    @classmethod
    def from_url(cls, url: str) -> RedisLedger:
        return cls(redis.Redis.from_url(url))

    @staticmethod
    def _key(crawl_id: str, name: str) -> str:
        return f"newsflow:crawl:{crawl_id}:{name}"

    def claim_url(self, crawl_id: str, url: str, limit: int) -> int:
        return int(self._claim(keys=[self._key(crawl_id, "seen")], args=[url, limit, KEY_TTL_SECONDS]))

    def claim_urls(self, crawl_id: str, urls: list[str], limit: int) -> list[int]:
        if not urls:
            return []
        args: list[str | int] = [limit, KEY_TTL_SECONDS, *urls]
        return [int(v) for v in self._claim_many(keys=[self._key(crawl_id, "seen")], args=args)]

    def note_admitted(self, crawl_id: str, entries: list[tuple[str, str, str]]) -> None:
        if not entries:
            return
        discovered, tasks = self._key(crawl_id, "c:discovered"), self._key(crawl_id, "tasks")
        pipe = self._r.pipeline(transaction=False)
        pipe.sadd(discovered, *[url for url, _, _ in entries])
        pipe.expire(discovered, KEY_TTL_SECONDS)
        pipe.hset(tasks, mapping={url_key(url): payload for url, payload, _ in entries})
        pipe.expire(tasks, KEY_TTL_SECONDS)
        pipe.execute()
        self.add_pending(crawl_id, *[key for _, _, key in entries])

    def mark_queued_many(self, crawl_id: str, urls: list[str]) -> None:
        if urls:
            pipe = self._r.pipeline(transaction=False)
            pipe.sadd(self._key(crawl_id, "queued"), *urls)
            pipe.expire(self._key(crawl_id, "queued"), KEY_TTL_SECONDS)
            pipe.execute()

    def add_pending(self, crawl_id: str, *keys: str) -> None:
        if keys:
            self._add_pending(
                keys=[self._key(crawl_id, "pending"), ACTIVE_KEY], args=[crawl_id, KEY_TTL_SECONDS, *keys]
            )

    def remember_task(self, crawl_id: str, url: str, payload: str) -> None:
        pipe = self._r.pipeline()
        pipe.hset(self._key(crawl_id, "tasks"), url_key(url), payload)
        pipe.expire(self._key(crawl_id, "tasks"), KEY_TTL_SECONDS)
        pipe.execute()

    def pending(self, crawl_id: str) -> set[str]:
        raw: set[bytes] = self._r.smembers(self._key(crawl_id, "pending"))  # type: ignore[assignment]
        return {item.decode() for item in raw}

    def recipes(self, crawl_id: str) -> dict[str, str]:
        raw: dict[bytes, bytes] = self._r.hgetall(self._key(crawl_id, "tasks"))  # type: ignore[assignment]
        return {k.decode(): v.decode() for k, v in raw.items()}

    def stalled(self, idle_seconds: float) -> list[str]:
        now = int(self._r.time()[0])  # type: ignore[index]
        raw: dict[bytes, bytes] = self._r.hgetall(ACTIVE_KEY)  # type: ignore[assignment]
        return sorted(k.decode() for k, v in raw.items() if now - int(v) >= idle_seconds)

    def touch(self, crawl_id: str) -> None:
        now = int(self._r.time()[0])  # type: ignore[index]
        self._r.hset(ACTIVE_KEY, crawl_id, now)

    def retire(self, crawl_id: str) -> None:
        self._r.hdel(ACTIVE_KEY, crawl_id)

    def is_finished(self, crawl_id: str) -> bool:
        return bool(self._r.exists(self._key(crawl_id, "finished")))

    def acquire_sweep(self, seconds: float) -> bool:
        return bool(self._r.set(SWEEP_LOCK_KEY, "1", nx=True, px=max(1, int(seconds * 1000))))

    def note_redo(self, crawl_id: str, url_key: str) -> int:
        pipe = self._r.pipeline()
        pipe.hincrby(self._key(crawl_id, "redos"), url_key, 1)
        pipe.expire(self._key(crawl_id, "redos"), KEY_TTL_SECONDS)
        return int(pipe.execute()[0])

    def mark_queued(self, crawl_id: str, url: str) -> None:
        pipe = self._r.pipeline()
        pipe.sadd(self._key(crawl_id, "queued"), url)
        pipe.expire(self._key(crawl_id, "queued"), KEY_TTL_SECONDS)
        pipe.execute()

    def unqueued(self, crawl_id: str, urls: list[str]) -> set[str]:
        if not urls:
            return set()
        flags = self._r.smismember(self._key(crawl_id, "queued"), urls)
        return {url for url, flag in zip(urls, flags, strict=True) if not flag}

    def resolve(self, crawl_id: str, key: str) -> bool:
        keys = [
            self._key(crawl_id, "pending"),
            self._key(crawl_id, "finished"),
            ACTIVE_KEY,
            self._key(crawl_id, "tasks"),
        ]
        parsed = PendingKey.parse(key)
        # An unknown key's URL cannot be told: forget nothing (an empty URL key names no task).
        extra = [parsed.url_key, *parsed.siblings()] if parsed else [""]
        return bool(self._resolve(keys=keys, args=[key, KEY_TTL_SECONDS, crawl_id, *extra]))

    def count(self, crawl_id: str, counter: str, member: str) -> None:
        pipe = self._r.pipeline()
        pipe.sadd(self._key(crawl_id, f"c:{counter}"), member)
        pipe.expire(self._key(crawl_id, f"c:{counter}"), KEY_TTL_SECONDS)
        pipe.execute()

    def counts(self, crawl_id: str) -> dict[str, int]:
        pipe = self._r.pipeline()
        for name in COUNTERS:
            pipe.scard(self._key(crawl_id, f"c:{name}"))
        return {name: int(n) for name, n in zip(COUNTERS, pipe.execute(), strict=True)}

    def set_status(self, crawl_id: str, status: str) -> None:
        self._r.set(self._key(crawl_id, "status"), status, ex=KEY_TTL_SECONDS)

    def status(self, crawl_id: str) -> str | None:
        value = self._r.get(self._key(crawl_id, "status"))
        return value.decode() if isinstance(value, bytes) else None

    def cancel(self, crawl_id: str) -> None:
        self._r.set(self._key(crawl_id, "cancelled"), "1", ex=KEY_TTL_SECONDS)

    def is_cancelled(self, crawl_id: str) -> bool:
        return bool(self._r.exists(self._key(crawl_id, "cancelled")))

    def record_fetch(self, crawl_id: str, outcome: FetchOutcome) -> None:
        keys = {name: self._key(crawl_id, name) for name in ("hosts", "http", "reasons", "bytes", "outcomes")}
        pipe = self._r.pipeline()
        pipe.set(self._key(crawl_id, "started_at"), repr(outcome.at), nx=True, ex=KEY_TTL_SECONDS)
        pipe.hincrby(keys["hosts"], outcome.host, 1)
        pipe.hincrby(keys["http"], str(outcome.status), 1)
        pipe.hincrby(keys["reasons"], outcome.reason, 1)
        pipe.incrby(keys["bytes"], outcome.bytes)
        pipe.rpush(keys["outcomes"], json.dumps(outcome.__dict__))
        pipe.ltrim(keys["outcomes"], -MAX_OUTCOMES, -1)
        for key in keys.values():
            pipe.expire(key, KEY_TTL_SECONDS)
        pipe.execute()

    def note_paused(self, crawl_id: str, host: str, until: float) -> None:
        pipe = self._r.pipeline()
        pipe.hset(self._key(crawl_id, "paused"), host, repr(until))
        pipe.expire(self._key(crawl_id, "paused"), KEY_TTL_SECONDS)
        pipe.execute()

    def stats(self, crawl_id: str) -> CrawlStats:
        pipe = self._r.pipeline()
        for name in ("hosts", "http", "reasons", "paused"):
            pipe.hgetall(self._key(crawl_id, name))
        pipe.get(self._key(crawl_id, "bytes"))
        pipe.get(self._key(crawl_id, "started_at"))
        hosts, http, reasons, paused, size, started = pipe.execute()

        def ints(raw: dict[bytes, bytes]) -> dict[str, int]:
            return {k.decode(): int(v) for k, v in raw.items()}

        now = time.time()
        return CrawlStats(
            hosts=ints(hosts),
            statuses=ints(http),
            reasons=ints(reasons),
            paused_hosts={k.decode(): float(v) for k, v in paused.items() if float(v) > now},
            bytes=int(size or 0),
            started_at=float(started) if started else None,
        )

    def outcomes(self, crawl_id: str) -> list[FetchOutcome]:
        raw: list[Any] = self._r.lrange(self._key(crawl_id, "outcomes"), 0, -1)  # type: ignore[assignment]
        return [FetchOutcome(**json.loads(item)) for item in raw]
