"""Fault 3: PostgreSQL connections killed (``pg_terminate_backend``), then the store worker's database unreachable
for ~10 s (its connections go through a TCP proxy the test cuts). Store tasks retry; nothing is lost."""

from __future__ import annotations

import random
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlalchemy.engine import make_url

from newsflow.sample_server import SiteFiles
from tests.faults.cluster import check_exactly_once, fault_cluster, served
from tests.support.fault_tools import tcp_proxy, terminate_backends, wait_for_children

pytestmark = [pytest.mark.faults, pytest.mark.integration]


def test_connections_killed_and_database_down(
    fault_site_files: SiteFiles, fault_db: str, postgres_admin_url: str, tmp_path: Path
) -> None:
    rng = random.Random()
    total = len([p for p in fault_site_files if p.startswith("/news/")])
    db = make_url(fault_db)
    target = urlsplit(postgres_admin_url)
    with (
        tcp_proxy(target.hostname or "127.0.0.1", target.port or 5432) as proxy,
        served(fault_site_files) as site,
        fault_cluster(tmp_path, fault_db) as cluster,
    ):
        through_proxy = db.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
        for stage in ("ingest", "enrich"):
            cluster.start(stage)
        cluster.start("store", database_url=through_proxy)
        for worker in cluster.workers.values():
            wait_for_children(worker.pid)
        started = time.monotonic()
        crawl_id = cluster.submit([site.url("/sitemap.xml")], "sitemap", max_pages=total + 10)

        cluster.wait_stored(crawl_id, cluster.stored(crawl_id) + rng.randint(10, total // 5))
        killed = terminate_backends(postgres_admin_url, str(db.database))
        assert killed >= 1  # at least the store worker's pooled connection
        cluster.wait_stored(crawl_id, cluster.stored(crawl_id) + rng.randint(10, total // 5))
        proxy.cut()
        time.sleep(10)
        proxy.restore()
        check_exactly_once(cluster, crawl_id, site, fault_site_files, "database outage", started)
