"""``newsflow prune`` on PostgreSQL with Redis crawl state: a dry run reports counts and changes nothing;
--apply deletes exactly the old rows and the Redis keys of crawls whose row is final and finished before the state
cutoff — never a running crawl's, a recent crawl's, a crawl without a row, or keys that are not crawl state."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import redis
from newsflow_shared.db import make_engine, make_sessionmaker
from newsflow_shared.migrate import upgrade
from sqlalchemy.orm import Session, sessionmaker

from newsflow.cli import main
from tests.support.retention_rows import CRAWLS, ORPHAN, STATE_DUE, row_ids, seed_rows, seed_state, state_keys

pytestmark = pytest.mark.integration


@pytest.fixture
def sessions(postgres_url: str) -> Iterator[sessionmaker[Session]]:
    upgrade(postgres_url)
    engine = make_engine(postgres_url)
    factory = make_sessionmaker(engine)
    yield factory
    with engine.begin() as conn:
        conn.exec_driver_sql("TRUNCATE failures, fetch_outcomes, outbox, crawls CASCADE")
    engine.dispose()


@pytest.fixture
def client(redis_url: str) -> Iterator[redis.Redis]:
    client = redis.Redis.from_url(redis_url)
    client.flushdb()
    yield client
    client.flushdb()
    client.close()


def test_prune_postgres_and_redis(
    postgres_url: str,
    redis_url: str,
    sessions: sessionmaker[Session],
    client: redis.Redis,
    capsys: pytest.CaptureFixture[str],
) -> None:
    seeded = seed_rows(sessions)
    keys = seed_state(client)
    assert set(keys) == {*CRAWLS, ORPHAN} and all(len(k) >= 5 for k in keys.values())
    everything = set(client.keys("*"))  # a test may use KEYS; the command may not
    rows_before = row_ids(sessions)
    args = ["prune", "--older-than", "30d", "--state-older-than", "2d", "--db", postgres_url]
    args += ["--redis", redis_url, "--batch-size", "2"]

    assert main(args) == 0
    out = capsys.readouterr().out
    due_keys = sum(len(keys[crawl_id]) for crawl_id in STATE_DUE)
    assert "failures\twould delete 5 rows" in out
    assert "fetch_outcomes\twould delete 5 rows" in out
    assert "outbox\twould delete 2 rows" in out
    assert f"crawl_state\twould delete {due_keys} keys of {len(STATE_DUE)} finished crawls" in out
    assert row_ids(sessions) == rows_before
    assert set(client.keys("*")) == everything

    assert main([*args, "--apply"]) == 0
    out = capsys.readouterr().out
    assert f"crawl_state\tdeleted {due_keys} keys of {len(STATE_DUE)} finished crawls" in out
    assert row_ids(sessions) == seeded.kept
    remaining = state_keys(client)
    assert set(remaining) == {*CRAWLS, ORPHAN} - STATE_DUE
    assert all(remaining[crawl_id] == keys[crawl_id] for crawl_id in remaining)  # untouched, key for key
    assert client.llen("ingest") == 1 and client.exists("newsflow:deliveries:task-1:0")
    assert client.hexists("newsflow:crawls:active", "crawl-running")


def test_skip_redis_prunes_rows_only(
    postgres_url: str,
    sessions: sessionmaker[Session],
    client: redis.Redis,
    capsys: pytest.CaptureFixture[str],
) -> None:
    seeded = seed_rows(sessions)
    keys = seed_state(client)
    assert main(["prune", "--older-than", "30d", "--db", postgres_url, "--skip-redis", "--apply"]) == 0
    assert "crawl_state\tskipped" in capsys.readouterr().out
    assert row_ids(sessions) == seeded.kept
    assert state_keys(client) == keys
