"""Poison messages: a page that kills the worker process fetching it, every time. The message is redelivered a
bounded number of times (``NEWSFLOW_TASK_MAX_DELIVERIES``), then dead-lettered; the crawl finishes."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from newsflow_shared.db import session_scope
from newsflow_shared.models import Failure
from sqlalchemy import select

from tests.e2e.test_delivery_policy import ARTICLE
from tests.faults.cluster import fault_cluster
from tests.support.fault_tools import child_pids, kill9, wait_for_children
from tests.support.http_server import Route, serve

pytestmark = [pytest.mark.faults, pytest.mark.integration]

MAX_DELIVERIES = 3


def test_page_that_kills_its_worker_is_dead_lettered(fault_db: str, tmp_path: Path) -> None:
    ingest_pid: list[int] = []

    def killer(path: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        # The ingest worker runs one child: the one asking for this page. It dies mid-request, as after a
        # segfault in a parser or an OOM kill.
        for pid in child_pids(ingest_pid[0]):
            kill9(pid)
        time.sleep(1)
        return 200, {"Content-Type": "text/html"}, ARTICLE.encode()

    routes: dict[str, Route | tuple[int, dict[str, str], bytes]] = {
        "/robots.txt": (200, {"Content-Type": "text/plain"}, b"User-agent: *\nAllow: /\n"),
        "/ok": (200, {"Content-Type": "text/html; charset=utf-8"}, ARTICLE.encode()),
        "/poison": killer,
    }
    with (
        serve(routes) as site,
        fault_cluster(
            tmp_path,
            fault_db,
            task_max_deliveries=str(MAX_DELIVERIES),
            worker_concurrency="1",
            # Each kill leaves the host's concurrency place leased (60 s) by the dead child; no cap here, so the
            # test measures redelivery, not lease expiry.
            host_max_concurrency="0",
        ) as cluster,
    ):
        cluster.start_all()
        ingest_pid.append(cluster.workers["ingest"].pid)
        wait_for_children(ingest_pid[0])
        crawl_id = cluster.submit([site.url("/poison"), site.url("/ok")], "article", max_pages=10)
        status = cluster.wait_final(crawl_id, timeout=120)
        poison_requests = sum(1 for _, path in site.requests if path == "/poison")
        with session_scope(cluster.session_factory()) as session:
            failures = list(session.scalars(select(Failure).where(Failure.crawl_id == crawl_id)))
        assert status == "done", cluster.logs()
    assert cluster.stored_urls(crawl_id) == [site.url("/ok")]
    assert poison_requests == MAX_DELIVERIES  # bounded: no redelivery loop
    assert [(f.url, f.reason, f.permanent, f.attempts) for f in failures] == [
        (site.url("/poison"), "poison_message", True, MAX_DELIVERIES)
    ]
    assert failures[0].payload["url"] == site.url("/poison")  # kept for `newsflow failures replay`
