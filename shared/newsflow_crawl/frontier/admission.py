"""Admitting URLs into a crawl and naming in-flight work: the protocol every publisher follows.

A URL enters a crawl once (``ledger.claim_url``), within the crawl's page limit, and its in-flight key is added
to the ledger *before* its message is published, so the crawl cannot look finished while it is queued.

``admit`` does it one URL at a time (a crawl's seeds); ``admit_batches`` does it for a fan-out, a batch of URLs
(``NEWSFLOW_FRONTIER_ADMIT_BATCH``, 500) per round trip (claims, then the ledger's notes, then the frontier's
push, then the queued marks), so a 50,000-URL sitemap costs a few hundred round trips instead of a few hundred
thousand, and an interruption at any point leaves every URL either admitted and queued, or claimed and unqueued
— pushed by the next attempt.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

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


ADMIT_BATCH = 500


def admit_batches(
    ledger: CrawlLedger,
    tasks: Sequence[FetchTask],
    push: Callable[[list[FetchTask]], None],
    *,
    batch: int | None = None,
) -> list[FetchTask]:
    """``admit`` for many URLs, ``batch`` at a time; ``push`` queues a batch of new tasks (into the frontier).

    The same guarantees as ``admit``: each URL's key is in flight before it is pushed and marked queued only
    after, so an interruption between two steps (the soft time limit, a kill) leaves claimed-but-unqueued URLs
    that the next attempt — which discovers the same URLs — pushes. A push is atomic (one Lua script): only an
    interruption between a batch's push and its queued marks (one round trip) makes the next attempt push that
    batch again — a duplicate fetch, harmless (stages are idempotent), never a lost one. Returns what was pushed."""
    pushed: list[FetchTask] = []
    size = batch or ADMIT_BATCH
    for start in range(0, len(tasks), size):
        chunk = tasks[start : start + size]
        by_crawl: dict[str, list[FetchTask]] = {}
        for task in chunk:
            by_crawl.setdefault(task.crawl_id, []).append(task)
        for crawl_id, group in by_crawl.items():
            pushed += _admit_group(ledger, crawl_id, group, push)
    return pushed


def _admit_group(
    ledger: CrawlLedger, crawl_id: str, tasks: list[FetchTask], push: Callable[[list[FetchTask]], None]
) -> list[FetchTask]:
    verdicts = ledger.claim_urls(crawl_id, [task.url for task in tasks], tasks[0].max_pages)
    new = [task for task, verdict in zip(tasks, verdicts, strict=True) if verdict == 1]
    for task, verdict in zip(tasks, verdicts, strict=True):
        if verdict == -1:
            ledger.count(crawl_id, "skipped", task.url)
    seen = [task for task, verdict in zip(tasks, verdicts, strict=True) if verdict == 0]
    if seen:
        lost = ledger.unqueued(crawl_id, [task.url for task in seen])
        new += [task for task in seen if task.url in lost]
    if not new:
        return []
    ledger.note_admitted(crawl_id, [(t.url, t.model_dump_json(), fetch_key(t.url)) for t in new])
    push(new)
    ledger.mark_queued_many(crawl_id, [task.url for task in new])
    return new


def _publish(ledger: CrawlLedger, task: FetchTask, publish: Callable[[FetchTask], None]) -> None:
    # In flight before published (the crawl cannot look finished while the message is queued), marked queued
    # after (a claim without this mark is one whose claimer died before publishing).
    # The message is kept while the URL's work is in flight: the reconciler re-publishes it if that work is lost.
    ledger.count(task.crawl_id, "discovered", task.url)
    ledger.remember_task(task.crawl_id, task.url, task.model_dump_json())
    ledger.add_pending(task.crawl_id, fetch_key(task.url))
    publish(task)
    ledger.mark_queued(task.crawl_id, task.url)
