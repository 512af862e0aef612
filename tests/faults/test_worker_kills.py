"""Fault 1: ``kill -9`` of a worker's pool child and of its main process, in every stage, at random moments of a
crawl; the killed workers are restarted. Nothing may be lost and nothing stored twice."""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest

from newsflow.sample_server import SiteFiles
from tests.faults.cluster import STAGES, check_exactly_once, fault_cluster, served
from tests.support.fault_tools import wait_for_children

pytestmark = [pytest.mark.faults, pytest.mark.integration]


def test_kill9_children_and_main_processes(
    fault_site_files: SiteFiles, fault_db: str, tmp_path: Path
) -> None:
    rng = random.Random()
    total = len([p for p in fault_site_files if p.startswith("/news/")])
    with served(fault_site_files) as site, fault_cluster(tmp_path, fault_db) as cluster:
        cluster.start_all()
        started = time.monotonic()
        crawl_id = cluster.submit([site.url("/sitemap.xml")], "sitemap", max_pages=total + 10)
        # Children first: the main process notices the lost child and requeues its task (reject_on_worker_lost).
        for stage in STAGES:
            cluster.wait_stored(crawl_id, rng.randint(5, total // 8) + cluster.stored(crawl_id))
            cluster.kill_child(stage)
        # Then main processes, each restarted after a moment (an orchestrator's restart delay).
        for stage in STAGES:
            cluster.wait_stored(crawl_id, rng.randint(5, total // 8) + cluster.stored(crawl_id))
            cluster.kill_main(stage)
            time.sleep(rng.uniform(0.1, 1.5))
            wait_for_children(cluster.start(stage).pid)
        check_exactly_once(cluster, crawl_id, site, fault_site_files, "kill -9", started)
