"""Worker probes and ``/healthz`` against real processes: ``newsflow health live`` turns red when a worker's main
process is stopped (SIGSTOP) and green again after SIGCONT, red at once when it is killed (SIGKILL); ``newsflow
health ready`` fails when the broker's port is closed; ``/healthz`` says ``degraded`` when messages wait for the
enrich stage and no enrich worker runs."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import redis
import requests
from newsflow_shared.celery_app import make_celery
from newsflow_shared.config import Settings
from newsflow_shared.queues import ENRICH_TASK, QUEUES

from tests.support.fault_tools import kill9, wait_for_children
from tests.support.processes import NEWSFLOW, free_port, newsflow_env, process_group, wait_http_ok

pytestmark = [pytest.mark.e2e, pytest.mark.integration]

INTERVAL = 0.5  # heartbeat every half second,
MAX_AGE = 2.0  # hung after two seconds without one


def probe(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run ``newsflow health …`` as a probe would."""
    return subprocess.run(
        [NEWSFLOW, "health", *args], env=env, capture_output=True, text=True, timeout=30, check=False
    )


def wait_for_probe(
    args: tuple[str, ...], env: dict[str, str], *, exit_code: int, within: float
) -> tuple[float, str]:
    """Run the probe until it exits with ``exit_code``; returns the seconds that took and what it printed.
    Fails after ``within`` seconds."""
    started = time.monotonic()
    result = None
    while time.monotonic() - started < within:
        result = probe(*args, env=env)
        if result.returncode == exit_code:
            return time.monotonic() - started, result.stdout
        time.sleep(0.2)
    raise AssertionError(
        f"`newsflow health {' '.join(args)}` did not exit {exit_code} within {within}s; last: {result}"
    )


def test_live_follows_a_stopped_continued_then_killed_worker(redis_url: str, tmp_path: Path) -> None:
    env = newsflow_env(
        redis_url=redis_url,
        worker_concurrency="1",
        heartbeat_file=str(tmp_path / "{stage}.heartbeat"),
        heartbeat_interval=str(INTERVAL),
        heartbeat_max_age=str(MAX_AGE),
    )
    live = ("live", "ingest")
    assert probe(*live, env=env).returncode == 1  # no worker yet: no heartbeat file
    with process_group(tmp_path) as procs:
        worker = procs.start("ingest", ["worker", "ingest"], env)
        children = wait_for_children(worker.pid)
        wait_for_probe(live, env, exit_code=0, within=60)

        os.kill(
            worker.pid, signal.SIGSTOP
        )  # the main process only: its event loop stops, its pool child runs
        try:
            red_after, why = wait_for_probe(live, env, exit_code=1, within=MAX_AGE + 10)
        finally:
            os.kill(worker.pid, signal.SIGCONT)
        assert "last heartbeat" in why and "limit 2s" in why, why
        green_after, _ = wait_for_probe(live, env, exit_code=0, within=10)

        kill9(worker.pid)
        for child in children:
            kill9(child)  # orphaned pool processes, as the test's own cleanup
        killed = probe(*live, env=env)
        assert killed.returncode == 1 and "is gone" in killed.stdout, killed
    print(f"stopped -> not live after {red_after:.1f}s; continued -> live after {green_after:.1f}s")


def forget_queue(redis_url: str, name: str) -> None:
    """Delete queue ``name`` and its binding from the broker, as Celery declares it (exchange and routing key
    named after the queue), through kombu — which deletes only what its channel declared, hence the declare."""
    celery = make_celery(Settings(_env_file=None, redis_url=redis_url))
    with celery.connection_for_write() as connection:
        queue = celery.amqp.queues[name](connection.default_channel)
        queue.declare()
        queue.delete()


def test_ready_needs_the_broker_and_the_declared_queue(redis_url: str, tmp_path: Path) -> None:
    env = newsflow_env(redis_url=redis_url, heartbeat_file=str(tmp_path / "{stage}.heartbeat"))
    closed = free_port()
    broker_closed = {**env, "NEWSFLOW_REDIS_URL": f"redis://127.0.0.1:{closed}/0"}
    refused = probe("ready", "ingest", env=broker_closed)
    assert refused.returncode == 1, refused
    assert "broker: FAILED" in refused.stdout and "NOT ready" in refused.stdout

    forget_queue(redis_url, "ingest")  # as on a new broker: earlier tests' workers declared it
    undeclared = probe("ready", "ingest", env=env)
    assert undeclared.returncode == 1 and "queue: FAILED" in undeclared.stdout, undeclared

    with process_group(tmp_path) as procs:
        wait_for_children(procs.start("ingest", ["worker", "ingest"], env).pid)
        wait_for_probe(("ready", "ingest"), env, exit_code=0, within=30)  # the worker declared its queue
        ready = probe("ready", "ingest", env=env)
        assert "broker: ok" in ready.stdout and "queue: ok" in ready.stdout, ready

    database_closed = {**env, "NEWSFLOW_DATABASE_URL": f"postgresql://postgres@127.0.0.1:{closed}/x"}
    store = probe("ready", "store", env=database_closed)
    assert store.returncode == 1 and "database: FAILED" in store.stdout, store


def wait_for_health(url: str, accept: Callable[[dict[str, Any]], bool], within: float) -> dict[str, Any]:
    """GET ``url`` until ``accept`` takes its body (it is cached for a few seconds); the last body on failure."""
    deadline = time.monotonic() + within
    body: dict[str, Any] = {}
    while time.monotonic() < deadline:
        response = requests.get(url, timeout=10)
        assert response.status_code == 200, response.text  # degraded or not, the API itself answers
        body = response.json()
        if accept(body):
            return body
        time.sleep(0.5)
    raise AssertionError(f"{url} never answered as expected within {within}s; last: {body}")


def test_healthz_is_degraded_while_enrich_messages_wait_without_an_enrich_worker(
    redis_url: str, postgres_url: str, tmp_path: Path
) -> None:
    client = redis.Redis.from_url(redis_url)
    client.delete(*QUEUES)
    port = free_port()
    env = newsflow_env(
        redis_url=redis_url,
        database_url=postgres_url,
        api_token="secret",
        worker_concurrency="1",
        heartbeat_file=str(tmp_path / "{stage}.heartbeat"),
    )
    subprocess.run([NEWSFLOW, "migrate"], env=env, check=True, timeout=120, capture_output=True)
    healthz = f"http://127.0.0.1:{port}/healthz"
    with process_group(tmp_path) as procs:
        procs.start("api", ["api", "--port", str(port)], env)
        for stage in ("ingest", "store"):  # every stage but enrich
            procs.start(stage, ["worker", stage], env)
        wait_http_ok(healthz, timeout=60)
        both_up = wait_for_health(
            healthz, lambda b: b["stages"]["ingest"]["workers"] and b["stages"]["store"]["workers"], 60
        )
        assert both_up["status"] == "ok" and both_up["stages"]["enrich"]["status"] == "idle", procs.logs()

        make_celery(Settings(_env_file=None, redis_url=redis_url)).send_task(ENRICH_TASK, args=[{}])
        degraded = wait_for_health(healthz, lambda b: b["status"] == "degraded", 20)
    client.delete(*QUEUES)
    client.close()
    assert degraded["stages"]["enrich"] == {"workers": 0, "queued": 1, "status": "degraded"}
    assert degraded["stages"]["ingest"] == {"workers": 1, "queued": 0, "status": "ok"}
    assert degraded["stages"]["store"]["status"] == "ok"
    assert (degraded["redis"], degraded["database"]) == ("ok", "ok")
