"""Per-host politeness: at least ``delay`` seconds between two requests to one host, across all workers.

A throttle hands out time slots. ``reserve`` books the next free slot of a host and says how long to wait for
it; the slot is booked even if the caller then gives up, which errs on the polite side. ``RedisHostThrottle``
keeps one key per host holding the host's next free time, updated by a Lua script (atomic) that reads the
Redis server's clock (``TIME``) so that workers on machines with skewed clocks still agree.
``MemoryHostThrottle`` does the same inside one process for the embedded runner.
"""

from __future__ import annotations

import threading
import time
from typing import Protocol

import redis
from newsflow_shared.errors import TransientError


class HostThrottle(Protocol):
    """Books request slots per host. Implementations are safe to share between threads."""

    def reserve(self, host: str, delay: float) -> float:
        """Book the next slot of ``host`` (the one after starts ``delay`` s later); seconds to wait for it."""
        ...

    def acquire(self, host: str, delay: float) -> None:
        """Book the next slot of ``host`` and sleep until it starts."""
        ...


# KEYS[1]: the host's key. ARGV[1]: delay in seconds. Returns the wait in seconds as a string: a Lua number
# returned to Redis would be truncated to an integer. TIME inside a script needs effect replication, the
# default since Redis 5 (and the only mode since 7).
_RESERVE_SCRIPT = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local delay = tonumber(ARGV[1])
local next_free = tonumber(redis.call('GET', KEYS[1]) or '0') or 0
local slot = math.max(now, next_free)
local following = slot + delay
local ttl_ms = math.ceil((following - now) * 1000) + 1000
redis.call('SET', KEYS[1], string.format('%.6f', following), 'PX', ttl_ms)
return string.format('%.6f', slot - now)
"""


class RedisHostThrottle:
    """Host throttle shared through Redis by every ingest worker."""

    def __init__(self, client: redis.Redis, *, key_prefix: str = "newsflow:throttle:") -> None:
        self._client = client
        self._prefix = key_prefix
        self._script = client.register_script(_RESERVE_SCRIPT)

    def reserve(self, host: str, delay: float) -> float:
        """Book the next slot of ``host``; seconds to wait for it (0 when free now)."""
        try:
            wait = self._script(keys=[self._prefix + host.lower()], args=[repr(max(delay, 0.0))])
        except redis.RedisError as exc:
            raise TransientError(f"throttle unavailable: {exc}", reason="redis") from exc
        text = wait.decode() if isinstance(wait, bytes) else str(wait)
        return max(float(text), 0.0)

    def acquire(self, host: str, delay: float) -> None:
        """Book the next slot of ``host`` and sleep until it starts."""
        wait = self.reserve(host, delay)
        if wait > 0:
            time.sleep(wait)


class MemoryHostThrottle:
    """Host throttle for one process (the embedded runner); thread-safe, monotonic clock."""

    # Forget hosts whose slot is long past once the table grows, so a long crawl does not grow it forever.
    _PRUNE_AT = 10_000

    def __init__(self) -> None:
        self._next_free: dict[str, float] = {}
        self._lock = threading.Lock()

    def reserve(self, host: str, delay: float) -> float:
        """Book the next slot of ``host``; seconds to wait for it (0 when free now)."""
        host = host.lower()
        with self._lock:
            now = time.monotonic()
            if len(self._next_free) >= self._PRUNE_AT:
                self._next_free = {h: t for h, t in self._next_free.items() if t > now}
            slot = max(now, self._next_free.get(host, 0.0))
            self._next_free[host] = slot + max(delay, 0.0)
            return slot - now

    def acquire(self, host: str, delay: float) -> None:
        """Book the next slot of ``host`` and sleep until it starts."""
        wait = self.reserve(host, delay)
        if wait > 0:
            time.sleep(wait)
