"""Publisher-held-out splits of the extraction dev sets: every page of one publisher lands in the same split.

A page's publisher is its registrable domain ("www.bbc.co.uk" and "news.bbc.co.uk" are both ``bbc.co.uk``): the
last two labels of the URL's host, or the last three when the second-to-last is a generic second-level label
("co", "com", "org", ...) under a two-letter country code. A page without a URL is keyed by its canonical or
``og:url`` address when the page declares one, else by its file name without a trailing number ("nytimes-2" →
``nytimes``), so that two captures of one site stay together.

The split is a pure function of that key: ``sha256("newsflow-15:" + key)``, first byte, ``< 77`` (30 % of 256)
→ ``check`` (held out: never looked at while writing rules), otherwise ``dev``. Nothing depends on the order
or the number of pages, so adding pages never moves a publisher from one split to the other.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import urlsplit

_GENERIC_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "ac", "gov", "ne", "or", "edu", "gv", "go"})
_CANONICAL = re.compile(
    r"<link[^>]+rel=[\"']?canonical[\"']?[^>]*href=[\"']([^\"']+)|"
    r"<meta[^>]+property=[\"']og:url[\"'][^>]*content=[\"']([^\"']+)",
    re.I,
)
_CHECK_SHARE = 77  # of 256


def registrable_domain(url: str) -> str | None:
    """``"https://news.bbc.co.uk/x"`` → ``"bbc.co.uk"``; ``None`` for an address without a host name."""
    host = (urlsplit(url).hostname or "").strip(".").lower()
    labels = [label for label in host.split(".") if label]
    if len(labels) < 2:
        return host or None
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _GENERIC_SECOND_LEVEL:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def publisher_key(url: str | None, html: str, name: str) -> str:
    """The publisher a page belongs to, for splitting (see the module docstring)."""
    if url and registrable_domain(url):
        return registrable_domain(url) or ""
    match = _CANONICAL.search(html[:200_000])
    declared = (match.group(1) or match.group(2)) if match else None
    if declared and declared.startswith("http") and registrable_domain(declared):
        return registrable_domain(declared) or ""
    stem = name.rsplit("/", 1)[-1].removesuffix(".html.gz").removesuffix(".html")
    return "name:" + re.sub(r"[-_]?\d+$", "", stem)


def split_of(publisher: str) -> str:
    """``"check"`` (held out) or ``"dev"``, deterministically from the publisher key."""
    return (
        "check" if hashlib.sha256(f"newsflow-15:{publisher}".encode()).digest()[0] < _CHECK_SHARE else "dev"
    )
