"""What a crawl's ledger keeps about its requests: one :class:`FetchOutcome` per request, and the
:class:`CrawlStats` the operator view shows."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

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
