"""Links, feeds and sitemaps: what discovery finds, and what hostile XML cannot make it do."""

from __future__ import annotations

import gzip
import time
from pathlib import Path

import pytest
from newsflow_ingest.discovery.feeds import looks_like_feed, parse_feed
from newsflow_ingest.discovery.links import extract_links, find_feed_links
from newsflow_ingest.discovery.sitemaps import gunzip, looks_like_sitemap, parse_sitemap
from newsflow_shared.errors import TooLarge

BASE = "https://news.example/section/index.html"

PAGE = """<!DOCTYPE html>
<html><head>
<link rel="alternate" type="application/rss+xml" href="/feeds/all.rss">
<link rel="alternate" type="application/atom+xml" href="https://news.example/atom.xml">
<link rel="alternate" type="application/json" href="/wp-json/wp/v2/posts/1">
<link rel="alternate" hreflang="fr" href="/fr/">
<link rel="stylesheet" type="text/css" href="/style.css">
</head><body>
<a href="/2024/05/story-one.html#comments">One</a>
<a href="story-two.html">Two</a>
<a href="/2024/05/story-one.html">One again</a>
<a href="HTTPS://NEWS.EXAMPLE:443/three">Three</a>
<a href="mailto:desk@news.example">Mail</a>
<a href="javascript:void(0)">JS</a>
<a href="tel:+123">Call</a>
<a href="https://ads.example/click" rel="sponsored nofollow">Ad</a>
<a href="/login" rel="nofollow">Login</a>
<a>no href</a>
<map><area href="/map-target"></map>
<a href="https://other.example/x?b=2&amp;a=1">Elsewhere</a>
</body></html>"""


def test_extract_links() -> None:
    assert extract_links(PAGE, BASE) == [
        "https://news.example/2024/05/story-one.html",
        "https://news.example/section/story-two.html",
        "https://news.example/three",
        "https://news.example/map-target",
        "https://other.example/x?b=2&a=1",
    ]


def test_extract_links_honours_base_href_and_survives_junk() -> None:
    html = '<html><head><base href="https://cdn.example/a/"></head><body><a href="b">x</a></body></html>'
    assert extract_links(html, BASE) == ["https://cdn.example/a/b"]
    declared = '<?xml version="1.0" encoding="utf-8"?><html><body><a href="/x">x</a></body></html>'
    assert extract_links(declared, BASE) == ["https://news.example/x"]
    assert extract_links("", BASE) == []
    assert extract_links("   ", BASE) == []


def test_find_feed_links() -> None:
    assert find_feed_links(PAGE, BASE) == [
        "https://news.example/feeds/all.rss",
        "https://news.example/atom.xml",
    ]


RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>News</title><link>https://news.example/</link>
<item><title>First story</title><link>https://news.example/2024/first</link>
  <pubDate>Tue, 07 May 2024 10:30:00 +0200</pubDate></item>
<item><title>Relative</title><link>/2024/second</link></item>
<item><title>Guid only</title><guid isPermaLink="true">https://news.example/2024/third</guid></item>
<item><title>Duplicate</title><link>https://news.example/2024/first</link></item>
<item><title>Not web</title><link>mailto:x@news.example</link></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom news</title><id>urn:x</id>
<updated>2024-05-07T08:00:00Z</updated>
<entry><title>Atom story</title><id>urn:uuid:1</id>
  <link rel="alternate" href="https://news.example/atom/story"/>
  <link rel="enclosure" href="https://news.example/audio.mp3"/>
  <published>2024-05-06T22:15:00-04:00</published><updated>2024-05-07T01:00:00Z</updated></entry>
</feed>"""


def test_parse_rss() -> None:
    found = parse_feed(RSS, "https://news.example/feed.rss")
    assert [item.url for item in found] == [
        "https://news.example/2024/first",
        "https://news.example/2024/second",
        "https://news.example/2024/third",
    ]
    assert found[0].hints == {
        "source": "feed",
        "title": "First story",
        "published_at": "2024-05-07T08:30:00+00:00",
    }
    assert found[1].hints["title"] == "Relative"


def test_parse_atom() -> None:
    (item,) = parse_feed(ATOM, "https://news.example/atom.xml")
    assert item.url == "https://news.example/atom/story"
    assert item.hints["title"] == "Atom story"
    assert item.hints["published_at"] == "2024-05-07T02:15:00+00:00"
    assert item.hints["modified_at"] == "2024-05-07T01:00:00+00:00"


def test_parse_json_feed() -> None:
    body = b"""{"version": "https://jsonfeed.org/version/1.1", "title": "J",
      "items": [{"id": "1", "url": "/j/one", "title": "JSON one",
                 "date_published": "2024-05-07T10:00:00+02:00"},
                {"id": "2", "external_url": "https://elsewhere.example/two"},
                {"id": "3"}]}"""
    assert looks_like_feed(body, "application/json")
    found = parse_feed(body, "https://news.example/feed.json")
    assert [item.url for item in found] == ["https://news.example/j/one", "https://elsewhere.example/two"]
    assert found[0].hints["published_at"] == "2024-05-07T10:00:00+02:00"
    assert parse_feed(b"{not json", BASE) == []


def test_feed_with_entity_tricks_does_not_expand_or_read_files(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    body = f"""<?xml version="1.0"?>
<!DOCTYPE rss [
  <!ENTITY xxe SYSTEM "file://{secret}">
  <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
  <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
  <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
  <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
]>
<rss version="2.0"><channel><title>x</title>
<item><title>&xxe;&e;</title><link>https://news.example/a</link></item>
</channel></rss>""".encode()
    started = time.monotonic()
    found = parse_feed(body, "https://news.example/feed")
    assert time.monotonic() - started < 2
    for item in found:
        assert "TOP-SECRET" not in item.hints.get("title", "")
        assert len(item.hints.get("title", "")) < 1000


def test_looks_like_feed() -> None:
    assert looks_like_feed(RSS, "text/xml")
    assert looks_like_feed(ATOM, None)
    assert looks_like_feed(b"", "application/rss+xml; charset=utf-8")
    assert not looks_like_feed(PAGE.encode(), "text/html")
    assert not looks_like_feed(SITEMAP, "application/xml")
    assert not looks_like_feed(b'{"items": []}', "application/json")


SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url><loc>https://news.example/2024/05/a.html</loc><lastmod>2024-05-07</lastmod></url>
  <url>
    <loc> https://news.example/2024/05/b.html </loc>
    <lastmod>2024-05-07T12:00:00+00:00</lastmod>
    <news:news>
      <news:publication><news:name>Example News</news:name>
        <news:language>en</news:language></news:publication>
      <news:publication_date>2024-05-07T11:30:00+01:00</news:publication_date>
      <news:title>Breaking &amp; important</news:title>
    </news:news>
  </url>
  <url><loc>/relative/c.html</loc></url>
  <url><loc>https://news.example/2024/05/a.html</loc></url>
  <url><loc>javascript:alert(1)</loc></url>
</urlset>"""

INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://news.example/sitemap-2024-05.xml.gz</loc><lastmod>2024-05-07</lastmod></sitemap>
  <sitemap><loc>https://news.example/sitemap-news.xml</loc></sitemap>
</sitemapindex>"""


def test_parse_urlset_with_news_tags() -> None:
    result = parse_sitemap(SITEMAP, "https://news.example/sitemap.xml")
    assert result.sitemaps == []
    assert [item.url for item in result.urls] == [
        "https://news.example/2024/05/a.html",
        "https://news.example/2024/05/b.html",
        "https://news.example/relative/c.html",
    ]
    assert result.urls[0].hints == {
        "source": "sitemap",
        "lastmod": "2024-05-07",
        "modified_at": "2024-05-07T00:00:00",
    }
    assert result.urls[1].hints == {
        "source": "sitemap",
        "lastmod": "2024-05-07T12:00:00+00:00",
        "modified_at": "2024-05-07T12:00:00+00:00",
        "published_at": "2024-05-07T11:30:00+01:00",
        "title": "Breaking & important",
        "language": "en",  # news:publication/news:language
    }


def test_parse_sitemap_index() -> None:
    result = parse_sitemap(INDEX, "https://news.example/sitemap_index.xml")
    assert result.urls == []
    assert result.sitemaps == [
        "https://news.example/sitemap-2024-05.xml.gz",
        "https://news.example/sitemap-news.xml",
    ]


def test_parse_gzipped_sitemap() -> None:
    archive = gzip.compress(SITEMAP)
    assert looks_like_sitemap(archive, "application/x-gzip")
    result = parse_sitemap(archive, "https://news.example/sitemap.xml.gz")
    assert len(result.urls) == 3


def test_gzip_bomb_sitemap_is_refused() -> None:
    bomb = gzip.compress(b"<urlset>" + b" " * 20_000_000)
    with pytest.raises(TooLarge):
        gunzip(bomb, limit=1_000_000)


def test_text_sitemap_and_feed_as_sitemap() -> None:
    text = b"https://news.example/t1\n\nhttps://news.example/t2\nnot a url\n"
    assert [u.url for u in parse_sitemap(text, BASE).urls] == [
        "https://news.example/t1",
        "https://news.example/t2",
    ]
    assert [u.url for u in parse_sitemap(RSS, BASE).urls] == [u.url for u in parse_feed(RSS, BASE)]
    assert len(parse_sitemap(RSS, BASE).urls) == 3


def test_sitemap_billion_laughs_does_not_expand() -> None:
    laughs = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    body = f"""<?xml version="1.0"?>
<!DOCTYPE urlset [<!ENTITY l0 "lol"> {laughs}]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>https://news.example/&l9;</loc><lastmod>&l9;</lastmod></url>
  <url><loc>https://news.example/plain</loc></url>
</urlset>""".encode()
    started = time.monotonic()
    result = parse_sitemap(body, BASE)
    assert time.monotonic() - started < 2
    # libxml2 stops at the amplification limit; whatever was parsed before carries no expansion.
    for item in result.urls:
        assert "lol" not in item.url
        assert all("lol" not in value for value in item.hints.values())


def test_sitemap_external_entities_are_not_loaded(tmp_path: Path) -> None:
    secret = tmp_path / "passwd"
    secret.write_text("root:x:0:0:TOP-SECRET")
    body = f"""<?xml version="1.0"?>
<!DOCTYPE urlset [<!ENTITY xxe SYSTEM "file://{secret}">]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>https://news.example/a</loc><lastmod>&xxe;</lastmod></url>
  <url><loc>https://news.example/&xxe;</loc></url>
  <url><loc>https://news.example/plain</loc></url>
</urlset>""".encode()
    result = parse_sitemap(body, BASE)
    urls = [item.url for item in result.urls]
    assert "https://news.example/a" in urls and "https://news.example/plain" in urls
    assert all("TOP-SECRET" not in url for url in urls)
    assert all("TOP-SECRET" not in value for item in result.urls for value in item.hints.values())


def test_looks_like_sitemap() -> None:
    assert looks_like_sitemap(SITEMAP, "text/xml")
    assert looks_like_sitemap(INDEX, None)
    assert not looks_like_sitemap(RSS, "application/xml")
    assert not looks_like_sitemap(SITEMAP, "text/html")
    assert not looks_like_sitemap(b"\x1f\x8bgarbage", None)


def test_broken_xml_gives_nothing_rather_than_raising() -> None:
    truncated = b"<urlset><url><loc>https://news.example/ok</loc></url><url><loc>"
    assert [item.url for item in parse_sitemap(truncated, BASE).urls] == ["https://news.example/ok"]
    assert parse_sitemap(b"", BASE).urls == []
    assert parse_sitemap(b"<<<>>>", BASE).urls == []
