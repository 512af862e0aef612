"""A real Prometheus scrapes a running worker's endpoint and the API's ``/metrics`` (with the bearer token, from
a credentials file, as a deployment would), and answers queries on the families; ``promtool check metrics`` finds
nothing to say about either exposition.

Needs the ``prometheus`` binaries (Debian package ``prometheus``; ``.ci/run`` installs it): skipped, saying so,
only when they are absent.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
import requests
from newsflow_shared.migrate import upgrade

from tests.support.processes import free_port, newsflow_env, process_group, wait_http_ok
from tests.support.prometheus_text import scrape

pytestmark = [pytest.mark.e2e, pytest.mark.integration]

PROMETHEUS, PROMTOOL = shutil.which("prometheus"), shutil.which("promtool")
TOKEN = "prometheus-scrape-token"

CONFIG = """\
global:
  scrape_interval: 1s
  scrape_timeout: 1s
scrape_configs:
  - job_name: newsflow-store
    static_configs:
      - targets: ["127.0.0.1:{worker_port}"]
  - job_name: newsflow-api
    authorization:
      credentials_file: {token_file}
    static_configs:
      - targets: ["127.0.0.1:{api_port}"]
"""


def query(base: str, promql: str) -> list[dict[str, Any]]:
    response = requests.get(f"{base}/api/v1/query", params={"query": promql}, timeout=5)
    response.raise_for_status()
    result: list[dict[str, Any]] = response.json()["data"]["result"]
    return result


def wait_for_result(base: str, promql: str, timeout: float = 30.0) -> list[dict[str, Any]]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = query(base, promql)
        if result:
            return result
        time.sleep(0.5)
    raise TimeoutError(f"Prometheus has no result for {promql} after {timeout}s")


def promtool_check(text: str) -> None:
    assert PROMTOOL is not None
    checked = subprocess.run(
        [PROMTOOL, "check", "metrics"], input=text, capture_output=True, text=True, timeout=30, check=False
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


@pytest.mark.skipif(
    PROMETHEUS is None or PROMTOOL is None,
    reason="the prometheus and promtool binaries are not installed (apt-get install prometheus; .ci/run does)",
)
def test_prometheus_scrapes_a_worker_and_the_api(redis_url: str, postgres_url: str, tmp_path: Path) -> None:
    assert PROMETHEUS is not None
    worker_port, api_port, prometheus_port = free_port(), free_port(), free_port()
    token_file = tmp_path / "token"
    token_file.write_text(TOKEN)
    config = tmp_path / "prometheus.yml"
    config.write_text(CONFIG.format(worker_port=worker_port, api_port=api_port, token_file=token_file))
    upgrade(postgres_url)
    env = newsflow_env(
        redis_url=redis_url, database_url=postgres_url, api_token=TOKEN, worker_concurrency="1"
    )
    with process_group(tmp_path) as procs:
        procs.start("store", ["worker", "store"], {**env, "NEWSFLOW_METRICS_PORT": str(worker_port)})
        procs.start("api", ["api", "--port", str(api_port)], env)
        wait_http_ok(f"http://127.0.0.1:{worker_port}/metrics")
        wait_http_ok(f"http://127.0.0.1:{api_port}/healthz")
        promtool_check(scrape(f"http://127.0.0.1:{worker_port}/metrics"))
        promtool_check(scrape(f"http://127.0.0.1:{api_port}/metrics", token=TOKEN))

        log = (tmp_path / "prometheus.log").open("wb")
        prometheus = subprocess.Popen(
            [PROMETHEUS, f"--config.file={config}", f"--storage.tsdb.path={tmp_path / 'tsdb'}",
             f"--web.listen-address=127.0.0.1:{prometheus_port}"],
            stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            base = f"http://127.0.0.1:{prometheus_port}"
            wait_http_ok(f"{base}/-/ready", timeout=30)
            tasks = wait_for_result(base, 'newsflow_tasks_total{job="newsflow-store"}')
            depth = wait_for_result(base, 'newsflow_queue_depth{job="newsflow-api"}')
            up = query(base, "up")
        finally:
            prometheus.terminate()
            prometheus.wait(timeout=20)
    # Every (stage, outcome) series exists at 0 before the worker ran anything.
    assert {(s["metric"]["stage"], s["metric"]["outcome"]) for s in tasks} >= {
        ("store", "ok"),
        ("store", "failed"),
    }
    assert all(float(s["value"][1]) == 0 for s in tasks)
    assert {s["metric"]["queue"] for s in depth} == {"ingest", "enrich", "store"}
    # Both targets up: the API's scrape carried the token.
    assert {s["metric"]["job"]: s["value"][1] for s in up} == {"newsflow-store": "1", "newsflow-api": "1"}
