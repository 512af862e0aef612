"""Both runtimes are one driver: the same faults, run through the embedded runner and through real Celery
workers, leave the same ``failures`` rows, the same crawl counts and the same stored articles.

The faults: a page that answers 503 once and then recovers; a page that always fails (502: retried, then
dead-lettered); a missing page (404: permanent, recorded once); an Arabic article whose translation fails (the
article is stored, the failure recorded); an article whose first database write fails (a PostgreSQL trigger
raises once) and succeeds on the retry. Before the stage driver, the runner never retried enrich or store
failures and only logged a failed translation.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
import pytest
from newsflow_crawl import lifecycle
from newsflow_crawl.delivery.celery_transport import CeleryTransport
from newsflow_crawl.state import RedisLedger
from newsflow_shared.celery_app import make_celery
from newsflow_shared.config import Settings
from newsflow_shared.db import make_engine, make_sessionmaker, session_scope
from newsflow_shared.messages import COUNTERS, CrawlRequest
from newsflow_shared.migrate import upgrade
from newsflow_shared.models import Article, Crawl, Failure
from sqlalchemy import select

from newsflow.runner import EmbeddedRunner
from tests.support.http_server import LocalServer, serve
from tests.support.processes import newsflow_env, process_group
from tests.support.servers import fresh_database
from tests.support.translate_server import serve_translate

pytestmark = [pytest.mark.e2e, pytest.mark.integration]

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"
HTML = {"Content-Type": "text/html; charset=utf-8"}
SETTINGS = {
    "allow_private_addresses": "true",
    "host_delay": "0",
    "task_max_retries": "2",
    "retry_backoff": "0.2",
    "retry_backoff_max": "1",
    "host_failure_threshold": "100",  # the failing pages must not pause the host for the others
    "translator": "libretranslate",
}

# The first write of the article at /flaky-store fails; a sequence is outside the transaction the error aborts.
STORE_FAULT = """
CREATE SEQUENCE newsflow_test_store_fault;
CREATE FUNCTION newsflow_test_store_fault() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.url LIKE '%/flaky-store' AND nextval('newsflow_test_store_fault') = 1 THEN
    RAISE EXCEPTION 'injected store fault: first write of %', NEW.url;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER newsflow_test_store_fault BEFORE INSERT ON articles
  FOR EACH ROW EXECUTE FUNCTION newsflow_test_store_fault();
"""


def english_article(topic: str, place: str) -> bytes:
    paragraphs = "".join(
        f"<p>Paragraph {i} on the {topic}: officials in {place} said on Monday that the {topic} would be "
        f"reviewed again by an independent panel before the end of the year, after weeks of debate.</p>"
        for i in range(8)
    )
    return (
        f"<html lang='en'><head><title>The {topic} in {place} | Test Times</title>"
        "<meta property='og:type' content='article'>"
        "<meta property='article:published_time' content='2024-02-01T08:00:00+00:00'></head>"
        f"<body><article><h1>The {topic} in {place}</h1>{paragraphs}</article></body></html>"
    ).encode()


def fault_routes() -> dict[str, Any]:
    """The pages of one run (a fresh server per runtime: the 503 page recovers once per server)."""
    calls = {"recovers": 0}

    def recovers(path: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        calls["recovers"] += 1
        if calls["recovers"] == 1:
            return 503, {"Content-Type": "text/html"}, b"busy"
        return 200, HTML, english_article("harbour works", "Valletta")

    return {
        "/robots.txt": (200, {"Content-Type": "text/plain"}, b"User-agent: *\nAllow: /\n"),
        "/ok": (200, HTML, english_article("budget vote", "Tunis")),
        "/recovers": recovers,
        "/poison": (502, {"Content-Type": "text/html"}, b"bad gateway"),
        "/arabic": (200, HTML, (FIXTURES / "asharq_seed_ar.html").read_bytes()),
        "/flaky-store": (200, HTML, english_article("railway line", "Amman")),
    }


PATHS = ["/ok", "/recovers", "/poison", "/missing", "/arabic", "/flaky-store"]


@contextmanager
def faulty_database(admin_url: str) -> Iterator[str]:
    with fresh_database(admin_url) as url:
        upgrade(url)
        with psycopg.connect(
            url.replace("postgresql+psycopg://", "postgresql://", 1), autocommit=True
        ) as conn:
            conn.execute(STORE_FAULT)
        yield url


def run_embedded(site: LocalServer, database_url: str, translate_url: str) -> str:
    settings = Settings(database_url=database_url, translate_url=translate_url, **SETTINGS)  # type: ignore[arg-type]
    request = CrawlRequest(seeds=[site.url(p) for p in PATHS], mode="article")
    return EmbeddedRunner(settings).crawl(request).crawl_id


def run_celery(
    site: LocalServer, database_url: str, translate_url: str, redis_url: str, tmp_path: Path
) -> str:
    env = newsflow_env(
        database_url=database_url, redis_url=redis_url, translate_url=translate_url, worker_concurrency="1",
        **SETTINGS,
    )  # fmt: skip
    settings = Settings(database_url=database_url, redis_url=redis_url)
    sessions = make_sessionmaker(make_engine(database_url))
    request = CrawlRequest(seeds=[site.url(p) for p in PATHS], mode="article")
    with process_group(tmp_path) as procs:
        for stage in ("ingest", "enrich", "store"):
            procs.start(stage, ["worker", stage], env)
        crawl_id, _ = lifecycle.start_crawl(
            request,
            sessions=sessions,
            ledger=RedisLedger.from_url(redis_url),
            transport=CeleryTransport(make_celery(settings), settings),
        )
        deadline, finished = time.monotonic() + 180, None
        while time.monotonic() < deadline and finished is None:
            time.sleep(0.5)
            with session_scope(sessions) as session:
                finished = session.scalar(select(Crawl.finished_at).where(Crawl.id == crawl_id))
        assert finished is not None, procs.logs()
        time.sleep(1.0)  # failure rows published just before the finish are written by now
    return crawl_id


def outcome(database_url: str, crawl_id: str, base_url: str) -> dict[str, Any]:
    """What a reader of the database sees of one crawl, with the site's address taken out of the URLs."""
    sessions = make_sessionmaker(make_engine(database_url))
    with session_scope(sessions) as session:
        crawl = session.get(Crawl, crawl_id)
        assert crawl is not None
        failures = session.scalars(select(Failure).where(Failure.crawl_id == crawl_id))
        stored = session.scalars(select(Article.url).where(Article.crawl_id == crawl_id))
        return {
            "status": crawl.status,
            "counts": {name: getattr(crawl, name) for name in COUNTERS},
            "failures": sorted(
                (f.url.removeprefix(base_url), f.stage, f.task_name, f.reason, f.permanent, f.attempts)
                for f in failures
                if f.url
            ),
            "stored": sorted(url.removeprefix(base_url) for url in stored),
        }


def test_the_same_faults_give_the_same_rows_in_both_runtimes(
    postgres_admin_url: str, redis_url: str, tmp_path: Path
) -> None:
    seen: dict[str, dict[str, Any]] = {}
    with serve_translate(status=500) as translator:
        with faulty_database(postgres_admin_url) as database_url, serve(fault_routes()) as site:
            crawl_id = run_embedded(site, database_url, translator.base_url)
            seen["embedded"] = outcome(database_url, crawl_id, site.base_url)
        with faulty_database(postgres_admin_url) as database_url, serve(fault_routes()) as site:
            crawl_id = run_celery(site, database_url, translator.base_url, redis_url, tmp_path)
            seen["celery"] = outcome(database_url, crawl_id, site.base_url)

    assert seen["embedded"] == seen["celery"]
    result = seen["celery"]
    assert result["status"] == "done"
    assert result["stored"] == ["/arabic", "/flaky-store", "/ok", "/recovers"]
    assert result["failures"] == [
        ("/arabic", "enrich", "newsflow.enrich.enrich", "translation_failed", False, 1),
        ("/missing", "ingest", "newsflow.ingest.fetch", "http_status", True, 1),
        ("/poison", "ingest", "newsflow.ingest.fetch", "http_502", False, 3),
    ]
    counts = result["counts"]
    assert (counts["stored"], counts["failed"], counts["articles"]) == (4, 2, 4)
