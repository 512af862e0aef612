"""Crawl state shared by every stage: the frontier's seen set, in-flight work, counters, cancel, completion.

Key layout (Redis, all under ``newsflow:crawl:<id>:``) is a contract between the stages and the API:
``seen`` (set of frontier URLs), ``pending`` (set of in-flight work keys such as ``fetch:<url key>``),
``c:<counter>`` (set of members counted, so a redelivered message never counts twice), ``status``,
``cancelled`` and ``finished`` (set once, by whoever empties ``pending``).

Rule for completion: a stage adds the keys of the work it publishes *before* it resolves its own key, so
``pending`` is empty only when nothing of the crawl is queued or in flight.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from typing import Protocol

import redis

from newsflow_shared.messages import COUNTERS

KEY_TTL_SECONDS = 14 * 24 * 3600

_CLAIM = """
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then return 0 end
if redis.call('SCARD', KEYS[1]) >= tonumber(ARGV[2]) then return -1 end
redis.call('SADD', KEYS[1], ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[3])
return 1
"""

_RESOLVE = """
redis.call('SREM', KEYS[1], ARGV[1])
if redis.call('SCARD', KEYS[1]) == 0 then
  if redis.call('SET', KEYS[2], '1', 'NX', 'EX', ARGV[2]) then return 1 end
end
return 0
"""


class CrawlLedger(Protocol):
    def claim_url(self, crawl_id: str, url: str, limit: int) -> int:
        """1 if the URL is new and within ``limit``; 0 if already seen; -1 if the limit is reached."""

    def add_pending(self, crawl_id: str, *keys: str) -> None: ...

    def resolve(self, crawl_id: str, key: str) -> bool:
        """Remove a pending key; True exactly once per crawl, for the call that leaves nothing pending."""

    def count(self, crawl_id: str, counter: str, member: str) -> None: ...

    def counts(self, crawl_id: str) -> dict[str, int]: ...

    def set_status(self, crawl_id: str, status: str) -> None: ...

    def status(self, crawl_id: str) -> str | None: ...

    def cancel(self, crawl_id: str) -> None: ...

    def is_cancelled(self, crawl_id: str) -> bool: ...


class RedisLedger:
    """The ledger for a deployment: every worker and the API see the same state."""

    def __init__(self, client: redis.Redis) -> None:
        self._r = client
        self._claim = client.register_script(_CLAIM)
        self._resolve = client.register_script(_RESOLVE)

    @classmethod
    def from_url(cls, url: str) -> RedisLedger:
        return cls(redis.Redis.from_url(url))

    @staticmethod
    def _key(crawl_id: str, name: str) -> str:
        return f"newsflow:crawl:{crawl_id}:{name}"

    def claim_url(self, crawl_id: str, url: str, limit: int) -> int:
        return int(self._claim(keys=[self._key(crawl_id, "seen")], args=[url, limit, KEY_TTL_SECONDS]))

    def add_pending(self, crawl_id: str, *keys: str) -> None:
        if keys:
            pipe = self._r.pipeline()
            pipe.sadd(self._key(crawl_id, "pending"), *keys)
            pipe.expire(self._key(crawl_id, "pending"), KEY_TTL_SECONDS)
            pipe.execute()

    def resolve(self, crawl_id: str, key: str) -> bool:
        keys = [self._key(crawl_id, "pending"), self._key(crawl_id, "finished")]
        return bool(self._resolve(keys=keys, args=[key, KEY_TTL_SECONDS]))

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


class MemoryLedger:
    """The same semantics in one process, for the embedded runner (``newsflow crawl``)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._seen: dict[str, set[str]] = defaultdict(set)
        self._pending: dict[str, set[str]] = defaultdict(set)
        self._counters: dict[tuple[str, str], set[str]] = defaultdict(set)
        self._status: dict[str, str] = {}
        self._cancelled: set[str] = set()
        self._finished: set[str] = set()

    def claim_url(self, crawl_id: str, url: str, limit: int) -> int:
        with self._lock:
            seen = self._seen[crawl_id]
            if url in seen:
                return 0
            if len(seen) >= limit:
                return -1
            seen.add(url)
            return 1

    def add_pending(self, crawl_id: str, *keys: str) -> None:
        with self._lock:
            self._pending[crawl_id].update(keys)

    def resolve(self, crawl_id: str, key: str) -> bool:
        with self._lock:
            pending = self._pending[crawl_id]
            pending.discard(key)
            if not pending and crawl_id not in self._finished:
                self._finished.add(crawl_id)
                return True
            return False

    def count(self, crawl_id: str, counter: str, member: str) -> None:
        with self._lock:
            self._counters[(crawl_id, counter)].add(member)

    def counts(self, crawl_id: str) -> dict[str, int]:
        with self._lock:
            return {name: len(self._counters[(crawl_id, name)]) for name in COUNTERS}

    def set_status(self, crawl_id: str, status: str) -> None:
        with self._lock:
            self._status[crawl_id] = status

    def status(self, crawl_id: str) -> str | None:
        return self._status.get(crawl_id)

    def cancel(self, crawl_id: str) -> None:
        with self._lock:
            self._cancelled.add(crawl_id)

    def is_cancelled(self, crawl_id: str) -> bool:
        return crawl_id in self._cancelled
