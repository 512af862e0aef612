"""Admitting URLs into a crawl and naming in-flight work: the protocol every publisher follows.

A URL enters a crawl once (``ledger.claim_url``), within the crawl's page limit, and its in-flight key is added
to the ledger *before* its message is published, so the crawl cannot look finished while it is queued.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from newsflow_shared.ledger import CrawlLedger
from newsflow_shared.messages import CrawlRequest, FetchTask, UrlRole, url_key

SEED_ROLES: dict[str, UrlRole] = {
    "article": "article",
    "site": "page",
    "feed": "feed",
    "sitemap": "sitemap",
    "archive": "page",
}


def fetch_key(url: str, deferrals: int = 0) -> str:
    """In-flight key of a fetch; a task the host throttle deferred gets a key per deferral (``…:d<n>``), added
    before the deferring task resolves its own, so the crawl cannot look finished while it waits."""
    base = f"fetch:{url_key(url)}"
    return f"{base}:d{deferrals}" if deferrals else base


# Enrich and store keys are named after the page URL the article came from, not the article id: two pages of
# one crawl that share a canonical URL are two units of in-flight work, and neither may resolve the other's key.
def enrich_key(page_url: str) -> str:
    return f"enrich:{url_key(page_url)}"


def store_key(page_url: str) -> str:
    return f"store:{url_key(page_url)}"


def seed_tasks(crawl_id: str, request: CrawlRequest) -> list[FetchTask]:
    """The first messages of a crawl: one per seed, with the role its mode gives it."""
    return [
        FetchTask(
            crawl_id=crawl_id,
            url=seed,
            depth=0,
            role=SEED_ROLES[request.mode],
            mode=request.mode,
            max_pages=request.max_pages,
            max_depth=request.max_depth,
            since=request.since,
            until=request.until,
            allowed_domains=request.allowed_domains,
            include=request.include,
            exclude=request.exclude,
            skip_known=request.skip_known,
        )
        for seed in request.seeds
    ]


def admit(
    ledger: CrawlLedger, tasks: Iterable[FetchTask], publish: Callable[[FetchTask], None]
) -> list[FetchTask]:
    """Claim each task's URL in its crawl; publish the new ones. Returns what was published.

    A URL over the page limit is counted as ``skipped``; one already seen is dropped silently.
    """
    published: list[FetchTask] = []
    for task in tasks:
        claimed = ledger.claim_url(task.crawl_id, task.url, task.max_pages)
        if claimed == 1:
            ledger.count(task.crawl_id, "discovered", task.url)
            ledger.add_pending(task.crawl_id, fetch_key(task.url))
            publish(task)
            published.append(task)
        elif claimed == -1:
            ledger.count(task.crawl_id, "skipped", task.url)
    return published
