"""Fault 5: SIGTERM to every worker in the middle of a crawl (Celery's warm shutdown: running tasks finish,
prefetched messages go back to their queues), then all restarted."""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest

from newsflow.sample_server import SiteFiles
from tests.faults.cluster import check_exactly_once, fault_cluster, served

pytestmark = [pytest.mark.faults, pytest.mark.integration]


def test_sigterm_all_workers_and_restart(fault_site_files: SiteFiles, fault_db: str, tmp_path: Path) -> None:
    rng = random.Random()
    total = len([p for p in fault_site_files if p.startswith("/news/")])
    with served(fault_site_files) as site, fault_cluster(tmp_path, fault_db) as cluster:
        cluster.start_all()
        started = time.monotonic()
        crawl_id = cluster.submit([site.url("/sitemap.xml")], "sitemap", max_pages=total + 10)
        cluster.wait_stored(crawl_id, rng.randint(20, total // 3))
        cluster.stop_all()
        assert all(w.proc.returncode is not None for w in cluster.workers.values())
        time.sleep(rng.uniform(0.5, 2))
        cluster.start_all()
        check_exactly_once(cluster, crawl_id, site, fault_site_files, "SIGTERM + restart", started)
