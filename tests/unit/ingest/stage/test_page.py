"""The ingest stage as a function (``newsflow_ingest.stage.page.ingest``) against the bundled sample site served
on 127.0.0.1 by tests/support/http_server.py: articles, feeds, sitemaps, conditional fetches, site links."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from email.utils import parsedate_to_datetime
from typing import Any

import pytest
from newsflow_ingest.fetching.fetcher import Fetcher
from newsflow_ingest.fetching.validators import MemoryValidators
from newsflow_ingest.stage.page import ingest
from newsflow_shared.config import Settings
from newsflow_shared.messages import FetchTask

from newsflow.sample_server import load_expected, load_sample_site
from tests.support.http_server import LocalServer, Route, serve

ARTICLE = "/news/2024/03/ceasefire-talks/"
SKIPPED = (".svg", ".css", ".js", ".jpg", ".png")


@pytest.fixture(scope="module")
def site() -> Iterator[LocalServer]:
    """The sample site, ``{{BASE}}`` replaced by the server's own address."""
    routes: dict[str, Route | tuple[int, dict[str, str], bytes]] = {}
    with serve(routes) as server:
        base = server.base_url.encode()
        for path, file in load_sample_site().items():
            body = file.body.replace(b"{{BASE}}", base)
            routes[path] = (200, {"Content-Type": file.content_type}, body)
        yield server


@pytest.fixture(scope="module")
def fetcher() -> Iterator[Fetcher]:
    settings = Settings(
        _env_file=None,
        allow_private_addresses=True,  # the site is on 127.0.0.1
        host_delay=0,
        fetch_connect_timeout=2.0,
        fetch_read_timeout=2.0,
        fetch_deadline=5.0,
    )
    with Fetcher(settings) as instance:
        yield instance


def task(url: str, **fields: Any) -> FetchTask:
    return FetchTask(crawl_id="crawl-7", url=url, **fields)


def body_of(site: LocalServer, path: str) -> str:
    route = site.routes[path]
    assert isinstance(route, tuple)
    return route[2].decode("utf-8")


def feed_items(site: LocalServer) -> list[tuple[str, date]]:
    """(link, publication day) of every item of the sample feed, as written in the file."""
    items = re.findall(r"<item>(.*?)</item>", body_of(site, "/feed.xml"), re.S)
    found = []
    for item in items:
        link = re.search(r"<link>(.*?)</link>", item)
        published = re.search(r"<pubDate>(.*?)</pubDate>", item)
        assert link and published
        found.append((link[1], parsedate_to_datetime(published[1]).date()))
    return found


def sitemap_locs(site: LocalServer, path: str) -> list[str]:
    return re.findall(r"<loc>(.*?)</loc>", body_of(site, path))


def test_an_article_page_gives_the_article(site: LocalServer, fetcher: Fetcher) -> None:
    expected = load_expected()["articles"][ARTICLE]
    outcome = ingest(task(site.url(ARTICLE), role="article", mode="article"), fetcher=fetcher)
    assert outcome.fetched.status == 200
    assert outcome.page_status == "article"
    article = outcome.article
    assert article is not None
    assert article.title == expected["title"]
    assert article.published_at == expected["published_at"]
    assert article.authors == expected["authors"]
    assert article.canonical_url == site.url(ARTICLE)
    assert article.crawl_id == "crawl-7"
    assert article.http_status == 200
    assert article.capture is None
    assert outcome.discovered == []  # article mode follows no links


def test_an_article_outside_the_date_range_is_not_kept(site: LocalServer, fetcher: Fetcher) -> None:
    dated = task(site.url(ARTICLE), role="article", mode="article", until=date(2024, 3, 1))
    outcome = ingest(dated, fetcher=fetcher)
    assert outcome.article is None
    assert outcome.page_status == "out_of_range"


def test_site_mode_gives_the_pages_links_one_level_deeper(site: LocalServer, fetcher: Fetcher) -> None:
    page = task(site.url("/"), role="page", mode="site", depth=0, max_depth=2, max_pages=50)
    outcome = ingest(page, fetcher=fetcher)
    assert outcome.article is None  # the home page is a listing
    children = outcome.discovered
    urls = [child.url for child in children]
    assert site.url(ARTICLE) in urls
    assert site.url("/section/politics/") in urls
    assert len(urls) == len(set(urls))
    for child in children:
        assert child.url.startswith(site.base_url + "/")  # the crawl's own host only
        assert not child.url.endswith(SKIPPED)  # never a request for an image or a stylesheet
        assert (child.depth, child.role, child.mode) == (1, "page", "site")
        assert (child.crawl_id, child.max_pages, child.max_depth) == ("crawl-7", 50, 2)
        assert (child.deferrals, child.slot_booked) == (0, False)


def test_site_mode_stops_at_the_depth_limit(site: LocalServer, fetcher: Fetcher) -> None:
    deepest = task(site.url(ARTICLE), role="page", mode="site", depth=2, max_depth=2)
    outcome = ingest(deepest, fetcher=fetcher)
    assert outcome.article is not None  # still parsed
    assert outcome.discovered == []


def test_a_feed_gives_its_entries_as_articles(site: LocalServer, fetcher: Fetcher) -> None:
    outcome = ingest(task(site.url("/feed.xml"), role="feed", mode="feed"), fetcher=fetcher)
    assert outcome.article is None
    assert outcome.page_status is None
    assert [child.url for child in outcome.discovered] == [link for link, _ in feed_items(site)]
    for child in outcome.discovered:
        assert (child.role, child.depth, child.mode) == ("article", 1, "feed")
        assert child.hints["source"] == "feed"
        assert child.hints["published_at"]


def test_feed_entries_outside_the_date_range_are_dropped(site: LocalServer, fetcher: Fetcher) -> None:
    since = date(2024, 3, 8)
    outcome = ingest(task(site.url("/feed.xml"), role="feed", mode="feed", since=since), fetcher=fetcher)
    kept = [link for link, day in feed_items(site) if day >= since]
    assert 0 < len(kept) < len(feed_items(site))
    assert [child.url for child in outcome.discovered] == kept


def test_an_html_page_given_as_a_feed_gives_the_feeds_it_advertises(
    site: LocalServer, fetcher: Fetcher
) -> None:
    outcome = ingest(task(site.url("/"), role="feed", mode="feed"), fetcher=fetcher)
    assert [(child.url, child.role) for child in outcome.discovered] == [(site.url("/feed.xml"), "feed")]


def test_a_sitemap_index_gives_child_sitemaps(site: LocalServer, fetcher: Fetcher) -> None:
    outcome = ingest(task(site.url("/sitemap.xml"), role="sitemap", mode="sitemap"), fetcher=fetcher)
    assert [(child.url, child.role) for child in outcome.discovered] == [
        (site.url("/sitemap-news.xml"), "sitemap")
    ]
    assert outcome.article is None


def test_a_sitemap_gives_its_urls_as_articles(site: LocalServer, fetcher: Fetcher) -> None:
    outcome = ingest(task(site.url("/sitemap-news.xml"), role="sitemap", mode="sitemap"), fetcher=fetcher)
    locs = sitemap_locs(site, "/sitemap-news.xml")
    assert len(locs) >= 3
    assert [child.url for child in outcome.discovered] == locs
    assert {(child.role, child.depth) for child in outcome.discovered} == {("article", 1)}


def test_robots_txt_as_a_sitemap_seed_gives_its_sitemap_lines(site: LocalServer, fetcher: Fetcher) -> None:
    outcome = ingest(task(site.url("/robots.txt"), role="sitemap", mode="sitemap"), fetcher=fetcher)
    assert [(child.url, child.role) for child in outcome.discovered] == [
        (site.url("/sitemap.xml"), "sitemap")
    ]


def test_an_unchanged_feed_answers_304_and_gives_nothing(fetcher: Fetcher) -> None:
    asked: list[str | None] = []
    feed = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
        b"<item><link>{base}/news/2024/03/a/</link><pubDate>Tue, 12 Mar 2024 09:30:00 +0300</pubDate></item>"
        b"</channel></rss>"
    )
    routes: dict[str, Route | tuple[int, dict[str, str], bytes]] = {}

    def conditional(_path: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        asked.append(headers.get("If-None-Match"))
        if headers.get("If-None-Match") == '"v1"':
            return 304, {"ETag": '"v1"'}, b""
        return 200, {"Content-Type": "application/rss+xml", "ETag": '"v1"'}, body

    with serve(routes) as server:
        body = feed.replace(b"{base}", server.base_url.encode())
        routes["/feed.xml"] = conditional
        validators = MemoryValidators()
        first = ingest(
            task(server.url("/feed.xml"), role="feed", mode="feed"), fetcher=fetcher, validators=validators
        )
        assert [child.url for child in first.discovered] == [server.url("/news/2024/03/a/")]
        # Returned, not stored: the caller (stage.step) stores them once the feed's entries are admitted.
        assert first.validators == {"etag": '"v1"'}
        assert validators.get(server.url("/feed.xml")) is None
        validators.put(server.url("/feed.xml"), first.validators)
        again = ingest(
            task(server.url("/feed.xml"), role="feed", mode="feed"), fetcher=fetcher, validators=validators
        )
    assert asked == [None, '"v1"']
    assert again.fetched.status == 304
    assert again.page_status == "not_modified"
    assert again.discovered == []
    assert again.article is None
    assert again.validators is None
