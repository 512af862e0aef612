"""The API's ``/metrics``: behind the bearer token unless NEWSFLOW_METRICS_PUBLIC, outside the OpenAPI schema,
computed at scrape time (crawls by status from the database, paused hosts from the crawl ledger), and served
without the broker's families — saying so — when Redis does not answer."""

from __future__ import annotations

import time
import uuid
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from newsflow_api.app import create_app
from newsflow_crawl.state import RedisLedger
from newsflow_shared.config import Settings
from newsflow_shared.db import make_engine, make_sessionmaker, session_scope
from newsflow_shared.migrate import upgrade
from newsflow_shared.models import Crawl

from tests.support.prometheus_text import Samples

pytestmark = [pytest.mark.integration]

TOKEN = "metrics-token"


def add_crawl(database_url: str, status: str) -> str:
    crawl_id = str(uuid.uuid4())
    with session_scope(make_sessionmaker(make_engine(database_url))) as session:
        session.add(Crawl(id=crawl_id, mode="site", seeds=[], max_pages=1, max_depth=0, status=status))
    return crawl_id


def test_metrics_need_the_token_and_stay_out_of_the_schema(redis_url: str, postgres_url: str) -> None:
    upgrade(postgres_url)
    running = add_crawl(postgres_url, "running")
    add_crawl(postgres_url, "done")
    RedisLedger.from_url(redis_url).note_paused(running, "slow.example", time.time() + 60)
    settings = Settings(database_url=postgres_url, redis_url=redis_url, api_token=TOKEN)
    with TestClient(create_app(settings)) as client:
        assert client.get("/metrics").status_code == 401
        assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 401
        response = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
        assert "/metrics" not in client.get("/openapi.json").json()["paths"]
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/plain")
    samples = Samples().add_text(response.text)
    assert samples.by("newsflow_crawls", "status") == {
        "queued": 0, "running": 1, "done": 1, "failed": 0, "cancelled": 0
    }  # fmt: skip
    assert samples.by("newsflow_host_paused", "host") == {"slow.example": 1}
    assert samples.by("newsflow_metrics_source_up", "source") == {"broker": 1, "database": 1}
    # Every queue, whatever earlier tests of the session left in this Redis database.
    assert set(samples.by("newsflow_queue_depth", "queue")) == {"ingest", "enrich", "store"}


def test_public_metrics_without_redis(tmp_path: Path) -> None:
    database_url = f"sqlite:///{tmp_path / 'api.db'}"
    upgrade(database_url)
    add_crawl(database_url, "queued")
    settings = Settings(
        _env_file=None, database_url=database_url, redis_url="redis://127.0.0.1:1/0", api_token=TOKEN,
        metrics_public=True,
    )  # fmt: skip
    with TestClient(create_app(settings)) as client:
        response = client.get("/metrics")  # no token: NEWSFLOW_METRICS_PUBLIC
    assert response.status_code == 200
    samples = Samples().add_text(response.text)
    assert samples.by("newsflow_metrics_source_up", "source") == {"broker": 0, "database": 1}
    assert samples.get("newsflow_crawls", status="queued") == 1
    assert samples.by("newsflow_queue_depth", "queue") == {}
