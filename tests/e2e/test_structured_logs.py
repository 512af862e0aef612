"""A real ingest worker with ``NEWSFLOW_LOG_FORMAT=json`` fetching a page that always fails: every line it writes
is a JSON object, and the delivery policy's warnings (the retry, then the dead letter) carry the crawl, the Celery
task id, the stage and the URL — bound around the step, not passed by the code that logs."""

from __future__ import annotations

import json
import time
import uuid
from pathlib import Path
from typing import Any

import pytest
from newsflow_crawl.frontier import admit, seed_tasks
from newsflow_crawl.state import RedisLedger
from newsflow_shared.celery_app import make_celery
from newsflow_shared.config import Settings
from newsflow_shared.messages import CrawlRequest
from newsflow_shared.queues import FETCH_TASK

from tests.support.http_server import serve
from tests.support.processes import newsflow_env, process_group

pytestmark = [pytest.mark.e2e, pytest.mark.integration]

POLICY_LOGGER = "newsflow_crawl.delivery.policy"


def complete_lines(log: Path) -> list[str]:
    """The lines the worker has finished writing (the last one may be half written)."""
    text = log.read_text(errors="replace")
    return text[: text.rfind("\n") + 1].splitlines()


def wait_for_dead_letter_line(log: Path, timeout: float) -> list[dict[str, Any]]:
    """The worker's lines, parsed, once the policy has logged that it gave up (``http_503``)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        records = []
        for line in complete_lines(log):
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError:
                pytest.fail(f"not a JSON line: {line!r}\n--- log ---\n{log.read_text()[-4000:]}")
        if any(r["logger"] == POLICY_LOGGER and "http_503" in r["message"] for r in records):
            return records
        time.sleep(0.2)
    raise AssertionError(f"no dead-letter line within {timeout}s\n--- log ---\n{log.read_text()[-4000:]}")


def test_a_failing_fetch_logs_json_lines_carrying_crawl_task_stage_and_url(
    redis_url: str, tmp_path: Path
) -> None:
    routes: dict[str, Any] = {"/broken": (503, {"Content-Type": "text/html"}, b"busy")}
    env = newsflow_env(
        redis_url=redis_url,
        log_format="json",
        allow_private_addresses="true",
        host_delay="0",
        task_max_retries="1",
        retry_backoff="0.2",
        retry_backoff_max="0.5",
        worker_concurrency="1",
        heartbeat_file=str(tmp_path / "{stage}.heartbeat"),
    )
    with serve(routes) as site, process_group(tmp_path) as procs:
        procs.start("ingest", ["worker", "ingest"], env)
        crawl_id = str(uuid.uuid4())
        url = site.url("/broken")
        celery = make_celery(Settings(redis_url=redis_url))
        sent: list[str] = []
        admit(
            RedisLedger.from_url(redis_url),
            seed_tasks(crawl_id, CrawlRequest(seeds=[url], mode="article")),
            lambda task: sent.append(celery.send_task(FETCH_TASK, args=[task.model_dump(mode="json")]).id),
        )
        records = wait_for_dead_letter_line(tmp_path / "ingest.log", timeout=60)

    [task_id] = sent
    policy_lines = [r for r in records if r["logger"] == POLICY_LOGGER]
    assert [r["level"] for r in policy_lines] == ["WARNING", "WARNING"], policy_lines  # retry, then give up
    retry, dead_letter = policy_lines
    assert "retry 1" in retry["message"] and "http_503" in dead_letter["message"]
    # A Celery retry is the same task id again, so both lines name the one message.
    expected = {"crawl_id": crawl_id, "task_id": task_id, "stage": "ingest", "url": url}
    for line in policy_lines:
        assert {key: line.get(key) for key in expected} == expected, line
        assert {"timestamp", "level", "logger", "message"} <= set(line)
    # Celery's own lines go through the same formatter, its task lines with their task id.
    received = [r for r in records if r["message"].startswith(f"Task {FETCH_TASK}[{task_id}] received")]
    assert received and all(r["task_id"] == task_id for r in received)
    # Lines logged outside a step carry no step context.
    ready = [r for r in records if r["message"].endswith(" ready.")]
    assert ready and not {"crawl_id", "task_id", "url"} & set(ready[0])
