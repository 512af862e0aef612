"""The crawl API's crawling fields: date range, scope and patterns travel to the fetch messages; the operator
view shows requests per host, the status histogram, paused hosts and an ETA, live and once final."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
import redis
from fastapi.testclient import TestClient
from newsflow_api.app import create_app
from newsflow_crawl.fetch_outcomes import record_fetch_outcomes
from newsflow_crawl.state import FetchOutcome, RedisLedger
from newsflow_shared.db import make_engine, make_sessionmaker, session_scope
from newsflow_shared.migrate import upgrade
from newsflow_shared.models import Crawl

from tests.integration.test_api import AUTH, make_settings, queued_fetch_tasks

pytestmark = pytest.mark.integration


@pytest.fixture
def client(postgres_url: str, redis_url: str) -> Iterator[TestClient]:
    upgrade(postgres_url)
    with TestClient(create_app(make_settings(postgres_url, redis_url))) as client:
        yield client


def test_archive_crawl_fields_reach_the_fetch_messages(client: TestClient, redis_url: str) -> None:
    body = {
        "seeds": ["https://news.example/archive/"],
        "mode": "archive",
        "since": "2024-03-01",
        "until": "2024-03-31",
        "allowed_domains": ["cdn.news.example"],
        "include": ["/2024/03/"],
        "exclude": [r"\?replytocom="],
    }
    response = client.post("/v1/crawls", json=body, headers=AUTH)
    assert response.status_code == 202, response.text
    crawl_id = response.json()["id"]
    ((_, task),) = queued_fetch_tasks(redis_url, crawl_id)
    assert task["mode"] == "archive" and task["role"] == "page"
    assert (task["since"], task["until"]) == ("2024-03-01", "2024-03-31")
    assert task["allowed_domains"] == ["cdn.news.example"] and task["include"] == ["/2024/03/"]


def test_an_invalid_pattern_is_a_422(client: TestClient) -> None:
    body = {"seeds": ["https://news.example/"], "exclude": ["(unclosed"]}
    assert client.post("/v1/crawls", json=body, headers=AUTH).status_code == 422


def test_live_and_final_operator_view(client: TestClient, redis_url: str, postgres_url: str) -> None:
    crawl_id = client.post("/v1/crawls", json={"seeds": ["https://a.example/"]}, headers=AUTH).json()["id"]
    ledger = RedisLedger(redis.Redis.from_url(redis_url))
    started = time.time() - 10
    outcomes = [
        FetchOutcome(
            url="https://a.example/1", host="a.example", status=200, reason="ok", bytes=100, at=started
        ),
        FetchOutcome(
            url="https://a.example/2", host="a.example", status=503, reason="http_503", at=started + 1
        ),
        FetchOutcome(url="https://b.example/1", host="b.example", status=0, reason="timeout", at=started + 2),
    ]
    for outcome in outcomes:
        ledger.record_fetch(crawl_id, outcome)
    ledger.note_paused(crawl_id, "a.example", time.time() + 300)
    for n in range(6):
        ledger.count(crawl_id, "discovered", f"u{n}")

    live = client.get(f"/v1/crawls/{crawl_id}", headers=AUTH).json()
    assert live["hosts"] == {"a.example": 2, "b.example": 1}
    assert live["statuses"] == {"200": 1, "503": 1, "0": 1}
    assert list(live["paused_hosts"]) == ["a.example"]
    assert 5 < live["eta_seconds"] < 60  # 3 of 7 requests (the seed too) in ~10 s: ~4 left at 0.3/s

    engine = make_engine(postgres_url)
    with session_scope(make_sessionmaker(engine)) as session:
        record_fetch_outcomes(crawl_id, outcomes, session=session)
        row = session.get(Crawl, crawl_id)
        assert row is not None
        row.status = "done"
    engine.dispose()
    final = client.get(f"/v1/crawls/{crawl_id}", headers=AUTH).json()
    assert final["status"] == "done"
    assert final["hosts"] == {"a.example": 2, "b.example": 1}
    assert final["statuses"] == {"200": 1, "503": 1, "0": 1}
    assert final["eta_seconds"] == 0.0
