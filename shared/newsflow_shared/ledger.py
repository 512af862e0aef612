"""Crawl state shared by every stage: the frontier's seen set, in-flight work, counters, cancel, completion.

Key layout (Redis, all under ``newsflow:crawl:<id>:``) is a contract between the stages and the API:
``seen`` (set of frontier URLs), ``pending`` (set of in-flight work keys such as ``fetch:<url key>``),
``queued`` (claimed URLs whose message was published), ``c:<counter>`` (set of members counted, so a
redelivered message never counts twice), ``status``, ``cancelled`` and ``finished`` (set once, by whoever empties
``pending``), ``tasks`` (URL key → the JSON of the URL's fetch message, kept while any of the URL's work is in
flight: what the reconciler re-publishes). ``newsflow:crawls:active`` is a hash of unfinished crawls → the Redis
server time (seconds) of their last progress (a pending key added or resolved).

Rule for completion: a stage adds the keys of the work it publishes *before* it resolves its own key, so
``pending`` is empty only when nothing of the crawl is queued or in flight.

In-flight keys are ``fetch:<url key>`` (``…:d<n>`` after n throttle deferrals), ``enrich:<url key>`` and
``store:<url key>``, all named after the URL the page was fetched from (``frontier.fetch_key`` and friends).
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, Protocol

import redis

from newsflow_shared.messages import COUNTERS, url_key

KEY_TTL_SECONDS = 14 * 24 * 3600

_CLAIM = """
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then return 0 end
if redis.call('SCARD', KEYS[1]) >= tonumber(ARGV[2]) then return -1 end
redis.call('SADD', KEYS[1], ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[3])
return 1
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

ACTIVE_KEY = "newsflow:crawls:active"
SWEEP_LOCK_KEY = "newsflow:reconcile:lock"


@dataclass(frozen=True)
class PendingKey:
    """An in-flight key taken apart: ``stage`` (fetch, enrich, store), the URL key, the fetch's deferrals."""

    stage: str
    url_key: str
    deferrals: int = 0

    @classmethod
    def parse(cls, key: str) -> PendingKey | None:
        parts = key.split(":")
        if len(parts) == 2 and parts[0] in ("fetch", "enrich", "store"):
            return cls(parts[0], parts[1])
        if len(parts) == 3 and parts[0] == "fetch" and parts[2][:1] == "d" and parts[2][1:].isdigit():
            return cls("fetch", parts[1], int(parts[2][1:]))
        return None

    def siblings(self) -> list[str]:
        """The URL's other in-flight keys that may outlive this one (the next stage's, the next deferral's)."""
        k = self.url_key
        keys = [f"fetch:{k}", f"fetch:{k}:d{self.deferrals + 1}", f"enrich:{k}", f"store:{k}"]
        own = (
            f"fetch:{k}:d{self.deferrals}"
            if self.stage == "fetch" and self.deferrals
            else f"{self.stage}:{k}"
        )
        return [key for key in keys if key != own]


# Fetch outcomes kept per crawl (the newest; aggregates below count them all).
MAX_OUTCOMES = 100_000


@dataclass
class FetchOutcome:
    """One request of a crawl as the fetcher saw it: ``status`` is the HTTP status (0 when there was none),
    ``reason`` ``ok`` or the error's reason (``timeout``, ``http_503``, ``robots_forbidden``, ``deferred`` …)."""

    url: str
    host: str
    status: int
    reason: str
    bytes: int = 0
    seconds: float = 0.0
    at: float = field(default_factory=time.time)


@dataclass
class CrawlStats:
    """What the operator view shows of a running crawl: per-host fetches, statuses, paused hosts, timing."""

    hosts: dict[str, int] = field(default_factory=dict)
    statuses: dict[str, int] = field(default_factory=dict)
    reasons: dict[str, int] = field(default_factory=dict)
    paused_hosts: dict[str, float] = field(default_factory=dict)  # host -> paused until (epoch seconds)
    bytes: int = 0
    started_at: float | None = None  # epoch seconds of the first fetch outcome


class CrawlLedger(Protocol):
    def claim_url(self, crawl_id: str, url: str, limit: int) -> int:
        """1 if the URL is new and within ``limit``; 0 if already seen; -1 if the limit is reached."""

    def add_pending(self, crawl_id: str, *keys: str) -> None: ...

    def remember_task(self, crawl_id: str, url: str, payload: str) -> None:
        """Keep the fetch message (JSON) of a URL while its work is in flight, for :meth:`recipes`."""

    def pending(self, crawl_id: str) -> set[str]:
        """The crawl's in-flight keys."""

    def recipes(self, crawl_id: str) -> dict[str, str]:
        """URL key → fetch message (JSON) of every URL with work in flight."""

    def stalled(self, idle_seconds: float) -> list[str]:
        """Unfinished crawls without progress for ``idle_seconds`` (what the reconciler looks at)."""

    def touch(self, crawl_id: str) -> None:
        """Count as progress now (the reconciler, after re-publishing a crawl's lost work)."""

    def retire(self, crawl_id: str) -> None:
        """The crawl's final status is stored: it is no longer active."""

    def is_finished(self, crawl_id: str) -> bool:
        """Whether the call that emptied ``pending`` has happened."""

    def acquire_sweep(self, seconds: float) -> bool:
        """True for one caller per ``seconds`` across the deployment (one reconciler at a time)."""

    def note_redo(self, crawl_id: str, url_key: str) -> int:
        """Count one re-publication of a URL's lost work; returns how many there have been."""

    def mark_queued(self, crawl_id: str, url: str) -> None:
        """Record that the message of a claimed URL was published (``frontier.admit``)."""

    def unqueued(self, crawl_id: str, urls: list[str]) -> set[str]:
        """Those of ``urls`` (all claimed) whose message was never recorded as published."""

    def resolve(self, crawl_id: str, key: str) -> bool:
        """Remove a pending key; True exactly once per crawl, for the call that leaves nothing pending."""

    def count(self, crawl_id: str, counter: str, member: str) -> None: ...

    def counts(self, crawl_id: str) -> dict[str, int]: ...

    def set_status(self, crawl_id: str, status: str) -> None: ...

    def status(self, crawl_id: str) -> str | None: ...

    def cancel(self, crawl_id: str) -> None: ...

    def is_cancelled(self, crawl_id: str) -> bool: ...

    def record_fetch(self, crawl_id: str, outcome: FetchOutcome) -> None:
        """Keep one fetch outcome and count it per host, status and reason."""

    def note_paused(self, crawl_id: str, host: str, until: float) -> None:
        """Report ``host`` as paused until ``until`` (epoch seconds)."""

    def stats(self, crawl_id: str) -> CrawlStats: ...

    def outcomes(self, crawl_id: str) -> list[FetchOutcome]: ...


class RedisLedger:
    """The ledger for a deployment: every worker and the API see the same state."""

    def __init__(self, client: redis.Redis) -> None:
        self._r = client
        self._claim = client.register_script(_CLAIM)
        self._add_pending = client.register_script(_ADD_PENDING)
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


class MemoryLedger:
    """The same semantics in one process, for the embedded runner (``newsflow crawl``)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._seen: dict[str, set[str]] = defaultdict(set)
        self._pending: dict[str, set[str]] = defaultdict(set)
        self._queued: dict[str, set[str]] = defaultdict(set)
        self._counters: dict[tuple[str, str], set[str]] = defaultdict(set)
        self._status: dict[str, str] = {}
        self._cancelled: set[str] = set()
        self._finished: set[str] = set()
        self._outcomes: dict[str, list[FetchOutcome]] = defaultdict(list)
        self._paused: dict[str, dict[str, float]] = defaultdict(dict)
        self._tasks: dict[str, dict[str, str]] = defaultdict(dict)
        self._active: dict[str, float] = {}
        self._sweep_until = 0.0
        self._redos: dict[tuple[str, str], int] = {}

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
            if keys:
                self._active[crawl_id] = time.time()

    def remember_task(self, crawl_id: str, url: str, payload: str) -> None:
        with self._lock:
            self._tasks[crawl_id][url_key(url)] = payload

    def pending(self, crawl_id: str) -> set[str]:
        with self._lock:
            return set(self._pending[crawl_id])

    def recipes(self, crawl_id: str) -> dict[str, str]:
        with self._lock:
            return dict(self._tasks[crawl_id])

    def stalled(self, idle_seconds: float) -> list[str]:
        now = time.time()
        with self._lock:
            return sorted(c for c, at in self._active.items() if now - at >= idle_seconds)

    def touch(self, crawl_id: str) -> None:
        with self._lock:
            self._active[crawl_id] = time.time()

    def retire(self, crawl_id: str) -> None:
        with self._lock:
            self._active.pop(crawl_id, None)

    def is_finished(self, crawl_id: str) -> bool:
        return crawl_id in self._finished

    def acquire_sweep(self, seconds: float) -> bool:
        with self._lock:
            now = time.monotonic()
            if now < self._sweep_until:
                return False
            self._sweep_until = now + seconds
            return True

    def note_redo(self, crawl_id: str, url_key: str) -> int:
        with self._lock:
            key = (crawl_id, url_key)
            self._redos[key] = self._redos.get(key, 0) + 1
            return self._redos[key]

    def mark_queued(self, crawl_id: str, url: str) -> None:
        with self._lock:
            self._queued[crawl_id].add(url)

    def unqueued(self, crawl_id: str, urls: list[str]) -> set[str]:
        with self._lock:
            return set(urls) - self._queued[crawl_id]

    def resolve(self, crawl_id: str, key: str) -> bool:
        with self._lock:
            pending = self._pending[crawl_id]
            pending.discard(key)
            self._active[crawl_id] = time.time()
            parsed = PendingKey.parse(key)
            if parsed and not any(sibling in pending for sibling in parsed.siblings()):
                self._tasks[crawl_id].pop(parsed.url_key, None)
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

    def record_fetch(self, crawl_id: str, outcome: FetchOutcome) -> None:
        with self._lock:
            kept = self._outcomes[crawl_id]
            kept.append(outcome)
            if len(kept) > MAX_OUTCOMES:
                del kept[: len(kept) - MAX_OUTCOMES]

    def note_paused(self, crawl_id: str, host: str, until: float) -> None:
        with self._lock:
            self._paused[crawl_id][host] = until

    def stats(self, crawl_id: str) -> CrawlStats:
        with self._lock:
            kept = list(self._outcomes[crawl_id])
            paused = dict(self._paused[crawl_id])
        now = time.time()
        return CrawlStats(
            hosts=dict(Counter(o.host for o in kept)),
            statuses=dict(Counter(str(o.status) for o in kept)),
            reasons=dict(Counter(o.reason for o in kept)),
            paused_hosts={h: t for h, t in paused.items() if t > now},
            bytes=sum(o.bytes for o in kept),
            started_at=kept[0].at if kept else None,
        )

    def outcomes(self, crawl_id: str) -> list[FetchOutcome]:
        with self._lock:
            return list(self._outcomes[crawl_id])
