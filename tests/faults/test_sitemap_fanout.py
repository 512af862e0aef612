"""Fault 7: a sitemap task's soft time limit strikes in the middle of its fan-out, on real Celery workers.

The operator's case, at a smaller scale: one host whose sitemap lists ``ARTICLES`` articles and answers
conditional requests (``ETag`` → ``304 Not Modified``, tests/support/fixture_web.py), a host delay, an ingest
worker with a short time limit whose link to Redis is slow (a TCP proxy adding ``LATENCY`` each way) while the
sitemap is first fanned out: admitting its children into the frontier, ``ADMIT_BATCH`` at a time, takes several
times the soft limit, which cuts it off, and the policy retries the task. The link is made fast again as soon as the
sitemap is fetched a second time (the retry), so the rest of the crawl runs at normal speed.

Before the fix the retry fetched the sitemap conditionally, got 304, discovered nothing, and the crawl ended
``done`` with most articles never fetched and no failures row. Now the crawl must end ``done`` with every article
stored exactly once, and nothing recorded as failed.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from newsflow_shared.db import session_scope
from newsflow_shared.models import Failure
from sqlalchemy import select

from tests.faults.cluster import FaultOutcome, fault_cluster
from tests.support.fault_tools import tcp_proxy, wait_for_children
from tests.support.fixture_web import FixtureHost, fixture_web

pytestmark = [pytest.mark.faults, pytest.mark.integration]

ARTICLES = 150  # each stored through enrich and store: the fan-out, not the pipeline, is under test
TIME_LIMIT = 3  # the ingest worker's: soft limit 2 s (newsflow_shared.celery_app.soft_time_limit)
# The fan-out is admitted ADMIT_BATCH children at a time, ~5 round trips a batch (claims, ledger notes, in flight,
# the frontier's push, queued marks): with LATENCY each way, ≥ 200 ms a batch, ≥ 6 s for the 30 batches.
ADMIT_BATCH = 5
LATENCY = 0.02


def sitemap_fetches(host: FixtureHost) -> int:
    return sum(1 for _, path in host.request_log() if path == "/sitemap.xml")


def test_a_fanout_cut_by_the_soft_time_limit_is_finished_by_the_retry(fault_db: str, tmp_path: Path) -> None:
    with (
        fixture_web(1, articles_per_host=ARTICLES, first_address=91) as web,
        fault_cluster(tmp_path, fault_db, host_delay="0.02") as cluster,
    ):
        host = web.hosts[0]
        target = urlsplit(cluster.redis_url)
        with tcp_proxy(target.hostname or "127.0.0.1", target.port or 6379, latency=LATENCY) as slow:
            cluster.start(
                "ingest",
                redis_url=f"redis://127.0.0.1:{slow.port}/0",
                task_time_limit=str(TIME_LIMIT),
                frontier_admit_batch=str(ADMIT_BATCH),
            )
            cluster.start("enrich")
            cluster.start("store")
            for worker in cluster.workers.values():
                wait_for_children(worker.pid)
            done = threading.Event()

            def fast_again_once_retried() -> None:
                while not done.wait(0.02):
                    if sitemap_fetches(host) >= 2:
                        slow.latency = 0.0
                        return

            watcher = threading.Thread(target=fast_again_once_retried, daemon=True)
            watcher.start()
            started = time.monotonic()
            crawl_id = cluster.submit([host.url("/sitemap.xml")], "sitemap", max_pages=ARTICLES + 10)
            try:
                # Generous: on a loaded machine the store stage alone took ~1 s an article.
                status = cluster.wait_final(crawl_id, timeout=400)
            finally:
                done.set()
            urls = cluster.stored_urls(crawl_id)
            with session_scope(cluster.session_factory()) as session:
                failures = [
                    (f.url, f.reason)
                    for f in session.scalars(select(Failure).where(Failure.crawl_id == crawl_id))
                ]
            soft_limited = any(
                "SoftTimeLimitExceeded" in log.read_text(errors="replace")
                for log in tmp_path.glob("ingest*.log")
            )

    expected = {host.url(path) for path in host.article_paths()}
    outcome = FaultOutcome(
        "sitemap fan-out cut by the soft time limit",
        len(expected),
        len(urls),
        len(set(urls)),
        status,
        time.monotonic() - started,
        tuple(cluster.restarts),
    )
    print(outcome.line(), f"sitemap fetched {sitemap_fetches(host)} times")
    assert sitemap_fetches(host) >= 2, "the fan-out was not interrupted: the fault did not happen"
    assert soft_limited, "no task of the ingest worker hit the soft time limit"
    assert status == "done"
    missing = expected - set(urls)
    assert not missing, (
        f"{outcome.line()}: {len(missing)} articles never stored, failures rows: {failures or 'none'}"
    )
    assert len(urls) == len(set(urls)) == len(expected), outcome.line()
    assert failures == []
