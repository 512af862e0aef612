"""A crawl's lifecycle on SQLite: create (row + outbox in one transaction), start (relay), cancel, finish."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from newsflow_crawl import lifecycle
from newsflow_crawl.state import FetchOutcome, MemoryLedger
from newsflow_shared.db import make_engine, make_sessionmaker, session_scope
from newsflow_shared.messages import CrawlRequest, FinishCrawl
from newsflow_shared.migrate import upgrade
from newsflow_shared.models import Crawl, FetchOutcomeRow, OutboxMessage
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from tests.support.transports import RecordingTransport

REQUEST = CrawlRequest(seeds=["https://a.example/", "https://b.example/"], mode="site")


@pytest.fixture
def sessions(tmp_path: Path) -> Iterator[sessionmaker[Session]]:
    url = f"sqlite:///{tmp_path / 'lifecycle.db'}"
    upgrade(url)
    engine = make_engine(url)
    yield make_sessionmaker(engine)
    engine.dispose()


class BrokenTransport(RecordingTransport):
    def publish(self, task_name: str, payload: dict[str, object], *, countdown: float | None = None) -> None:
        raise ConnectionError("redis is away")


def test_start_records_the_crawl_and_its_seeds_then_queues_them(sessions: sessionmaker[Session]) -> None:
    ledger, transport = MemoryLedger(), RecordingTransport()
    crawl_id, sent = lifecycle.start_crawl(REQUEST, sessions=sessions, ledger=ledger, transport=transport)
    assert sent == 2 and [t.url for t in transport.fetches()] == list(REQUEST.seeds)
    assert all(t.crawl_id == crawl_id and t.role == "page" for t in transport.fetches())
    assert ledger.counts(crawl_id)["discovered"] == 2 and len(ledger.pending(crawl_id)) == 2
    with session_scope(sessions) as session:
        crawl = session.get(Crawl, crawl_id)
        assert crawl is not None and crawl.status == "queued"
        unsent = session.scalar(select(func.count()).where(OutboxMessage.sent_at.is_(None)))
        assert unsent == 0


def test_a_crawl_started_while_the_broker_is_away_keeps_its_seeds_in_the_outbox(
    sessions: sessionmaker[Session],
) -> None:
    ledger = MemoryLedger()
    crawl_id, sent = lifecycle.start_crawl(
        REQUEST, sessions=sessions, ledger=ledger, transport=BrokenTransport()
    )
    assert sent == 0
    with session_scope(sessions) as session:
        assert session.get(Crawl, crawl_id) is not None
        rows = session.scalars(select(OutboxMessage).where(OutboxMessage.crawl_id == crawl_id)).all()
        assert len(rows) == 2 and all(r.sent_at is None and r.attempts == 1 for r in rows[:1])
    # The relay thread's next pass publishes them.
    from newsflow_crawl.outbox import relay_pending

    transport = RecordingTransport()
    assert relay_pending(sessions, ledger, transport) == 2 and len(transport.fetches()) == 2


def test_a_scheduled_tick_started_twice_is_one_crawl(sessions: sessionmaker[Session]) -> None:
    ledger, transport = MemoryLedger(), RecordingTransport()
    first = lifecycle.start_scheduled_crawl(
        "tick", REQUEST, sessions=sessions, ledger=ledger, transport=transport
    )
    again = lifecycle.start_scheduled_crawl(
        "tick", REQUEST, sessions=sessions, ledger=ledger, transport=transport
    )
    assert first == again == lifecycle.scheduled_crawl_id("tick") and len(transport.fetches()) == 2


def test_cancel_keeps_the_counts_so_far_and_a_final_crawl_is_left_alone(
    sessions: sessionmaker[Session],
) -> None:
    ledger, transport = MemoryLedger(), RecordingTransport()
    crawl_id, _ = lifecycle.start_crawl(REQUEST, sessions=sessions, ledger=ledger, transport=transport)
    ledger.count(crawl_id, "fetched", "https://a.example/")
    with session_scope(sessions) as session:
        row = lifecycle.cancel_crawl(crawl_id, session=session, ledger=ledger)
        assert row is not None and (row.status, row.fetched, row.discovered) == ("cancelled", 1, 2)
        assert row.finished_at is not None
    assert ledger.is_cancelled(crawl_id) and ledger.status(crawl_id) == "cancelled"
    status = lifecycle.finish_crawl(
        FinishCrawl(crawl_id=crawl_id, counts={}), sessions=sessions, ledger=ledger
    )
    assert status == "cancelled"  # a finish after the cancel keeps the cancel
    with session_scope(sessions) as session:
        assert lifecycle.cancel_crawl("no-such-crawl", session=session, ledger=ledger) is None


def test_finish_writes_status_counts_and_fetch_outcomes_once(sessions: sessionmaker[Session]) -> None:
    ledger, transport = MemoryLedger(), RecordingTransport()
    crawl_id, _ = lifecycle.start_crawl(REQUEST, sessions=sessions, ledger=ledger, transport=transport)
    ledger.record_fetch(
        crawl_id, FetchOutcome(url="https://a.example/", host="a.example", status=200, reason="ok")
    )
    counts = {"discovered": 2, "fetched": 2, "stored": 1}
    message = FinishCrawl(crawl_id=crawl_id, counts=counts)
    assert lifecycle.finish_crawl(message, sessions=sessions, ledger=ledger) == "done"
    assert (
        lifecycle.finish_crawl(message, sessions=sessions, ledger=ledger) == "done"
    )  # redelivered: harmless
    assert ledger.status(crawl_id) == "done"
    with session_scope(sessions) as session:
        crawl = session.get(Crawl, crawl_id)
        assert crawl is not None and (crawl.fetched, crawl.stored) == (2, 1)
        outcomes = session.scalar(select(func.count()).where(FetchOutcomeRow.crawl_id == crawl_id))
        assert outcomes == 1
