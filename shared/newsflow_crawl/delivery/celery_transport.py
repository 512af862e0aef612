"""The Celery transport of the stage driver: every stage's Celery task is ``run_celery_step(self, step, …)``.

Celery adds two things the embedded runner does not need: a message that keeps killing its worker process (OOM,
hard time limit) is counted across deliveries and dead-lettered as poison; and when Redis or the broker fails
while an outcome is being recorded, the message is rejected with requeue, so it runs again rather than being
acknowledged half-done.

A message the policy gives up on (a permanent failure, or a dead letter) ends in Celery's state ``FAILURE`` with
its reason, so Flower and ``celery events`` show it: once its ``failures`` row is published and its in-flight key
resolved, :func:`run_celery_step` raises :class:`StepFailed`. The message is not redelivered: with ``acks_late``
and ``task_acks_on_failure_or_timeout=False`` Celery rejects a failed task's message without requeue, which the
Redis transport carries out by deleting it from its ``unacked`` hash (kombu ``QoS.reject``) — only a worker lost
or a hard time limit requeue (tests/e2e/test_celery_visibility.py proves it).
"""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import Any

import redis
from celery import Celery, Task
from celery.exceptions import Reject, Retry
from kombu.exceptions import OperationalError as BrokerError
from newsflow_ops import metrics
from newsflow_shared.config import Settings
from newsflow_shared.errors import PermanentError
from newsflow_shared.log_context import log_context
from newsflow_shared.messages import FailureRecord

from newsflow_crawl.delivery.policy import Step, StepOutcome, give_up, run_step
from newsflow_crawl.state import CrawlLedger

log = logging.getLogger(__name__)

# Redis or the broker being unreachable is not the message's fault: the message goes back to its queue.
INFRASTRUCTURE_ERRORS: tuple[type[BaseException], ...] = (redis.RedisError, BrokerError, ConnectionError)
DELIVERY_KEY_TTL_SECONDS = 7 * 24 * 3600


class PoisonMessage(PermanentError):
    """A message started more than ``NEWSFLOW_TASK_MAX_DELIVERIES`` times and never finished: each time its worker
    process died (crash, OOM kill, hard time limit) before the policy could retry or record it. Raised and handled
    by :func:`run_celery_step`, which dead-letters the message instead of running it again."""

    reason = "poison_message"


class StepFailed(Exception):
    """The policy gave up on this message (outcome ``failed`` or ``dead_lettered``) after recording it. Raised by
    :func:`run_celery_step` so that Celery records the task as ``FAILURE`` with the reason, and sends a
    ``task-failed`` event; the stage tasks declare it in ``throws`` (logged as expected, without a traceback)."""

    def __init__(self, outcome: StepOutcome, failure: FailureRecord | None) -> None:
        reason = failure.reason if failure is not None else "unknown"
        attempts = failure.attempts if failure is not None else 0
        detail = failure.message if failure is not None else ""
        super().__init__(f"{outcome}: {reason} after {attempts} attempt(s): {detail}")
        self.outcome, self.reason = outcome, reason


# For the stage tasks' ``throws``: expected failures, logged without a traceback.
EXPECTED_FAILURES: tuple[type[Exception], ...] = (StepFailed,)


class CeleryTransport:
    """Publishes with ``send_task``; retries the running task with ``Task.retry`` (which raises ``Retry``)."""

    def __init__(self, celery: Celery, settings: Settings, task: Task | None = None) -> None:
        self.celery, self.settings, self.task = celery, settings, task

    def publish(self, task_name: str, payload: dict[str, Any], *, countdown: float | None = None) -> None:
        self.celery.send_task(task_name, args=[payload], countdown=countdown or None)

    def publish_many(self, task_name: str, payloads: list[dict[str, Any]]) -> None:
        """Publish each payload now, through one producer (one connection and channel for the batch)."""
        with self.celery.producer_or_acquire() as producer:
            for payload in payloads:
                self.celery.send_task(task_name, args=[payload], producer=producer)

    def retry(self, exc: BaseException, countdown: float) -> None:
        if self.task is None:
            raise RuntimeError("no running task to retry") from exc
        raise self.task.retry(
            exc=exc, countdown=countdown, max_retries=self.settings.task_max_retries
        ) from exc


@lru_cache(maxsize=4)
def _delivery_counter(redis_url: str) -> redis.Redis:
    return redis.Redis.from_url(redis_url, socket_connect_timeout=5, socket_timeout=5)


def _delivery_key(task: Task) -> str:
    return f"newsflow:deliveries:{task.request.id}:{int(task.request.retries or 0)}"


def count_delivery(task: Task, settings: Settings) -> int:
    """How many times this message (task id + retry number) has started, this time included.

    A retry is a new message with ``retries + 1``; a redelivery (worker lost, visibility timeout) is the same
    message again, so the count grows only when a run ended without the policy deciding anything. Until the
    policy decides, the count is kept a week: a message that keeps killing its workers may wait behind a long
    queue between its deliveries.
    """
    key = _delivery_key(task)
    try:
        pipe = _delivery_counter(settings.redis_url).pipeline()
        pipe.incr(key)
        pipe.expire(key, DELIVERY_KEY_TTL_SECONDS)
        count, _ = pipe.execute()
    except redis.RedisError as exc:  # unknown: run it; if Redis is really down the work fails and is requeued
        log.warning("cannot count deliveries of %s: %s", task.request.id, exc)
        return 1
    return int(count)


def settle_delivery(task: Task, settings: Settings) -> None:
    """The policy decided this message (done, retried as a new message, failed, dead-lettered). Its count now
    matters only if the acknowledgement is lost with its worker, which brings the message back within the
    visibility timeout; kept that long rather than a week, the counters take Redis memory in proportion to the
    rate, not to a week's articles (docs/operations.md, "Redis memory")."""
    try:
        _delivery_counter(settings.redis_url).expire(
            _delivery_key(task), settings.visibility_timeout + settings.task_time_limit
        )
    except redis.RedisError as exc:  # the week's expiry stays: memory, not correctness
        log.warning("cannot shorten the delivery count of %s: %s", task.request.id, exc)


def run_celery_step(
    task: Task, step: Step, *, celery: Celery, ledger: CrawlLedger, settings: Settings
) -> StepOutcome:
    """Run one Celery message's ``step`` under the policy (:func:`newsflow_crawl.delivery.policy.run_step`).

    Every line logged meanwhile carries the Celery task id besides the crawl, stage and URL (``log_context``):
    the poison and requeue lines below too, which are logged outside ``run_step``. Raises ``StepFailed`` when the
    policy gave up on the message (see the module docstring)."""
    ctx = step.ctx
    with log_context(task_id=task.request.id, crawl_id=ctx.crawl_id, stage=ctx.stage, url=ctx.url):
        outcome = _run_delivered(task, step, celery=celery, ledger=ledger, settings=settings)
    if outcome in ("failed", "dead_lettered"):
        raise StepFailed(outcome, step.ctx.failure)
    return outcome


def _run_delivered(
    task: Task, step: Step, *, celery: Celery, ledger: CrawlLedger, settings: Settings
) -> StepOutcome:
    transport = CeleryTransport(celery, settings, task)
    ctx = step.ctx
    try:
        deliveries = count_delivery(task, settings) if task.request.id else 1
        if deliveries > settings.task_max_deliveries:
            exc = PoisonMessage(
                f"started {deliveries - 1} times without finishing (worker killed or crashed)"
            )
            give_up(ctx, exc, permanent=True, attempts=deliveries - 1, transport=transport, ledger=ledger)
            metrics.count_task(ctx.stage, "dead_lettered")
            outcome: StepOutcome = "dead_lettered"
        else:
            outcome = run_step(
                step,
                transport=transport,
                ledger=ledger,
                settings=settings,
                attempts=int(task.request.retries or 0),
            )
    except Retry:  # the retry is a new message, with a count of its own
        if task.request.id:
            settle_delivery(task, settings)
        raise
    except INFRASTRUCTURE_ERRORS as exc:
        log.warning("%s %s: outcome not recorded (%s); message requeued", ctx.task_name, ctx.url, exc)
        raise Reject(str(exc), requeue=True) from exc
    if task.request.id:
        settle_delivery(task, settings)
    return outcome
