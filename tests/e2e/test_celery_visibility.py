"""Celery-native failure visibility with real workers: a message the policy gives up on ends in Celery's state
FAILURE with its reason — seen by a real event receiver and by Flower's API — after its ``failures`` row, and it
is not delivered again (its message leaves Redis at once, and nothing comes back after the visibility timeout).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import redis
import requests
from newsflow_crawl import lifecycle
from newsflow_crawl.delivery.celery_transport import CeleryTransport
from newsflow_crawl.state import RedisLedger
from newsflow_shared.celery_app import make_celery
from newsflow_shared.config import Settings
from newsflow_shared.db import make_engine, make_sessionmaker, session_scope
from newsflow_shared.messages import CrawlRequest
from newsflow_shared.migrate import upgrade
from newsflow_shared.models import Crawl, Failure
from newsflow_shared.queues import FETCH_TASK, QUEUES
from sqlalchemy import select

from tests.support.http_server import Route, serve
from tests.support.processes import free_port, newsflow_env, process_group, wait_http_ok

pytestmark = [pytest.mark.e2e, pytest.mark.integration]

FLOWER_AUTH = ("ops", "flower-test-password")
SETTINGS = {
    "allow_private_addresses": "true",
    "host_delay": "0",
    "task_max_retries": "2",
    "retry_backoff": "0.2",
    "retry_backoff_max": "0.5",
    # A short visibility timeout: a message left unacknowledged would be back within seconds.
    "visibility_timeout": "6",
    "task_time_limit": "5",
    "worker_concurrency": "1",
}


@contextmanager
def captured_events(settings: Settings) -> Iterator[list[dict[str, Any]]]:
    """Every Celery event published while the block runs, received by a real ``app.events.Receiver``."""
    app = make_celery(settings)
    events: list[dict[str, Any]] = []
    with app.connection_for_read() as connection:
        receiver = app.events.Receiver(connection, handlers={"*": events.append})
        thread = threading.Thread(target=receiver.capture, kwargs={"limit": None}, daemon=True)
        thread.start()
        time.sleep(1.0)  # subscribed before anything is published (events are not kept for late listeners)
        try:
            yield events
        finally:
            receiver.should_stop = True
            thread.join(timeout=5)


def task_of(events: list[dict[str, Any]], url: str) -> str:
    """The id of the fetch task of ``url`` (a retry keeps its task's id)."""
    for event in events:
        if event["type"] == "task-received" and event.get("name") == FETCH_TASK and url in event["args"]:
            return str(event["uuid"])
    raise AssertionError(f"no task-received event for {url}")


def test_given_up_messages_end_in_failure_once(redis_url: str, postgres_url: str, tmp_path: Path) -> None:
    routes: dict[str, Route | tuple[int, dict[str, str], bytes]] = {
        "/robots.txt": (200, {"Content-Type": "text/plain"}, b"User-agent: *\nAllow: /\n"),
        "/poison": (502, {"Content-Type": "text/html"}, b"bad gateway"),  # retried twice, then dead-lettered
    }  # /missing: 404, a permanent failure
    env = newsflow_env(database_url=postgres_url, redis_url=redis_url, **SETTINGS)
    settings = Settings(database_url=postgres_url, redis_url=redis_url)
    upgrade(postgres_url)
    sessions = make_sessionmaker(make_engine(postgres_url))
    flower_port = free_port()
    # The stage queues are this test's to count: anything an earlier test of this worker left goes first.
    redis.Redis.from_url(redis_url).delete(*QUEUES)
    with serve(routes) as site, process_group(tmp_path) as procs, captured_events(settings) as events:
        user, password = FLOWER_AUTH
        procs.start(
            "flower", ["flower", "--port", str(flower_port), "--basic-auth", f"{user}:{password}"], env
        )
        flower = f"http://127.0.0.1:{flower_port}"
        wait_http_ok(f"{flower}/healthcheck", timeout=30)
        for stage in ("ingest", "store"):
            procs.start(stage, ["worker", stage], env)
        poison, missing = site.url("/poison"), site.url("/missing")
        crawl_id, _ = lifecycle.start_crawl(
            CrawlRequest(seeds=[poison, missing], mode="article"),
            sessions=sessions,
            ledger=RedisLedger.from_url(redis_url),
            transport=CeleryTransport(make_celery(settings), settings),
        )
        deadline, finished = time.monotonic() + 60, None
        while time.monotonic() < deadline and finished is None:
            time.sleep(0.3)
            with session_scope(sessions) as session:
                finished = session.scalar(select(Crawl.finished_at).where(Crawl.id == crawl_id))
        assert finished is not None, procs.logs()

        # The message is gone from Redis as soon as it failed: not waiting, not held for redelivery.
        client = redis.Redis.from_url(redis_url)
        assert client.hlen("unacked") == 0
        # Past the visibility timeout and a few restore sweeps: nothing came back. (A message of the crawl's end
        # may still be on its way through a queue at the moment the crawl row is finished: the queues are
        # checked once the workers have had the timeout to take it; what is left then names its task.)
        time.sleep(float(SETTINGS["visibility_timeout"]) + 3)
        left = {queue: client.lrange(queue, 0, -1) for queue in QUEUES if client.llen(queue)}
        assert left == {} and client.hlen("unacked") == 0, left
        requested = [path for _, path in site.requests]
        assert requested.count("/poison") == 3 and requested.count("/missing") == 1, requested

        flower_tasks = requests.get(f"{flower}/api/tasks", auth=FLOWER_AUTH, timeout=10).json()
        snapshot = list(events)

    with session_scope(sessions) as session:
        failures = {f.url: f for f in session.scalars(select(Failure).where(Failure.crawl_id == crawl_id))}
    assert (failures[poison].reason, failures[poison].attempts) == ("http_502", 3)
    assert failures[missing].reason == "http_status" and failures[missing].permanent

    poison_id, missing_id = task_of(snapshot, poison), task_of(snapshot, missing)
    by_task = {
        task: [e["type"] for e in snapshot if e.get("uuid") == task and e["type"] != "task-sent"]
        for task in (poison_id, missing_id)
    }
    # One run of the 404: its message rejected without requeue (gone from Redis), the task FAILED.
    assert by_task[missing_id] == ["task-received", "task-started", "task-rejected", "task-failed"]
    # Three runs of the poison message (two retries), the last one likewise; no delivery after the failure.
    assert by_task[poison_id].count("task-retried") == 2 and by_task[poison_id].count("task-received") == 3
    assert by_task[poison_id][-2:] == ["task-rejected", "task-failed"]
    # This crawl's tasks only: the worker's Redis database may hold another test's unfinished crawl, which the
    # reconciler of this test's ingest worker sweeps too (seen once in CI: 6 rejections, 4 of them not ours).
    ours = {
        e["uuid"] for e in snapshot if e["type"] == "task-received" and crawl_id in str(e.get("args", ""))
    }
    rejected = [e for e in snapshot if e["type"] == "task-rejected" and e["uuid"] in ours]
    assert len(rejected) == 2 and not any(e["requeue"] for e in rejected)
    [dead] = [e for e in snapshot if e["type"] == "task-failed" and e["uuid"] == poison_id]
    assert (
        "StepFailed" in dead["exception"]
        and "dead_lettered: http_502 after 3 attempt(s)" in dead["exception"]
    )

    # Flower, reading the same events, shows both as FAILURE with the reason.
    assert flower_tasks[poison_id]["state"] == "FAILURE", flower_tasks
    assert "dead_lettered: http_502" in flower_tasks[poison_id]["exception"]
    assert flower_tasks[missing_id]["state"] == "FAILURE"
    assert "failed: http_status" in flower_tasks[missing_id]["exception"]
