"""The delivery policy every Celery task follows: retry transient errors with capped, jittered exponential
backoff; record permanent errors and exhausted retries as ``failures`` rows (through the store queue); resolve
the task's in-flight key in the crawl ledger whatever happened, so the crawl can finish.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

import redis
from celery import Celery, Task
from celery.exceptions import Reject, Retry
from kombu.exceptions import OperationalError as BrokerError
from newsflow_crawl.state import CrawlLedger
from newsflow_shared.config import Settings
from newsflow_shared.errors import PermanentError, RobotsForbidden, TransientError
from newsflow_shared.messages import FailureRecord, FinishCrawl
from newsflow_shared.queues import FINISH_CRAWL_TASK, RECORD_FAILURE_TASK

log = logging.getLogger(__name__)

Stage = Literal["ingest", "enrich", "store"]

# Redis or the broker being unreachable is not the message's fault: the message goes back to its queue.
INFRASTRUCTURE_ERRORS: tuple[type[BaseException], ...] = (redis.RedisError, BrokerError, ConnectionError)
DELIVERY_KEY_TTL_SECONDS = 7 * 24 * 3600


class PoisonMessage(PermanentError):
    """A message started more than ``NEWSFLOW_TASK_MAX_DELIVERIES`` times and never finished: each time its worker
    process died (crash, OOM kill, hard time limit) before the policy could retry or record it. Raised and handled
    by :func:`run_with_policy`, which dead-letters the message instead of running it again."""

    reason = "poison_message"


@lru_cache(maxsize=4)
def _delivery_counter(redis_url: str) -> redis.Redis:
    return redis.Redis.from_url(redis_url, socket_connect_timeout=5, socket_timeout=5)


def count_delivery(task: Task, settings: Settings) -> int:
    """How many times this message (task id + retry number) has started, this time included.

    A retry is a new message with ``retries + 1``; a redelivery (worker lost, visibility timeout) is the same
    message again, so the count grows only when a run ended without the policy deciding anything.
    """
    key = f"newsflow:deliveries:{task.request.id}:{int(task.request.retries or 0)}"
    try:
        pipe = _delivery_counter(settings.redis_url).pipeline()
        pipe.incr(key)
        pipe.expire(key, DELIVERY_KEY_TTL_SECONDS)
        count, _ = pipe.execute()
    except redis.RedisError as exc:  # unknown: run it; if Redis is really down the work fails and is requeued
        log.warning("cannot count deliveries of %s: %s", task.request.id, exc)
        return 1
    return int(count)


def backoff_delay(retries: int, settings: Settings, retry_after: float | None = None) -> float:
    """Seconds before retry number ``retries + 1``: exponential, capped, with full jitter (AWS style)."""
    ceiling = min(settings.retry_backoff_max, settings.retry_backoff * (2**retries))
    delay = random.uniform(ceiling / 2, ceiling)
    if retry_after is not None:
        delay = max(delay, min(retry_after, settings.retry_backoff_max))
    return delay


@dataclass
class TaskContext:
    """What a task needs to apply the policy to one message."""

    stage: Stage
    task_name: str
    payload: dict[str, Any]
    crawl_id: str | None
    url: str | None
    pending_key: str | None


def finish_if_complete(celery: Celery, ledger: CrawlLedger, crawl_id: str, pending_key: str) -> None:
    """Resolve ``pending_key``; when that leaves the crawl with nothing in flight, publish its finish."""
    if ledger.resolve(crawl_id, pending_key):
        message = FinishCrawl(
            crawl_id=crawl_id, counts=ledger.counts(crawl_id), cancelled=ledger.is_cancelled(crawl_id)
        )
        celery.send_task(FINISH_CRAWL_TASK, args=[message.model_dump(mode="json")])


def run_with_policy(
    task: Task,
    ctx: TaskContext,
    work: Callable[[], None],
    *,
    celery: Celery,
    ledger: CrawlLedger,
    settings: Settings,
) -> None:
    """Run ``work`` (which publishes the next stage's messages and adds their pending keys) under the policy.

    When Redis or the broker fails while the outcome is being recorded (a retry published, a failure recorded,
    the in-flight key resolved), the message is rejected with requeue: it runs again later rather than being
    acknowledged half-done. A message that keeps killing its worker is dead-lettered as ``poison_message``.
    """
    try:
        deliveries = count_delivery(task, settings) if task.request.id else 1
        if deliveries > settings.task_max_deliveries:
            exc = PoisonMessage(
                f"started {deliveries - 1} times without finishing (worker killed or crashed)"
            )
            _give_up(ctx, exc, permanent=True, attempts=deliveries - 1, celery=celery, ledger=ledger)
            return
        _run(task, ctx, work, celery=celery, ledger=ledger, settings=settings)
    except Retry:
        raise
    except INFRASTRUCTURE_ERRORS as exc:
        log.warning("%s %s: outcome not recorded (%s); message requeued", ctx.task_name, ctx.url, exc)
        raise Reject(str(exc), requeue=True) from exc


def _run(
    task: Task,
    ctx: TaskContext,
    work: Callable[[], None],
    *,
    celery: Celery,
    ledger: CrawlLedger,
    settings: Settings,
) -> None:
    try:
        work()
    except PermanentError as exc:
        _give_up(ctx, exc, permanent=True, attempts=task.request.retries + 1, celery=celery, ledger=ledger)
    except Exception as exc:  # transient, or a bug: retried, then dead-lettered
        retries = int(task.request.retries)
        if retries < settings.task_max_retries:
            retry_after = exc.retry_after if isinstance(exc, TransientError) else None
            countdown = backoff_delay(retries, settings, retry_after)
            log.warning(
                "%s %s failed (%s), retry %d in %.1fs", ctx.task_name, ctx.url, exc, retries + 1, countdown
            )
            raise task.retry(exc=exc, countdown=countdown, max_retries=settings.task_max_retries) from exc
        _give_up(ctx, exc, permanent=False, attempts=retries + 1, celery=celery, ledger=ledger)
        return
    if ctx.crawl_id and ctx.pending_key:
        finish_if_complete(celery, ledger, ctx.crawl_id, ctx.pending_key)


def failure_record(ctx: TaskContext, exc: BaseException, *, permanent: bool, attempts: int) -> FailureRecord:
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


def _give_up(
    ctx: TaskContext,
    exc: BaseException,
    *,
    permanent: bool,
    attempts: int,
    celery: Celery,
    ledger: CrawlLedger,
) -> None:
    record = failure_record(ctx, exc, permanent=permanent, attempts=attempts)
    log.warning("%s %s: %s (%s)", ctx.task_name, ctx.url, record.reason, record.message)
    celery.send_task(RECORD_FAILURE_TASK, args=[record.model_dump(mode="json")])
    if ctx.crawl_id:
        # A page robots.txt forbids is not a fault of the crawl: it is skipped (and still recorded).
        counter = "skipped" if isinstance(exc, RobotsForbidden) else "failed"
        ledger.count(ctx.crawl_id, counter, ctx.pending_key or ctx.url or "")
        if ctx.pending_key:
            finish_if_complete(celery, ledger, ctx.crawl_id, ctx.pending_key)
