"""A crawl of several hosts by real Celery ingest and store workers on Redis and PostgreSQL: throttled tasks
are deferred (not slept on), every article is fetched once, no host sees two requests closer than its delay
(checked from the servers' logs), and every request is a fetch outcome of the crawl."""

from __future__ import annotations

import itertools
import time
import uuid
from pathlib import Path

import pytest
import redis
from newsflow_crawl.crawl_rows import create_crawl
from newsflow_crawl.frontier import admit, seed_tasks
from newsflow_crawl.state import RedisLedger
from newsflow_shared.celery_app import make_celery
from newsflow_shared.config import Settings
from newsflow_shared.db import make_engine, make_sessionmaker, session_scope
from newsflow_shared.messages import CrawlRequest
from newsflow_shared.migrate import upgrade
from newsflow_shared.models import Crawl
from newsflow_shared.queues import FETCH_TASK

from tests.support.fixture_web import fixture_web
from tests.support.processes import newsflow_env, process_group

pytestmark = pytest.mark.integration

DELAY = 0.3


def test_celery_workers_crawl_several_hosts_politely(
    tmp_path: Path, postgres_url: str, redis_url: str
) -> None:
    upgrade(postgres_url)
    env = newsflow_env(
        database_url=postgres_url,
        redis_url=redis_url,
        allow_private_addresses="true",
        host_delay=str(DELAY),
        log_level="WARNING",
        worker_concurrency="2",
    )
    settings = Settings(_env_file=None, database_url=postgres_url, redis_url=redis_url)  # type: ignore[call-arg]
    sessions = make_sessionmaker(make_engine(postgres_url))
    crawl_id = str(uuid.uuid4())
    with fixture_web(3, articles_per_host=6, first_address=80) as web, process_group(tmp_path) as group:
        group.start("ingest", ["worker", "ingest"], env)
        group.start("store", ["worker", "store"], env)
        request = CrawlRequest(
            seeds=[h.url("/sitemap.xml") for h in web.hosts], mode="sitemap", max_pages=100
        )
        with session_scope(sessions) as session:
            create_crawl(crawl_id, request, session=session)
        celery = make_celery(settings)
        ledger = RedisLedger(redis.Redis.from_url(redis_url))
        admit(
            ledger,
            seed_tasks(crawl_id, request),
            lambda t: celery.send_task(FETCH_TASK, args=[t.model_dump(mode="json")]),
        )
        wanted = {(h.address, p) for h in web.hosts for p in h.article_paths()}
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            seen = {(a, p) for _, a, p in web.all_requests()}
            # The server sees a request before its task records it: wait for both.
            if wanted <= seen and ledger.counts(crawl_id)["fetched"] >= len(wanted) + 3:
                break
            time.sleep(0.2)
        requests = web.all_requests()
        assert wanted <= {(a, p) for _, a, p in requests}, group.logs()
        # The enrich stage is not running, so the crawl waits for its articles; the ingest side is what we check.
        assert ledger.counts(crawl_id)["fetched"] == len(wanted) + 3
        stats = ledger.stats(crawl_id)
    for host in web.hosts:
        times = [t for t, _ in host.request_log()]
        assert min(b - a for a, b in itertools.pairwise(times)) >= DELAY, host.address
        paths = [p for _, p in host.request_log() if p.startswith("/news/")]
        assert len(paths) == len(set(paths)) == 6  # each article once, even with deferrals
    assert stats.hosts == {h.address: 7 for h in web.hosts} and stats.statuses == {"200": 21}
    with session_scope(sessions) as session:
        assert session.get(Crawl, crawl_id) is not None
