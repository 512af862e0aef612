"""Celery tasks of the ingest stage: thin adapters over ``stage.step`` (the embedded runner is the other)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import redis
import requests
from celery import Task
from celery.signals import worker_ready, worker_shutdown
from newsflow_crawl.delivery.celery_transport import EXPECTED_FAILURES, CeleryTransport, run_celery_step
from newsflow_crawl.frontier import RedisFrontier
from newsflow_crawl.frontier.backpressure import Backpressure, RedisHoldFlag, WaterMarks, redis_depths
from newsflow_crawl.frontier.release import ReleaseLimits, Releaser, ReleaserThread
from newsflow_crawl.reconcile import Publishers, ReconcilerThread
from newsflow_crawl.state import RedisLedger
from newsflow_shared.celery_app import get_celery
from newsflow_shared.config import Settings, get_settings
from newsflow_shared.queues import ENRICH_QUEUE, FETCH_TASK, INGEST_QUEUE, RECONCILE_TASK, STORE_QUEUE

from newsflow_ingest.captures.warc import CaptureWriter, capture_writer
from newsflow_ingest.fetching.fetcher import Fetcher
from newsflow_ingest.fetching.robots import RobotsPolicy
from newsflow_ingest.fetching.throttle import RedisHostThrottle
from newsflow_ingest.fetching.validators import RedisValidators
from newsflow_ingest.stage.known import RedisKnownUrls
from newsflow_ingest.stage.step import IngestTools, fetch_step

app = get_celery()


@lru_cache(maxsize=1)
def _tools() -> IngestTools:
    """One fetcher, ledger and stores per worker process, created in the child after fork (never at import)."""
    settings = get_settings()
    client = redis.Redis.from_url(settings.redis_url)
    # A concurrency place outlives a killed worker until its lease ends: no longer than a fetch may take.
    throttle = RedisHostThrottle(client, lease=settings.fetch_deadline + 5)
    robots = RobotsPolicy(settings, requests.Session(), throttle=throttle, shared=client)
    return IngestTools(
        fetcher=Fetcher(settings, robots=robots, throttle=throttle),
        ledger=RedisLedger(client),
        known=RedisKnownUrls(client),
        validators=RedisValidators(client),
        captures=_captures(),
        defer_after=settings.throttle_defer_after,
        frontier=RedisFrontier(client),
    )


@lru_cache(maxsize=1)
def _releaser() -> Releaser:
    """This process's frontier releaser (see ``newsflow_crawl.frontier.release``)."""
    return make_releaser(get_settings(), redis.Redis.from_url(get_settings().redis_url))


def make_releaser(settings: Settings, client: redis.Redis) -> Releaser:
    """A releaser publishing through Celery, holding under the enrich and store queues' water marks."""
    marks = {
        ENRICH_QUEUE: WaterMarks(settings.backpressure_enrich_high, settings.backpressure_enrich_low),
        STORE_QUEUE: WaterMarks(settings.backpressure_store_high, settings.backpressure_store_low),
    }
    transport = CeleryTransport(app, settings)
    ingest_depth = redis_depths(client, [INGEST_QUEUE])
    return Releaser(
        frontier=RedisFrontier(client),
        publish_many=lambda payloads: transport.publish_many(FETCH_TASK, payloads),
        ready_depth=lambda: ingest_depth()[INGEST_QUEUE],
        backpressure=Backpressure(marks, redis_depths(client, list(marks)), RedisHoldFlag(client)),
        limits=ReleaseLimits.of(settings),
    )


def _captures() -> CaptureWriter | None:
    """This process's WARC writer when NEWSFLOW_CAPTURE_DIR or _URL is set (files are per process, never
    shared). With an S3-compatible store, its open file is uploaded when the pool process exits."""
    writer = capture_writer(get_settings())
    if writer is not None and writer.store is not None:
        from celery.signals import worker_process_shutdown

        worker_process_shutdown.connect(lambda **_: writer.close(), weak=False)
    return writer


def _run_fetch(task: Task, payload: dict[str, Any]) -> None:
    tools = _tools()
    try:
        run_celery_step(
            task, fetch_step(payload, tools), celery=app, ledger=tools.ledger, settings=get_settings()
        )
    finally:
        # This fetch's host turn is over and it may have pushed URLs: release what is due now.
        _releaser().release_quietly()


@app.task(name=FETCH_TASK, bind=True, throws=EXPECTED_FAILURES)
def fetch(self: Task, payload: dict[str, Any]) -> None:
    _run_fetch(self, payload)


@app.task(name=RECONCILE_TASK, bind=True, throws=EXPECTED_FAILURES)
def redo_lost_fetch(self: Task, payload: dict[str, Any]) -> None:
    """A replayed ``lost_in_flight`` failure: its payload is the lost URL's fetch message, fetched again."""
    _run_fetch(self, payload)


_reconciler: list[ReconcilerThread] = []
_releasers: list[ReleaserThread] = []


@worker_ready.connect
def start_reconciler(**_: Any) -> None:
    """In the worker's main process: sweep for crawl work the broker lost (newsflow_crawl.reconcile)."""
    settings = get_settings()
    if settings.reconcile_interval <= 0 or _reconciler:
        return
    thread = ReconcilerThread(
        RedisLedger.from_url(settings.redis_url),
        Publishers.through(CeleryTransport(app, settings)),
        interval=settings.reconcile_interval,
        idle_seconds=settings.reconcile_idle_seconds,
        held=RedisHoldFlag(redis.Redis.from_url(settings.redis_url)).get,
    )
    thread.start()
    _reconciler.append(thread)


@worker_ready.connect
def start_releaser(**_: Any) -> None:
    """In the worker's main process: release due URLs from the frontier when no fetch finishes to do it."""
    if _releasers:
        return
    settings = get_settings()
    thread = ReleaserThread(
        make_releaser(settings, redis.Redis.from_url(settings.redis_url)),
        poll=settings.frontier_poll_interval,
    )
    thread.start()
    _releasers.append(thread)


@worker_shutdown.connect
def stop_reconciler(**_: Any) -> None:
    for thread in _reconciler:
        thread.stop()
    for releaser in _releasers:
        releaser.stop()
