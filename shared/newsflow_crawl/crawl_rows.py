"""The ``crawls`` table: a crawl's request, status and final counts (rows only: the steps of a crawl's life are
``newsflow_crawl.lifecycle``'s).

Lifecycle: ``queued`` (created) → ``running`` (first task started) → ``done`` / ``failed`` / ``cancelled``
(``FinishCrawl`` received). The live counters are in Redis (``newsflow_crawl.state``) while a crawl runs;
the row receives them once, when the crawl finishes.
"""

from __future__ import annotations

from datetime import UTC, datetime

from newsflow_shared.errors import PermanentError
from newsflow_shared.messages import COUNTERS, CrawlRequest, FinishCrawl
from newsflow_shared.models import Crawl
from newsflow_shared.upsert import insert_for
from sqlalchemy import select, update
from sqlalchemy.orm import Session


class UnknownCrawl(PermanentError):
    """A message names a crawl with no ``crawls`` row. Raised by :func:`finish_crawl`; not worth a retry."""

    reason = "unknown_crawl"


def create_crawl(crawl_id: str, request: CrawlRequest, *, session: Session) -> bool:
    """Add the crawl as ``queued``; True if added (creating an existing id again changes nothing). Does not
    commit. The crawl's lifecycle (``newsflow_crawl.lifecycle.create_crawl``) adds its seed messages beside it."""
    values = {
        "id": crawl_id,
        "mode": request.mode,
        "seeds": list(request.seeds),
        "max_pages": request.max_pages,
        "max_depth": request.max_depth,
        "status": "queued",
        "source_id": request.source_id,
        **{counter: 0 for counter in COUNTERS},
    }
    insert = insert_for(session, Crawl).values(values)
    statement = insert.on_conflict_do_nothing(index_elements=[Crawl.id]).returning(Crawl.id)
    return session.execute(statement).scalar_one_or_none() is not None


def mark_running(crawl_id: str, *, session: Session) -> bool:
    """Move a ``queued`` crawl to ``running``; True if it moved (any other status is left alone)."""
    statement = (
        update(Crawl)
        .where(Crawl.id == crawl_id, Crawl.status == "queued")
        .values(status="running")
        .returning(Crawl.id)
        .execution_options(synchronize_session=False)
    )
    return session.execute(statement).scalar_one_or_none() is not None


def finish_crawl(message: FinishCrawl, *, session: Session) -> str:
    """Write the crawl's final counts and status; returns the status. Does not commit.

    The status is ``cancelled`` when the message says so or the crawl was cancelled meanwhile, ``failed`` when
    nothing was fetched but something failed, else ``done``. A crawl that already finished keeps its status
    and ``finished_at`` (a redelivered ``FinishCrawl`` is harmless); only its counts are refreshed.
    """
    # FOR UPDATE serialises two finishers on PostgreSQL; SQLite has one writer anyway and ignores it.
    crawl = session.execute(
        select(Crawl).where(Crawl.id == message.crawl_id).with_for_update()
    ).scalar_one_or_none()
    if crawl is None:
        raise UnknownCrawl(f"no crawl {message.crawl_id!r} to finish")
    for counter in COUNTERS:
        if counter in message.counts:
            setattr(crawl, counter, int(message.counts[counter]))
    if crawl.finished_at is not None:
        return crawl.status
    if message.cancelled or crawl.status == "cancelled":
        crawl.status = "cancelled"
    elif crawl.fetched == 0 and crawl.failed > 0:
        crawl.status = "failed"
    else:
        crawl.status = "done"
    crawl.finished_at = datetime.now(UTC)
    session.flush()
    return crawl.status


def get_crawl(crawl_id: str, *, session: Session) -> Crawl | None:
    """The crawl row, or None."""
    return session.get(Crawl, crawl_id)
