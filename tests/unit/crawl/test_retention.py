"""``newsflow prune`` on SQLite (the embedded mode: no Redis): a dry run counts and changes nothing; --apply
deletes exactly the rows older than the cutoff, in batches, and keeps anything newer, unsent, or of a crawl that
still runs. The same on PostgreSQL with Redis crawl state: tests/integration/test_retention.py."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from newsflow_crawl.retention import prune_rows
from newsflow_shared.db import make_engine, make_sessionmaker
from newsflow_shared.migrate import upgrade
from sqlalchemy.orm import Session, sessionmaker

from newsflow.cli import main
from newsflow.maintenance_commands import parse_age
from tests.support.retention_rows import crawl_count, row_ids, seed_rows


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'prune.db'}"
    upgrade(url)
    return url


@pytest.fixture
def sessions(sqlite_url: str) -> sessionmaker[Session]:
    return make_sessionmaker(make_engine(sqlite_url))


def test_parse_age() -> None:
    assert parse_age("30d") == timedelta(days=30)
    assert parse_age("12h") == timedelta(hours=12)
    assert parse_age("90m") == timedelta(minutes=90)
    assert parse_age("2w") == timedelta(weeks=2)
    assert parse_age("3600s") == timedelta(hours=1)
    for bad in ("30", "d", "-1d", "30 days", "1y"):
        with pytest.raises(argparse.ArgumentTypeError):
            parse_age(bad)


def test_dry_run_counts_and_changes_nothing(sessions: sessionmaker[Session]) -> None:
    seeded = seed_rows(sessions)
    before = row_ids(sessions)
    counts = prune_rows(sessions, datetime.now(UTC) - timedelta(days=30), apply=False)
    assert counts == {kind: len(ids) for kind, ids in seeded.due.items()}
    assert counts == {"failures": 5, "fetch_outcomes": 5, "outbox": 2}
    assert row_ids(sessions) == before


@pytest.mark.parametrize("batch_size", [1, 2, 1000])
def test_apply_deletes_exactly_the_old_rows(sessions: sessionmaker[Session], batch_size: int) -> None:
    seeded = seed_rows(sessions)
    counts = prune_rows(sessions, datetime.now(UTC) - timedelta(days=30), apply=True, batch_size=batch_size)
    assert counts == {kind: len(ids) for kind, ids in seeded.due.items()}
    assert row_ids(sessions) == seeded.kept
    assert crawl_count(sessions) == 6  # crawls rows are never pruned
    again = prune_rows(sessions, datetime.now(UTC) - timedelta(days=30), apply=True, batch_size=batch_size)
    assert again == {"failures": 0, "fetch_outcomes": 0, "outbox": 0}


def test_cli_on_sqlite(
    sqlite_url: str, sessions: sessionmaker[Session], capsys: pytest.CaptureFixture[str]
) -> None:
    seeded = seed_rows(sessions)
    before = row_ids(sessions)
    assert main(["prune", "--older-than", "30d", "--db", sqlite_url]) == 0
    out = capsys.readouterr().out
    assert "dry run: nothing deleted" in out
    assert "failures\twould delete 5 rows" in out
    assert "fetch_outcomes\twould delete 5 rows" in out
    assert "outbox\twould delete 2 rows" in out
    assert "crawl_state\tskipped" in out  # SQLite without --redis: the embedded mode has no Redis state
    assert row_ids(sessions) == before

    assert main(["prune", "--older-than", "30d", "--db", sqlite_url, "--apply", "--batch-size", "2"]) == 0
    out = capsys.readouterr().out
    assert "failures\tdeleted 5 rows" in out and "outbox\tdeleted 2 rows" in out
    assert row_ids(sessions) == seeded.kept


def test_cli_refuses_a_state_cutoff_below_the_redelivery_window(
    sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["prune", "--older-than", "30d", "--state-older-than", "10m", "--db", sqlite_url]) == 2
    assert "--state-older-than must be at least" in capsys.readouterr().err


def test_cli_says_when_the_database_is_not_migrated(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["prune", "--older-than", "30d", "--db", f"sqlite:///{tmp_path / 'empty.db'}"]) == 1
    assert "no such table" in capsys.readouterr().err
