"""A source as every reader shows it (API, console, CLI, metrics): its fields and its health, listed fast."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from newsflow_shared.config import Settings
from newsflow_shared.models import Source
from sqlalchemy import select
from sqlalchemy.orm import Session

from newsflow_crawl.sources.catalogue import as_dict
from newsflow_crawl.sources.health import JUDGED_COLUMNS, STATUSES, daily_counts, health_view, source_status


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
    # Judging reads a few plain columns of every source; whole rows (JSON lists decoded) only for the page.
    columns = (*JUDGED_COLUMNS, Source.tags) if tag is not None else JUDGED_COLUMNS
    rows = session.execute(select(*columns).order_by(Source.name)).all()
    counts: dict[str, int] = dict.fromkeys(STATUSES, 0)
    matching = []
    for row in rows:
        if tag is not None and tag not in (row.tags or []):
            continue
        judgement = source_status(row, settings, now)[0]
        counts[judgement] += 1
        if status is None or judgement == status:
            matching.append(row.id)
    shown_ids = matching[offset : None if limit is None else offset + limit]
    shown = _rows_in_order(shown_ids, session)
    return SourcePage(source_views(shown, session=session, settings=settings, now=now), len(matching), counts)


def _rows_in_order(ids: list[int], session: Session) -> list[Source]:
    by_id: dict[int, Source] = {}
    for start in range(0, len(ids), 500):  # bounded IN lists
        chunk = ids[start : start + 500]
        by_id.update((row.id, row) for row in session.scalars(select(Source).where(Source.id.in_(chunk))))
    return [by_id[i] for i in ids if i in by_id]
