"""The ingest stage as a plain function: fetch one URL of a crawl, then parse it or discover what it links to.

Celery's ``fetch`` task and the embedded runner both call :func:`ingest`; neither adds logic of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit

from newsflow_shared.messages import FetchTask, ParsedArticle, UrlRole

from newsflow_ingest.extraction import parse_article
from newsflow_ingest.feeds import looks_like_feed, parse_feed
from newsflow_ingest.fetcher import Fetcher, FetchResult
from newsflow_ingest.links import extract_links
from newsflow_ingest.sitemaps import looks_like_sitemap, parse_sitemap
from newsflow_ingest.urls import same_host

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
    page_status: str | None = None  # the parser's status when the page was parsed


def _child(task: FetchTask, url: str, role: UrlRole, hints: dict[str, str] | None = None) -> FetchTask:
    return task.model_copy(update={"url": url, "depth": task.depth + 1, "role": role, "hints": hints or {}})


def _is_page_link(url: str) -> bool:
    return not urlsplit(url).path.lower().endswith(_SKIPPED_EXTENSIONS)


def ingest(task: FetchTask, *, fetcher: Fetcher) -> IngestOutcome:
    """Fetch ``task.url`` and act on what it is. Raises the fetcher's Permanent/Transient errors."""
    result = fetcher.fetch(task.url)
    outcome = IngestOutcome(fetched=result)

    if task.role == "feed" or (
        task.role != "article" and looks_like_feed(result.content, result.content_type)
    ):
        entries = parse_feed(result.content, result.final_url)
        outcome.discovered = [_child(task, e.url, "article", e.hints) for e in entries]
        return outcome
    if task.role == "sitemap" or (
        task.role != "article" and looks_like_sitemap(result.content, result.content_type)
    ):
        sitemap = parse_sitemap(result.content, result.final_url)
        outcome.discovered = [_child(task, u.url, "article", u.hints) for u in sitemap.urls]
        outcome.discovered += [_child(task, s, "sitemap") for s in sitemap.sitemaps]
        return outcome

    html = result.text or ""
    parsed = parse_article(html, task.url, hints=task.hints, fetched_at=datetime.now(UTC))
    parsed.crawl_id = task.crawl_id
    parsed.http_status = result.status
    outcome.page_status = parsed.status
    if parsed.status == "article":
        outcome.article = parsed
    if task.mode == "site" and task.depth < task.max_depth:
        links = [
            u for u in extract_links(html, result.final_url) if same_host(u, task.url) and _is_page_link(u)
        ]
        outcome.discovered = [_child(task, u, "page") for u in links]
    return outcome
