"""How a poll ended, written onto its source: called by ``newsflow_crawl.lifecycle.finish_crawl`` in the same
transaction as the crawl's final row, in both runtimes (store worker, embedded runner)."""

from __future__ import annotations

from datetime import UTC, datetime

from newsflow_shared.models import Article, Crawl, Source, SourceDay
from newsflow_shared.upsert import insert_for
from sqlalchemy import update
from sqlalchemy.orm import Session


def record_poll_end(crawl_id: str, *, session: Session) -> int | None:
    """Mark the crawl's new articles as its source's and update the source's health; returns how many articles
    were new to the source (None for a crawl of no source). A redelivered finish changes nothing more: its
    articles already carry the source, and the crawl is no longer the source's current one."""
    crawl = session.get(Crawl, crawl_id)
    if crawl is None or crawl.source_id is None:
        return None
    source = session.get(Source, crawl.source_id, with_for_update=True)
    if source is None:
        return None
    now = datetime.now(UTC)
    new = _claim_articles(crawl, session)
    if new:
        source.last_new_article_at = now
        _add_day(source.id, now, new, session)
    if source.current_crawl_id != crawl_id:
        return new  # a redelivery, or a crawl no longer current: health was recorded already
    source.current_crawl_id = None
    if crawl.status == "done":
        source.last_success_at = now
        source.consecutive_failures = 0
        source.last_error = None
    elif crawl.status == "failed":
        source.consecutive_failures += 1
        source.last_error = f"poll {crawl_id}: {crawl.failed} request(s) failed, none fetched"
    return new


def _claim_articles(crawl: Crawl, session: Session) -> int:
    """Give the crawl's articles that have no source yet to its source: those are the source's new articles."""
    result = session.execute(
        update(Article)
        .where(Article.crawl_id == crawl.id, Article.source_id.is_(None))
        .values(source_id=crawl.source_id)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def _add_day(source_id: int, now: datetime, new: int, session: Session) -> None:
    insert = insert_for(session, SourceDay).values(source_id=source_id, day=now.date(), articles=new)
    session.execute(
        insert.on_conflict_do_update(
            index_elements=[SourceDay.source_id, SourceDay.day],
            set_={"articles": SourceDay.articles + insert.excluded.articles},
        )
    )
