"""A source's poll on SQLite (the embedded runtime's database): one crawl at a time, named after its source; how
it ends becomes the source's health, its new articles the source's (and its day count)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from newsflow_crawl import lifecycle
from newsflow_crawl.sources import catalogue, polls
from newsflow_crawl.sources.catalogue import SourcePatch, SourceSpec
from newsflow_crawl.sources.health import source_status
from newsflow_crawl.sources.views import listed_sources
from newsflow_crawl.state import MemoryLedger
from newsflow_shared.config import Settings
from newsflow_shared.db import make_engine, make_sessionmaker, session_scope
from newsflow_shared.messages import FinishCrawl
from newsflow_shared.migrate import upgrade
from newsflow_shared.models import Article, Crawl, Source, SourceDay
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from tests.support.transports import RecordingTransport

SETTINGS = Settings(source_broken_failures=2, source_jitter=0.0)


@pytest.fixture
def sessions(tmp_path: Path) -> Iterator[sessionmaker[Session]]:
    url = f"sqlite:///{tmp_path / 'sources.db'}"
    upgrade(url)
    engine = make_engine(url)
    yield make_sessionmaker(engine)
    engine.dispose()


def _add(sessions: sessionmaker[Session], **fields: object) -> int:
    spec = SourceSpec.model_validate(
        {"name": "Gulf Ledger", "feeds": ["https://gulf.example/feed/"], **fields}
    )
    with session_scope(sessions) as session:
        return catalogue.create_source(spec, session=session).id


def _poll(sessions: sessionmaker[Session], source_id: int, transport: RecordingTransport) -> polls.PollResult:
    return polls.poll_source(
        source_id, sessions=sessions, ledger=MemoryLedger(), transport=transport, settings=SETTINGS
    )


def _finish(sessions: sessionmaker[Session], crawl_id: str, **counts: int) -> None:
    lifecycle.finish_crawl(
        FinishCrawl(crawl_id=crawl_id, counts=counts), sessions=sessions, ledger=MemoryLedger()
    )


def _store_article(sessions: sessionmaker[Session], crawl_id: str, n: int) -> None:
    with session_scope(sessions) as session:
        session.add(
            Article(id=f"{n:064d}", canonical_url=f"https://gulf.example/{n}", url=f"https://gulf.example/{n}",
                    crawl_id=crawl_id, body="text", content_hash=f"{n:064d}")
        )  # fmt: skip


def test_a_poll_is_a_crawl_of_the_source_and_never_two_at_once(sessions: sessionmaker[Session]) -> None:
    source_id = _add(sessions, interval_minutes=30)
    transport = RecordingTransport()
    first = _poll(sessions, source_id, transport)
    assert first.crawl_id is not None
    ((task,),) = [transport.fetches()]
    assert task.url == "https://gulf.example/feed/" and task.role == "feed" and task.skip_known
    second = _poll(sessions, source_id, transport)
    assert second.crawl_id is None and "still running" in (second.skipped or "")
    with session_scope(sessions) as session:
        crawl = session.get(Crawl, first.crawl_id)
        source = session.get(Source, source_id)
        assert crawl is not None and crawl.source_id == source_id
        assert source is not None and source.current_crawl_id == first.crawl_id
        assert source.next_poll_at is not None and source.last_poll_at is not None
        gap = source.next_poll_at - source.last_poll_at
        assert gap == timedelta(minutes=30)  # jitter 0 in these settings
    _finish(sessions, first.crawl_id, fetched=1)
    assert _poll(sessions, source_id, transport).crawl_id is not None  # the previous one ended


def test_poll_end_gives_new_articles_to_the_source_and_records_health(
    sessions: sessionmaker[Session],
) -> None:
    source_id = _add(sessions)
    transport = RecordingTransport()
    crawl_id = _poll(sessions, source_id, transport).crawl_id
    assert crawl_id is not None
    _store_article(sessions, crawl_id, 1)
    _store_article(sessions, crawl_id, 2)
    _finish(sessions, crawl_id, fetched=3, stored=2)
    _finish(sessions, crawl_id, fetched=3, stored=2)  # a redelivered finish counts nothing twice
    with session_scope(sessions) as session:
        source = session.get(Source, source_id)
        assert source is not None and source.current_crawl_id is None
        assert source.last_success_at is not None and source.last_new_article_at is not None
        assert source.consecutive_failures == 0
        assert set(session.scalars(select(Article.source_id))) == {source_id}
        (day,) = session.scalars(select(SourceDay))
        assert day.articles == 2 and day.day == datetime.now(UTC).date()
        (view,) = listed_sources(session=session, settings=SETTINGS)
        assert view["health"]["articles_30d"] == 2 and view["health"]["articles_per_day"][-1] == 2
        assert view["health"]["status"] == "live"


def test_failed_polls_in_a_row_make_a_source_broken_and_a_success_heals_it(
    sessions: sessionmaker[Session],
) -> None:
    source_id = _add(sessions)
    transport = RecordingTransport()
    for _ in range(2):
        crawl_id = _poll(sessions, source_id, transport).crawl_id
        assert crawl_id is not None
        _finish(sessions, crawl_id, fetched=0, failed=1)
    with session_scope(sessions) as session:
        source = session.get(Source, source_id)
        assert source is not None and source.consecutive_failures == 2
        status, reason = source_status(source, SETTINGS, datetime.now(UTC))
        assert status == "broken" and "failed" in reason
    crawl_id = _poll(sessions, source_id, transport).crawl_id
    assert crawl_id is not None
    _finish(sessions, crawl_id, fetched=1)
    with session_scope(sessions) as session:
        source = session.get(Source, source_id)
        assert source is not None and source.consecutive_failures == 0 and source.last_error is None


def test_only_active_due_sources_are_polled_and_rediscovery_feeds_broken_ones(
    sessions: sessionmaker[Session],
) -> None:
    due = _add(sessions, name="due", homepage="https://due.example/")
    paused = _add(sessions, name="paused", active=False)
    later = _add(sessions, name="later")
    now = datetime.now(UTC)
    with session_scope(sessions) as session:
        row = session.get(Source, later)
        assert row is not None
        row.next_poll_at = now + timedelta(hours=1)
        broken = session.get(Source, due)
        assert broken is not None
        broken.consecutive_failures = 5
    asked: list[str] = []

    def discover(homepage: str) -> list[str]:
        asked.append(homepage)
        return ["https://gulf.example/feed/", "https://due.example/new-feed.xml"]

    transport = RecordingTransport()
    results = polls.poll_due(
        sessions=sessions, ledger=MemoryLedger(), transport=transport, settings=SETTINGS, discover=discover,
        now=now + timedelta(seconds=1),
    )  # fmt: skip
    assert [r.source_id for r in results] == [due] and paused not in [r.source_id for r in results]
    assert asked == ["https://due.example/"]
    # The rediscovered feed is polled beside the source's own.
    assert {t.url for t in transport.fetches()} == {
        "https://gulf.example/feed/",
        "https://due.example/new-feed.xml",
    }


def test_update_validates_the_whole_source_and_switches_schedules(sessions: sessionmaker[Session]) -> None:
    source_id = _add(sessions, interval_minutes=15)
    with session_scope(sessions) as session:
        row = session.get(Source, source_id)
        assert row is not None
        catalogue.update_source(row, SourcePatch(cron="*/5 * * * *"), session=session)
        assert row.cron == "*/5 * * * *" and row.interval_minutes is None
        with pytest.raises(ValueError):
            catalogue.update_source(row, SourcePatch(feeds=[]), session=session)  # nothing left to poll
