"""Celery task of the ingest stage: decode the message, call :func:`ingest`, publish what follows."""

from __future__ import annotations

import time
from functools import lru_cache
from typing import Any

import redis
import requests
from celery import Task
from celery.signals import worker_ready, worker_shutdown
from newsflow_crawl.delivery.policy import TaskContext, run_with_policy
from newsflow_crawl.frontier import admit
from newsflow_crawl.reconcile import Publishers, ReconcilerThread
from newsflow_crawl.state import RedisLedger, enrich_key, fetch_key
from newsflow_shared.celery_app import get_celery
from newsflow_shared.config import get_settings
from newsflow_shared.messages import FetchTask
from newsflow_shared.queues import ENRICH_TASK, FETCH_TASK, FINISH_CRAWL_TASK, RECORD_FAILURE_TASK

from newsflow_ingest.captures.warc import CaptureWriter, capture_writer
from newsflow_ingest.fetching.fetcher import Fetcher
from newsflow_ingest.fetching.robots import RobotsPolicy
from newsflow_ingest.fetching.throttle import HostBusy, RedisHostThrottle
from newsflow_ingest.fetching.validators import RedisValidators
from newsflow_ingest.stage.booking import book_fetch
from newsflow_ingest.stage.known import RedisKnownUrls, is_known_skip
from newsflow_ingest.stage.outcomes import record_failure_outcome, success_outcome
from newsflow_ingest.stage.page import ingest

app = get_celery()


@lru_cache(maxsize=1)
def _ledger() -> RedisLedger:
    return RedisLedger.from_url(get_settings().redis_url)


@lru_cache(maxsize=1)
def _fetcher() -> Fetcher:
    """One fetcher per worker process, created in the child after fork (never at import)."""
    settings = get_settings()
    client = redis.Redis.from_url(settings.redis_url)
    # A concurrency place outlives a killed worker until its lease ends: no longer than a fetch may take.
    throttle = RedisHostThrottle(client, lease=settings.fetch_deadline + 5)
    robots = RobotsPolicy(settings, requests.Session(), throttle=throttle, shared=client)
    return Fetcher(settings, robots=robots, throttle=throttle)


@lru_cache(maxsize=1)
def _known() -> RedisKnownUrls:
    return RedisKnownUrls(redis.Redis.from_url(get_settings().redis_url))


@lru_cache(maxsize=1)
def _validators() -> RedisValidators:
    return RedisValidators(redis.Redis.from_url(get_settings().redis_url))


@lru_cache(maxsize=1)
def _captures() -> CaptureWriter | None:
    """This process's WARC writer when NEWSFLOW_CAPTURE_DIR or _URL is set (files are per process, never
    shared). With an S3-compatible store, its open file is uploaded when the pool process exits."""
    writer = capture_writer(get_settings())
    if writer is not None and writer.store is not None:
        from celery.signals import worker_process_shutdown

        worker_process_shutdown.connect(lambda **_: writer.close(), weak=False)
    return writer


@app.task(name=FETCH_TASK, bind=True)
def fetch(self: Task, payload: dict[str, Any]) -> None:
    task = FetchTask.model_validate(payload)
    ledger = _ledger()
    key = fetch_key(task.url, task.deferrals)
    ctx = TaskContext("ingest", FETCH_TASK, payload, task.crawl_id, task.url, key)
    settings = get_settings()

    def work() -> None:
        if ledger.is_cancelled(task.crawl_id):
            ledger.count(task.crawl_id, "skipped", task.url)
            return
        ledger.set_status(task.crawl_id, "running")
        if is_known_skip(task, _known()):
            ledger.count(task.crawl_id, "skipped", task.url)
            return
        fetcher = _fetcher()
        started = time.monotonic()
        try:
            outcome = ingest(
                task,
                fetcher=fetcher,
                defer_after=settings.throttle_defer_after,
                captures=_captures(),
                validators=_validators(),
            )
        except HostBusy as busy:
            # The host's next slot is booked for this URL: come back then instead of holding this worker.
            later = task.model_copy(update={"deferrals": task.deferrals + 1})
            ledger.add_pending(task.crawl_id, fetch_key(later.url, later.deferrals))
            app.send_task(FETCH_TASK, args=[later.model_dump(mode="json")], countdown=busy.wait)
            return
        except Exception as exc:
            record_failure_outcome(ledger, task.crawl_id, task.url, exc, started, fetcher)
            raise
        ledger.record_fetch(task.crawl_id, success_outcome(task.url, outcome.fetched))
        ledger.count(task.crawl_id, "fetched", task.url)

        def publish(child: FetchTask) -> None:
            booked, countdown = book_fetch(child, fetcher)
            app.send_task(FETCH_TASK, args=[booked.model_dump(mode="json")], countdown=countdown or None)

        admit(ledger, outcome.discovered, publish)
        if outcome.article is None:
            if outcome.page_status is not None:
                ledger.count(task.crawl_id, "skipped", task.url)
            return
        ledger.count(task.crawl_id, "articles", outcome.article.article_id)
        _known().remember(task.url, outcome.article.canonical_url)
        ledger.add_pending(task.crawl_id, enrich_key(task.url))
        app.send_task(ENRICH_TASK, args=[outcome.article.model_dump(mode="json")])

    run_with_policy(self, ctx, work, celery=app, ledger=ledger, settings=settings)


_reconciler: list[ReconcilerThread] = []


@worker_ready.connect
def start_reconciler(**_: Any) -> None:
    """In the worker's main process: sweep for crawl work the broker lost (newsflow_crawl.reconcile)."""
    settings = get_settings()
    if settings.reconcile_interval <= 0 or _reconciler:
        return
    publishers = Publishers(
        fetch=lambda task: app.send_task(FETCH_TASK, args=[task.model_dump(mode="json")]),
        finish=lambda message: app.send_task(FINISH_CRAWL_TASK, args=[message.model_dump(mode="json")]),
        failure=lambda record: app.send_task(RECORD_FAILURE_TASK, args=[record.model_dump(mode="json")]),
    )
    thread = ReconcilerThread(
        RedisLedger.from_url(settings.redis_url),
        publishers,
        interval=settings.reconcile_interval,
        idle_seconds=settings.reconcile_idle_seconds,
    )
    thread.start()
    _reconciler.append(thread)


@worker_shutdown.connect
def stop_reconciler(**_: Any) -> None:
    for thread in _reconciler:
        thread.stop()
