"""``/v1/sources`` on PostgreSQL and Redis: create, list with health, edit, pause, delete, import CSV/OPML, poll
now (a crawl naming its source, its seeds queued), the health endpoint, the ``newsflow_sources`` gauge; and two
schedulers against one Redis: exactly one polls."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import redis
from fastapi.testclient import TestClient
from newsflow_api.app import create_app
from newsflow_crawl.sources.leader import SchedulerLease
from newsflow_crawl.sources.scheduler import SourceScheduler
from newsflow_crawl.state import RedisLedger
from newsflow_shared.db import make_engine, make_sessionmaker, session_scope
from newsflow_shared.migrate import upgrade
from newsflow_shared.models import Crawl, Source

from tests.integration.test_api import AUTH, make_settings, queued_fetch_tasks
from tests.support.transports import RecordingTransport

pytestmark = pytest.mark.integration

OPML = b"""<?xml version="1.0"?><opml version="2.0"><head/><body>
<outline text="News"><outline text="Alpha" xmlUrl="https://alpha.example/feed.xml" htmlUrl="https://alpha.example/"/>
<outline text="Beta" xmlUrl="https://beta.example/rss"/><outline text="Bad" xmlUrl="javascript:alert(1)"/></outline>
</body></opml>"""


@pytest.fixture
def client(postgres_url: str, redis_url: str) -> Iterator[TestClient]:
    upgrade(postgres_url)
    with TestClient(create_app(make_settings(postgres_url, redis_url))) as client:
        yield client


def test_crud_and_health(client: TestClient, redis_url: str) -> None:
    body = {
        "name": "Gulf Ledger",
        "feeds": ["https://gulf.example/feed/"],
        "tags": ["gulf"],
        "cron": "*/10 * * * *",
    }
    created = client.post("/v1/sources", json=body, headers=AUTH)
    assert created.status_code == 201, created.text
    source = created.json()
    assert source["health"]["status"] == "live" and source["health"]["articles_per_day"] == [0] * 30
    assert client.post("/v1/sources", json=body, headers=AUTH).status_code == 409
    assert client.post("/v1/sources", json={"name": "x"}, headers=AUTH).status_code == 422  # nothing to poll
    assert (
        client.post("/v1/sources", json={**body, "name": "y", "cron": "every day"}, headers=AUTH).status_code
        == 422
    )

    sid = source["id"]
    patched = client.patch(f"/v1/sources/{sid}", json={"active": False, "interval_minutes": 5}, headers=AUTH)
    assert patched.status_code == 200, patched.text
    assert patched.json()["health"]["status"] == "paused" and patched.json()["cron"] is None
    assert client.get("/v1/sources?status=paused", headers=AUTH).json()["items"][0]["id"] == sid
    assert client.get("/v1/sources?tag=other", headers=AUTH).json()["items"] == []
    health = client.get(f"/v1/sources/{sid}/health", headers=AUTH).json()
    assert health["status"] == "paused" and health["next_poll_at"] is None

    started = client.post(f"/v1/sources/{sid}/poll", headers=AUTH)
    assert started.status_code == 202, started.text
    crawl_id = started.json()["crawl_id"]
    ((_, task),) = queued_fetch_tasks(redis_url, crawl_id)
    assert task["url"] == "https://gulf.example/feed/" and task["role"] == "feed"
    assert client.get(f"/v1/crawls/{crawl_id}", headers=AUTH).status_code == 200
    again = client.post(f"/v1/sources/{sid}/poll", headers=AUTH)
    assert again.status_code == 409 and "still running" in again.json()["detail"]
    assert client.get(f"/v1/sources/{sid}/health", headers=AUTH).json()["polling"] is True

    metrics = client.get("/metrics", headers=AUTH).text
    assert (
        'newsflow_sources{status="paused"} 1.0' in metrics
        and 'newsflow_sources{status="broken"} 0.0' in metrics
    )

    assert client.delete(f"/v1/sources/{sid}", headers=AUTH).status_code == 204
    assert client.get(f"/v1/sources/{sid}", headers=AUTH).status_code == 404
    assert client.get("/v1/sources/99999999999", headers=AUTH).status_code in (404, 422)


def test_a_crawl_names_its_source(client: TestClient, postgres_url: str) -> None:
    sid = client.post(
        "/v1/sources", json={"name": "Named", "homepage": "https://named.example/"}, headers=AUTH
    ).json()["id"]
    crawl_id = client.post(
        "/v1/crawls", json={"seeds": ["https://named.example/"], "source_id": sid}, headers=AUTH
    ).json()["id"]
    engine = make_engine(postgres_url)
    with session_scope(make_sessionmaker(engine)) as session:
        crawl = session.get(Crawl, crawl_id)
        assert crawl is not None and crawl.source_id == sid
    engine.dispose()


def test_import_opml_and_csv(client: TestClient) -> None:
    answer = client.post("/v1/sources/import", content=OPML, headers=AUTH)
    assert answer.status_code == 200, answer.text
    result = answer.json()
    assert sorted(result["created"]) == ["Alpha", "Beta"] and len(result["errors"]) == 1
    csv = b"name,feeds,tags\nAlpha,https://alpha.example/other.xml,x\nGamma,https://gamma.example/rss,y\n"
    again = client.post("/v1/sources/import?format=csv", content=csv, headers=AUTH).json()
    assert again["created"] == ["Gamma"] and again["updated"] == ["Alpha"]
    alpha = next(s for s in client.get("/v1/sources", headers=AUTH).json()["items"] if s["name"] == "Alpha")
    assert alpha["feeds"] == ["https://alpha.example/other.xml"] and alpha["tags"] == ["x"]
    assert client.post("/v1/sources/import", content=b"\xff\xfe", headers=AUTH).status_code == 400
    assert client.post("/v1/sources/import", content=b"<rss/>", headers=AUTH).status_code == 400
    assert client.post("/v1/sources/import", content=OPML).status_code == 401


def test_docs_page_uses_local_assets_only(client: TestClient) -> None:
    page = client.get("/docs").text
    assert "/docs/static/swagger-ui-bundle.js" in page and "cdn" not in page.lower()
    assert client.get("/docs/static/swagger-ui-bundle.js").status_code == 200
    assert client.get("/redoc").status_code == 404  # not offered (its logo comes from a CDN)


def test_two_schedulers_one_redis_exactly_one_polls(postgres_url: str, redis_url: str) -> None:
    upgrade(postgres_url)
    engine = make_engine(postgres_url)
    sessions = make_sessionmaker(engine)
    settings = make_settings(postgres_url, redis_url, source_jitter=0.0)
    now = datetime.now(UTC)
    with session_scope(sessions) as session:
        for n in range(3):
            session.add(Source(name=f"lease-{n}", feeds=[f"https://l{n}.example/feed"], sitemaps=[], languages=[],
                               tags=[], mode="feed", max_pages=10, max_depth=1, interval_minutes=60.0, active=True,
                               next_poll_at=now - timedelta(minutes=1)))  # fmt: skip
    client = redis.Redis.from_url(redis_url)
    client.delete("test:leader")
    ledger = RedisLedger(client)

    def scheduler() -> tuple[SourceScheduler, RecordingTransport]:
        transport = RecordingTransport()
        lease = SchedulerLease(client, lease_seconds=1.0, key="test:leader")
        return SourceScheduler(lease, sessions, ledger, transport, settings), transport

    (first, first_sent), (second, second_sent) = scheduler(), scheduler()
    first_round = first.tick()
    assert second.tick() is None  # standby while the first holds the lease
    assert first_round is not None and len([r for r in first_round if r.crawl_id]) >= 3
    assert first_sent.fetches() and not second_sent.fetches()
    assert first.tick() is not None  # the holder renews
    first.stop()  # a clean shutdown hands over at once
    assert second.tick() is not None and second.lease.held
    # A holder that stops renewing (crashed) loses the role when its lease runs out.
    time.sleep(1.2)
    assert first.tick() is not None and first.lease.held
    assert second.tick() is None
    engine.dispose()
