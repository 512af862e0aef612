"""A source as every reader shows it (API, console, CLI, metrics): its fields and its health, listed fast."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from newsflow_shared.config import Settings
from newsflow_shared.models import Source
from sqlalchemy.orm import Session

from newsflow_crawl.sources.catalogue import as_dict, list_sources
from newsflow_crawl.sources.health import STATUSES, daily_counts, health_view, source_status


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
    return source_page(session=session, settings=settings, status=status, tag=tag).items


@dataclass
class SourcePage:
    items: list[dict[str, Any]]  # the page's sources with their health
    total: int  # sources matching the filters
    counts: dict[str, int]  # sources of the tag filter per status


def source_page(
    *,
    session: Session,
    settings: Settings,
    status: str | None = None,
    tag: str | None = None,
    offset: int = 0,
    limit: int | None = None,
) -> SourcePage:
    """One page of the catalogue (by name, filtered by tag and status). Every source's status is judged (cheap:
    its own columns); the 30-day series is read for the page's sources only."""
    now = datetime.now(UTC)
    rows = list_sources(session=session, tag=tag)
    judged = [(row, source_status(row, settings, now)[0]) for row in rows]
    counts: dict[str, int] = dict.fromkeys(STATUSES, 0)
    for _, judgement in judged:
        counts[judgement] += 1
    matching = [row for row, judgement in judged if status is None or judgement == status]
    shown = matching[offset : None if limit is None else offset + limit]
    return SourcePage(source_views(shown, session=session, settings=settings, now=now), len(matching), counts)
