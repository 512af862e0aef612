"""Per-host politeness shared by all workers: a minimum gap between requests, a concurrency cap, pauses.

Each host has a token bucket of capacity one refilled every ``delay`` seconds (the GCRA form of a token
bucket: one timestamp instead of a token count), so no two requests to a host start closer than ``delay``,
whichever worker sends them. Three times are kept per host: ``l``, when the last request started (or will
start, once its caller has slept the short wait it was given); ``n``, the next slot not yet promised to a
deferred task; ``p``, until when the host is paused (a 429/503 ``Retry-After``, or a host that keeps failing).

``start`` is the one operation: either the request may go within ``max_wait`` seconds (the caller sleeps that
long, at most ``max_wait``), or a later slot is *booked* and :class:`HostBusy` says when — the Celery task is
then re-published with that countdown instead of sleeping in its worker slot, so other hosts keep full speed.
A task arriving for its booked slot passes ``booked=True`` and only has to respect ``l`` and ``p``; the gap
check on ``l`` is what guarantees politeness even when a deferred task arrives late.

``RedisHostThrottle`` runs ``start`` as a Lua script (atomic) on the Redis server's clock (``TIME``), so workers
on machines with skewed clocks agree. ``MemoryHostThrottle`` does the same inside one process.
"""

from __future__ import annotations

import math
import threading
import time
import uuid
from dataclasses import dataclass
from typing import Protocol

import redis
from newsflow_shared.errors import TransientError

NO_LIMIT = math.inf


class HostBusy(Exception):
    """Raised by ``start`` (and so by ``Fetcher.fetch(defer_after=…)``) when the host's next slot is more than
    ``max_wait`` away. Not an error: the slot ``wait`` seconds from now is booked for the caller, who re-queues
    the work with that countdown. Handled by the ingest task and the embedded runner."""

    def __init__(self, host: str, wait: float) -> None:
        super().__init__(f"{host} is busy for {wait:.3f}s")
        self.host = host
        self.wait = wait


@dataclass(frozen=True)
class Grant:
    """Permission to send one request: sleep ``wait`` seconds first, then ``release`` the ``token``."""

    wait: float
    token: str


class HostThrottle(Protocol):
    """Books request slots per host. Implementations are safe to share between threads."""

    def start(
        self,
        host: str,
        delay: float,
        *,
        max_wait: float = NO_LIMIT,
        booked: bool = False,
        concurrency: int = 0,
    ) -> Grant:
        """A request to ``host`` within ``max_wait`` s, or :class:`HostBusy` with a booked slot."""
        ...

    def release(self, host: str, token: str) -> None:
        """The request of ``token`` is over (frees a concurrency place)."""
        ...

    def answered(self, host: str) -> None:
        """``host`` has answered a request: the next one starts ``delay`` after now at the earliest."""
        ...

    def book(self, host: str, delay: float) -> float:
        """Book the next free slot of ``host`` for a request to come back for (``booked=True``); seconds to it."""
        ...

    def pause(self, host: str, seconds: float) -> None:
        """No request to ``host`` starts in the next ``seconds``."""
        ...

    def record_failure(self, host: str) -> int:
        """Count one more failed request in a row to ``host``; returns the streak."""
        ...

    def record_success(self, host: str) -> None:
        """A request to ``host`` succeeded: the failure streak is over."""
        ...

    def reserve(self, host: str, delay: float) -> float:
        """Book the next slot of ``host`` (the one after starts ``delay`` s later); seconds to wait for it."""
        ...

    def acquire(self, host: str, delay: float) -> None:
        """Book the next slot of ``host`` and sleep until it starts."""
        ...


# A slot is granted at most this long before it starts: a grant made earlier could not take into account when the
# previous request's answer arrives (``answered``), which is what makes the gap hold on the server's side.
ACQUIRE_HORIZON = 0.05


def acquire_slot(throttle: HostThrottle, host: str, delay: float, *, concurrency: int = 0) -> Grant:
    """Wait for a slot of ``host`` in the calling thread: book one, sleep until shortly before it, then take it.
    Returns the grant (its ``wait`` already slept); release its token when the request is over."""
    booked = False
    while True:
        try:
            grant = throttle.start(
                host, delay, max_wait=ACQUIRE_HORIZON, booked=booked, concurrency=concurrency
            )
        except HostBusy as busy:
            booked = True
            time.sleep(max(busy.wait - ACQUIRE_HORIZON / 2, 0.001))
            continue
        if grant.wait > 0:
            time.sleep(grant.wait)
        return grant


# KEYS[1]: the host's hash (l, n, p); KEYS[2]: its in-flight sorted set (token -> lease end).
# ARGV: delay, max_wait (-1 = none), booked (0/1), concurrency (0 = none), token, lease seconds.
# Returns {verdict, seconds} with the seconds as a string: a Lua number returned to Redis would be truncated to an
# integer. TIME inside a script needs effect replication, the default since Redis 5 (the only mode since 7).
_START_SCRIPT = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local delay = tonumber(ARGV[1])
local max_wait = tonumber(ARGV[2])
local booked = ARGV[3] == '1'
local limit = tonumber(ARGV[4])
local h = redis.call('HMGET', KEYS[1], 'l', 'n', 'p')
local last = tonumber(h[1] or '') or -1e12
local nxt = tonumber(h[2] or '') or 0
local paused = tonumber(h[3] or '') or 0
local ready = math.max(last + delay, paused)
if not booked then ready = math.max(ready, nxt) end
local wait = math.max(ready - now, 0)
if limit > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
  if redis.call('ZCARD', KEYS[2]) >= limit then
    return {'full', string.format('%.6f', math.max(delay, 0.05))}
  end
end
local verdict
if max_wait < 0 or wait <= max_wait then
  local start = now + wait
  local following = math.max(nxt, start + delay)
  redis.call('HSET', KEYS[1], 'l', string.format('%.6f', start), 'n', string.format('%.6f', following))
  if limit > 0 then
    redis.call('ZADD', KEYS[2], start + tonumber(ARGV[6]), ARGV[5])
    redis.call('PEXPIRE', KEYS[2], math.ceil((wait + tonumber(ARGV[6])) * 1000) + 1000)
  end
  verdict = 'go'
elseif booked then
  verdict = 'defer'
else
  local slot = math.max(ready, nxt)
  redis.call('HSET', KEYS[1], 'n', string.format('%.6f', slot + delay))
  wait = slot - now
  verdict = 'defer'
end
local horizon = math.max(tonumber(redis.call('HGET', KEYS[1], 'n')), paused) - now
redis.call('PEXPIRE', KEYS[1], math.ceil(horizon * 1000) + 1000)
return {verdict, string.format('%.6f', wait)}
"""

# Moves ``l`` to now when later: a request's answer is observed after the server received it, so spacing the
# next start from the answer guarantees the gap the *server* sees, whatever the client's scheduling jitter.
_ANSWERED_SCRIPT = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local last = tonumber(redis.call('HGET', KEYS[1], 'l') or '') or 0
if now > last then redis.call('HSET', KEYS[1], 'l', string.format('%.6f', now)) end
local nxt = tonumber(redis.call('HGET', KEYS[1], 'n') or '') or 0
if nxt < now then redis.call('HSET', KEYS[1], 'n', string.format('%.6f', now)) end
if redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], 3600000) end
return 1
"""

_BOOK_SCRIPT = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local delay = tonumber(ARGV[1])
local h = redis.call('HMGET', KEYS[1], 'l', 'n', 'p')
local last = tonumber(h[1] or '') or -1e12
local nxt = tonumber(h[2] or '') or 0
local paused = tonumber(h[3] or '') or 0
local slot = math.max(now, last + delay, nxt, paused)
redis.call('HSET', KEYS[1], 'n', string.format('%.6f', slot + delay))
redis.call('PEXPIRE', KEYS[1], math.ceil((slot + delay - now) * 1000) + 1000)
return string.format('%.6f', slot - now)
"""

_PAUSE_SCRIPT = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local until_ = now + tonumber(ARGV[1])
local paused = tonumber(redis.call('HGET', KEYS[1], 'p') or '') or 0
if until_ > paused then redis.call('HSET', KEYS[1], 'p', string.format('%.6f', until_)) end
local ttl = redis.call('PTTL', KEYS[1])
local want = math.ceil(tonumber(ARGV[1]) * 1000) + 1000
if ttl < want then redis.call('PEXPIRE', KEYS[1], want) end
return string.format('%.6f', math.max(until_, paused) - now)
"""


class RedisHostThrottle:
    """Host throttle shared through Redis by every ingest worker."""

    def __init__(
        self, client: redis.Redis, *, key_prefix: str = "newsflow:throttle:", lease: float = 60.0
    ) -> None:
        self._client = client
        self._prefix = key_prefix
        self._lease = lease
        self._start = client.register_script(_START_SCRIPT)
        self._pause = client.register_script(_PAUSE_SCRIPT)
        self._answered = client.register_script(_ANSWERED_SCRIPT)
        self._book = client.register_script(_BOOK_SCRIPT)

    def _keys(self, host: str) -> list[str]:
        base = self._prefix + host.lower()
        return [base, base + ":inflight"]

    def start(
        self,
        host: str,
        delay: float,
        *,
        max_wait: float = NO_LIMIT,
        booked: bool = False,
        concurrency: int = 0,
    ) -> Grant:
        """A request to ``host`` within ``max_wait`` s, or :class:`HostBusy` with a booked slot."""
        token = uuid.uuid4().hex
        args = [
            repr(max(delay, 0.0)),
            "-1" if math.isinf(max_wait) else repr(max(max_wait, 0.0)),
            "1" if booked else "0",
            str(max(concurrency, 0)),
            token,
            repr(self._lease),
        ]
        try:
            verdict, seconds = self._start(keys=self._keys(host), args=args)
        except redis.RedisError as exc:
            raise TransientError(f"throttle unavailable: {exc}", reason="redis") from exc
        wait = max(float(seconds.decode() if isinstance(seconds, bytes) else seconds), 0.0)
        kind = verdict.decode() if isinstance(verdict, bytes) else str(verdict)
        if kind == "go":
            return Grant(wait=wait, token=token)
        if kind == "full" and math.isinf(max_wait):
            time.sleep(wait)  # a caller that cannot defer waits for a concurrency place and asks again
            return self.start(host, delay, max_wait=max_wait, booked=booked, concurrency=concurrency)
        raise HostBusy(host, wait)

    def release(self, host: str, token: str) -> None:
        """Free the concurrency place of ``token``."""
        try:
            self._client.zrem(self._keys(host)[1], token)
        except redis.RedisError as exc:
            raise TransientError(f"throttle unavailable: {exc}", reason="redis") from exc

    def answered(self, host: str) -> None:
        """``host`` has answered a request: the next one starts ``delay`` after now at the earliest."""
        try:
            self._answered(keys=self._keys(host)[:1])
        except redis.RedisError as exc:
            raise TransientError(f"throttle unavailable: {exc}", reason="redis") from exc

    def book(self, host: str, delay: float) -> float:
        """Book the next free slot of ``host`` for a request to come back for (``booked=True``); seconds to it."""
        try:
            wait = self._book(keys=self._keys(host)[:1], args=[repr(max(delay, 0.0))])
        except redis.RedisError as exc:
            raise TransientError(f"throttle unavailable: {exc}", reason="redis") from exc
        return max(float(wait.decode() if isinstance(wait, bytes) else wait), 0.0)

    def pause(self, host: str, seconds: float) -> None:
        """No request to ``host`` starts in the next ``seconds`` (a pause never shortens an earlier one)."""
        try:
            self._pause(keys=self._keys(host)[:1], args=[repr(max(seconds, 0.0))])
        except redis.RedisError as exc:
            raise TransientError(f"throttle unavailable: {exc}", reason="redis") from exc

    def record_failure(self, host: str) -> int:
        """Count one more failed request in a row to ``host``; returns the streak."""
        key = self._prefix + host.lower() + ":failures"
        try:
            pipe = self._client.pipeline()
            pipe.incr(key)
            pipe.expire(key, 3600)
            streak, _ = pipe.execute()
        except redis.RedisError as exc:
            raise TransientError(f"throttle unavailable: {exc}", reason="redis") from exc
        return int(streak)

    def record_success(self, host: str) -> None:
        """A request to ``host`` succeeded: the failure streak is over."""
        try:
            self._client.delete(self._prefix + host.lower() + ":failures")
        except redis.RedisError as exc:
            raise TransientError(f"throttle unavailable: {exc}", reason="redis") from exc

    def reserve(self, host: str, delay: float) -> float:
        """Book the next slot of ``host``; seconds to wait for it (0 when free now)."""
        return self.start(host, delay).wait

    def acquire(self, host: str, delay: float) -> None:
        """Book the next slot of ``host`` and sleep until it starts (see :func:`acquire_slot`)."""
        acquire_slot(self, host, delay)


@dataclass
class _HostState:
    last: float = -1e12
    next_free: float = 0.0
    paused: float = 0.0
    inflight: dict[str, float] | None = None
    failures: int = 0


class MemoryHostThrottle:
    """Host throttle for one process (the embedded runner); thread-safe, monotonic clock, same rules."""

    # Forget hosts whose slots are long past once the table grows, so a long crawl does not grow it forever.
    _PRUNE_AT = 10_000

    def __init__(self, *, lease: float = 60.0) -> None:
        self._hosts: dict[str, _HostState] = {}
        self._lock = threading.Lock()
        self._lease = lease

    def _state(self, host: str, now: float) -> _HostState:
        if len(self._hosts) >= self._PRUNE_AT:
            self._hosts = {
                h: s for h, s in self._hosts.items() if max(s.next_free, s.paused) > now or s.inflight
            }
        return self._hosts.setdefault(host.lower(), _HostState())

    def start(
        self,
        host: str,
        delay: float,
        *,
        max_wait: float = NO_LIMIT,
        booked: bool = False,
        concurrency: int = 0,
    ) -> Grant:
        """A request to ``host`` within ``max_wait`` s, or :class:`HostBusy` with a booked slot."""
        delay = max(delay, 0.0)
        while True:
            with self._lock:
                now = time.monotonic()
                state = self._state(host, now)
                ready = max(state.last + delay, state.paused)
                if not booked:
                    ready = max(ready, state.next_free)
                wait = max(ready - now, 0.0)
                inflight = state.inflight if state.inflight is not None else {}
                for token, lease_end in list(inflight.items()):
                    if lease_end < now:
                        del inflight[token]
                full = concurrency > 0 and len(inflight) >= concurrency
                if not full and wait <= max_wait:
                    token = uuid.uuid4().hex
                    state.last = now + wait
                    state.next_free = max(state.next_free, state.last + delay)
                    if concurrency > 0:
                        inflight[token] = state.last + self._lease
                        state.inflight = inflight
                    return Grant(wait=wait, token=token)
                if not full and booked:
                    raise HostBusy(host, wait)  # come back when the gap is over; no new slot is booked
                if not full:
                    slot = max(ready, state.next_free)
                    state.next_free = slot + delay
                    raise HostBusy(host, slot - now)
            if not math.isinf(max_wait):
                raise HostBusy(host, max(delay, 0.05))
            time.sleep(max(delay, 0.05))

    def release(self, host: str, token: str) -> None:
        """Free the concurrency place of ``token``."""
        with self._lock:
            state = self._hosts.get(host.lower())
            if state is not None and state.inflight:
                state.inflight.pop(token, None)

    def answered(self, host: str) -> None:
        """``host`` has answered a request: the next one starts ``delay`` after now at the earliest."""
        with self._lock:
            now = time.monotonic()
            state = self._state(host, now)
            state.last = max(state.last, now)
            state.next_free = max(state.next_free, now)

    def book(self, host: str, delay: float) -> float:
        """Book the next free slot of ``host`` for a request to come back for (``booked=True``); seconds to it."""
        delay = max(delay, 0.0)
        with self._lock:
            now = time.monotonic()
            state = self._state(host, now)
            slot = max(now, state.last + delay, state.next_free, state.paused)
            state.next_free = slot + delay
            return slot - now

    def pause(self, host: str, seconds: float) -> None:
        """No request to ``host`` starts in the next ``seconds`` (a pause never shortens an earlier one)."""
        with self._lock:
            now = time.monotonic()
            state = self._state(host, now)
            state.paused = max(state.paused, now + max(seconds, 0.0))

    def record_failure(self, host: str) -> int:
        """Count one more failed request in a row to ``host``; returns the streak."""
        with self._lock:
            state = self._state(host, time.monotonic())
            state.failures += 1
            return state.failures

    def record_success(self, host: str) -> None:
        """A request to ``host`` succeeded: the failure streak is over."""
        with self._lock:
            state = self._hosts.get(host.lower())
            if state is not None:
                state.failures = 0

    def reserve(self, host: str, delay: float) -> float:
        """Book the next slot of ``host``; seconds to wait for it (0 when free now)."""
        return self.start(host, delay).wait

    def acquire(self, host: str, delay: float) -> None:
        """Book the next slot of ``host`` and sleep until it starts (see :func:`acquire_slot`)."""
        acquire_slot(self, host, delay)
