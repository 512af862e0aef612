"""Fault 2: the broker (a throwaway ``redis-server`` with an append-only file) stopped and started again in the
middle of a crawl. Queues, unacknowledged messages and the crawl ledger survive in the AOF; workers reconnect."""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest

from newsflow.sample_server import SiteFiles
from tests.faults.cluster import check_exactly_once, fault_cluster, served
from tests.support.fault_tools import ThrowawayRedis

pytestmark = [pytest.mark.faults, pytest.mark.integration]


def test_redis_stopped_and_restarted_mid_crawl(
    fault_site_files: SiteFiles, fault_db: str, tmp_path: Path
) -> None:
    rng = random.Random()
    total = len([p for p in fault_site_files if p.startswith("/news/")])
    with (
        ThrowawayRedis(tmp_path / "redis") as broker,
        served(fault_site_files) as site,
        fault_cluster(tmp_path, fault_db, broker=broker) as cluster,
    ):
        cluster.start_all()
        started = time.monotonic()
        crawl_id = cluster.submit([site.url("/sitemap.xml")], "sitemap", max_pages=total + 10)
        for _ in range(2):
            cluster.wait_stored(crawl_id, cluster.stored(crawl_id) + rng.randint(20, total // 5))
            broker.stop()
            time.sleep(rng.uniform(2, 5))
            broker.start()
        check_exactly_once(cluster, crawl_id, site, fault_site_files, "redis restart", started)
