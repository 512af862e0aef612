"""Archive walking: the pagination links of a listing page and the dates it shows.

``archive`` mode follows a site's own listing pages backwards in time ("Older entries", ``rel=next``, numbered
pages ``/page/3/`` or ``?page=3``) and stops once a page lists nothing newer than the crawl's ``since`` date.
"""

from __future__ import annotations

import re
from datetime import date

import lxml.html
from lxml import etree

from newsflow_ingest.discovery.canonical_urls import canonical_url
from newsflow_ingest.discovery.scope import date_in_url, iso_day

# Anchor texts that mean "the next, older page" in WordPress, Blogger, Ghost, Drupal and news CMS themes.
_OLDER_TEXT = re.compile(
    r"^\W*(older( (entries|posts|articles|stories))?|next( page)?|more (stories|articles|news)|"
    r"previous (entries|posts)|load more|weiter|suivant|siguiente|التالي|الأقدم)\W*$",
    re.IGNORECASE,
)
# Numbered page URLs: /page/3/, /p/3, ?page=3, ?paged=3, ?p=3, /archive/3
_PAGE_NUMBER = re.compile(
    r"(?:/page/|/p/|[?&](?:page|paged|pg|p)=|/archive/)(\d{1,5})(?:/|$|&|#)", re.IGNORECASE
)


def _parse(html: str) -> etree._Element | None:
    if not html.strip():
        return None
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, no_network=True)
    try:
        root: etree._Element = lxml.html.document_fromstring(html.encode("utf-8", "replace"), parser=parser)
    except (etree.ParserError, ValueError):
        return None
    return root


def page_number(url: str) -> int | None:
    """The page number a pagination URL carries, if any (``/page/3/`` → 3)."""
    match = _PAGE_NUMBER.search(url)
    return int(match[1]) if match else None


def pagination_links(html: str, page_url: str) -> list[str]:
    """Canonical URLs of the older pages a listing page links to, nearest first.

    Three signals, as real archives use them: ``<link rel=next>``/``<a rel=next>`` (HTML §4.6.7.13), anchors
    whose text says "Older entries"/"Next page", and the numbered page link right after the current page's.
    Only the next number: a walk goes one page at a time, so it can stop where the dates run out (a page
    bar links every page, and following all of them would fetch the whole archive whatever ``since`` says).
    """
    root = _parse(html)
    if root is None:
        return []
    found: dict[str, None] = {}
    current = page_number(page_url) or 1
    numbered: list[tuple[int, str]] = []
    for element in root.iter("a", "link"):
        href = element.get("href")
        if not href:
            continue
        url = canonical_url(href, base=page_url)
        if url is None or url == canonical_url(page_url):
            continue
        rel = set(str(element.get("rel") or "").lower().split())
        text = " ".join("".join(element.itertext()).split()) if element.tag == "a" else ""
        if "next" in rel or (text and _OLDER_TEXT.match(text)):
            found.setdefault(url, None)
            continue
        number = page_number(url)
        if number is not None and number > current and (not text or text.isdigit()):
            numbered.append((number, url))
    if numbered:
        nearest = min(number for number, _ in numbered)
        for number, url in sorted(numbered):
            if number == nearest:
                found.setdefault(url, None)
    return list(found)


def listing_dates(html: str, links: list[str]) -> list[date]:
    """The publication days a listing page shows: its ``<time datetime>`` values and dates in its links."""
    days: list[date] = []
    root = _parse(html)
    if root is not None:
        for value in root.xpath("//time/@datetime"):
            day = iso_day(str(value))
            if day is not None:
                days.append(day)
    days.extend(d for d in (date_in_url(u) for u in links) if d is not None)
    return days


def walk_continues(days: list[date], since: date | None) -> bool:
    """Whether an archive walk goes past a listing page showing ``days``: not once all of them precede
    ``since`` (listings run newest first, so every older page would too). A page without dates continues."""
    if since is None or not days:
        return True
    return max(days) >= since
