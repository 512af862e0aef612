"""Worker probes against real processes: ``newsflow health live`` turns red when a worker's main
process is stopped (SIGSTOP) and green again after SIGCONT, red at once when it is killed (SIGKILL); ``newsflow
health ready`` fails when the broker's port is closed."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from kombu import Connection, Queue  # type: ignore[attr-defined]

from tests.support.fault_tools import kill9, wait_for_children
from tests.support.processes import NEWSFLOW, free_port, newsflow_env, process_group

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
    """Delete queue ``name`` and its binding from the broker, through kombu (which deletes only the bindings a
    channel declared itself, hence the declare first)."""
    with Connection(redis_url) as connection:
        queue = Queue(name)(connection.default_channel)
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
