"""Fault 4: a task outlives the visibility timeout. An enrich worker (the slowest stage, so its pool is always busy)
is frozen mid-task (SIGSTOP, as a VM pause or a swap storm would) for longer than the timeout while a twin keeps
working: Redis hands the frozen worker's unacknowledged messages to the twin, then the frozen worker wakes
(SIGCONT) and finishes its copies too. Both copies run through store; each article is still one row."""

from __future__ import annotations

import os
import re
import signal
import time
from collections import Counter
from pathlib import Path

import pytest

from newsflow.sample_server import SiteFiles
from tests.faults.cluster import FAULT_SETTINGS, check_exactly_once, fault_cluster, served
from tests.support.fault_tools import child_pids, wait_for_children

pytestmark = [pytest.mark.faults, pytest.mark.integration]

VISIBILITY = 8
RECEIVED = re.compile(r"Task (newsflow\.\w+\.\w+)\[([0-9a-f-]+)\] received")


def _freeze(pid: int, sig: signal.Signals) -> None:
    for target in [pid, *child_pids(pid)]:
        os.kill(target, sig)


def test_task_outliving_visibility_timeout_is_redelivered_and_stored_once(
    fault_site_files: SiteFiles, fault_db: str, tmp_path: Path
) -> None:
    total = len([p for p in fault_site_files if p.startswith("/news/")])
    assert int(FAULT_SETTINGS["visibility_timeout"]) > VISIBILITY  # this test is about the short one
    with (
        served(fault_site_files) as site,
        fault_cluster(
            tmp_path, fault_db, visibility_timeout=str(VISIBILITY), task_time_limit=str(VISIBILITY - 2)
        ) as cluster,
    ):
        cluster.start_all()
        wait_for_children(cluster.start("enrich", name="enrich-twin").pid)
        started = time.monotonic()
        crawl_id = cluster.submit([site.url("/sitemap.xml")], "sitemap", max_pages=total + 10)
        cluster.wait_stored(crawl_id, 40)
        frozen = [cluster.workers["enrich"].pid]
        for pid in frozen:
            _freeze(pid, signal.SIGSTOP)
        time.sleep(VISIBILITY * 2.5)  # past the timeout, and past a sweep of the twins
        for pid in frozen:
            _freeze(pid, signal.SIGCONT)
        check_exactly_once(cluster, crawl_id, site, fault_site_files, "visibility timeout", started)

    received = Counter(
        task_id
        for log in tmp_path.glob("*.log")
        for _, task_id in RECEIVED.findall(log.read_text(errors="replace"))
    )
    redelivered = [task_id for task_id, n in received.items() if n > 1]
    assert redelivered, "no message was delivered twice: the fault did not happen"
