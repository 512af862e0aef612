"""Booking a host slot when a URL is queued, so its task arrives when the host is free instead of arriving now
only to be deferred (a crawl that discovers 1,000 URLs of one host would otherwise publish 2,000 messages)."""

from __future__ import annotations

from newsflow_shared.messages import FetchTask

from newsflow_ingest.fetching.fetcher import Fetcher
from newsflow_ingest.urls import host_of


def book_fetch(task: FetchTask, fetcher: Fetcher) -> tuple[FetchTask, float]:
    """``task`` with a booked slot of its host and the countdown to it; unchanged with 0 when the host's
    robots.txt is not known to this process yet (its Crawl-delay is part of the host's delay)."""
    rules = fetcher.robots.cached(task.url)
    if rules is None or rules.unreachable:
        return task, 0.0
    delay = fetcher.host_delay(rules)
    if delay <= 0:
        return task, 0.0
    wait = fetcher.throttle.book(host_of(task.url), delay)
    return task.model_copy(update={"slot_booked": True}), wait
