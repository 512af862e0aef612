"""The article list on SQLite (the embedded mode's database), where timestamps have no fractional seconds.

No Redis or PostgreSQL is needed: the article endpoints only read the database, and nothing connects to
Redis until a request needs it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from newsflow_api.app import create_app
from newsflow_api.auth import MissingApiToken
from newsflow_api.server import run
from newsflow_shared.config import Settings
from newsflow_shared.db import make_engine
from newsflow_shared.messages import url_key
from newsflow_shared.migrate import upgrade
from newsflow_shared.models import Article
from sqlalchemy.orm import Session

AUTH = {"Authorization": "Bearer s3cret"}


@pytest.fixture
def sqlite_url(tmp_path: Path) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'api.db'}"
    upgrade(url)
    yield url


def test_pagination_with_equal_sqlite_timestamps(sqlite_url: str) -> None:
    engine = make_engine(sqlite_url)
    ids = sorted((url_key(f"https://s.example/{i}") for i in range(5)), reverse=True)
    with Session(engine) as session, session.begin():
        # created_at left to the server default: CURRENT_TIMESTAMP, whole seconds, so they mostly tie.
        for i in range(5):
            canonical = f"https://s.example/{i}"
            session.add(
                Article(id=url_key(canonical), canonical_url=canonical, url=canonical, content_hash="0")
            )
    engine.dispose()
    settings = Settings(
        _env_file=None, database_url=sqlite_url, redis_url="redis://127.0.0.1:1/0", api_token="s3cret"
    )
    seen: list[str] = []
    with TestClient(create_app(settings)) as client:
        page = client.get("/v1/articles", params={"limit": 2}, headers=AUTH).json()
        seen += [item["id"] for item in page["items"]]
        while page["next_cursor"]:
            page = client.get(
                "/v1/articles", params={"limit": 2, "cursor": page["next_cursor"]}, headers=AUTH
            ).json()
            seen += [item["id"] for item in page["items"]]
    assert sorted(seen, reverse=True) == ids  # every article once
    assert len(seen) == 5


def test_run_refuses_to_serve_without_a_token() -> None:
    with pytest.raises(MissingApiToken):
        run("127.0.0.1", 0, settings=Settings(_env_file=None, api_token=None))
