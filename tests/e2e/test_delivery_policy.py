"""The delivery policy with real workers: transient errors are retried with backoff then dead-lettered,
permanent errors are recorded once without retry, and the crawl still finishes by itself."""

from __future__ import annotations

import subprocess
import time
import uuid
from pathlib import Path

import pytest
from newsflow_crawl.frontier import admit, seed_tasks
from newsflow_crawl.state import RedisLedger
from newsflow_shared.celery_app import make_celery
from newsflow_shared.config import Settings
from newsflow_shared.db import make_engine, make_sessionmaker, session_scope
from newsflow_shared.messages import CrawlRequest
from newsflow_shared.models import Article, Crawl, Failure
from newsflow_shared.queues import FETCH_TASK
from sqlalchemy import select

from tests.support.http_server import serve
from tests.support.processes import NEWSFLOW, newsflow_env, process_group

pytestmark = [pytest.mark.e2e, pytest.mark.integration]

ARTICLE = (
    "<html lang='en'><head><title>Harbour reopens after storm | Test Times</title>"
    "<meta property='og:type' content='article'>"
    "<meta property='article:published_time' content='2024-02-01T08:00:00+00:00'></head><body><article>"
    "<h1>Harbour reopens after storm</h1>"
    + "".join(
        f"<p>Paragraph {i}: the harbour authority in Valletta said on Monday that ferries to Gozo would resume "
        "after engineers from the Maltese navy inspected the breakwater damaged by the storm.</p>"
        for i in range(8)
    )
    + "</article></body></html>"
)


def test_retries_dead_letters_and_permanent_failures(
    redis_url: str, postgres_url: str, tmp_path: Path
) -> None:
    calls: dict[str, int] = {"broken": 0}

    def broken(path: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        calls["broken"] += 1
        return 503, {"Content-Type": "text/html"}, b"busy"

    routes = {
        "/robots.txt": (200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /secret\n"),
        "/ok": (200, {"Content-Type": "text/html; charset=utf-8"}, ARTICLE.encode()),
        "/broken": broken,
        "/secret": (200, {"Content-Type": "text/html"}, ARTICLE.encode()),
        "/image": (200, {"Content-Type": "image/png"}, b"\x89PNG...."),
    }
    env = newsflow_env(
        database_url=postgres_url,
        redis_url=redis_url,
        allow_private_addresses="true",
        host_delay="0",
        task_max_retries="2",
        retry_backoff="0.2",
        retry_backoff_max="1",
        worker_concurrency="1",
    )
    subprocess.run([NEWSFLOW, "migrate"], env=env, check=True, timeout=60)
    settings = Settings(database_url=postgres_url, redis_url=redis_url)
    sessions = make_sessionmaker(make_engine(postgres_url))
    with serve(routes) as site, process_group(tmp_path) as procs:
        for stage in ("ingest", "enrich", "store"):
            procs.start(stage, ["worker", stage], env)
        crawl_id = str(uuid.uuid4())
        seeds = [site.url(p) for p in ("/ok", "/broken", "/missing", "/secret", "/image")]
        request = CrawlRequest(seeds=seeds, mode="article")
        with session_scope(sessions) as session:
            session.add(Crawl(id=crawl_id, mode="article", seeds=seeds, max_pages=10, max_depth=0))
        celery = make_celery(settings)
        admit(
            RedisLedger.from_url(redis_url),
            seed_tasks(crawl_id, request),
            lambda t: celery.send_task(FETCH_TASK, args=[t.model_dump(mode="json")]),
        )
        status = "queued"
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and status not in ("done", "failed"):
            time.sleep(0.5)
            with session_scope(sessions) as session:
                status = session.scalar(select(Crawl.status).where(Crawl.id == crawl_id)) or status
        assert status == "done", procs.logs()

    with session_scope(sessions) as session:
        crawl = session.get(Crawl, crawl_id)
        assert crawl is not None
        failures = {f.url: f for f in session.scalars(select(Failure).where(Failure.crawl_id == crawl_id))}
        stored = session.scalars(select(Article.url).where(Article.crawl_id == crawl_id)).all()
        assert list(stored) == [site.url("/ok")]
        assert (crawl.stored, crawl.failed, crawl.skipped) == (1, 3, 1)

        dead = failures[site.url("/broken")]
        assert (dead.permanent, dead.attempts, dead.reason) == (False, 3, "http_503")
        assert dead.payload["url"] == site.url("/broken")  # the message, kept for replay
        assert calls["broken"] == 3  # first try + 2 retries, then no more

        assert failures[site.url("/missing")].permanent is True
        assert failures[site.url("/missing")].attempts == 1
        assert failures[site.url("/secret")].reason == "robots_forbidden"
        assert failures[site.url("/image")].reason == "not_html"
        assert not any(path == "/secret" for _, path in site.requests)
