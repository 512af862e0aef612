"""``newsflow tokens …`` and ``newsflow failures …`` as an operator runs them: real processes, PostgreSQL, Redis."""

from __future__ import annotations

import subprocess
import uuid

import pytest
import redis
from newsflow_api.tokens import token_digest
from newsflow_shared.db import make_engine, make_sessionmaker, session_scope
from newsflow_shared.migrate import upgrade
from newsflow_shared.models import ApiToken, Failure
from newsflow_shared.queues import ENRICH_QUEUE
from sqlalchemy import select

from tests.support.processes import NEWSFLOW, newsflow_env

pytestmark = pytest.mark.integration


def newsflow(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([NEWSFLOW, *args], env=env, capture_output=True, text=True, timeout=60)


def test_tokens_create_list_revoke(postgres_url: str, redis_url: str) -> None:
    upgrade(postgres_url)
    env = newsflow_env(database_url=postgres_url, redis_url=redis_url)
    name = f"dash-{uuid.uuid4().hex[:6]}"
    created = newsflow("tokens", "create", name, env=env)
    assert created.returncode == 0, created.stderr
    token = created.stdout.strip()
    assert token.startswith("nf_") and len(token) > 40
    assert newsflow("tokens", "create", name, env=env).returncode == 1  # names are unique
    sessions = make_sessionmaker(make_engine(postgres_url))
    with session_scope(sessions) as session:
        row = session.scalars(select(ApiToken).where(ApiToken.name == name)).one()
        assert row.token_hash == token_digest(token) and token not in row.token_hash
    assert f"{name}\tactive" in newsflow("tokens", "list", env=env).stdout
    assert newsflow("tokens", "revoke", name, env=env).returncode == 0
    assert f"{name}\trevoked" in newsflow("tokens", "list", env=env).stdout


def test_failures_list_show_replay(postgres_url: str, redis_url: str) -> None:
    upgrade(postgres_url)
    env = newsflow_env(database_url=postgres_url, redis_url=redis_url)
    crawl_id = str(uuid.uuid4())
    payload = {"crawl_id": crawl_id, "url": "https://a.example/x", "title": "X"}
    sessions = make_sessionmaker(make_engine(postgres_url))
    with session_scope(sessions) as session:
        row = Failure(
            crawl_id=crawl_id, stage="enrich", task_name="newsflow.enrich.enrich", url=payload["url"],
            error_type="RuntimeError", reason="poison_message", message="killed", permanent=True, attempts=4,
            payload=payload,
        )  # fmt: skip
        session.add(row)
        session.flush()
        failure_id = row.id
    listed = newsflow("failures", "list", "--crawl", crawl_id, env=env)
    assert listed.returncode == 0 and f"{failure_id}\t" in listed.stdout and "poison_message" in listed.stdout
    shown = newsflow("failures", "show", str(failure_id), env=env)
    assert '"url": "https://a.example/x"' in shown.stdout
    queue = redis.Redis.from_url(redis_url)
    before = queue.llen(ENRICH_QUEUE)
    replayed = newsflow("failures", "replay", str(failure_id), env=env)
    assert replayed.returncode == 0, replayed.stderr
    assert queue.llen(ENRICH_QUEUE) == before + 1
    # Take the replayed message back (kombu LPUSHes, workers BRPOP): no later test finds it queued.
    queue.lpop(ENRICH_QUEUE)
    queue.close()
    assert newsflow("failures", "show", "987654321", env=env).returncode == 1
