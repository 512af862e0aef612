"""The task API on real Redis and PostgreSQL: auth, crawls (row, ledger, queued messages), articles."""

from __future__ import annotations

import base64
import json
import socket
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import redis
from fastapi.testclient import TestClient
from newsflow_api.app import create_app
from newsflow_api.auth import MissingApiToken
from newsflow_api.stage_health import StageWatch, stage_health
from newsflow_crawl.state import RedisLedger
from newsflow_shared.celery_app import make_celery
from newsflow_shared.config import Settings
from newsflow_shared.db import make_engine
from newsflow_shared.messages import EnrichedArticle, ParsedArticle, url_key
from newsflow_shared.migrate import upgrade
from newsflow_shared.models import Article, ArticleEntity, ArticleTranslation, Crawl, Entity, OutboxMessage
from newsflow_shared.queues import ENRICH_TASK, FETCH_TASK, INGEST_QUEUE, QUEUES
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

pytestmark = pytest.mark.integration

TOKEN = "secret"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def make_settings(postgres_url: str, redis_url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {"database_url": postgres_url, "redis_url": redis_url, "api_token": TOKEN}
    values.update(overrides)
    return Settings(_env_file=None, **values)


def closed_port_url(scheme: str) -> str:
    """A URL on a local port nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    if scheme == "redis":
        return f"redis://127.0.0.1:{port}/0"
    return f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres?connect_timeout=2"


@pytest.fixture(scope="module")
def engine(postgres_url: str) -> Iterator[Engine]:
    upgrade(postgres_url)
    engine = make_engine(postgres_url)
    yield engine
    engine.dispose()


@pytest.fixture
def client(engine: Engine, postgres_url: str, redis_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(make_settings(postgres_url, redis_url, default_max_pages=7))) as client:
        yield client


@pytest.fixture
def ledger(redis_url: str) -> Iterator[RedisLedger]:
    client = redis.Redis.from_url(redis_url)
    yield RedisLedger(client)
    client.close()


def queued_fetch_tasks(redis_url: str, crawl_id: str) -> list[tuple[str, dict[str, Any]]]:
    """(task name, FetchTask dict) of every message of ``crawl_id`` waiting in the Redis ``ingest`` list."""
    client = redis.Redis.from_url(redis_url)
    try:
        raw_messages = client.lrange(INGEST_QUEUE, 0, -1)
    finally:
        client.close()
    found = []
    for raw in raw_messages:
        message = json.loads(raw)
        assert message["properties"]["body_encoding"] == "base64"
        args, _kwargs, _embed = json.loads(base64.b64decode(message["body"]))
        if args and args[0].get("crawl_id") == crawl_id:
            found.append((message["headers"]["task"], args[0]))
    return found


# --- startup and authentication ---


def test_refuses_to_start_without_a_token(postgres_url: str, redis_url: str) -> None:
    with pytest.raises(MissingApiToken, match="NEWSFLOW_API_TOKEN"):
        create_app(make_settings(postgres_url, redis_url, api_token=None))
    with pytest.raises(MissingApiToken):
        create_app(make_settings(postgres_url, redis_url, api_token=""))


def test_auth_disabled_needs_no_token(engine: Engine, postgres_url: str, redis_url: str) -> None:
    settings = make_settings(postgres_url, redis_url, api_token=None, api_auth="disabled")
    with TestClient(create_app(settings)) as client:
        assert client.get("/v1/crawls").status_code == 200


def test_token_required_on_api_but_not_on_healthz(client: TestClient) -> None:
    missing = client.get("/v1/crawls")
    assert missing.status_code == 401
    assert missing.headers["www-authenticate"].startswith("Bearer")
    assert "error" not in missing.headers["www-authenticate"]

    wrong = client.get("/v1/articles", headers={"Authorization": "Bearer secreT"})
    assert wrong.status_code == 401
    assert 'error="invalid_token"' in wrong.headers["www-authenticate"]

    basic = client.post(
        "/v1/crawls", json={"seeds": ["https://example.com/"]}, headers={"Authorization": "Basic x"}
    )
    assert basic.status_code == 401

    assert client.get("/v1/crawls", headers=AUTH).status_code == 200
    assert client.get("/healthz").status_code == 200
    assert client.get("/openapi.json").json()["info"]["title"] == "newsflow task API"


# --- crawls ---


def test_post_crawl_records_the_row_then_queues_the_seeds(
    client: TestClient, engine: Engine, redis_url: str
) -> None:
    seeds = ["https://news.example.com/", "https://other.example.org/", "https://news.example.com/"]
    response = client.post("/v1/crawls", json={"seeds": seeds, "mode": "site", "max_depth": 3}, headers=AUTH)
    assert response.status_code == 202
    body = response.json()
    assert body["status"] == "queued"
    crawl_id = body["id"]

    with Session(engine) as session:
        row = session.get(Crawl, crawl_id)
        assert row is not None
        assert (row.status, row.mode, row.seeds) == ("queued", "site", seeds)
        assert (row.max_pages, row.max_depth) == (7, 3)  # max_pages from settings.default_max_pages

    queued = queued_fetch_tasks(redis_url, crawl_id)
    # The duplicate seed was admitted once.
    assert sorted(task["url"] for _, task in queued) == [
        "https://news.example.com/",
        "https://other.example.org/",
    ]
    for name, task in queued:
        assert name == FETCH_TASK
        assert (task["role"], task["mode"], task["depth"], task["max_pages"], task["max_depth"]) == (
            "page",
            "site",
            0,
            7,
            3,
        )


def test_feed_crawl_seeds_are_queued_as_feeds(client: TestClient, redis_url: str) -> None:
    response = client.post(
        "/v1/crawls",
        json={"seeds": ["https://example.com/rss.xml"], "mode": "feed", "max_pages": 3},
        headers=AUTH,
    )
    assert response.status_code == 202
    [(name, task)] = queued_fetch_tasks(redis_url, response.json()["id"])
    assert (name, task["role"], task["max_pages"]) == (FETCH_TASK, "feed", 3)


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        ({}, "seeds"),
        ({"seeds": []}, "seeds"),
        ({"seeds": ["ftp://example.com/file"]}, "not an absolute http(s) URL"),
        ({"seeds": ["not a url"]}, "not an absolute http(s) URL"),
        ({"seeds": ["http://"]}, "not an absolute http(s) URL"),
        ({"seeds": ["https://example.com/"], "mode": "everything"}, "mode"),
        ({"seeds": ["https://example.com/"], "max_pages": 0}, "max_pages"),
        ({"seeds": ["https://example.com/"], "max_depth": -1}, "max_depth"),
        ({"seeds": ["https://example.com/"], "max_page": 5}, "max_page"),
        ({"seeds": "https://example.com/"}, "seeds"),
    ],
)
def test_invalid_crawl_requests_are_422(
    client: TestClient, engine: Engine, body: dict[str, Any], needle: str
) -> None:
    with Session(engine) as session:
        before = len(session.scalars(select(Crawl.id)).all())
    response = client.post("/v1/crawls", json=body, headers=AUTH)
    assert response.status_code == 422
    assert needle in json.dumps(response.json()["detail"])
    with Session(engine) as session:
        assert len(session.scalars(select(Crawl.id)).all()) == before


def test_get_crawl_reports_live_ledger_counts(client: TestClient, ledger: RedisLedger) -> None:
    crawl_id = client.post("/v1/crawls", json={"seeds": ["https://example.com/"]}, headers=AUTH).json()["id"]
    queued = client.get(f"/v1/crawls/{crawl_id}", headers=AUTH).json()
    assert queued["status"] == "queued"
    assert queued["counts"] == {
        "discovered": 1,
        "fetched": 0,
        "articles": 0,
        "stored": 0,
        "skipped": 0,
        "failed": 0,
    }
    assert queued["seeds"] == ["https://example.com/"]
    assert queued["finished_at"] is None
    datetime.fromisoformat(queued["created_at"])

    ledger.set_status(crawl_id, "running")
    ledger.count(crawl_id, "fetched", "https://example.com/")
    ledger.count(crawl_id, "fetched", "https://example.com/")  # a redelivery counts once
    ledger.count(crawl_id, "articles", "a" * 64)
    running = client.get(f"/v1/crawls/{crawl_id}", headers=AUTH).json()
    assert running["status"] == "running"
    assert running["counts"]["fetched"] == 1
    assert running["counts"]["articles"] == 1


def test_get_final_crawl_reports_the_row(client: TestClient, engine: Engine, ledger: RedisLedger) -> None:
    crawl_id = client.post("/v1/crawls", json={"seeds": ["https://example.com/a"]}, headers=AUTH).json()["id"]
    finished = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
    with Session(engine) as session, session.begin():
        row = session.get(Crawl, crawl_id)
        assert row is not None
        row.status, row.fetched, row.stored, row.finished_at = "done", 40, 12, finished
    ledger.count(crawl_id, "fetched", "https://example.com/late")  # the ledger no longer matters
    view = client.get(f"/v1/crawls/{crawl_id}", headers=AUTH).json()
    assert view["status"] == "done"
    assert (view["counts"]["fetched"], view["counts"]["stored"], view["counts"]["discovered"]) == (40, 12, 0)
    assert datetime.fromisoformat(view["finished_at"]) == finished


def test_unknown_crawl_is_404(client: TestClient) -> None:
    assert client.get(f"/v1/crawls/{uuid.uuid4()}", headers=AUTH).status_code == 404
    assert client.post(f"/v1/crawls/{uuid.uuid4()}/cancel", headers=AUTH).status_code == 404


def test_list_crawls_newest_first_with_limit(client: TestClient) -> None:
    ids = [
        client.post("/v1/crawls", json={"seeds": [f"https://list{i}.example/"]}, headers=AUTH).json()["id"]
        for i in range(3)
    ]
    listed = client.get("/v1/crawls", params={"limit": 2}, headers=AUTH).json()["items"]
    assert [item["id"] for item in listed] == [ids[2], ids[1]]
    assert client.get("/v1/crawls", params={"limit": 0}, headers=AUTH).status_code == 422


def test_cancel_sets_ledger_flag_and_row(client: TestClient, engine: Engine, ledger: RedisLedger) -> None:
    crawl_id = client.post("/v1/crawls", json={"seeds": ["https://cancel.example/"]}, headers=AUTH).json()[
        "id"
    ]
    ledger.count(crawl_id, "fetched", "https://cancel.example/")
    response = client.post(f"/v1/crawls/{crawl_id}/cancel", headers=AUTH)
    assert response.status_code == 200
    view = response.json()
    assert view["status"] == "cancelled"
    assert (view["counts"]["discovered"], view["counts"]["fetched"]) == (1, 1)  # snapshot of the ledger
    assert ledger.is_cancelled(crawl_id)
    with Session(engine) as session:
        row = session.get(Crawl, crawl_id)
        assert row is not None
        assert (row.status, row.fetched) == ("cancelled", 1)
        assert row.finished_at is not None
    again = client.post(f"/v1/crawls/{crawl_id}/cancel", headers=AUTH)
    assert again.status_code == 200
    assert again.json() == view


def test_cancel_of_a_finished_crawl_changes_nothing(
    client: TestClient, engine: Engine, ledger: RedisLedger
) -> None:
    crawl_id = client.post("/v1/crawls", json={"seeds": ["https://done.example/"]}, headers=AUTH).json()["id"]
    with Session(engine) as session, session.begin():
        row = session.get(Crawl, crawl_id)
        assert row is not None
        row.status = "done"
    assert client.post(f"/v1/crawls/{crawl_id}/cancel", headers=AUTH).json()["status"] == "done"
    assert not ledger.is_cancelled(crawl_id)


def test_post_crawl_when_redis_is_down_is_still_accepted_from_the_outbox(
    engine: Engine, postgres_url: str
) -> None:
    """Durable before acknowledged: the crawl and its seed message are committed; the relay publishes later
    (tests/faults/test_outbox.py sees it publish once Redis is back)."""
    seed = f"https://down.example/{uuid.uuid4()}"
    settings = make_settings(postgres_url, closed_port_url("redis"))
    with TestClient(create_app(settings)) as client:
        response = client.post("/v1/crawls", json={"seeds": [seed]}, headers=AUTH)
    assert response.status_code == 202, response.text
    crawl_id = response.json()["id"]
    with Session(engine) as session:
        row = session.get(Crawl, crawl_id)
        assert row is not None
        assert (row.status, row.seeds) == ("queued", [seed])
        pending = session.scalars(select(OutboxMessage).where(OutboxMessage.crawl_id == crawl_id)).one()
        assert pending.sent_at is None and pending.attempts >= 1 and pending.last_error
        assert pending.payload["url"] == seed


# --- articles ---


def insert_articles(engine: Engine, count: int, *, language: str = "en") -> tuple[str, list[str]]:
    """A crawl with ``count`` articles created one minute apart; returns (crawl id, ids newest first)."""
    crawl_id = str(uuid.uuid4())
    base = datetime(2024, 1, 1, tzinfo=UTC)
    ids = []
    with Session(engine) as session, session.begin():
        session.add(Crawl(id=crawl_id, mode="site", seeds=["https://a.example/"], max_pages=10, max_depth=1))
        session.flush()
        for i in range(count):
            canonical = f"https://a.example/{crawl_id}/{i}"
            ids.append(url_key(canonical))
            session.add(
                Article(
                    id=url_key(canonical),
                    canonical_url=canonical,
                    url=canonical + "?utm_source=x",
                    crawl_id=crawl_id,
                    title=f"Story {i}",
                    body="Text.",
                    language=language if i % 2 == 0 else "de",
                    site_name="A",
                    content_hash="0" * 64,
                    created_at=base + timedelta(minutes=i // 2),  # pairs share a timestamp: ties by id
                )
            )
    by_created = sorted(range(count), key=lambda i: (i // 2, ids[i]), reverse=True)
    return crawl_id, [ids[i] for i in by_created]


def test_articles_keyset_pagination(client: TestClient, engine: Engine) -> None:
    crawl_id, expected = insert_articles(engine, 7)
    seen: list[str] = []
    cursor: str | None = None
    pages = 0
    while True:
        params: dict[str, Any] = {"crawl_id": crawl_id, "limit": 3}
        if cursor:
            params["cursor"] = cursor
        page = client.get("/v1/articles", params=params, headers=AUTH).json()
        seen.extend(item["id"] for item in page["items"])
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == expected
    assert pages == 3
    first = client.get("/v1/articles", params={"crawl_id": crawl_id, "limit": 1}, headers=AUTH).json()[
        "items"
    ][0]
    assert set(first) == {
        "id",
        "url",
        "canonical_url",
        "title",
        "published_at",
        "language",
        "site_name",
        "crawl_id",
        "version",
        "created_at",
    }
    assert first["crawl_id"] == crawl_id


def test_articles_language_filter_and_bad_parameters(client: TestClient, engine: Engine) -> None:
    crawl_id, _ = insert_articles(engine, 5, language="fr")
    items = client.get("/v1/articles", params={"crawl_id": crawl_id, "language": "fr"}, headers=AUTH).json()[
        "items"
    ]
    assert [item["title"] for item in items] == ["Story 4", "Story 2", "Story 0"]
    assert client.get("/v1/articles", params={"cursor": "garbage!"}, headers=AUTH).status_code == 400
    assert client.get("/v1/articles", params={"limit": 0}, headers=AUTH).status_code == 422
    assert client.get("/v1/articles", params={"limit": 201}, headers=AUTH).status_code == 422
    assert client.get("/v1/articles", params={"limit": 200}, headers=AUTH).status_code == 200


def test_article_detail_has_the_record_keys(client: TestClient, engine: Engine) -> None:
    _, [article_id, *_] = insert_articles(engine, 1)
    published = datetime(2024, 3, 2, 8, 30, tzinfo=UTC)
    with Session(engine) as session, session.begin():
        article = session.get(Article, article_id)
        assert article is not None
        article.published_at = published
        article.authors = ["Ann Writer"]
        article.images = [{"url": "https://a.example/i.jpg", "caption": "A cat", "credit": None}]
        article.extras = {"keywords": "cats"}
        article.language_confidence = 0.97
        person = Entity(name="Ann Writer", type="PERSON")
        place = Entity(name="Paris", type="GPE")
        session.add_all([person, place])
        session.flush()
        session.add_all(
            [
                ArticleEntity(article_id=article_id, entity_id=person.id, count=1),
                ArticleEntity(article_id=article_id, entity_id=place.id, count=3),
                ArticleTranslation(
                    article_id=article_id, provider="libretranslate", source_language="en",
                    target_language="fr", title="Histoire 0", body="Texte.",
                ),
            ]
        )  # fmt: skip
    response = client.get(f"/v1/articles/{article_id}", headers=AUTH)
    assert response.status_code == 200
    record = response.json()
    reference = EnrichedArticle(article=ParsedArticle(url="u", canonical_url="c")).to_record()
    assert set(record) == set(reference) | {"id"}
    assert record["id"] == article_id
    assert datetime.fromisoformat(record["published_at"]) == published
    assert record["authors"] == ["Ann Writer"]
    assert record["images"] == [{"url": "https://a.example/i.jpg", "caption": "A cat", "credit": None}]
    # Links stored without mentions (before revision 0002_enrichment) read as found by the model.
    unknown = {
        "mentions": [],
        "salience": None,
        "first_position": None,
        "in_title": False,
        "provenance": "ner",
        # and with no route or identifiers (before revision 0008_entity_identifiers)
        "route": None,
        "wikidata_id": None,
        "geonames_id": None,
    }
    assert record["entities"] == [
        {"name": "Paris", "type": "GPE", "count": 3, **unknown},
        {"name": "Ann Writer", "type": "PERSON", "count": 1, **unknown},
    ]
    [translation] = record["translations"]
    assert (translation["target_language"], translation["title"]) == ("fr", "Histoire 0")
    datetime.fromisoformat(translation["created_at"])
    assert client.get(f"/v1/articles/{'f' * 64}", headers=AUTH).status_code == 404


# --- health ---


def empty_stage_queues(redis_url: str) -> None:
    """Drop the messages earlier tests of this module queued (their crawls' seeds; no worker runs here)."""
    client = redis.Redis.from_url(redis_url)
    try:
        client.delete(*QUEUES)
    finally:
        client.close()


def wait_for_outbox_relayed(engine: Engine, timeout: float = 15.0) -> None:
    """Wait until the running app's outbox relay has queued the seeds earlier tests left unsent."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with Session(engine) as session:
            unsent = session.scalar(select(func.count()).where(OutboxMessage.sent_at.is_(None)))
        if not unsent:
            return
        time.sleep(0.2)
    raise AssertionError(f"{unsent} outbox messages still unsent after {timeout}s")


def test_healthz_ok(client: TestClient, engine: Engine, redis_url: str) -> None:
    wait_for_outbox_relayed(engine)
    empty_stage_queues(redis_url)
    response = client.get("/healthz")
    assert response.status_code == 200
    idle = {"workers": 0, "queued": 0, "status": "idle"}
    assert response.json() == {
        "status": "ok",
        "redis": "ok",
        "database": "ok",
        "stages": {"ingest": idle, "enrich": idle, "store": idle},
    }


def test_healthz_degraded_when_messages_wait_for_a_stage_without_workers(
    client: TestClient, engine: Engine, redis_url: str
) -> None:
    wait_for_outbox_relayed(engine)
    empty_stage_queues(redis_url)
    celery = make_celery(Settings(_env_file=None, redis_url=redis_url))
    celery.send_task(ENRICH_TASK, args=[{"url": "https://a.example/"}])
    try:
        response = client.get("/healthz")
    finally:
        empty_stage_queues(redis_url)
    assert response.status_code == 200  # the API itself is fine; the body says what is not
    body = response.json()
    assert body["status"] == "degraded"
    assert body["stages"]["enrich"] == {"workers": 0, "queued": 1, "status": "degraded"}
    assert body["stages"]["store"]["status"] == "idle"


def test_stage_answers_are_cached_for_their_ttl(redis_url: str) -> None:
    empty_stage_queues(redis_url)
    client = redis.Redis.from_url(redis_url)
    celery = make_celery(Settings(_env_file=None, redis_url=redis_url))
    watch = StageWatch(celery, client, ttl=60, ping_timeout=0.2)
    try:
        assert watch.stages() == {stage: stage_health(0, 0) for stage in QUEUES}
        celery.send_task(ENRICH_TASK, args=[{}])
        assert watch.stages()["enrich"].queued == 0  # type: ignore[index]  # the cached answer
        fresh = StageWatch(celery, client, ttl=60, ping_timeout=0.2)
        assert fresh.stages()["enrich"].queued == 1  # type: ignore[index]
    finally:
        empty_stage_queues(redis_url)
        client.close()


def test_healthz_503_names_redis_when_it_is_down(engine: Engine, postgres_url: str) -> None:
    with TestClient(create_app(make_settings(postgres_url, closed_port_url("redis")))) as client:
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "redis": "error", "database": "ok"}


def test_healthz_503_names_the_database_when_it_is_down(redis_url: str) -> None:
    with TestClient(create_app(make_settings(closed_port_url("postgres"), redis_url))) as client:
        response = client.get("/healthz")
        assert client.get("/v1/crawls", headers=AUTH).status_code == 503
    assert response.status_code == 503
    assert response.json() == {"status": "error", "redis": "ok", "database": "error"}
