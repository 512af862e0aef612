"""Crawl submission is durable before it is acknowledged: with Redis stopped, ``POST /v1/crawls`` still answers
202 (the crawl and its seed messages are committed to the outbox), and once Redis is back the API's relay
publishes them without anyone asking again."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import redis
from fastapi.testclient import TestClient
from newsflow_api.app import create_app
from newsflow_shared.config import Settings
from newsflow_shared.db import make_engine, make_sessionmaker, session_scope
from newsflow_shared.models import Crawl, OutboxMessage
from newsflow_shared.queues import INGEST_QUEUE
from sqlalchemy import select

from tests.support.fault_tools import ThrowawayRedis

pytestmark = [pytest.mark.faults, pytest.mark.integration]

TOKEN = "outbox-token"


def test_crawl_accepted_while_redis_is_down_is_published_when_it_returns(
    fault_db: str, tmp_path: Path
) -> None:
    sessions = make_sessionmaker(make_engine(fault_db))
    with ThrowawayRedis(tmp_path / "redis") as broker:
        settings = Settings(_env_file=None, database_url=fault_db, redis_url=broker.url, api_token=TOKEN)  # type: ignore[call-arg]
        with TestClient(create_app(settings)) as client:
            broker.stop()
            response = client.post(
                "/v1/crawls",
                json={"seeds": ["https://a.example/", "https://b.example/"], "mode": "article"},
                headers={"Authorization": f"Bearer {TOKEN}"},
            )
            assert response.status_code == 202, response.text
            crawl_id = response.json()["id"]
            with session_scope(sessions) as session:
                assert session.get(Crawl, crawl_id) is not None
                rows = session.scalars(select(OutboxMessage).where(OutboxMessage.crawl_id == crawl_id)).all()
                assert len(rows) == 2 and all(row.sent_at is None for row in rows)

            broker.start()
            deadline = time.monotonic() + 15
            unsent = 2
            while unsent and time.monotonic() < deadline:
                time.sleep(0.5)
                with session_scope(sessions) as session:
                    unsent = len(
                        session.scalars(
                            select(OutboxMessage).where(
                                OutboxMessage.crawl_id == crawl_id, OutboxMessage.sent_at.is_(None)
                            )
                        ).all()
                    )
            assert unsent == 0, "the relay did not publish the outbox after Redis came back"
        queued = redis.Redis.from_url(broker.url).llen(INGEST_QUEUE)
    assert queued == 2  # each seed published once
