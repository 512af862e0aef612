"""The feeds a homepage advertises: ``<link rel="alternate" type="application/rss+xml|atom+xml" href>`` in its
``<head>`` (the convention feed readers follow), resolved against the page's URL. Parsing only: the process that
polls supplies the fetch (with its SSRF guard and limits)."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urljoin

FEED_TYPES = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/feed+json", "application/xml"}
)


class _FeedLinks(HTMLParser):
    def __init__(self, base: str) -> None:
        super().__init__()
        self.base = base
        self.feeds: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name.lower(): (value or "") for name, value in attrs}
        if tag == "base" and values.get("href"):
            self.base = urljoin(self.base, values["href"])
        if tag != "link" or not values.get("href"):
            return
        rels = values.get("rel", "").lower().split()
        if "alternate" in rels and values.get("type", "").lower().split(";")[0].strip() in FEED_TYPES:
            url = urljoin(self.base, values["href"].strip())
            if url.startswith(("http://", "https://")) and url not in self.feeds:
                self.feeds.append(url)


def advertised_feeds(html: str, page_url: str) -> list[str]:
    """The feed URLs the page advertises, in page order, without duplicates."""
    parser = _FeedLinks(page_url)
    parser.feed(html)
    parser.close()
    return parser.feeds
