"""Bearer-token authentication (``newsflow_api.auth``) on a tiny FastAPI app with the API's resources on a
migrated SQLite file; the rate limit is off here (tests/unit/api/test_rate_limit.py), so no Redis is needed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

import pytest
import redis
from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient
from newsflow_api.auth import MissingApiToken, configured_token, require_token
from newsflow_api.resources import Resources
from newsflow_api.tokens import create_token, revoke_token
from newsflow_crawl.state import RedisLedger
from newsflow_shared.config import Settings
from newsflow_shared.db import make_engine, make_sessionmaker, session_scope
from newsflow_shared.migrate import upgrade
from sqlalchemy.orm import Session, sessionmaker

ENV_TOKEN = "env-secret-token"
CHALLENGE = 'Bearer realm="newsflow"'


def settings(**overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "api_token": ENV_TOKEN,
        "api_rate_limit": 0,
        "redis_url": "redis://127.0.0.1:1/0",
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)


@pytest.fixture
def app_sessions(sqlite_url: str) -> Iterator[sessionmaker[Session]]:
    upgrade(sqlite_url)
    engine = make_engine(sqlite_url)
    yield make_sessionmaker(engine)
    engine.dispose()


def tiny_app(app_settings: Settings, sessions: sessionmaker[Session]) -> FastAPI:
    app = FastAPI()
    app.state.settings = app_settings
    client = redis.Redis.from_url(app_settings.redis_url)  # nothing listens there; never used (no rate limit)
    bind = sessions.kw["bind"]
    app.state.resources = Resources(
        settings=app_settings,
        engine=bind,
        sessions=sessions,
        redis=client,
        ledger=RedisLedger(client),
        celery=None,
        transport=None,  # type: ignore[arg-type]  # the auth tests publish nothing
        stages=None,  # type: ignore[arg-type]  # nor ask for worker health
    )

    @app.get("/who")
    def who(principal: Annotated[str, Depends(require_token)]) -> dict[str, str]:
        return {"principal": principal}

    return app


@pytest.fixture
def client(app_sessions: sessionmaker[Session]) -> Iterator[TestClient]:
    with TestClient(tiny_app(settings(), app_sessions)) as test_client:
        yield test_client


def test_configured_token() -> None:
    assert configured_token(settings()) == ENV_TOKEN
    assert configured_token(settings(api_auth="disabled")) is None
    assert configured_token(settings(api_auth="disabled", api_token=None)) is None


@pytest.mark.parametrize("token", [None, ""])
def test_auth_enabled_without_a_token_is_refused(token: str | None) -> None:
    with pytest.raises(MissingApiToken, match="NEWSFLOW_API_TOKEN is not set"):
        configured_token(settings(api_token=token))


def test_no_credentials_get_the_bare_challenge(client: TestClient) -> None:
    response = client.get("/who")
    assert response.status_code == 401
    assert response.json() == {"detail": "missing bearer token"}
    assert response.headers["www-authenticate"] == CHALLENGE


@pytest.mark.parametrize(
    "header",
    [f"Basic {ENV_TOKEN}", ENV_TOKEN, "Bearer"],
)
def test_other_schemes_count_as_no_credentials(client: TestClient, header: str) -> None:
    response = client.get("/who", headers={"Authorization": header})
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == CHALLENGE


@pytest.mark.parametrize("token", ["wrong", ENV_TOKEN + "x", ENV_TOKEN[:-1], ENV_TOKEN.upper()])
def test_a_wrong_token_is_an_invalid_token(client: TestClient, token: str) -> None:
    response = client.get("/who", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401
    assert response.json() == {"detail": "invalid bearer token"}
    assert response.headers["www-authenticate"] == 'Bearer realm="newsflow", error="invalid_token"'


def test_the_configured_token_is_the_env_principal(client: TestClient) -> None:
    response = client.get("/who", headers={"Authorization": f"Bearer {ENV_TOKEN}"})
    assert response.status_code == 200
    assert response.json() == {"principal": "env"}
    lower = client.get("/who", headers={"Authorization": f"bearer {ENV_TOKEN}"})
    assert lower.json() == {"principal": "env"}  # the scheme is case-insensitive (RFC 7235)


def test_a_database_token_works_until_revoked(
    client: TestClient, app_sessions: sessionmaker[Session]
) -> None:
    with session_scope(app_sessions) as session:
        create_token("other", session=session)
        token = create_token("ci", session=session)
    response = client.get("/who", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert response.json() == {"principal": "token:2"}
    with session_scope(app_sessions) as session:
        revoke_token("ci", session=session)
    assert client.get("/who", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_disabled_auth_lets_anyone_in(app_sessions: sessionmaker[Session]) -> None:
    with TestClient(tiny_app(settings(api_auth="disabled", api_token=None), app_sessions)) as open_client:
        assert open_client.get("/who").json() == {"principal": "anonymous"}
        wrong = open_client.get("/who", headers={"Authorization": "Bearer whatever"})
        assert wrong.json() == {"principal": "anonymous"}
