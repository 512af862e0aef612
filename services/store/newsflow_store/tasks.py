"""Celery tasks of the store stage: article upserts (a thin adapter over ``step.store_step``), failure rows, and
the crawl lifecycle's steps that write the database (finish; a crawl start sent by an old scheduler)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from celery import Task
from newsflow_crawl import lifecycle
from newsflow_crawl.delivery.celery_transport import EXPECTED_FAILURES, run_celery_step
from newsflow_crawl.delivery.dead_letters import record_failure as record_failure_row
from newsflow_crawl.delivery.policy import backoff_delay
from newsflow_crawl.state import RedisLedger
from newsflow_shared.celery_app import get_celery
from newsflow_shared.config import get_settings
from newsflow_shared.db import make_engine, make_sessionmaker, session_scope
from newsflow_shared.errors import PermanentError
from newsflow_shared.messages import CrawlRequest, FailureRecord, FinishCrawl
from newsflow_shared.queues import FINISH_CRAWL_TASK, RECORD_FAILURE_TASK, START_CRAWL_TASK, STORE_TASK
from sqlalchemy.orm import Session, sessionmaker

from newsflow_store.step import store_step

app = get_celery()


@contextmanager
def _retried(task: Task) -> Iterator[None]:
    """The policy of the store's bookkeeping tasks: a permanent error (e.g. ``UnknownCrawl``) fails at once;
    anything else (database or broker down) is retried with backoff, then raised."""
    settings = get_settings()
    try:
        yield
    except PermanentError:
        raise
    except Exception as exc:
        if task.request.retries < settings.task_max_retries:
            raise task.retry(exc=exc, countdown=backoff_delay(task.request.retries, settings)) from exc
        raise


@lru_cache(maxsize=1)
def _ledger() -> RedisLedger:
    return RedisLedger.from_url(get_settings().redis_url)


@lru_cache(maxsize=1)
def _sessions() -> sessionmaker[Session]:
    """One engine (connection pool) per worker process."""
    return make_sessionmaker(make_engine(get_settings().database_url))


@app.task(name=STORE_TASK, bind=True, throws=EXPECTED_FAILURES)
def store_article(self: Task, payload: dict[str, Any]) -> None:
    settings = get_settings()
    step = store_step(
        payload,
        sessions=_sessions(),
        ledger=_ledger(),
        near_duplicate_similarity=settings.near_duplicate_similarity,
    )
    run_celery_step(self, step, celery=app, ledger=_ledger(), settings=settings)


@app.task(name=RECORD_FAILURE_TASK, bind=True)
def record_failure(self: Task, payload: dict[str, Any]) -> None:
    """Write a failure row. If the database is down, retry for as long as the policy allows, then log."""
    failure = FailureRecord.model_validate(payload)
    with _retried(self), session_scope(_sessions()) as session:
        record_failure_row(failure, session=session)


@app.task(name=START_CRAWL_TASK, bind=True)
def start_crawl(self: Task, payload: dict[str, Any]) -> str:
    """A crawl start sent as a message (by a scheduler from before beat started crawls itself): the crawl and
    its seed messages are recorded in the outbox; the outbox relay (API, scheduler) queues the seeds. The crawl
    id derives from the message id, so a redelivered or retried message records one crawl."""
    request = CrawlRequest.model_validate(payload)
    crawl_id = lifecycle.scheduled_crawl_id(str(self.request.id))
    with _retried(self), session_scope(_sessions()) as session:
        lifecycle.create_crawl(crawl_id, request, session=session)
    return crawl_id


@app.task(name=FINISH_CRAWL_TASK, bind=True)
def finish_crawl(self: Task, payload: dict[str, Any]) -> None:
    message = FinishCrawl.model_validate(payload)
    with _retried(self):
        lifecycle.finish_crawl(message, sessions=_sessions(), ledger=_ledger())
