"""The delivery policy every stage message runs under, written once for both runtimes.

A stage's work for one message is a :class:`Step`: its context (stage, task name, payload, crawl, URL, in-flight
key) and a ``work`` function that does the stage's job and publishes what follows through a :class:`Transport`.
:func:`run_step` applies the policy: a transient error (or a bug) is retried with capped, jittered exponential
backoff, a permanent error or exhausted retries become a ``failures`` row (published to the store), and whatever
happened the message's in-flight key is resolved so the crawl can finish — the finish itself published when that
key was the crawl's last.

Who calls it: :mod:`newsflow_crawl.delivery.celery_transport` (the Celery tasks of every stage, which add the
poison-message count and requeue on infrastructure errors) and the embedded runner (``newsflow.runner``), whose
in-process queue is the other transport.

Every outcome is counted here, once for both runtimes: ``newsflow_tasks_total{stage, outcome}`` and
``newsflow_task_duration_seconds{stage}`` (``newsflow_ops.metrics``).
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from newsflow_ops import metrics
from newsflow_shared.config import Settings
from newsflow_shared.errors import PermanentError, RobotsForbidden, TransientError
from newsflow_shared.log_context import log_context
from newsflow_shared.messages import FailureRecord, FinishCrawl
from newsflow_shared.queues import FINISH_CRAWL_TASK, RECORD_FAILURE_TASK

from newsflow_crawl.state import CrawlLedger

log = logging.getLogger(__name__)

Stage = Literal["ingest", "enrich", "store"]
StepOutcome = Literal["ok", "retried", "failed", "dead_lettered"]


class Transport(Protocol):
    """How a stage's messages leave it: Celery (``send_task``, ``Task.retry``) or the runner's in-process queue."""

    def publish(self, task_name: str, payload: dict[str, Any], *, countdown: float | None = None) -> None:
        """Queue ``payload`` for ``task_name`` now, or after ``countdown`` seconds."""

    def retry(self, exc: BaseException, countdown: float) -> None:
        """Run the current message again after ``countdown`` seconds, its attempt count one higher. Celery's
        raises ``celery.exceptions.Retry`` (the task must end there); the runner's queues it and returns."""


@dataclass
class TaskContext:
    """What the policy needs to know about one message."""

    stage: Stage
    task_name: str
    payload: dict[str, Any]
    crawl_id: str | None
    url: str | None
    pending_key: str | None
    # The failures row of a message the policy gave up on (set by ``give_up``), so a transport can report why.
    failure: FailureRecord | None = None


@dataclass
class Step:
    """One message's work: ``work`` does the stage's job and publishes what follows through the transport."""

    ctx: TaskContext
    work: Callable[[Transport], None]


def backoff_delay(retries: int, settings: Settings, retry_after: float | None = None) -> float:
    """Seconds before retry number ``retries + 1``: exponential, capped, with full jitter (AWS style)."""
    ceiling = min(settings.retry_backoff_max, settings.retry_backoff * (2**retries))
    delay = random.uniform(ceiling / 2, ceiling)
    if retry_after is not None:
        delay = max(delay, min(retry_after, settings.retry_backoff_max))
    return delay


def publish_finish(transport: Transport, ledger: CrawlLedger, crawl_id: str) -> None:
    """Ask the store to write the crawl's final status and counts (``newsflow_crawl.lifecycle.finish_crawl``)."""
    message = FinishCrawl(
        crawl_id=crawl_id, counts=ledger.counts(crawl_id), cancelled=ledger.is_cancelled(crawl_id)
    )
    transport.publish(FINISH_CRAWL_TASK, message.model_dump(mode="json"))


def finish_if_complete(transport: Transport, ledger: CrawlLedger, crawl_id: str, pending_key: str) -> None:
    """Resolve ``pending_key``; when that leaves the crawl with nothing in flight, publish its finish."""
    if ledger.resolve(crawl_id, pending_key):
        publish_finish(transport, ledger, crawl_id)


def run_step(
    step: Step, *, transport: Transport, ledger: CrawlLedger, settings: Settings, attempts: int
) -> StepOutcome:
    """Run ``step`` under the policy; ``attempts`` is how many times this message already failed and was retried.

    Every line logged meanwhile, by any module, carries the message's crawl, stage and URL (``log_context``)."""
    ctx = step.ctx
    with log_context(crawl_id=ctx.crawl_id, stage=ctx.stage, url=ctx.url):
        return _apply_policy(step, transport=transport, ledger=ledger, settings=settings, attempts=attempts)


def _apply_policy(
    step: Step, *, transport: Transport, ledger: CrawlLedger, settings: Settings, attempts: int
) -> StepOutcome:
    ctx = step.ctx
    started = time.perf_counter()
    try:
        step.work(transport)
    except PermanentError as exc:
        give_up(ctx, exc, permanent=True, attempts=attempts + 1, transport=transport, ledger=ledger)
        return _observed(ctx, "failed", started)
    except Exception as exc:  # transient, or a bug: retried, then dead-lettered
        if attempts < settings.task_max_retries:
            retry_after = exc.retry_after if isinstance(exc, TransientError) else None
            countdown = backoff_delay(attempts, settings, retry_after)
            log.warning(
                "%s %s failed (%s), retry %d in %.1fs", ctx.task_name, ctx.url, exc, attempts + 1, countdown
            )
            # Counted before the transport acts: Celery's retry ends the task by raising.
            _observed(ctx, "retried", started)
            transport.retry(exc, countdown)
            return "retried"
        give_up(ctx, exc, permanent=False, attempts=attempts + 1, transport=transport, ledger=ledger)
        return _observed(ctx, "dead_lettered", started)
    if ctx.crawl_id and ctx.pending_key:
        finish_if_complete(transport, ledger, ctx.crawl_id, ctx.pending_key)
    return _observed(ctx, "ok", started)


def _observed(ctx: TaskContext, outcome: StepOutcome, started: float) -> StepOutcome:
    metrics.observe_task(ctx.stage, outcome, started)
    return outcome


def failure_record(ctx: TaskContext, exc: BaseException, *, permanent: bool, attempts: int) -> FailureRecord:
    """The ``failures`` row of a message the policy gives up on (its payload kept for a replay)."""
    reason = getattr(exc, "reason", None) or ("permanent" if permanent else "retries_exhausted")
    if not permanent and not isinstance(exc, TransientError):
        reason = "retries_exhausted"
    return FailureRecord(
        crawl_id=ctx.crawl_id,
        stage=ctx.stage,
        task_name=ctx.task_name,
        url=ctx.url,
        error_type=type(exc).__name__,
        reason=str(reason),
        message=str(exc)[:2000],
        permanent=permanent,
        attempts=attempts,
        payload=ctx.payload,
    )


def give_up(
    ctx: TaskContext,
    exc: BaseException,
    *,
    permanent: bool,
    attempts: int,
    transport: Transport,
    ledger: CrawlLedger,
) -> None:
    """Record the failure, count the URL as failed (skipped when robots.txt forbids it), resolve its key."""
    record = failure_record(ctx, exc, permanent=permanent, attempts=attempts)
    ctx.failure = record
    log.warning("%s %s: %s (%s)", ctx.task_name, ctx.url, record.reason, record.message)
    transport.publish(RECORD_FAILURE_TASK, record.model_dump(mode="json"))
    if ctx.crawl_id:
        # A page robots.txt forbids is not a fault of the crawl: it is skipped (and still recorded).
        counter = "skipped" if isinstance(exc, RobotsForbidden) else "failed"
        ledger.count(ctx.crawl_id, counter, ctx.pending_key or ctx.url or "")
        if counter == "skipped":
            metrics.count_skipped(record.reason)
        if ctx.pending_key:
            finish_if_complete(transport, ledger, ctx.crawl_id, ctx.pending_key)
