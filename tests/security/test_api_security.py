"""The task API against callers it should refuse, on real Redis and PostgreSQL: tokens (many, hashed, revocable),
rate limits per token, request size limits, per-crawl limits; and the operators' failures endpoints."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import redis
from fastapi.testclient import TestClient
from newsflow_api.app import create_app
from newsflow_api.tokens import create_token, revoke_token, token_digest
from newsflow_shared.config import Settings
from newsflow_shared.db import make_engine, make_sessionmaker, session_scope
from newsflow_shared.migrate import upgrade
from newsflow_shared.models import ApiToken, Failure
from newsflow_shared.queues import INGEST_QUEUE
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

pytestmark = pytest.mark.integration

ENV_TOKEN = "env-admin-token"


@pytest.fixture(scope="module")
def sessions(postgres_url: str) -> sessionmaker[Session]:
    upgrade(postgres_url)
    return make_sessionmaker(make_engine(postgres_url))


def api(postgres_url: str, redis_url: str, **overrides: Any) -> TestClient:
    values: dict[str, Any] = {"database_url": postgres_url, "redis_url": redis_url, "api_token": ENV_TOKEN}
    return TestClient(create_app(Settings(_env_file=None, **{**values, **overrides})))  # type: ignore[call-arg]


@pytest.fixture
def client(sessions: sessionmaker[Session], postgres_url: str, redis_url: str) -> Iterator[TestClient]:
    with api(postgres_url, redis_url) as client:
        yield client


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_several_tokens_stored_hashed_and_revocable(
    client: TestClient, sessions: sessionmaker[Session]
) -> None:
    names = [f"reader-{uuid.uuid4().hex[:6]}", f"ops-{uuid.uuid4().hex[:6]}"]
    with session_scope(sessions) as session:
        tokens = [create_token(name, session=session) for name in names]
    for token in tokens:
        assert client.get("/v1/crawls", headers=bearer(token)).status_code == 200
    with session_scope(sessions) as session:
        rows = list(session.scalars(select(ApiToken).where(ApiToken.name.in_(names))))
        assert sorted(row.token_hash for row in rows) == sorted(token_digest(t) for t in tokens)
        assert all(row.last_used_at is not None for row in rows)
        revoke_token(names[0], session=session)
    denied = client.get("/v1/crawls", headers=bearer(tokens[0]))
    assert denied.status_code == 401
    assert denied.headers["WWW-Authenticate"] == 'Bearer realm="newsflow", error="invalid_token"'
    assert client.get("/v1/crawls", headers=bearer(tokens[1])).status_code == 200
    assert client.get("/v1/crawls", headers=bearer(ENV_TOKEN)).status_code == 200


@pytest.mark.parametrize(
    "headers",
    [
        {},
        bearer("nf_guess"),
        bearer(ENV_TOKEN + "x"),
        bearer(ENV_TOKEN[:-1]),
        {"Authorization": f"Basic {ENV_TOKEN}"},
    ],
)
def test_anything_but_a_valid_bearer_token_is_401(client: TestClient, headers: dict[str, str]) -> None:
    response = client.post("/v1/crawls", json={"seeds": ["https://a.example/"]}, headers=headers)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_rate_limit_per_token(sessions: sessionmaker[Session], postgres_url: str, redis_url: str) -> None:
    with session_scope(sessions) as session:
        first, second = (create_token(f"rl-{uuid.uuid4().hex[:8]}", session=session) for _ in range(2))
    with api(postgres_url, redis_url, api_rate_limit=3) as client:
        answers = [client.get("/v1/crawls", headers=bearer(first)).status_code for _ in range(4)]
        limited = client.get("/v1/crawls", headers=bearer(first))
        other = client.get("/v1/crawls", headers=bearer(second))
    assert answers == [200, 200, 200, 429]
    assert limited.status_code == 429 and 1 <= int(limited.headers["Retry-After"]) <= 61
    assert other.status_code == 200  # a limit per token, not per API


def test_request_body_size_limit(sessions: sessionmaker[Session], postgres_url: str, redis_url: str) -> None:
    big = {"seeds": [f"https://a.example/{'x' * 100}/{i}" for i in range(20)]}
    with api(postgres_url, redis_url, api_max_body_bytes=1000) as client:
        declared = client.post("/v1/crawls", json=big, headers=bearer(ENV_TOKEN))

        def chunks() -> Iterator[bytes]:
            yield b'{"seeds": ["https://a.example/'
            for _ in range(50):
                yield b"y" * 100
            yield b'"]}'

        streamed = client.post(
            "/v1/crawls",
            content=chunks(),
            headers={**bearer(ENV_TOKEN), "Content-Type": "application/json"},
        )
    assert declared.status_code == 413
    assert streamed.status_code == 413
    assert "larger than 1000 bytes" in streamed.json()["detail"]


def test_per_crawl_seed_and_page_limits(
    sessions: sessionmaker[Session], postgres_url: str, redis_url: str
) -> None:
    with api(postgres_url, redis_url, api_max_seeds=2, api_max_pages=50) as client:
        seeds = client.post(
            "/v1/crawls",
            json={"seeds": [f"https://a.example/{i}" for i in range(3)]},
            headers=bearer(ENV_TOKEN),
        )
        pages = client.post(
            "/v1/crawls", json={"seeds": ["https://a.example/"], "max_pages": 51}, headers=bearer(ENV_TOKEN)
        )
        fine = client.post(
            "/v1/crawls", json={"seeds": ["https://a.example/"], "max_pages": 50}, headers=bearer(ENV_TOKEN)
        )
    assert seeds.status_code == 422 and seeds.json()["detail"][0]["loc"] == ["body", "seeds"]
    assert pages.status_code == 422 and pages.json()["detail"][0]["loc"] == ["body", "max_pages"]
    assert fine.status_code == 202


def test_failures_list_show_and_replay(
    client: TestClient, sessions: sessionmaker[Session], redis_url: str
) -> None:
    crawl_id = str(uuid.uuid4())
    url = f"https://gone.example/{crawl_id}"
    payload = {"crawl_id": crawl_id, "url": url, "depth": 0, "role": "article", "mode": "article"}
    with session_scope(sessions) as session:
        dead = Failure(
            crawl_id=crawl_id, stage="ingest", task_name="newsflow.ingest.fetch", url=url, error_type="TransientError",
            reason="http_503", message="503", permanent=False, attempts=6, payload=payload,
        )  # fmt: skip
        empty = Failure(
            crawl_id=crawl_id, stage="api", task_name="api", url=None, error_type="E", reason="r", message="m",
            permanent=True, attempts=1, payload={},
        )  # fmt: skip
        session.add_all([dead, empty])
        session.flush()
        dead_id, empty_id = dead.id, empty.id
    auth = bearer(ENV_TOKEN)
    listed = client.get(f"/v1/failures?crawl_id={crawl_id}", headers=auth).json()["items"]
    assert [item["id"] for item in listed] == [empty_id, dead_id]
    shown = client.get(f"/v1/failures/{dead_id}", headers=auth).json()
    assert (shown["reason"], shown["payload"]["url"]) == ("http_503", url)

    queue = redis.Redis.from_url(redis_url)
    before = queue.llen(INGEST_QUEUE)
    replayed = client.post(f"/v1/failures/{dead_id}/replay", headers=auth)
    assert replayed.status_code == 202 and replayed.json()["task_name"] == "newsflow.ingest.fetch"
    assert queue.llen(INGEST_QUEUE) == before + 1
    queue.close()
    assert client.post(f"/v1/failures/{empty_id}/replay", headers=auth).status_code == 409
    assert client.get("/v1/failures/999999999", headers=auth).status_code == 404
    assert client.get("/v1/failures/99999999999999999999", headers=auth).status_code in (404, 422)
    assert client.get("/v1/failures", headers=bearer("nope")).status_code == 401
