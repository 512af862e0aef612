"""The bundled sample site, its server and the generated benchmark site (real sockets on 127.0.0.1)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
from lxml import etree, html
from protego import Protego

from newsflow.generated_site import ARTICLES_PER_PAGE, article_paths, generate_site
from newsflow.sample_server import (
    SiteServer,
    content_type_for,
    load_expected,
    load_sample_site,
    run_site_server,
    serve_site,
    url_path_for,
)

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
UA = "newsflow/0.1 (+https://github.com/newsflow/newsflow; news ingestion)"


@pytest.fixture(scope="module")
def server() -> Iterator[SiteServer]:
    with run_site_server() as state:
        yield state


@pytest.fixture(scope="module")
def expected() -> dict[str, Any]:
    return load_expected()


def _get(server: SiteServer, path: str) -> requests.Response:
    return requests.get(server.url(path), allow_redirects=False, timeout=5)


def _jsonld(doc: Any) -> list[dict[str, Any]]:
    return [json.loads(s.text) for s in doc.xpath('//script[@type="application/ld+json"]')]


def _links(body: bytes) -> set[str]:
    return {urlsplit(h).path for h in html.fromstring(body).xpath("//a/@href") if not h.startswith("http")}


def _body_text(doc: Any) -> str:
    return " ".join(p.text_content() for p in doc.xpath('//div[@class="entry-content"]/p'))


def test_paths_and_content_types_of_files() -> None:
    assert url_path_for("index.html") == "/"
    assert url_path_for("news/2024/03/x/index.html") == "/news/2024/03/x/"
    assert url_path_for("robots.txt") == "/robots.txt"
    assert content_type_for("feed.xml") == "application/rss+xml"
    assert content_type_for("sitemap-news.xml") == "application/xml"
    assert content_type_for("a/index.html") == "text/html; charset=utf-8"
    assert content_type_for("robots.txt") == "text/plain; charset=utf-8"


def test_every_file_is_served_with_its_type_length_and_base(server: SiteServer) -> None:
    assert "/EXPECTED.json" not in server.files
    for path, site_file in server.files.items():
        response = _get(server, path)
        assert response.status_code == 200, path
        assert response.headers["Content-Type"] == site_file.content_type
        assert int(response.headers["Content-Length"]) == len(response.content)
        assert b"{{BASE}}" not in response.content, path
    assert _get(server, "/feed.xml").headers["Content-Type"] == "application/rss+xml"
    assert _get(server, "/sitemap.xml").headers["Content-Type"] == "application/xml"
    assert _get(server, "/robots.txt").headers["Content-Type"].startswith("text/plain")
    home = _get(server, "/").text
    assert f'<link rel="canonical" href="{server.base_url}/">' in home


def test_not_found_redirect_head_and_index_html(server: SiteServer) -> None:
    assert _get(server, "/no/such/page/").status_code == 404
    assert _get(server, "/EXPECTED.json").status_code == 404
    moved = _get(server, "/about")
    assert moved.status_code == 301
    assert moved.headers["Location"] == server.url("/about/")
    assert _get(server, "/about/index.html").content == _get(server, "/about/").content
    assert _get(server, "/about/?utm_source=x").status_code == 200
    head = requests.head(server.url("/feed.xml"), timeout=5)
    assert head.status_code == 200 and head.content == b""
    assert int(head.headers["Content-Length"]) == len(_get(server, "/feed.xml").content)


def test_robots_txt_forbids_private_and_names_sitemap(server: SiteServer, expected: dict[str, Any]) -> None:
    text = _get(server, "/robots.txt").text
    assert text.startswith("User-agent: *\nDisallow: /private/\n")
    robots = Protego.parse(text)
    assert list(robots.sitemaps) == [server.url("/sitemap.xml")]
    assert not robots.can_fetch(server.url(expected["forbidden"]["path"]), UA)
    for path in [*expected["articles"], *expected["non_article_pages"]]:
        assert robots.can_fetch(server.url(path), UA), path


def test_request_log_records_paths_in_order_with_monotonic_times() -> None:
    with run_site_server() as state:
        for path in ("/", "/robots.txt", "/missing"):
            _get(state, path)
        log = state.request_log()
    assert [p for _, p in log] == ["/", "/robots.txt", "/missing"]
    assert [t for t, _ in log] == sorted(t for t, _ in log)
    gap = state.min_request_gap()
    assert gap is not None and gap >= 0


def test_serve_site_yields_base_url_and_serves_given_files() -> None:
    files = generate_site(3)
    with serve_site(files) as base:
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", base)
        robots = requests.get(base + "/robots.txt", timeout=5).text
    assert robots == f"User-agent: *\nAllow: /\n\nSitemap: {base}/sitemap.xml\n"
    with pytest.raises(requests.ConnectionError):
        requests.get(base + "/", timeout=2)


def test_expected_articles_match_their_pages(server: SiteServer, expected: dict[str, Any]) -> None:
    articles = expected["articles"]
    assert sum(1 for a in articles.values() if a["language"] == "en") >= 6
    assert sum(1 for a in articles.values() if a["language"] == "ar") >= 2
    for path, truth in articles.items():
        doc = html.fromstring(_get(server, path).content)
        root = doc.getroottree().getroot()
        assert root.get("lang") == truth["language"]
        if truth["language"] == "ar":
            assert path.startswith("/ar/news/") and root.get("dir") == "rtl"
        else:
            assert re.fullmatch(r"/news/\d{4}/\d{2}/[a-z0-9-]+/", path)
        (ld,) = _jsonld(doc)
        assert ld["@type"] == "NewsArticle"
        assert ld["headline"] == truth["title"] == doc.xpath("string(//h1)")
        assert ld["datePublished"] == truth["published_at"]
        assert datetime.fromisoformat(truth["published_at"]).utcoffset() is not None
        assert [a["name"] for a in ld["author"]] == truth["authors"]
        assert ld["publisher"]["name"] == expected["site_name"] and ld["articleSection"]
        assert (
            doc.xpath('string(//meta[@property="article:published_time"]/@content)') == truth["published_at"]
        )
        assert doc.xpath('string(//meta[@property="og:title"]/@content)') == truth["title"]
        assert doc.xpath('string(//link[@rel="canonical"]/@href)') == server.url(path)
        assert doc.xpath('string(//meta[@property="og:url"]/@content)') == server.url(path)
        byline = doc.xpath('string(//span[@class="byline"])')
        assert all(name in byline for name in truth["authors"])
        text = _body_text(doc)
        assert 250 <= len(text.split()) <= 500, (path, len(text.split()))
        for entity in truth["entities"]:
            assert entity in text, (path, entity)
    figures = [p for p in articles if html.fromstring(_get(server, p).content).xpath("//figure/figcaption")]
    assert 0 < len(figures) < len(articles)


def test_non_article_pages_carry_no_news_article(server: SiteServer, expected: dict[str, Any]) -> None:
    pages = expected["non_article_pages"]
    assert {"/", "/about/", "/ar/", "/section/politics/", "/section/politics/page/2/"} <= set(pages)
    for path in pages:
        doc = html.fromstring(_get(server, path).content)
        assert all(ld["@type"] != "NewsArticle" for ld in _jsonld(doc)), path
    assert "/section/politics/page/2/" in _links(_get(server, "/section/politics/").content)


def test_forbidden_page_exists_is_linked_from_home_and_disallowed(
    server: SiteServer, expected: dict[str, Any]
) -> None:
    forbidden = expected["forbidden"]["path"]
    assert forbidden.startswith("/private/") and forbidden not in expected["articles"]
    assert forbidden in _links(_get(server, "/").content)
    doc = html.fromstring(_get(server, forbidden).content)
    assert _jsonld(doc)[0]["headline"] == expected["forbidden"]["title"]


def test_duplicate_pair_shares_content_and_canonical(server: SiteServer, expected: dict[str, Any]) -> None:
    (pair,) = expected["duplicates"]
    original = html.fromstring(_get(server, pair["canonical"]).content)
    alternate = html.fromstring(_get(server, pair["alternate"]).content)
    for doc in (original, alternate):
        assert doc.xpath('string(//link[@rel="canonical"]/@href)') == server.url(pair["canonical"])
    assert _body_text(original) == _body_text(alternate)
    listed = set().union(*(_links(_get(server, p).content) for p in expected["non_article_pages"]))
    assert {pair["canonical"], pair["alternate"]} <= listed
    assert pair["alternate"] not in expected["articles"]


def test_feed_lists_articles_with_dates(server: SiteServer, expected: dict[str, Any]) -> None:
    root = etree.fromstring(_get(server, "/feed.xml").content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    items = root.findall("./channel/item")
    assert len(items) >= 4
    assert [urlsplit(i.findtext("link")).path for i in items] == expected["feed"]["items"]
    for item in items:
        path = urlsplit(item.findtext("link")).path
        published = parsedate_to_datetime(item.findtext("pubDate"))
        assert published == datetime.fromisoformat(expected["articles"][path]["published_at"])
        assert item.findtext("link").startswith(server.base_url)


def test_sitemaps_list_every_article_and_nothing_else(server: SiteServer, expected: dict[str, Any]) -> None:
    index = etree.fromstring(_get(server, "/sitemap.xml").content)
    assert index.tag == f"{{{SITEMAP_NS['sm']}}}sitemapindex"
    locs = index.xpath("//sm:sitemap/sm:loc/text()", namespaces=SITEMAP_NS)
    assert locs == [server.url("/sitemap-news.xml")]
    news = etree.fromstring(requests.get(locs[0], timeout=5).content)
    urls = news.xpath("//sm:url", namespaces=SITEMAP_NS)
    paths = [urlsplit(u.findtext("sm:loc", namespaces=SITEMAP_NS)).path for u in urls]
    assert sorted(paths) == sorted(expected["articles"])
    assert all(u.findtext("sm:lastmod", namespaces=SITEMAP_NS) for u in urls)


def test_generated_site_links_every_article_from_listings_and_sitemap() -> None:
    n = 2 * ARTICLES_PER_PAGE + 5
    files = generate_site(n, seed=7)
    articles = article_paths(files)
    assert len(articles) == len(set(articles)) == n
    listings = ["/", "/page/2/", "/page/3/"]
    assert all(p in files for p in listings) and "/page/4/" not in files
    assert {p for p in files if p not in articles} == {*listings, "/sitemap.xml", "/robots.txt"}
    home_links = _links(files["/"].body)
    assert {"/page/2/", "/page/3/"} <= home_links  # numbered pagination: everything within two hops
    linked = set().union(*(_links(files[p].body) for p in listings))
    assert set(articles) <= linked
    sitemap = etree.fromstring(files["/sitemap.xml"].body)
    locs = sitemap.xpath("//sm:loc/text()", namespaces=SITEMAP_NS)
    assert sorted(loc.replace("{{BASE}}", "") for loc in locs) == sorted(articles)


def test_generated_articles_are_news_like_and_deterministic() -> None:
    files = generate_site(5, seed=1)
    assert files == generate_site(5, seed=1)
    assert article_paths(files) != article_paths(generate_site(5, seed=2))
    assert generate_site(0)["/"].content_type.startswith("text/html")
    titles = set()
    for path in article_paths(files):
        doc = html.fromstring(files[path].body)
        (ld,) = _jsonld(doc)
        titles.add(ld["headline"])
        assert ld["@type"] == "NewsArticle" and ld["author"][0]["name"]
        assert datetime.fromisoformat(ld["datePublished"]).utcoffset() is not None
        assert doc.xpath('string(//meta[@property="og:title"]/@content)') == ld["headline"]
        paragraphs = [p.text_content() for p in doc.xpath('//div[@class="entry-content"]/p')]
        words = sum(len(p.split()) for p in paragraphs)
        assert 480 <= words <= 560
        sentences = re.split(r"(?<=[.”])\s+", " ".join(paragraphs))
        assert len(set(sentences)) == len(sentences)
    assert len(titles) == 5
    with pytest.raises(ValueError):
        generate_site(-1)


def test_generated_site_is_served_with_base_replaced() -> None:
    files = generate_site(2)
    with run_site_server(files) as state:
        path = article_paths(files)[0]
        page = requests.get(state.url(path), timeout=5)
    assert page.status_code == 200 and page.headers["Content-Type"] == "text/html; charset=utf-8"
    assert f'<link rel="canonical" href="{state.url(path)}">' in page.text


def test_load_sample_site_is_independent_of_the_server() -> None:
    files = load_sample_site()
    assert b"{{BASE}}" in files["/robots.txt"].body
    assert files["/news/2024/03/ceasefire-talks/"].content_type == "text/html; charset=utf-8"
