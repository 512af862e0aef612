"""A fetch message's place in the crawl frontier: its host and that host's politeness gap, so the frontier
releases it when the host may be fetched instead of publishing it now with a countdown (which Celery's Redis
transport would hand to a worker at once, held unacknowledged until due — past the visibility timeout, delivered
again: tests/faults/test_countdown_redelivery.py)."""

from __future__ import annotations

from newsflow_crawl.frontier import FrontierEntry
from newsflow_shared.messages import FetchTask

from newsflow_ingest.fetching.fetcher import Fetcher
from newsflow_ingest.urls import host_of


def host_gap(url: str, fetcher: Fetcher) -> float:
    """Seconds between two requests to ``url``'s host: with its Crawl-delay once its robots.txt is known to this
    process, else HOST_DELAY (the throttle still enforces the real gap when the fetch runs)."""
    rules = fetcher.robots.cached(url)
    if rules is None or rules.unreachable:
        return fetcher.settings.host_delay
    return fetcher.host_delay(rules)


def frontier_entry(
    task: FetchTask, fetcher: Fetcher, *, wait: float = 0.0, front: bool = False
) -> FrontierEntry:
    """The frontier entry of ``task``; ``wait`` and ``front`` for a fetch that found its host busy (it keeps its
    turn, and its host is due when the throttle's booked slot comes)."""
    return FrontierEntry(
        host=host_of(task.url),
        payload=task.model_dump_json(),
        delay=host_gap(task.url, fetcher),
        wait=wait,
        front=front,
    )
