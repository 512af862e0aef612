"""The whole pipeline end to end: the sample site crawled through the task API by real worker processes on real
Redis and PostgreSQL, and the same crawl through ``newsflow crawl`` on SQLite."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest
import requests
from newsflow_shared.db import make_engine

from newsflow.sample_server import run_site_server
from tests.e2e.sample_site_checks import check_sample_site_crawl
from tests.support.processes import NEWSFLOW, free_port, newsflow_env, process_group, wait_http_ok

pytestmark = [pytest.mark.e2e, pytest.mark.integration]

TOKEN = "e2e-secret-token"


def test_site_crawl_through_api_and_celery_workers(redis_url: str, postgres_url: str, tmp_path: Path) -> None:
    env = newsflow_env(
        database_url=postgres_url,
        redis_url=redis_url,
        api_token=TOKEN,
        allow_private_addresses="true",
        host_delay="0.05",
        worker_concurrency="1",
        log_level="INFO",
    )
    subprocess.run([NEWSFLOW, "migrate"], env=env, check=True, timeout=60)
    port = free_port()
    with run_site_server() as site, process_group(tmp_path) as procs:
        procs.start("api", ["api", "--port", str(port)], env)
        for stage in ("ingest", "enrich", "store"):
            procs.start(stage, ["worker", stage], env)
        api = f"http://127.0.0.1:{port}"
        wait_http_ok(api + "/healthz")
        headers = {"Authorization": f"Bearer {TOKEN}"}

        answer = requests.post(
            api + "/v1/crawls",
            json={"seeds": [site.base_url + "/"], "mode": "site", "max_pages": 100, "max_depth": 2},
            headers=headers,
            timeout=10,
        )
        assert answer.status_code == 202, answer.text
        crawl_id = answer.json()["id"]
        assert answer.json()["status"] == "queued"

        status, seen = "queued", set()
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            view = requests.get(f"{api}/v1/crawls/{crawl_id}", headers=headers, timeout=10).json()
            status = view["status"]
            seen.add(status)
            if status in ("done", "failed", "cancelled"):
                break
            time.sleep(0.5)
        assert status == "done", f"crawl ended {status}\n{procs.logs()}"
        assert "running" in seen or view["counts"]["fetched"] > 0
        assert view["counts"]["stored"] == 10, view
        assert view["finished_at"] is not None

        # Politeness seen from the server: no two requests closer than HOST_DELAY.
        assert site.min_request_gap() >= 0.045

        items = requests.get(
            f"{api}/v1/articles?crawl_id={crawl_id}&language=ar", headers=headers, timeout=10
        )
        assert {item["language"] for item in items.json()["items"]} == {"ar"}
        assert len(items.json()["items"]) == 2
        first = items.json()["items"][0]["id"]
        record = requests.get(f"{api}/v1/articles/{first}", headers=headers, timeout=10).json()
        assert record["body"] and record["language"] == "ar"

    engine = make_engine(postgres_url)
    try:
        check_sample_site_crawl(engine, crawl_id, site.base_url)
    finally:
        engine.dispose()


def test_same_crawl_embedded_on_sqlite(tmp_path: Path) -> None:
    database_url = f"sqlite:///{tmp_path}/embedded.db"
    env = newsflow_env(allow_private_addresses="true", host_delay="0")
    with run_site_server() as site:
        result = subprocess.run(
            [
                NEWSFLOW,
                "crawl",
                site.base_url + "/",
                "--mode",
                "site",
                "--max-depth",
                "2",
                "--db",
                database_url,
            ],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "done" in result.stdout
    crawl_id = result.stdout.split()[1].rstrip(":")
    engine = make_engine(database_url)
    try:
        check_sample_site_crawl(engine, crawl_id, site.base_url)
    finally:
        engine.dispose()
