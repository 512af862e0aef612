"""The embedded runtime's sources: ``newsflow sources import`` (the old schedule TOML and a CSV) and ``newsflow
watch --once`` poll the due sources in one process on SQLite; the articles record their source, and a dead feed
counts as a failed poll."""

from __future__ import annotations

from pathlib import Path

import pytest
from newsflow_shared.db import make_engine, make_sessionmaker, session_scope
from newsflow_shared.models import Article, Crawl, Source
from sqlalchemy import func, select

from newsflow.cli import main
from tests.support.fixture_web import fixture_web

pytestmark = pytest.mark.e2e


def test_import_then_watch_polls_each_due_source_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("NEWSFLOW_HOST_DELAY", "0")
    db = f"sqlite:///{tmp_path / 'watch.db'}"
    with fixture_web(1, articles_per_host=3, first_address=80) as web:
        (host,) = web.hosts
        schedule = tmp_path / "schedule.toml"
        schedule.write_text(
            f'[[crawl]]\nname = "fixture feed"\nevery_minutes = 30\nseeds = ["{host.url("/feed.xml")}"]\n'
            'mode = "feed"\n'
        )
        listing = tmp_path / "more.csv"
        listing.write_text(f"name,feeds\ndead feed,{host.url('/gone.xml')}\n")
        assert main(["sources", "import", str(schedule), "--db", db]) == 0
        assert main(["sources", "import", str(listing), "--db", db]) == 0
        engine = make_engine(db)
        sessions = make_sessionmaker(engine)
        with session_scope(sessions) as session:  # imported sources start within minutes: make them due now
            for source in session.scalars(select(Source)):
                source.next_poll_at = source.created_at
        assert main(["watch", "--once", "--no-enrich", "--db", db]) == 0
        assert (
            main(["watch", "--once", "--no-enrich", "--db", db]) == 0
        )  # nothing due any more: no second poll
    out = capsys.readouterr().out
    assert out.count("done source") == 1 and out.count("failed source") == 1, out
    with session_scope(sessions) as session:
        feed = session.scalars(select(Source).where(Source.name == "fixture feed")).one()
        dead = session.scalars(select(Source).where(Source.name == "dead feed")).one()
        assert feed.interval_minutes == 30 and feed.last_success_at is not None
        assert feed.last_new_article_at is not None and feed.current_crawl_id is None
        assert dead.consecutive_failures == 1 and dead.last_success_at is None
        assert session.scalar(select(func.count()).select_from(Crawl)) == 2
        stored = session.scalar(select(func.count()).select_from(Article).where(Article.source_id == feed.id))
        assert stored == 3
    engine.dispose()
    assert main(["sources", "list", "--db", db]) == 0
    assert "fixture feed\tlive\t3 in 30 d" in capsys.readouterr().out
