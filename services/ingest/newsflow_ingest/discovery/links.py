"""Links of an HTML page: the ``<a href>`` to crawl and the ``<link rel=alternate>`` feeds it advertises."""

from __future__ import annotations

import lxml.html
from lxml import etree

from newsflow_ingest.urls import normalize_url

# Not application/json or text/xml: WordPress and oEmbed advertise API documents with rel=alternate and those
# types.
FEED_TYPES = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+json"}
)


def _parse(html: str) -> etree._Element | None:
    if not html.strip():
        return None
    # Bytes plus an explicit encoding: lxml refuses str input that carries an XML encoding declaration.
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, no_network=True)
    try:
        root: etree._Element = lxml.html.document_fromstring(html.encode("utf-8", "replace"), parser=parser)
    except (etree.ParserError, ValueError):
        return None
    return root


def _base(root: etree._Element, base_url: str) -> str:
    """The document's base URL: ``<base href>`` resolved against the page URL (HTML §4.2.3), or the page's."""
    for href in root.xpath("//base/@href"):
        resolved = normalize_url(str(href), base=base_url)
        if resolved is not None:
            return resolved
    return base_url


def _rel_tokens(element: etree._Element) -> set[str]:
    return set(str(element.get("rel") or "").lower().split())


def extract_links(html: str, base_url: str) -> list[str]:
    """The normalised, de-duplicated http(s) targets of ``<a href>``, in document order.

    Links marked ``rel=nofollow`` (also ``ugc`` and ``sponsored``) are skipped: sites use them for ads, user
    comments and login/share links, never for their own articles, and skipping them is the polite reading.
    """
    root = _parse(html)
    if root is None:
        return []
    base = _base(root, base_url)
    links: dict[str, None] = {}
    for anchor in root.iter("a", "area"):
        href = anchor.get("href")
        if not href or _rel_tokens(anchor) & {"nofollow", "ugc", "sponsored"}:
            continue
        url = normalize_url(href, base=base)
        if url is not None:
            links.setdefault(url, None)
    return list(links)


def find_feed_links(html: str, base_url: str) -> list[str]:
    """The feeds a page advertises with ``<link rel=alternate type=application/rss+xml|atom+xml|...>``."""
    root = _parse(html)
    if root is None:
        return []
    base = _base(root, base_url)
    feeds: dict[str, None] = {}
    for link in root.iter("link"):
        kind = str(link.get("type") or "").split(";", 1)[0].strip().lower()
        href = link.get("href")
        if not href or "alternate" not in _rel_tokens(link) or kind not in FEED_TYPES:
            continue
        url = normalize_url(href, base=base)
        if url is not None:
            feeds.setdefault(url, None)
    return list(feeds)
