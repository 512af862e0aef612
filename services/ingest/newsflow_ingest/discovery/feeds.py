"""Article URLs from RSS 0.9x/1.0/2.0 and Atom feeds (feedparser) and JSON Feed 1.x (json).

feedparser is given a BytesIO, never bytes or str: given a string it opens files and URLs by itself. It parses
with expat, drops ENTITY declarations from the DOCTYPE and does not load external entities, so XXE and
"billion laughs" feeds do not expand.
"""

from __future__ import annotations

import io
import json
import time
from datetime import UTC, datetime
from typing import Any

import feedparser
from dateutil import parser as dateparser

from newsflow_ingest.discovery.discovered import DiscoveredUrl
from newsflow_ingest.urls import normalize_url

FEED_MEDIA_TYPES = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+json"}
)
_SNIFF_BYTES = 2048
_XML_ROOTS = (b"<rss", b"<feed", b"<rdf:rdf", b"<channel")


def looks_like_feed(content: bytes, content_type: str | None) -> bool:
    """Whether a body is a feed: a feed media type, or an RSS/Atom/RDF root or JSON Feed version in its
    head."""
    kind = (content_type or "").split(";", 1)[0].strip().lower()
    if kind in FEED_MEDIA_TYPES:
        return True
    head = content[:_SNIFF_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"{"):
        return b"jsonfeed.org/version/" in head
    return any(root in head for root in _XML_ROOTS) and b"<html" not in head


def parse_feed(content: bytes, base_url: str) -> list[DiscoveredUrl]:
    """The entries of a feed as URLs with hints (``title``, ``published_at``, ``modified_at``), in feed
    order."""
    if content.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return _parse_json_feed(content, base_url)
    parsed = feedparser.parse(
        io.BytesIO(content),
        response_headers={"content-location": base_url},
        resolve_relative_uris=False,
        sanitize_html=False,
    )
    found: dict[str, DiscoveredUrl] = {}
    for entry in parsed.entries:
        url = _entry_url(entry, base_url)
        if url is None or url in found:
            continue
        hints = {"source": "feed"}
        if entry.get("title"):
            hints["title"] = str(entry["title"]).strip()
        # dict.get: FeedParserDict.get maps a missing updated_parsed to published_parsed (feedparser #310).
        published = _iso(dict.get(entry, "published_parsed"))
        updated = _iso(dict.get(entry, "updated_parsed"))
        if published or updated:
            hints["published_at"] = published or updated or ""
        if updated:
            hints["modified_at"] = updated
        found[url] = DiscoveredUrl(url=url, hints=hints)
    return list(found.values())


def _entry_url(entry: Any, base_url: str) -> str | None:
    for link in entry.get("links", []):
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            url = normalize_url(str(link["href"]), base=base_url)
            if url is not None:
                return url
    if entry.get("link"):
        url = normalize_url(str(entry["link"]), base=base_url)
        if url is not None:
            return url
    # An RSS <guid isPermaLink="true"> or an Atom <id> that is a URL names the article too.
    guid = str(entry.get("id") or "")
    return normalize_url(guid) if guid.startswith(("http://", "https://")) else None


def _iso(value: time.struct_time | None) -> str | None:
    if not value:
        return None
    # feedparser normalises every date it understands to a UTC struct_time.
    return datetime(*value[:6], tzinfo=UTC).isoformat()


def _parse_json_feed(content: bytes, base_url: str) -> list[DiscoveredUrl]:
    try:
        document = json.loads(content.decode("utf-8", errors="replace"))
    except ValueError:
        return []
    items = document.get("items") if isinstance(document, dict) else None
    if not isinstance(items, list):
        return []
    found: dict[str, DiscoveredUrl] = {}
    for item in items:
        if not isinstance(item, dict):
            continue
        raw = item.get("url") or item.get("external_url")
        url = normalize_url(raw, base=base_url) if isinstance(raw, str) else None
        if url is None or url in found:
            continue
        hints = {"source": "feed"}
        if isinstance(item.get("title"), str) and item["title"].strip():
            hints["title"] = item["title"].strip()
        for key, hint in (("date_published", "published_at"), ("date_modified", "modified_at")):
            stamp = _iso_text(item.get(key))
            if stamp:
                hints[hint] = stamp
        found[url] = DiscoveredUrl(url=url, hints=hints)
    return list(found.values())


def _iso_text(value: object) -> str | None:
    """An RFC 3339 / W3C date string as ISO 8601 (offset kept), or None when it is not a date."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return dateparser.isoparse(value.strip()).isoformat()
    except (ValueError, OverflowError):
        return None
