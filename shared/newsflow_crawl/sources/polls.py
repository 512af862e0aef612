"""A source's poll: a crawl of its feeds, sitemaps or homepage, started through the crawl lifecycle with the
source named on it — never a second one while the previous is still running."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from newsflow_shared.config import Settings
from newsflow_shared.db import session_scope
from newsflow_shared.messages import CRAWL_FINAL_STATUSES, CrawlRequest
from newsflow_shared.models import Crawl, Source
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from newsflow_crawl import lifecycle
from newsflow_crawl.delivery.policy import Transport
from newsflow_crawl.sources.timing import next_poll_at
from newsflow_crawl.state import CrawlLedger

log = logging.getLogger(__name__)

# The feeds a homepage advertises, given its URL (None: could not be read). Supplied by the process that polls.
Discover = Callable[[str], list[str] | None]


@dataclass(frozen=True)
class PollResult:
    source_id: int
    crawl_id: str | None  # the poll's crawl, None when skipped
    skipped: str | None = None  # why no poll was started


def poll_request(source: Source) -> CrawlRequest:
    """The crawl of one poll: the seeds the source's mode reads (feeds, sitemaps or the homepage), skipping
    articles an earlier poll parsed. A source without seeds of its mode falls back on what it has."""
    feeds = list(source.feeds or []) + [
        f for f in source.discovered_feeds or [] if f not in (source.feeds or [])
    ]
    by_mode = {
        "feed": feeds,
        "sitemap": list(source.sitemaps or []),
        "site": [source.homepage] if source.homepage else [],
    }
    mode = source.mode
    if not by_mode.get(mode):
        mode = next(m for m in ("feed", "sitemap", "site") if by_mode[m])
    return CrawlRequest(
        seeds=by_mode[mode],
        mode=mode,  # type: ignore[arg-type]
        max_pages=source.max_pages,
        max_depth=source.max_depth,
        skip_known=True,
        source_id=source.id,
    )


def _previous_running(source: Source, session: Session) -> bool:
    if source.current_crawl_id is None:
        return False
    crawl = session.get(Crawl, source.current_crawl_id)
    return crawl is not None and crawl.status not in CRAWL_FINAL_STATUSES


def poll_source(
    source_id: int,
    *,
    sessions: sessionmaker[Session],
    ledger: CrawlLedger,
    transport: Transport,
    settings: Settings,
    now: datetime | None = None,
) -> PollResult:
    """Start one poll of the source now (a due one, or "poll now"); skipped while its previous poll runs.
    The crawl row, its seeds (outbox) and the source's bookkeeping are one transaction."""
    now = now or datetime.now(UTC)
    crawl_id = str(uuid.uuid4())
    with session_scope(sessions) as session:
        source = session.get(Source, source_id, with_for_update=True)
        if source is None:
            return PollResult(source_id, None, "no such source")
        if _previous_running(source, session):
            return PollResult(source_id, None, f"previous poll {source.current_crawl_id} still running")
        lifecycle.create_crawl(crawl_id, poll_request(source), session=session)
        source.current_crawl_id = crawl_id
        source.last_poll_at = now
        source.next_poll_at = next_poll_at(source, now, jitter=settings.source_jitter)
    lifecycle.relay_crawl(crawl_id, sessions=sessions, ledger=ledger, transport=transport)
    log.info("source %d polled: crawl %s", source_id, crawl_id)
    return PollResult(source_id, crawl_id)


def due_sources(*, session: Session, now: datetime, limit: int = 100) -> list[int]:
    """Active sources whose next poll time has come, longest-waiting first."""
    query = (
        select(Source.id)
        .where(Source.active.is_(True), Source.next_poll_at <= now)
        .order_by(Source.next_poll_at)
        .limit(limit)
    )
    return list(session.scalars(query))


def poll_due(
    *,
    sessions: sessionmaker[Session],
    ledger: CrawlLedger,
    transport: Transport,
    settings: Settings,
    discover: Discover | None = None,
    now: datetime | None = None,
) -> list[PollResult]:
    """One scheduler tick: poll every due source. A skipped source (previous poll running) is looked at again
    next tick; a broken one with a homepage first has its feeds re-discovered."""
    now = now or datetime.now(UTC)
    with session_scope(sessions) as session:
        due = due_sources(session=session, now=now)
    results = []
    for source_id in due:
        if discover is not None:
            rediscover_feeds(source_id, sessions=sessions, settings=settings, discover=discover)
        results.append(
            poll_source(
                source_id, sessions=sessions, ledger=ledger, transport=transport, settings=settings, now=now
            )
        )
    return results


def rediscover_feeds(
    source_id: int, *, sessions: sessionmaker[Session], settings: Settings, discover: Discover
) -> list[str] | None:
    """For a broken source with a homepage: read the feeds its homepage advertises now and poll those too
    (``discovered_feeds``). Returns the feeds found, None when not needed or the homepage could not be read."""
    with session_scope(sessions) as session:
        source = session.get(Source, source_id)
        if (
            source is None
            or not source.homepage
            or source.consecutive_failures < settings.source_broken_failures
        ):
            return None
        homepage = source.homepage
    found = discover(homepage)
    if found is None:
        return None
    with session_scope(sessions) as session:
        source = session.get(Source, source_id)
        if source is not None:
            fresh = [url for url in found if url not in (source.feeds or [])]
            source.discovered_feeds = fresh
            log.info("source %d: homepage advertises %d other feed(s): %s", source_id, len(fresh), fresh)
    return found
