"""A source as every reader shows it (API, console, CLI, metrics): its fields and its health, listed fast."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from newsflow_shared.config import Settings
from newsflow_shared.models import Source
from sqlalchemy.orm import Session

from newsflow_crawl.sources.catalogue import as_dict, list_sources
from newsflow_crawl.sources.health import daily_counts, health_view


def source_views(
    rows: list[Source], *, session: Session, settings: Settings, now: datetime | None = None
) -> list[dict[str, Any]]:
    """Each source with its ``health`` block (one query for all the sparklines)."""
    now = now or datetime.now(UTC)
    series = daily_counts([row.id for row in rows], session=session, today=now.date())
    return [{**as_dict(row), "health": health_view(row, series[row.id], settings, now)} for row in rows]


def listed_sources(
    *, session: Session, settings: Settings, status: str | None = None, tag: str | None = None
) -> list[dict[str, Any]]:
    """The catalogue by name, filtered by tag and by health status."""
    views = source_views(list_sources(session=session, tag=tag), session=session, settings=settings)
    return [view for view in views if status is None or view["health"]["status"] == status]
