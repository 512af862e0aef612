"""Crawl state shared by every stage: the frontier's seen set, in-flight work, counters, cancel, completion.

Key layout (Redis, all under ``newsflow:crawl:<id>:``) is a contract between the stages and the API:
``seen`` (set of frontier URLs), ``pending`` (set of in-flight work keys such as ``fetch:<url key>``),
``queued`` (claimed URLs whose message was published), ``c:<counter>`` (set of members counted, so a
redelivered message never counts twice), ``status``, ``cancelled`` and ``finished`` (set once, by whoever empties
``pending``), ``tasks`` (URL key → the JSON of the URL's fetch message, kept while any of the URL's work is in
flight: what the reconciler re-publishes). ``newsflow:crawls:active`` is a hash of unfinished crawls → the Redis
server time (seconds) of their last progress (a pending key added or resolved).

Rule for completion: a stage adds the keys of the work it publishes *before* it resolves its own key, so
``pending`` is empty only when nothing of the crawl is queued or in flight.

In-flight keys are ``fetch:<url key>`` (``…:d<n>`` after n throttle deferrals), ``enrich:<url key>`` and
``store:<url key>``, all named after the URL the page was fetched from (``keys.fetch_key`` and friends).

The parts: ``keys`` (in-flight keys, key names), ``records`` (fetch outcomes, stats), ``ledger`` (the protocol),
``redis_ledger`` and ``memory_ledger`` (its two implementations). May import ``newsflow_shared`` only.
"""

from __future__ import annotations

from newsflow_crawl.state.keys import (
    ACTIVE_KEY,
    KEY_TTL_SECONDS,
    SWEEP_LOCK_KEY,
    PendingKey,
    enrich_key,
    fetch_key,
    store_key,
)
from newsflow_crawl.state.ledger import CrawlLedger
from newsflow_crawl.state.memory_ledger import MemoryLedger
from newsflow_crawl.state.records import MAX_OUTCOMES, CrawlStats, FetchOutcome
from newsflow_crawl.state.redis_ledger import RedisLedger

__all__ = [
    "ACTIVE_KEY",
    "KEY_TTL_SECONDS",
    "MAX_OUTCOMES",
    "SWEEP_LOCK_KEY",
    "CrawlLedger",
    "CrawlStats",
    "FetchOutcome",
    "MemoryLedger",
    "PendingKey",
    "RedisLedger",
    "enrich_key",
    "fetch_key",
    "store_key",
]
