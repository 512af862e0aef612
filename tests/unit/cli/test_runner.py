"""The embedded runner on SQLite against a local site: the stage steps and the delivery policy in one process."""

from __future__ import annotations

from pathlib import Path

from newsflow_shared.config import Settings
from newsflow_shared.db import make_engine, make_sessionmaker, session_scope
from newsflow_shared.messages import CrawlRequest
from newsflow_shared.models import Article, Crawl, Failure
from sqlalchemy import select

from newsflow.runner import EmbeddedRunner
from tests.support.http_server import serve

HTML = {"Content-Type": "text/html; charset=utf-8"}


def article(topic: str) -> bytes:
    paragraphs = "".join(
        f"<p>Paragraph {i}: the {topic} was discussed by the council of Valletta on Monday, and the mayor said "
        f"a decision on the {topic} would follow after the summer recess of the assembly.</p>"
        for i in range(8)
    )
    return (
        f"<html lang='en'><head><title>The {topic}</title><meta property='og:type' content='article'>"
        "<meta property='article:published_time' content='2024-02-01T08:00:00+00:00'></head>"
        f"<body><article><h1>The {topic}</h1>{paragraphs}</article></body></html>"
    ).encode()


def settings(tmp_path: Path) -> Settings:
    return Settings(
        database_url=f"sqlite:///{tmp_path / 'runner.db'}",
        allow_private_addresses=True,
        host_delay=0.0,
        task_max_retries=2,
        retry_backoff=0.05,
        retry_backoff_max=0.2,
    )


def test_a_site_crawl_stores_its_articles_and_retries_a_page_that_recovers(tmp_path: Path) -> None:
    calls = {"flaky": 0}

    def flaky(path: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        calls["flaky"] += 1
        return (503, HTML, b"busy") if calls["flaky"] == 1 else (200, HTML, article("harbour plan"))

    listing = b"<html><body><a href='/a'>a</a> <a href='/flaky'>b</a> <a href='/gone'>c</a></body></html>"
    routes = {
        "/robots.txt": (200, {"Content-Type": "text/plain"}, b"User-agent: *\nAllow: /\n"),
        "/": (200, HTML, listing),
        "/a": (200, HTML, article("bus lanes")),
        "/flaky": flaky,
    }
    config = settings(tmp_path)
    with serve(routes) as site:
        summary = EmbeddedRunner(config, enrich=False).crawl(
            CrawlRequest(seeds=[site.url("/")], mode="site", max_depth=1)
        )
    assert summary.status == "done" and calls["flaky"] == 2
    assert len(summary.stored_ids) == 2 and summary.stage_cpu_ms["ingest"] > 0
    assert (summary.counts["discovered"], summary.counts["stored"], summary.counts["failed"]) == (4, 2, 1)
    sessions = make_sessionmaker(make_engine(config.database_url))
    with session_scope(sessions) as session:
        crawl = session.get(Crawl, summary.crawl_id)
        assert crawl is not None and crawl.finished_at is not None and crawl.stored == 2
        urls = set(session.scalars(select(Article.url)))
        assert urls == {site.url("/a"), site.url("/flaky")}
        [failure] = session.scalars(select(Failure)).all()
        assert (failure.url, failure.permanent, failure.attempts) == (site.url("/gone"), True, 1)


def test_a_crawl_whose_only_page_fails_finishes_failed(tmp_path: Path) -> None:
    runner = EmbeddedRunner(settings(tmp_path), enrich=False)
    with serve({}) as site:
        first = runner.crawl(CrawlRequest(seeds=[site.url("/missing")], mode="article"))
    assert first.status == "failed" and first.counts["failed"] == 1
