"""The metrics agree with the database: a crawl of a small local site (articles, a page that always fails, a 404,
a page robots.txt forbids, an image, a listing) through real Celery workers, each serving its metrics on its own
port (the ingest worker with two pool children replaced every 3 tasks, summed by its endpoint), then every
endpoint scraped and its counters compared with the rows the crawl left: articles, failures, fetch outcomes, the
crawl's counts."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import requests
from newsflow_crawl import lifecycle
from newsflow_crawl.delivery.celery_transport import CeleryTransport
from newsflow_crawl.state import RedisLedger
from newsflow_ops.metrics import status_class
from newsflow_shared.celery_app import make_celery
from newsflow_shared.config import Settings
from newsflow_shared.db import make_engine, make_sessionmaker, session_scope
from newsflow_shared.messages import CrawlRequest
from newsflow_shared.migrate import upgrade
from newsflow_shared.models import Article, Crawl, Failure, FetchOutcomeRow
from sqlalchemy import select

from tests.e2e.test_runtime_parity import english_article
from tests.support.http_server import Route, serve
from tests.support.processes import free_port, newsflow_env, process_group, wait_http_ok
from tests.support.prometheus_text import Samples, scrape

pytestmark = [pytest.mark.e2e, pytest.mark.integration]

TOKEN = "metrics-e2e-token"
HTML = {"Content-Type": "text/html; charset=utf-8"}
LISTING = (
    "<html lang='en'><head><title>Sections</title></head><body><ul>"
    + "".join(f"<li><a href='/section/{i}'>Section {i}</a></li>" for i in range(12))
    + "</ul></body></html>"
).encode()
ROUTES: dict[str, Route | tuple[int, dict[str, str], bytes]] = {
    "/robots.txt": (200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /secret\n"),
    "/budget": (200, HTML, english_article("budget vote", "Tunis")),
    "/harbour": (200, HTML, english_article("harbour works", "Valletta")),
    "/railway": (200, HTML, english_article("railway line", "Amman")),
    "/poison": (502, {"Content-Type": "text/html"}, b"bad gateway"),  # retried twice, then dead-lettered
    "/secret": (200, HTML, english_article("leaked memo", "Beirut")),  # robots.txt forbids it: skipped
    "/image": (200, {"Content-Type": "image/png"}, b"\x89PNG...."),  # not HTML: a permanent failure
    "/listing": (200, HTML, LISTING),  # parsed, not an article: skipped
}  # /missing: 404, a permanent failure
PATHS = ["/budget", "/harbour", "/railway", "/poison", "/missing", "/secret", "/image", "/listing"]


def test_worker_and_api_metrics_agree_with_the_database(
    redis_url: str, postgres_url: str, tmp_path: Path
) -> None:
    ports = {stage: free_port() for stage in ("ingest", "enrich", "store")}
    api_port = free_port()
    base = dict(
        database_url=postgres_url, redis_url=redis_url, allow_private_addresses="true", host_delay="0",
        task_max_retries="2", retry_backoff="0.2", retry_backoff_max="0.5", host_failure_threshold="100",
        worker_concurrency="1", api_token=TOKEN,
    )  # fmt: skip
    upgrade(postgres_url)
    settings = Settings(database_url=postgres_url, redis_url=redis_url)
    sessions = make_sessionmaker(make_engine(postgres_url))
    with serve(ROUTES) as site, process_group(tmp_path) as procs:
        for stage, port in ports.items():
            env = newsflow_env(**base, metrics_port=str(port))
            args = ["worker", stage]
            if stage == "ingest":  # two children, each replaced after 3 tasks: archived as they exit
                args += ["--concurrency", "2", "--max-tasks-per-child", "3"]
                env["PROMETHEUS_MULTIPROC_DIR"] = str(tmp_path / "ingest-metrics")
            procs.start(stage, args, env)
        procs.start("api", ["api", "--port", str(api_port)], newsflow_env(**base))
        api = f"http://127.0.0.1:{api_port}"
        wait_http_ok(f"{api}/healthz")
        for port in ports.values():
            wait_http_ok(f"http://127.0.0.1:{port}/metrics")
        crawl_id, _ = lifecycle.start_crawl(
            CrawlRequest(seeds=[site.url(p) for p in PATHS], mode="article"),
            sessions=sessions,
            ledger=RedisLedger.from_url(redis_url),
            transport=CeleryTransport(make_celery(settings), settings),
        )
        deadline, finished = time.monotonic() + 120, None
        while time.monotonic() < deadline and finished is None:
            time.sleep(0.5)
            with session_scope(sessions) as session:
                finished = session.scalar(select(Crawl.finished_at).where(Crawl.id == crawl_id))
        assert finished is not None, procs.logs()
        time.sleep(1.5)  # failure rows published just before the finish are written by now

        workers = Samples()
        for port in ports.values():
            workers.add_text(scrape(f"http://127.0.0.1:{port}/metrics"))
        # The children that were replaced left their counts in the archive, not files of their own.
        [ingest_files] = (tmp_path / "ingest-metrics").iterdir()
        assert (ingest_files / "counter_archive.db").exists(), procs.logs()
        assert len(list(ingest_files.glob("counter_*.db"))) <= 4  # main, archive, the two live children
        assert requests.get(f"{api}/metrics", timeout=10).status_code == 401
        pipeline = Samples().add_text(scrape(f"{api}/metrics", token=TOKEN))

    with session_scope(sessions) as session:
        crawl = session.get(Crawl, crawl_id)
        assert crawl is not None
        stored = session.scalars(select(Article.url).where(Article.crawl_id == crawl_id)).all()
        failures = session.scalars(select(Failure).where(Failure.crawl_id == crawl_id)).all()
        fetches = session.execute(
            select(FetchOutcomeRow.status, FetchOutcomeRow.reason).where(FetchOutcomeRow.crawl_id == crawl_id)
        ).all()
        counts = {name: getattr(crawl, name) for name in ("stored", "skipped", "failed", "fetched")}
    assert crawl.status == "done" and sorted(stored) == sorted(site.url(p) for p in PATHS[:3])

    # Articles: stored, enriched (English), upserts timed — one each per stored article.
    assert workers.get("newsflow_articles_stored_total") == len(stored) == counts["stored"] == 3
    assert workers.by("newsflow_enriched_articles_total", "language") == {"en": 3}
    assert workers.get("newsflow_store_upsert_seconds_count") == 3
    # Skips: the listing (not an article) and the page robots.txt forbids; their sum is the crawl's count.
    skipped = workers.by("newsflow_articles_skipped_total", "reason")
    assert sum(skipped.values()) == counts["skipped"] == 2
    assert skipped["robots_forbidden"] == 1

    # Task outcomes of the ingest stage against its failures rows: dead letters + permanent failures.
    ingest = {o: workers.get("newsflow_tasks_total", stage="ingest", outcome=o) for o in ("ok", "retried",
              "failed", "dead_lettered")}  # fmt: skip
    ingest_failures = [f for f in failures if f.stage == "ingest"]
    assert ingest["dead_lettered"] == sum(1 for f in ingest_failures if not f.permanent) == 1
    assert ingest["failed"] == sum(1 for f in ingest_failures if f.permanent) == 3  # 404, robots, image
    assert ingest["dead_lettered"] + ingest["failed"] == len(ingest_failures)
    assert ingest["retried"] == 2 and ingest["ok"] == 4  # three articles and the listing
    assert ingest["ok"] == counts["fetched"]
    for stage in ("enrich", "store"):
        assert workers.get("newsflow_tasks_total", stage=stage, outcome="ok") == 3
    # Every run of a message is timed once, whatever its outcome.
    for stage in ("ingest", "enrich", "store"):
        outcomes = sum(value for (name, labels), value in workers.values.items()
                       if name == "newsflow_tasks_total" and ("stage", stage) in labels)  # fmt: skip
        assert workers.get("newsflow_task_duration_seconds_count", stage=stage) == outcomes

    # Fetches by status class against the crawl's fetch_outcomes rows (each attempt of /poison is one).
    from_rows: dict[str, float] = {}
    for status, reason in fetches:
        from_rows[status_class(status, reason)] = from_rows.get(status_class(status, reason), 0) + 1
    by_class = {k: v for k, v in workers.by("newsflow_fetches_total", "status_class").items() if v}
    assert by_class == from_rows == {"2xx": 4, "5xx": 3, "4xx": 1, "robots_forbidden": 1, "error": 1}
    assert workers.get("newsflow_fetch_deferrals_total") == 0  # no host delay

    # The API's scrape-time view: the crawl done, every queue empty, both sources up.
    assert pipeline.get("newsflow_crawls", status="done") == 1
    assert pipeline.get("newsflow_crawls", status="running") == 0
    assert pipeline.by("newsflow_queue_depth", "queue") == {"ingest": 0, "enrich": 0, "store": 0}
    assert pipeline.by("newsflow_metrics_source_up", "source") == {"broker": 1, "database": 1}
