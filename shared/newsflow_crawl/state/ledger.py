"""The crawl ledger's contract: the state every stage, the API and the reconciler share about a crawl.

Implemented by :class:`~newsflow_crawl.state.redis_ledger.RedisLedger` (a deployment) and
:class:`~newsflow_crawl.state.memory_ledger.MemoryLedger` (the embedded runner); one contract test suite runs
against both (``tests/unit/crawl/state/test_ledger_contract.py``).
"""

from __future__ import annotations

from typing import Protocol

from newsflow_crawl.state.records import CrawlStats, FetchOutcome


class CrawlLedger(Protocol):
    def claim_url(self, crawl_id: str, url: str, limit: int) -> int:
        """1 if the URL is new and within ``limit``; 0 if already seen; -1 if the limit is reached."""

    def claim_urls(self, crawl_id: str, urls: list[str], limit: int) -> list[int]:
        """``claim_url`` for each of ``urls`` in order, in one round trip."""

    def note_admitted(self, crawl_id: str, entries: list[tuple[str, str, str]]) -> None:
        """For each (URL, fetch message JSON, in-flight key) admitted: count it ``discovered``, keep its message,
        add its key — what ``remember_task``, ``count`` and ``add_pending`` do one URL at a time."""

    def mark_queued_many(self, crawl_id: str, urls: list[str]) -> None:
        """``mark_queued`` for each of ``urls``, in one round trip."""

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
