"""The operator view of a crawl's fetching: requests per host, HTTP status histogram, paused hosts, an ETA.

Live from the crawl ledger (Redis) while the crawl runs; from ``fetch_outcomes`` once it is final.
:func:`live_stats` is the one computation of the live figures: ``GET /v1/crawls/{id}`` serves it, and
``newsflow crawl`` shows it from its in-memory ledger (``newsflow.progress``).
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

from newsflow_crawl.state import CrawlLedger, CrawlStats
from newsflow_shared.messages import CRAWL_FINAL_STATUSES
from newsflow_shared.models import Crawl, FetchOutcomeRow
from sqlalchemy import func, select
from sqlalchemy.orm import object_session


def crawl_stats(row: Crawl, ledger: CrawlLedger, status: str, counts: dict[str, int]) -> dict[str, Any]:
    """``hosts``, ``statuses``, ``paused_hosts`` and ``eta_seconds`` of a crawl, for ``CrawlView``."""
    if status in CRAWL_FINAL_STATUSES:
        return _final(row)
    return live_stats(ledger.stats(row.id), counts)


def live_stats(stats: CrawlStats, counts: dict[str, int], now: float | None = None) -> dict[str, Any]:
    """The live figures of a running crawl from its ledger's ``stats`` and ``counts``: requests per host,
    per HTTP status, hosts paused (until when), and the seconds left at the rate so far (requests per second
    since the first one, over the URLs discovered and not yet requested)."""
    now = time.time() if now is None else now
    done = sum(stats.hosts.values())
    eta: float | None = None
    if stats.started_at is not None and done:
        rate = done / max(now - stats.started_at, 1e-6)
        eta = round(max(counts.get("discovered", 0) - done, 0) / rate, 1)
    return {
        "hosts": stats.hosts,
        "statuses": stats.statuses,
        "paused_hosts": {h: datetime.fromtimestamp(t, UTC) for h, t in stats.paused_hosts.items()},
        "eta_seconds": eta,
    }


def _final(row: Crawl) -> dict[str, Any]:
    session = object_session(row)
    if session is None:
        return {}
    where = FetchOutcomeRow.crawl_id == row.id
    hosts = session.execute(
        select(FetchOutcomeRow.host, func.count()).where(where).group_by(FetchOutcomeRow.host)
    )
    statuses = session.execute(
        select(FetchOutcomeRow.status, func.count()).where(where).group_by(FetchOutcomeRow.status)
    )
    return {
        "hosts": {host: int(n) for host, n in hosts},
        "statuses": {str(code): int(n) for code, n in statuses},
        "eta_seconds": 0.0,
    }
