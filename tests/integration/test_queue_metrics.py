"""Queue depth and age read from Celery's Redis transport, with a real worker: a deferred (countdown) message that
a worker holds until it is due is out of the queue's list — ``LLEN`` says 0 — but still counted."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import redis
from newsflow_ops.broker import priority_lists, read_queues
from newsflow_shared.celery_app import make_celery
from newsflow_shared.config import Settings
from newsflow_shared.queues import QUEUES, RECORD_FAILURE_TASK, STORE_QUEUE

from tests.support.processes import newsflow_env, process_group

pytestmark = [pytest.mark.integration]


@pytest.fixture
def broker(redis_url: str) -> Iterator[redis.Redis]:
    """The test Redis with its queues emptied before (what earlier tests of the session left) and after (the
    deferred messages here must never run elsewhere)."""
    client = redis.Redis.from_url(redis_url)
    keys = ["unacked", "unacked_index", *(name for q in QUEUES for name in priority_lists(q))]
    client.delete(*keys)
    yield client
    client.delete(*keys)


def wait_for(condition: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise TimeoutError("condition not met")


def test_waiting_and_deferred_messages_are_counted_with_their_age(
    redis_url: str, postgres_url: str, broker: redis.Redis, tmp_path: Path
) -> None:
    settings = Settings(redis_url=redis_url, database_url=postgres_url)
    celery = make_celery(settings)
    payload = {"stage": "store", "task_name": "test", "error_type": "Test", "reason": "test", "message": ""}
    # Never run during the test: due in ten minutes.
    for _ in range(2):
        celery.send_task(RECORD_FAILURE_TASK, args=[payload], countdown=600)
    time.sleep(1.1)

    # No worker yet: both wait in the store queue's list; deferred, so neither has an age.
    stats = read_queues(broker, QUEUES, time.time())[STORE_QUEUE]
    assert (stats.waiting, stats.held, stats.depth, stats.oldest_age) == (2, 0, 2, 0.0)

    # A ready message published a second ago is one second old (ages count from publication).
    celery.send_task("newsflow.test.not_consumed", args=[], queue="ingest")
    time.sleep(1.0)
    ingest = read_queues(broker, QUEUES, time.time())["ingest"]
    assert ingest.depth == 1 and 1.0 <= ingest.oldest_age < 5.0
    broker.delete("ingest")

    env = newsflow_env(redis_url=redis_url, database_url=postgres_url, worker_concurrency="1")
    with process_group(tmp_path) as procs:
        procs.start("store", ["worker", "store"], env)
        # The worker takes both and holds them until they are due: the list is empty, the depth is not.
        wait_for(lambda: broker.llen(STORE_QUEUE) == 0 and broker.hlen("unacked") == 2)
        every = read_queues(broker, QUEUES, time.time())
        stats = every[STORE_QUEUE]
        assert (stats.waiting, stats.held, stats.depth) == (0, 2, 2), procs.logs()
        # Attributed to their own queue only (kombu binds every queue to one exchange, "ingest", here).
        assert every["ingest"].depth == every["enrich"].depth == 0
    # A warm shutdown gives them back to the list: still two.
    wait_for(lambda: broker.llen(STORE_QUEUE) == 2, timeout=10)
    assert read_queues(broker, QUEUES, time.time())[STORE_QUEUE].depth == 2
