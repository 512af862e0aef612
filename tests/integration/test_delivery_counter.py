"""The poison counter's keys (``newsflow:deliveries:<task id>:<retry>``) on a real Redis: kept a week while a
message may still be crashing its workers, and only as long as a lost acknowledgement could bring it back once
the policy has decided it — so Redis does not hold ~0.3 KB per article for a week (the soak found 100,000 such
keys, 10 MB, after 33,000 articles; 2.2 GB at a million articles a day)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
import redis
from celery import Celery
from newsflow_crawl.delivery.celery_transport import (
    DELIVERY_KEY_TTL_SECONDS,
    count_delivery,
    run_celery_step,
)
from newsflow_crawl.delivery.policy import Step, TaskContext, Transport
from newsflow_crawl.state import MemoryLedger
from newsflow_shared.celery_app import make_celery
from newsflow_shared.config import Settings

pytestmark = pytest.mark.integration


@pytest.fixture
def app(redis_url: str) -> Iterator[Celery]:
    celery = make_celery(Settings(redis_url=redis_url))
    yield celery
    celery.close()


def _task(app: Celery, task_id: str):  # type: ignore[no-untyped-def]
    @app.task(bind=True, name=f"newsflow.tests.delivery.{task_id}")
    def noop(self):  # type: ignore[no-untyped-def]
        return None

    noop.push_request(id=task_id, retries=0)
    return noop


def _step() -> Step:
    def work(_: Transport) -> None:
        return None

    ctx = TaskContext("store", "newsflow.store.store", {}, None, "https://a.example/x", None)
    return Step(ctx, work)


def test_a_decided_message_keeps_its_count_only_while_it_could_come_back(app: Celery, redis_url: str) -> None:
    settings = Settings(redis_url=redis_url, visibility_timeout=120, task_time_limit=60)
    task_id = str(uuid.uuid4())
    outcome = run_celery_step(
        _task(app, task_id), _step(), celery=app, ledger=MemoryLedger(), settings=settings
    )
    assert outcome == "ok"
    client = redis.Redis.from_url(redis_url)
    key = f"newsflow:deliveries:{task_id}:0"
    assert client.get(key) == b"1"  # still counted: an ack lost now brings the message back once more
    assert 0 < client.ttl(key) <= settings.visibility_timeout + settings.task_time_limit


def test_a_start_that_never_finished_keeps_its_count_for_the_week(app: Celery, redis_url: str) -> None:
    settings = Settings(redis_url=redis_url)
    task_id = str(uuid.uuid4())
    assert count_delivery(_task(app, task_id), settings) == 1  # the worker died here: nothing decided
    assert count_delivery(_task(app, task_id), settings) == 2  # redelivered
    ttl = redis.Redis.from_url(redis_url).ttl(f"newsflow:deliveries:{task_id}:0")
    assert DELIVERY_KEY_TTL_SECONDS - 60 < ttl <= DELIVERY_KEY_TTL_SECONDS
