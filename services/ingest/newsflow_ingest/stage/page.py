"""The ingest stage as a plain function: fetch one URL of a crawl, then parse it or discover what it links to.

Celery's ``fetch`` task and the embedded runner both call :func:`ingest`; neither adds logic of its own.

Every discovered URL is canonicalised (``canonical.canonical_url``) before it reaches the frontier's
seen-check, kept to the crawl's hosts/``allowed_domains`` and ``include``/``exclude`` patterns, and dropped
when its feed/sitemap/URL date falls outside ``since``/``until``. Discovery by mode:

- ``feed``: a feed's entries; an HTML seed's ``<link rel=alternate>`` feeds (autodiscovery).
- ``sitemap``: sitemap URLs and child sitemaps (recursive, gzip); an HTML or robots.txt seed gives its host's
  robots.txt ``Sitemap:`` lines (``/sitemap.xml`` when there are none).
- ``site``: same-scope links up to ``max_depth``.
- ``archive``: like ``site``, but pagination links ("Older entries", ``rel=next``, numbered pages) do not cost
  depth, and the walk stops at a listing page whose dates all precede ``since``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit

from newsflow_shared.messages import FetchTask, ParsedArticle, UrlRole

from newsflow_ingest.captures.warc import CaptureWriter
from newsflow_ingest.discovery.archive import listing_dates, page_number, pagination_links, walk_continues
from newsflow_ingest.discovery.canonical_urls import canonical_url
from newsflow_ingest.discovery.discovered import DiscoveredUrl
from newsflow_ingest.discovery.feeds import looks_like_feed, parse_feed
from newsflow_ingest.discovery.links import extract_links, find_feed_links
from newsflow_ingest.discovery.scope import date_in_url, host_allowed, in_date_range, iso_day, pattern_allowed
from newsflow_ingest.discovery.sitemaps import looks_like_sitemap, parse_sitemap
from newsflow_ingest.extraction import parse_article
from newsflow_ingest.fetching.fetcher import Fetcher, FetchResult, is_markup, is_sitemap_type
from newsflow_ingest.fetching.validators import ValidatorStore, validators_of
from newsflow_ingest.urls import origin_of

# Links to these are never pages: not worth a request.
_SKIPPED_EXTENSIONS = (
    ".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".ico", ".pdf", ".zip", ".gz", ".mp3", ".mp4",
    ".avi", ".mov", ".css", ".js", ".woff", ".woff2", ".ttf", ".doc", ".docx", ".xls", ".xlsx",
)  # fmt: skip


@dataclass
class IngestOutcome:
    """What one fetch produced: at most one article, and URLs to queue next."""

    fetched: FetchResult
    article: ParsedArticle | None = None
    discovered: list[FetchTask] = field(default_factory=list)
    page_status: str | None = None  # the parser's status when the page was parsed; "out_of_range" by date
    # The response's ETag/Last-Modified when the URL was fetched conditionally: for the caller to store once it
    # has admitted everything discovered (``stage.step``), never before — see :func:`ingest`.
    validators: dict[str, str] | None = None


def _child(
    task: FetchTask, url: str, role: UrlRole, hints: dict[str, str] | None = None, *, depth: int | None = None
) -> FetchTask:
    return task.model_copy(
        update={
            "url": url,
            "depth": task.depth + 1 if depth is None else depth,
            "role": role,
            "hints": hints or {},
            "deferrals": 0,
            "slot_booked": False,
        }
    )


def _is_page_link(url: str) -> bool:
    return not urlsplit(url).path.lower().endswith(_SKIPPED_EXTENSIONS)


def _entry_children(task: FetchTask, entries: list[DiscoveredUrl]) -> list[FetchTask]:
    """Article tasks for feed/sitemap entries in scope, dated (by hint or URL) within the crawl's range."""
    children: list[FetchTask] = []
    for entry in entries:
        url = canonical_url(entry.url)
        if url is None or not pattern_allowed(url, task):
            continue
        day = (
            iso_day(entry.hints.get("published_at"))
            or date_in_url(url)
            or iso_day(entry.hints.get("modified_at"))
        )
        if in_date_range(day, task):
            children.append(_child(task, url, "article", entry.hints))
    return children


def _link_children(task: FetchTask, html: str, base_url: str) -> list[FetchTask]:
    """``site``/``archive`` mode: the page's links in scope (and, in archive mode, its older pages)."""
    links = [u for u in (canonical_url(x) for x in extract_links(html, base_url)) if u is not None]
    children: list[FetchTask] = []
    older: set[str] = set()
    if task.mode == "archive":
        pages = [u for u in pagination_links(html, base_url) if host_allowed(u, task)]
        if not walk_continues(listing_dates(html, links), task.since):
            return []  # everything this page lists, and every older page, precedes ``since``
        # An older page is the same listing one step further back: it costs no depth.
        children += [_child(task, u, "page", depth=task.depth) for u in pages]
        older = set(pages)
    if task.depth < task.max_depth:
        for url in links:
            if url in older or not (_is_page_link(url) and host_allowed(url, task)):
                continue
            if task.mode == "archive" and page_number(url) is not None:
                continue  # further pages of the bar: the walk reaches them one page at a time, or stops first
            if pattern_allowed(url, task) and in_date_range(date_in_url(url), task):
                children.append(_child(task, url, "page"))
    return children


def _is_html(result: FetchResult) -> bool:
    return (
        result.content_type in ("text/html", "application/xhtml+xml")
        or b"<html" in result.content[:2048].lower()
    )


def _robots_sitemaps(task: FetchTask, fetcher: Fetcher, url: str) -> list[FetchTask]:
    sitemaps = fetcher.robots.sitemaps(url) or [origin_of(url) + "/sitemap.xml"]
    return [_child(task, u, "sitemap") for u in (canonical_url(s) for s in sitemaps) if u is not None]


def ingest(
    task: FetchTask,
    *,
    fetcher: Fetcher,
    defer_after: float | None = None,
    captures: CaptureWriter | None = None,
    validators: ValidatorStore | None = None,
) -> IngestOutcome:
    """Fetch ``task.url`` and act on what it is. Raises the fetcher's Permanent/Transient errors, and
    ``HostBusy`` when ``defer_after`` is given and the host's next slot is further away than that. With
    ``captures``, the response is kept as WARC records first and the article records where. With
    ``validators``, feeds and sitemaps are fetched conditionally: an unchanged one (304) yields nothing.

    The new validators are returned in ``outcome.validators``, not stored: the caller stores them once all of
    ``outcome.discovered`` is admitted. Stored earlier, a fan-out interrupted halfway (the soft time limit, a
    killed worker) would be lost: the retry would get a 304 and discover nothing."""
    conditional = validators is not None and task.role in ("feed", "sitemap")
    result = _fetch(task, fetcher, defer_after, validators if conditional else None)
    outcome = IngestOutcome(fetched=result)
    if result.status == 304:
        outcome.page_status = "not_modified"
        return outcome
    if conditional:
        outcome.validators = validators_of(result.headers)
    capture = captures.write(result) if captures is not None else None
    discovered = _discovered(task, fetcher, result)
    if discovered is not None:
        outcome.discovered = discovered
        return outcome
    _parse_page(task, result, capture, outcome)
    return outcome


def _fetch(
    task: FetchTask, fetcher: Fetcher, defer_after: float | None, validators: ValidatorStore | None
) -> FetchResult:
    """The task's URL, conditionally when ``validators`` hold what it last answered with."""
    accept = is_sitemap_type if task.role == "sitemap" else is_markup
    known = validators.get(task.url) if validators is not None else None
    return fetcher.fetch(
        task.url,
        accept=accept,
        defer_after=defer_after,
        # A task that was deferred comes back for the slot it booked.
        booked=task.deferrals > 0 or task.slot_booked,
        conditional=known,
    )


def _discovered(task: FetchTask, fetcher: Fetcher, result: FetchResult) -> list[FetchTask] | None:
    """What a feed, a sitemap, or an HTML page given as one leads to; ``None`` for a page to parse."""
    is_feed = looks_like_feed(result.content, result.content_type)
    if task.role == "feed" and not is_feed and _is_html(result):
        # An HTML page given as a feed: follow the feeds it advertises (feed autodiscovery).
        feeds = [
            u for u in (canonical_url(f) for f in find_feed_links(result.text or "", result.final_url)) if u
        ]
        return [_child(task, u, "feed") for u in feeds]
    if task.role == "feed" or (task.role != "article" and is_feed):
        return _entry_children(task, parse_feed(result.content, result.final_url))
    if task.role == "sitemap" or (
        task.role != "article" and looks_like_sitemap(result.content, result.content_type)
    ):
        if urlsplit(result.final_url).path == "/robots.txt" or _is_html(result):
            return _robots_sitemaps(task, fetcher, result.final_url)
        sitemap = parse_sitemap(result.content, result.final_url)
        discovered = _entry_children(task, sitemap.urls)
        discovered += [
            _child(task, u, "sitemap") for u in (canonical_url(s) for s in sitemap.sitemaps) if u is not None
        ]
        return discovered
    return None


def _parse_page(task: FetchTask, result: FetchResult, capture: str | None, outcome: IngestOutcome) -> None:
    """The page's article into ``outcome`` when it is one and dated in range; in site and archive mode, the
    links it leads to as well."""
    html = result.text or ""
    parsed = parse_article(html, task.url, hints=task.hints, fetched_at=datetime.now(UTC))
    parsed.crawl_id = task.crawl_id
    parsed.http_status = result.status
    parsed.capture = capture
    outcome.page_status = parsed.status
    if parsed.status == "article":
        if in_date_range(iso_day(parsed.published_at), task):
            outcome.article = parsed
        else:
            outcome.page_status = "out_of_range"
    if task.mode in ("site", "archive"):
        outcome.discovered = _link_children(task, html, result.final_url)
