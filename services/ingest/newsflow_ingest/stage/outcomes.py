"""Fetch outcomes: what each request of a crawl gave (status, bytes, duration, reason), for the crawl ledger.

Each one recorded is counted in ``newsflow_fetches_total{status_class}`` too, so the counter and the crawls'
``fetch_outcomes`` rows agree."""

from __future__ import annotations

import re
import time

from newsflow_crawl.state import CrawlLedger, FetchOutcome
from newsflow_ops import metrics

from newsflow_ingest.fetching.fetcher import Fetcher, FetchResult
from newsflow_ingest.urls import host_of

_HTTP_STATUS = re.compile(r"HTTP (\d{3})\b")


def success_outcome(url: str, result: FetchResult) -> FetchOutcome:
    """The outcome of a fetch that returned a document."""
    return FetchOutcome(
        url=url,
        host=host_of(result.final_url) or host_of(url),
        status=result.status,
        reason="ok",
        bytes=len(result.content),
        seconds=round(result.elapsed, 4),
    )


def failure_outcome(url: str, exc: BaseException, seconds: float) -> FetchOutcome:
    """The outcome of a fetch that raised: the HTTP status when the error names one, else 0."""
    reason = str(getattr(exc, "reason", None) or type(exc).__name__)
    status = 0
    match = _HTTP_STATUS.search(str(exc))
    if match:
        status = int(match[1])
    elif reason.startswith("http_") and reason[5:].isdigit():
        status = int(reason[5:])
    return FetchOutcome(url=url, host=host_of(url), status=status, reason=reason, seconds=round(seconds, 4))


def record_outcome(ledger: CrawlLedger, crawl_id: str, outcome: FetchOutcome) -> None:
    """Keep one request's outcome in the crawl ledger and count it by status class."""
    ledger.record_fetch(crawl_id, outcome)
    metrics.count_fetch(outcome.status, outcome.reason)


def record_success_outcome(ledger: CrawlLedger, crawl_id: str, url: str, result: FetchResult) -> None:
    """Record a fetch that returned a document."""
    record_outcome(ledger, crawl_id, success_outcome(url, result))


def record_failure_outcome(
    ledger: CrawlLedger, crawl_id: str, url: str, exc: BaseException, started: float, fetcher: Fetcher
) -> None:
    """Record a failed fetch, and report its host to the crawl if the fetcher paused it."""
    outcome = failure_outcome(url, exc, time.monotonic() - started)
    record_outcome(ledger, crawl_id, outcome)
    until = fetcher.paused_hosts.get(outcome.host, 0.0)
    if until > time.time():
        ledger.note_paused(crawl_id, outcome.host, until)
