"""Crawls of the generated fixture web (many hosts on 127.0.0.x) with the embedded runner: discovery by every
mode, politeness checked from the servers' request logs, duplicates, raw captures, reprocess and import-warc."""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path

import pytest
from newsflow_ingest.captures.warc import read_capture
from newsflow_shared.config import Settings
from newsflow_shared.db import make_engine, make_sessionmaker, session_scope
from newsflow_shared.messages import CrawlRequest
from newsflow_shared.models import Article, ArticleUrl, FetchOutcomeRow
from sqlalchemy import func, select

from newsflow.import_warc_command import import_warcs
from newsflow.reprocess_command import reprocess
from newsflow.runner import EmbeddedRunner
from tests.support.fixture_web import FixtureHost, _published, fixture_web

DELAY = 0.2


def _settings(tmp_path: Path, name: str = "crawl", **overrides: object) -> Settings:
    values: dict[str, object] = {
        "fetch_max_redirects": 10,
        "database_url": f"sqlite:///{tmp_path / name}.db",
        "allow_private_addresses": True,
        "host_delay": DELAY,
        "fetch_read_timeout": 1.0,
        "fetch_deadline": 3.0,
        "task_max_retries": 0,
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


def _gaps(host: FixtureHost) -> list[float]:
    times = [t for t, _ in host.request_log()]
    return [b - a for a, b in itertools.pairwise(times)]


def _count(settings: Settings, model: type, *where: object) -> int:
    engine = make_engine(settings.database_url)
    try:
        with session_scope(make_sessionmaker(engine)) as session:
            return int(session.scalar(select(func.count()).select_from(model).where(*where)) or 0)  # type: ignore[arg-type]
    finally:
        engine.dispose()


def test_sitemaps_from_robots_txt_politely_with_captures_reprocess_and_import(tmp_path: Path) -> None:
    settings = _settings(tmp_path, capture_dir=str(tmp_path / "warc"))
    with fixture_web(3, articles_per_host=6, first_address=60) as web:
        # robots.txt → Sitemap: sitemap_index.xml → a gzip sitemap and a Google News sitemap (same URLs).
        request = CrawlRequest(seeds=[h.url("/robots.txt") for h in web.hosts], mode="sitemap", max_pages=200)
        summary = EmbeddedRunner(settings, enrich=False).crawl(request)
        for host in web.hosts:
            paths = (
                host.requested_paths()
                if hasattr(host, "requested_paths")
                else [p for _, p in host.request_log()]
            )
            assert "/sitemap-articles.xml.gz" in paths and "/news-sitemap.xml" in paths
            assert sorted(p for p in paths if p.startswith("/news/2")) == sorted(
                host.article_paths()
            )  # each once
            assert min(_gaps(host)) >= DELAY, host.address  # as the server saw it
    assert summary.status == "done"
    assert len(summary.stored_ids) == 18
    assert _count(settings, Article, Article.capture.is_not(None)) == 18
    assert _count(settings, FetchOutcomeRow) == summary.counts["fetched"]

    engine = make_engine(settings.database_url)
    with session_scope(make_sessionmaker(engine)) as session:
        location, url = session.execute(select(Article.capture, Article.url).limit(1)).one()
    engine.dispose()
    capture = read_capture(location)
    assert capture.url == url and capture.status == 200 and b"<html" in capture.content

    again = reprocess(settings, enrich=False)  # no server is running any more: nothing is fetched
    assert again.counts.seen == 18 and again.counts.stored == 18 and again.counts.failed == 0

    fresh = _settings(tmp_path, "imported")
    warcs = sorted(str(p) for p in (tmp_path / "warc").iterdir())
    imported = import_warcs(fresh, warcs, enrich=False)
    assert imported.counts.stored == 18  # robots.txt, sitemaps and feeds are captured too, but not articles
    assert _count(fresh, Article) == 18


def test_feed_autodiscovery_from_an_html_page(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    with fixture_web(1, articles_per_host=5, first_address=64) as web:
        host = web.hosts[0]
        summary = EmbeddedRunner(settings, enrich=False).crawl(
            CrawlRequest(seeds=[host.url("/feeds/")], mode="feed", max_pages=50)
        )
        assert "/feed.xml" in [p for _, p in host.request_log()]
    assert len(summary.stored_ids) == 5


def test_archive_walk_stops_at_since_and_stores_only_the_range(tmp_path: Path) -> None:
    settings = _settings(tmp_path, host_delay=0.0)
    with fixture_web(1, articles_per_host=70, first_address=65) as web:
        host = web.hosts[0]
        dated = {p: date.fromisoformat(_published(host.files, p)[:10]) for p in host.article_paths()}
        since = sorted(dated.values(), reverse=True)[25]
        request = CrawlRequest(seeds=[host.url("/")], mode="archive", max_depth=1, max_pages=500, since=since)
        summary = EmbeddedRunner(settings, enrich=False).crawl(request)
        requested = [p for _, p in host.request_log()]
    expected = sum(1 for d in dated.values() if d >= since)
    assert len(summary.stored_ids) == expected
    # Listing pages run 20 articles each, newest first: page 2 still reaches ``since``, page 3 does not, so the
    # walk fetches page 3 and stops there: page 4 and page 3's articles are never requested.
    assert "/page/3/" in requested and "/page/4/" not in requested
    older = [p for p, d in dated.items() if d < since]
    assert sum(1 for p in requested if p in older) <= 20  # at most page 2's older tail, not the archive


def test_duplicates_and_scope_in_site_mode(tmp_path: Path) -> None:
    settings = _settings(tmp_path, host_delay=0.0)
    with fixture_web(2, articles_per_host=3, first_address=67) as web:
        first, second = web.hosts
        seeds = [
            first.url("/"),
            first.url("/copy/0/?utm_source=x&fbclid=y"),
            first.url("/redirect/loop/a"),
            first.url("/redirect/chain/12"),  # one hop more than NEWSFLOW_FETCH_MAX_REDIRECTS allows
            first.url("/redirect/chain/3"),  # within the cap: ends on the home page
        ]
        request = CrawlRequest(
            seeds=seeds,
            mode="site",
            max_depth=2,
            max_pages=100,
            allowed_domains=[second.address],
            include=[r"/news/|/page/|/syndicated/|/$"],
        )
        request.seeds.append(second.url("/syndicated/0/"))
        summary = EmbeddedRunner(settings, enrich=False).crawl(request)
        requested = [p for _, p in first.request_log()]
    assert requested.count("/copy/0/?utm_source=x&fbclid=y") == 1  # a seed is fetched as given, once
    assert not [p for p in requested if p.startswith("/feed")]  # outside ``include``
    engine = make_engine(settings.database_url)
    with session_scope(make_sessionmaker(engine)) as session:
        copy_row = session.scalar(select(ArticleUrl).where(ArticleUrl.url.like("%/copy/0/%")))
        assert copy_row is not None  # the exact copy is linked to the original, not stored twice
        original = session.get(Article, copy_row.article_id)
        assert original is not None and "/news/" in original.url
        syndicated = session.scalar(select(Article).where(Article.url.like("%/syndicated/0/")))
        assert syndicated is not None and syndicated.cluster_id == original.cluster_id  # near-duplicate
        grouped = session.execute(
            select(FetchOutcomeRow.reason, func.count()).group_by(FetchOutcomeRow.reason)
        )
        outcomes = {reason: count for reason, count in grouped}
    engine.dispose()
    assert outcomes.get("redirect_loop") == 1 and outcomes.get("too_many_redirects") == 1
    assert summary.counts["failed"] >= 1


@pytest.mark.parametrize("behaviour", ["404", "500", "429", "timeout"])
def test_robots_txt_outcomes(tmp_path: Path, behaviour: str) -> None:
    settings = _settings(tmp_path, host_delay=0.0, robots_cache_ttl=60.0)
    with fixture_web(1, articles_per_host=2, first_address=70, robots={0: behaviour}) as web:
        host = web.hosts[0]
        summary = EmbeddedRunner(settings, enrich=False).crawl(
            CrawlRequest(seeds=[host.url(p) for p in host.article_paths()], mode="article", max_pages=10)
        )
    if behaviour == "404":  # unavailable: everything allowed (RFC 9309 §2.3.1.3)
        assert len(summary.stored_ids) == 2
    else:  # unreachable: everything disallowed for now, retried later (§2.3.1.4); no retries left here
        assert summary.stored_ids == [] and summary.counts["failed"] == 2


def test_skip_known_fetches_only_new_articles(tmp_path: Path) -> None:
    settings = _settings(tmp_path, host_delay=0.0)
    runner = EmbeddedRunner(settings, enrich=False)
    with fixture_web(1, articles_per_host=5, first_address=73) as web:
        host = web.hosts[0]
        first = runner.crawl(CrawlRequest(seeds=[host.url("/feed.xml")], mode="feed"))
        # The same feed again is a 304 (conditional GET): nothing new, nothing fetched.
        unchanged = runner.crawl(CrawlRequest(seeds=[host.url("/feed.xml")], mode="feed", skip_known=True))
        # Another spelling of the feed is fetched in full; its entries are known articles.
        again = runner.crawl(CrawlRequest(seeds=[host.url("/feed.xml?v=2")], mode="feed", skip_known=True))
        recrawl = runner.crawl(CrawlRequest(seeds=[host.url("/feed.xml?v=3")], mode="feed"))
        article_requests = [p for _, p in host.request_log() if p.startswith("/news/")]
    assert len(first.stored_ids) == 5
    assert unchanged.counts["discovered"] == 1 and unchanged.stored_ids == []
    assert again.stored_ids == [] and again.counts["skipped"] == 5
    assert len(recrawl.stored_ids) == 5  # without skip_known a crawl fetches what it finds again
    assert len(article_requests) == 10
