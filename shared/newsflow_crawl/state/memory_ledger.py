"""The crawl ledger in one process, for the embedded runner (``newsflow crawl``): the same semantics as
:class:`~newsflow_crawl.state.redis_ledger.RedisLedger`, under one lock."""

from __future__ import annotations

import threading
import time
from collections import defaultdict

from newsflow_shared.messages import COUNTERS, url_key

from newsflow_crawl.state.keys import PendingKey
from newsflow_crawl.state.records import MAX_OUTCOMES, CrawlStats, FetchOutcome


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
        self._totals: dict[str, CrawlStats] = defaultdict(CrawlStats)  # every outcome counted, none trimmed
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

    def claim_urls(self, crawl_id: str, urls: list[str], limit: int) -> list[int]:
        return [self.claim_url(crawl_id, url, limit) for url in urls]

    def note_admitted(self, crawl_id: str, entries: list[tuple[str, str, str]]) -> None:
        with self._lock:
            for url, payload, key in entries:
                self._counters[(crawl_id, "discovered")].add(url)
                self._tasks[crawl_id][url_key(url)] = payload
                self._pending[crawl_id].add(key)
            if entries:
                self._active[crawl_id] = time.time()

    def mark_queued_many(self, crawl_id: str, urls: list[str]) -> None:
        with self._lock:
            self._queued[crawl_id].update(urls)

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
            # The aggregates count every outcome, trimmed or not (as RedisLedger's counters do).
            totals = self._totals[crawl_id]
            totals.hosts[outcome.host] = totals.hosts.get(outcome.host, 0) + 1
            status = str(outcome.status)
            totals.statuses[status] = totals.statuses.get(status, 0) + 1
            totals.reasons[outcome.reason] = totals.reasons.get(outcome.reason, 0) + 1
            totals.bytes += outcome.bytes
            if totals.started_at is None:
                totals.started_at = outcome.at

    def note_paused(self, crawl_id: str, host: str, until: float) -> None:
        with self._lock:
            self._paused[crawl_id][host] = until

    def stats(self, crawl_id: str) -> CrawlStats:
        with self._lock:
            totals = self._totals[crawl_id]
            paused = dict(self._paused[crawl_id])
            now = time.time()
            return CrawlStats(
                hosts=dict(totals.hosts),
                statuses=dict(totals.statuses),
                reasons=dict(totals.reasons),
                paused_hosts={h: t for h, t in paused.items() if t > now},
                bytes=totals.bytes,
                started_at=totals.started_at,
            )

    def outcomes(self, crawl_id: str) -> list[FetchOutcome]:
        with self._lock:
            return list(self._outcomes[crawl_id])
