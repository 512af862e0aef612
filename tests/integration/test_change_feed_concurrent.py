"""Proof of the gap-free change feed (issue 14) on PostgreSQL: three store worker processes and one reprocessing
process write concurrently — each holding its transaction open a random while before committing, so commits
land out of clock and id order — while two readers poll the feed throughout, one through SQL
(``newsflow_v1.changes``), one through ``GET /v1/changes``. Each must see every article, every version, and
every feed row exactly once, in checkpoint order."""

from __future__ import annotations

import multiprocessing
import random
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from newsflow_api.app import create_app
from newsflow_shared.config import Settings
from newsflow_shared.db import make_engine, make_sessionmaker, session_scope
from newsflow_shared.feed import START, read_changes
from newsflow_shared.messages import url_key
from newsflow_shared.migrate import upgrade
from newsflow_shared.models import Article, ArticleChange, ArticleVersion
from newsflow_store.articles import upsert_article
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from tests.unit.store.feed_contract import wait_for_feed
from tests.unit.store.store_contract import enriched

pytestmark = pytest.mark.integration

WRITERS = 3
ARTICLES_PER_WRITER = 5
STORES_PER_ARTICLE = 3  # the article is re-crawled with changed text: three versions each
TOKEN = "feed-token"


def _url(writer: int, n: int) -> str:
    return f"https://news.example/w{writer}/story-{n}"


def _write(database_url: str, writer: int, origin: str, seed: int) -> None:
    """A store worker: every article stored STORES_PER_ARTICLE times with new text, commits delayed randomly."""
    rng = random.Random(seed)
    engine = make_engine(database_url)
    sessions = make_sessionmaker(engine)
    try:
        for round_ in range(STORES_PER_ARTICLE):
            for n in range(ARTICLES_PER_WRITER):
                body = f"Story {n} of writer {writer}, told for the {round_} time by {origin}."
                with session_scope(sessions) as session:
                    upsert_article(
                        enriched(_url(writer, n), crawl_id=None, body=body), session=session, origin=origin
                    )
                    time.sleep(rng.random() * 0.02)  # still uncommitted: later ids may commit first
    finally:
        engine.dispose()


def _reprocess(database_url: str, seed: int) -> None:
    """``newsflow reprocess``'s writes: re-store (with changed text) articles writer 0 already stored."""
    _write(database_url, 0, "reprocess", seed)


class Reader:
    """Keeps only a checkpoint; records what it saw."""

    def __init__(self, poll: Callable[[Any], tuple[list[dict[str, Any]], Any]], start: Any) -> None:
        self._poll = poll
        self.checkpoint = start
        self.seen: list[dict[str, Any]] = []

    def poll_once(self) -> None:
        items, self.checkpoint = self._poll(self.checkpoint)
        self.seen.extend(items)


@pytest.fixture(scope="module")
def sessions(postgres_url: str) -> Iterator[sessionmaker[Session]]:
    upgrade(postgres_url)
    engine = make_engine(postgres_url)
    yield make_sessionmaker(engine)
    engine.dispose()


def _sql_poll(sessions: sessionmaker[Session]) -> Callable[[Any], tuple[list[dict[str, Any]], Any]]:
    def poll(checkpoint: tuple[int, int]) -> tuple[list[dict[str, Any]], Any]:
        with session_scope(sessions) as session:
            changes = read_changes(session, checkpoint, 50)
        items = [{"article_id": c.article_id, "version": c.version, "key": c.checkpoint} for c in changes]
        return items, (changes[-1].checkpoint if changes else checkpoint)

    return poll


def _api_poll(client: TestClient) -> Callable[[Any], tuple[list[dict[str, Any]], Any]]:
    def poll(after: str | None) -> tuple[list[dict[str, Any]], Any]:
        params: dict[str, Any] = {"limit": 50, **({"after": after} if after else {})}
        response = client.get("/v1/changes", params=params, headers={"Authorization": f"Bearer {TOKEN}"})
        assert response.status_code == 200, response.text
        page = response.json()
        return page["items"], page["next"]

    return poll


def test_readers_miss_nothing_under_concurrent_writers(
    sessions: sessionmaker[Session], postgres_url: str, redis_url: str
) -> None:
    settings = Settings(_env_file=None, database_url=postgres_url, redis_url=redis_url, api_token=TOKEN)
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_write, args=(postgres_url, w, "crawl", w)) for w in range(WRITERS)]
    workers.append(context.Process(target=_reprocess, args=(postgres_url, 99)))
    with TestClient(create_app(settings)) as client:
        sql_reader = Reader(_sql_poll(sessions), START)
        api_reader = Reader(_api_poll(client), None)
        for worker in workers:
            worker.start()
        deadline = time.monotonic() + 120  # a loaded two-core CI machine
        while any(worker.is_alive() for worker in workers) and time.monotonic() < deadline:
            sql_reader.poll_once()
            api_reader.poll_once()
            time.sleep(0.05)  # two cores: leave the writers room
        for worker in workers:
            worker.join(timeout=30)
            assert worker.exitcode == 0
        wait_for_feed(sessions)  # every committed row visible (a long transaction elsewhere delays it)
        for _ in range(200):  # drain what the last commits made visible
            before = (len(sql_reader.seen), len(api_reader.seen))
            sql_reader.poll_once()
            api_reader.poll_once()
            if (len(sql_reader.seen), len(api_reader.seen)) == before:
                break
    _assert_complete(sessions, sql_reader.seen, "SQL")
    _assert_complete(sessions, api_reader.seen, "API")
    keys = [item["key"] for item in sql_reader.seen]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)


def _assert_complete(sessions: sessionmaker[Session], seen: list[dict[str, Any]], how: str) -> None:
    with session_scope(sessions) as session:
        feed_rows = session.execute(select(func.count()).select_from(ArticleChange)).scalar_one()
        versions = set(session.execute(select(ArticleVersion.article_id, ArticleVersion.version)).tuples())
        articles = set(session.scalars(select(Article.id)))
    expected_articles = {url_key(_url(w, n)) for w in range(WRITERS) for n in range(ARTICLES_PER_WRITER)}
    assert articles == expected_articles
    # writer 0 and the reprocessor both rewrite writer 0's articles: more than STORES_PER_ARTICLE versions there
    assert (
        all(version >= 1 for _, version in versions) and len(versions) >= len(articles) * STORES_PER_ARTICLE
    )
    assert len(seen) == feed_rows == (WRITERS + 1) * ARTICLES_PER_WRITER * STORES_PER_ARTICLE, how
    assert {item["article_id"] for item in seen} == articles, how
    assert {(item["article_id"], item["version"]) for item in seen} == versions, how
