"""Admitting URLs into a crawl and naming in-flight work: the protocol every publisher follows.

A URL enters a crawl once (``ledger.claim_url``), within the crawl's page limit, and its in-flight key is added
to the ledger *before* its message is published, so the crawl cannot look finished while it is queued.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from newsflow_shared.messages import CrawlRequest, FetchTask, UrlRole

from newsflow_crawl.state import CrawlLedger, fetch_key

SEED_ROLES: dict[str, UrlRole] = {
    "article": "article",
    "site": "page",
    "feed": "feed",
    "sitemap": "sitemap",
    "archive": "page",
}


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

    A URL over the page limit is counted as ``skipped``; one already seen is dropped — unless its claimer died
    between claiming it and publishing it (kill -9, a time limit, a lost connection): such a URL is seen but was
    never queued, and is published now, by whichever task discovers it next (the redelivered claimer, usually).
    Found by tests/faults/test_database_outage.py: a sitemap task stopped by its soft time limit halfway through
    its 300 links left one link claimed and never fetched, and the crawl never finished. Two tasks racing on one
    link may both publish it; at-least-once delivery and idempotent stages make that harmless.
    """
    published: list[FetchTask] = []
    seen_before: list[FetchTask] = []
    for task in tasks:
        claimed = ledger.claim_url(task.crawl_id, task.url, task.max_pages)
        if claimed == 1:
            _publish(ledger, task, publish)
            published.append(task)
        elif claimed == 0:
            seen_before.append(task)
        else:
            ledger.count(task.crawl_id, "skipped", task.url)
    by_crawl: dict[str, list[FetchTask]] = {}
    for task in seen_before:
        by_crawl.setdefault(task.crawl_id, []).append(task)
    for crawl_id, candidates in by_crawl.items():
        lost = ledger.unqueued(crawl_id, [task.url for task in candidates])
        for task in candidates:
            if task.url in lost:
                _publish(ledger, task, publish)
                published.append(task)
    return published


def _publish(ledger: CrawlLedger, task: FetchTask, publish: Callable[[FetchTask], None]) -> None:
    # In flight before published (the crawl cannot look finished while the message is queued), marked queued
    # after (a claim without this mark is one whose claimer died before publishing).
    # The message is kept while the URL's work is in flight: the reconciler re-publishes it if that work is lost.
    ledger.count(task.crawl_id, "discovered", task.url)
    ledger.remember_task(task.crawl_id, task.url, task.model_dump_json())
    ledger.add_pending(task.crawl_id, fetch_key(task.url))
    publish(task)
    ledger.mark_queued(task.crawl_id, task.url)
