"""The ingest stage's bookkeeping around one fetch message, written once for Celery and the embedded runner.

:func:`fetch_step` wraps :func:`newsflow_ingest.stage.page.ingest` in what a crawl needs: a cancelled crawl's URLs
are skipped, a URL already parsed by an earlier crawl is skipped (``skip_known``), a host that is busy defers the
fetch to its booked slot (back into the frontier, at the head of its host's queue, due then), every request's
outcome is kept, discovered URLs are admitted into the crawl and pushed into the frontier in batches
(``newsflow_crawl.frontier``: released when their host is due), and an article goes on to the enrich queue with
its in-flight key added first. No fetch message is ever published with a countdown.

Its metrics (``newsflow_ops.metrics``) count what the crawl's rows keep: each request's status class (a
``fetch_outcomes`` row), each skip by reason (the crawl's ``skipped``), each deferral to a host's booked slot.
A feed's or sitemap's validators (``ETag``/``Last-Modified``, for the next conditional fetch) are stored last, once
every URL it lists is admitted: a fan-out broken off halfway is then fetched in full by the next attempt, and
``admit`` publishes the rest of it (tests/unit/ingest/stage/test_fanout.py).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from newsflow_crawl.delivery.policy import Step, TaskContext, Transport
from newsflow_crawl.frontier import HostFrontier, admit_batches
from newsflow_crawl.lifecycle import note_running
from newsflow_crawl.state import CrawlLedger, enrich_key, fetch_key
from newsflow_ops import metrics
from newsflow_shared.messages import FetchTask
from newsflow_shared.queues import ENRICH_TASK, FETCH_TASK

from newsflow_ingest.captures.warc import CaptureWriter
from newsflow_ingest.fetching.fetcher import Fetcher
from newsflow_ingest.fetching.throttle import HostBusy
from newsflow_ingest.fetching.validators import ValidatorStore
from newsflow_ingest.stage.booking import frontier_entry
from newsflow_ingest.stage.known import KnownUrls, is_known_skip
from newsflow_ingest.stage.outcomes import record_failure_outcome, record_success_outcome
from newsflow_ingest.stage.page import ingest


@dataclass
class IngestTools:
    """What a fetch needs, made once per process: the fetcher, the crawl ledger and the stores beside it."""

    fetcher: Fetcher
    ledger: CrawlLedger
    known: KnownUrls
    validators: ValidatorStore | None
    captures: CaptureWriter | None
    defer_after: float | None
    frontier: HostFrontier


def fetch_step(payload: dict[str, Any], tools: IngestTools) -> Step:
    """The step of one ``newsflow.ingest.fetch`` message."""
    task = FetchTask.model_validate(payload)
    key = fetch_key(task.url, task.deferrals)
    ctx = TaskContext("ingest", FETCH_TASK, payload, task.crawl_id, task.url, key)
    return Step(ctx, lambda transport: _fetch(task, tools, transport))


def _fetch(task: FetchTask, tools: IngestTools, transport: Transport) -> None:
    ledger = tools.ledger
    if ledger.is_cancelled(task.crawl_id):
        _skip(ledger, task, "cancelled")
        return
    note_running(ledger, task.crawl_id)
    if is_known_skip(task, tools.known):
        _skip(ledger, task, "known")
        return
    started = time.monotonic()
    try:
        outcome = ingest(
            task,
            fetcher=tools.fetcher,
            defer_after=tools.defer_after,
            captures=tools.captures,
            validators=tools.validators,
        )
    except HostBusy as busy:
        # The host's next slot is booked for this URL: come back then instead of holding this worker.
        later = task.model_copy(update={"deferrals": task.deferrals + 1})
        ledger.add_pending(task.crawl_id, fetch_key(later.url, later.deferrals))
        tools.frontier.push([frontier_entry(later, tools.fetcher, wait=busy.wait, front=True)])
        metrics.count_deferral()
        return
    except Exception as exc:
        record_failure_outcome(ledger, task.crawl_id, task.url, exc, started, tools.fetcher)
        raise
    record_success_outcome(ledger, task.crawl_id, task.url, outcome.fetched)
    ledger.count(task.crawl_id, "fetched", task.url)

    def push(children: list[FetchTask]) -> None:
        tools.frontier.push([frontier_entry(child, tools.fetcher) for child in children])

    admit_batches(ledger, outcome.discovered, push, batch=tools.fetcher.settings.frontier_admit_batch)
    if outcome.validators and tools.validators is not None:
        # Only now that every child is admitted: were the fan-out interrupted before (the soft time limit, a
        # kill, a lost connection), the next attempt would get a 304 for it and discover nothing.
        tools.validators.put(task.url, outcome.validators)
    if outcome.article is None:
        if outcome.page_status is not None:
            _skip(ledger, task, outcome.page_status)
        return
    ledger.count(task.crawl_id, "articles", outcome.article.article_id)
    tools.known.remember(task.url, outcome.article.canonical_url)
    ledger.add_pending(task.crawl_id, enrich_key(task.url))
    transport.publish(ENRICH_TASK, outcome.article.model_dump(mode="json"))


def _skip(ledger: CrawlLedger, task: FetchTask, reason: str) -> None:
    """Count the URL in the crawl's ``skipped`` and in ``newsflow_articles_skipped_total{reason}``."""
    ledger.count(task.crawl_id, "skipped", task.url)
    metrics.count_skipped(reason)
