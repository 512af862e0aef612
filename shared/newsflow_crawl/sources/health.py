"""A source's health: the figures its polls left, articles per day over 30 days, and its status.

The rule (thresholds are settings, docs/sources.md):

1. ``paused`` — the source is not active (an operator paused it): not polled, not judged.
2. ``broken`` — its last ``NEWSFLOW_SOURCE_BROKEN_FAILURES`` polls (default 3) all failed.
3. ``stale`` — polls work, but no new article for ``NEWSFLOW_SOURCE_STALE_HOURS`` (default 48) since the last
   new article (or since the source was added, when it never gave one).
4. ``live`` — otherwise.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal, Protocol

from newsflow_shared.config import Settings
from newsflow_shared.models import Source, SourceDay
from sqlalchemy import select
from sqlalchemy.orm import Session

SourceStatus = Literal["live", "stale", "broken", "paused"]
STATUSES: tuple[SourceStatus, ...] = ("live", "stale", "broken", "paused")
SPARK_DAYS = 30


def _aware(value: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes (stored as UTC): make them comparable."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


class Judged(Protocol):
    """What the status rule reads: a ``Source`` row, or a row of just these columns (:data:`JUDGED_COLUMNS`)."""

    active: bool
    consecutive_failures: int
    last_error: str | None
    last_new_article_at: datetime | None
    created_at: datetime


JUDGED_COLUMNS = (
    Source.id, Source.active, Source.consecutive_failures, Source.last_error, Source.last_new_article_at,
    Source.created_at,
)  # fmt: skip


def source_status(source: Judged, settings: Settings, now: datetime) -> tuple[SourceStatus, str]:
    """The status and the sentence saying which rule decided it."""
    if not source.active:
        return "paused", "paused by an operator"
    if source.consecutive_failures >= settings.source_broken_failures:
        return (
            "broken",
            f"the last {source.consecutive_failures} polls failed: {source.last_error or 'no detail'}",
        )
    since = _aware(source.last_new_article_at) or _aware(source.created_at) or now
    quiet = now - since
    if quiet > timedelta(hours=settings.source_stale_hours):
        hours = int(quiet.total_seconds() // 3600)
        return "stale", f"no new article for {hours} h (stale after {settings.source_stale_hours:g} h)"
    return "live", "polls work and new articles arrive"


def daily_counts(
    source_ids: Iterable[int], *, session: Session, today: date, days: int = SPARK_DAYS
) -> dict[int, list[int]]:
    """New articles per UTC day, oldest first, for each source (one query over ``source_days``)."""
    ids = list(source_ids)
    first = today - timedelta(days=days - 1)
    series: dict[int, list[int]] = defaultdict(lambda: [0] * days)
    if not ids:
        return {}
    query = select(SourceDay.source_id, SourceDay.day, SourceDay.articles).where(SourceDay.day >= first)
    if len(ids) <= 500:  # a page of sources: filter in the database; a whole catalogue: read the 30 days once
        query = query.where(SourceDay.source_id.in_(ids))
    wanted = set(ids)
    for source_id, day, count in session.execute(query):
        if source_id in wanted and first <= day <= today:
            series[source_id][(day - first).days] += count
    return {source_id: series[source_id] for source_id in ids}


def health_view(source: Source, per_day: list[int], settings: Settings, now: datetime) -> dict[str, Any]:
    """The health block served in ``GET /v1/sources/{id}/health`` and in lists."""
    status, reason = source_status(source, settings, now)
    return {
        "status": status,
        "reason": reason,
        "last_poll_at": _aware(source.last_poll_at),
        "last_success_at": _aware(source.last_success_at),
        "last_new_article_at": _aware(source.last_new_article_at),
        "next_poll_at": _aware(source.next_poll_at) if source.active else None,
        "consecutive_failures": source.consecutive_failures,
        "last_error": source.last_error,
        "polling": source.current_crawl_id is not None,
        "current_crawl_id": source.current_crawl_id,
        "articles_per_day": per_day,
        "articles_30d": sum(per_day),
        "discovered_feeds": source.discovered_feeds or [],
    }


def status_counts(*, session: Session, settings: Settings, now: datetime) -> dict[str, int]:
    """How many sources are in each status (the metrics' gauge)."""
    counts: dict[str, int] = dict.fromkeys(STATUSES, 0)
    for source in session.execute(select(*JUDGED_COLUMNS)):
        counts[source_status(source, settings, now)[0]] += 1
    return counts
