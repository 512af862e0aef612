"""Article URLs and nested sitemaps from sitemaps.org sitemaps, sitemap indexes and Google News sitemaps.

Sitemaps come from strangers, so the XML parser is hardened: no entity substitution (no "billion laughs", no
XXE file reads), no DTD loading, no network, no huge-tree mode. ``.xml.gz`` bodies (gzip magic bytes) are
inflated up to ``MAX_UNCOMPRESSED`` bytes, the 50 MB limit of the sitemaps.org protocol. Text sitemaps (one
URL a line) and RSS/Atom feeds, which the protocol also allows, are read too. URLs on other hosts are returned
as they are; whether to follow them is the caller's decision.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field

from dateutil import parser as dateparser
from lxml import etree
from newsflow_shared.errors import TooLarge

from newsflow_ingest.discovery.discovered import DiscoveredUrl
from newsflow_ingest.discovery.feeds import looks_like_feed, parse_feed
from newsflow_ingest.urls import normalize_url

GZIP_MAGIC = b"\x1f\x8b"
MAX_UNCOMPRESSED = 50 * 1024 * 1024
_SNIFF_BYTES = 2048


@dataclass
class SitemapResult:
    """Page URLs of a ``urlset`` and the child sitemaps of a ``sitemapindex``."""

    urls: list[DiscoveredUrl] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)


def _hardened_parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        recover=True,  # real sitemaps have stray '&' and truncated ends; keep what parses
    )


def gunzip(content: bytes, limit: int = MAX_UNCOMPRESSED) -> bytes:
    """Inflate a gzip body, refusing (``TooLarge``) one that grows beyond ``limit`` bytes."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        data = inflater.decompress(content, limit + 1)
    except zlib.error:
        # A corrupt archive (a truncated one inflates as far as it goes and does not raise).
        return b""
    if len(data) > limit:
        raise TooLarge(f"gzip sitemap inflates beyond {limit} bytes")
    return data


def _head(content: bytes) -> bytes:
    if content.startswith(GZIP_MAGIC):
        try:
            content = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(content, _SNIFF_BYTES)
        except zlib.error:
            return b""
    return content[:_SNIFF_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n").lower()


def looks_like_sitemap(content: bytes, content_type: str | None) -> bool:
    """Whether a body (gzip or not) is an XML sitemap or index: ``<urlset``/``<sitemapindex`` in its head.

    The Content-Type is not trusted (sitemaps are served as text/xml, application/xml, octet-stream, gzip,
    ...); it only rules out HTML.
    """
    if (content_type or "").lower().startswith("text/html"):
        return False
    head = _head(content)
    return b"<urlset" in head or b"<sitemapindex" in head


def parse_sitemap(content: bytes, base_url: str) -> SitemapResult:
    """The URLs (with ``lastmod``/news hints) and child sitemaps of a sitemap body, gzip or not."""
    if content.startswith(GZIP_MAGIC):
        content = gunzip(content)
    stripped = content.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not stripped:
        return SitemapResult()
    if not stripped.startswith(b"<"):
        return _parse_text_sitemap(stripped, base_url)
    if looks_like_feed(stripped, None) and not looks_like_sitemap(stripped, None):
        return SitemapResult(urls=parse_feed(stripped, base_url))
    try:
        root = etree.fromstring(stripped, parser=_hardened_parser())
    except etree.XMLSyntaxError:
        return SitemapResult()
    if root is None:
        return SitemapResult()
    result = SitemapResult()
    seen: set[str] = set()
    for entry in root.iter("{*}sitemap"):
        url = _loc(entry, base_url)
        if url is not None and url not in seen:
            seen.add(url)
            result.sitemaps.append(url)
    for entry in root.iter("{*}url"):
        url = _loc(entry, base_url)
        if url is not None and url not in seen:
            seen.add(url)
            result.urls.append(DiscoveredUrl(url=url, hints=_hints(entry)))
    return result


def _child_text(element: etree._Element, path: str) -> str | None:
    found = element.find(path)
    if found is None:
        return None
    text = "".join(found.itertext()).strip()
    return text or None


def _loc(entry: etree._Element, base_url: str) -> str | None:
    loc = _child_text(entry, "{*}loc")
    return normalize_url(loc, base=base_url) if loc else None


def _hints(entry: etree._Element) -> dict[str, str]:
    hints = {"source": "sitemap"}
    lastmod = _child_text(entry, "{*}lastmod")
    if lastmod:
        hints["lastmod"] = lastmod
        hints["modified_at"] = _iso(lastmod) or lastmod
    # Google News sitemaps: <news:news><news:publication_date/><news:title/></news:news>
    published = _child_text(entry, "{*}news/{*}publication_date")
    if published:
        hints["published_at"] = _iso(published) or published
    title = _child_text(entry, "{*}news/{*}title")
    if title:
        hints["title"] = title
    language = _child_text(entry, "{*}news/{*}publication/{*}language")
    if language:
        hints["language"] = language
    return hints


def _iso(value: str) -> str | None:
    try:
        return dateparser.isoparse(value).isoformat()
    except (ValueError, OverflowError):
        return None


def _parse_text_sitemap(content: bytes, base_url: str) -> SitemapResult:
    result = SitemapResult()
    seen: set[str] = set()
    for line in content.decode("utf-8", errors="replace").splitlines():
        url = normalize_url(line.strip(), base=base_url) if line.strip() else None
        if url is not None and url not in seen and "://" in line:
            seen.add(url)
            result.urls.append(DiscoveredUrl(url=url, hints={"source": "sitemap"}))
    return result
