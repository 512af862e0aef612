"""Celery tasks of the store stage: idempotent article upserts, failure rows, crawl completion."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from celery import Task
from newsflow_crawl.crawl_rows import finish_crawl as finish_crawl_row
from newsflow_crawl.delivery.dead_letters import record_failure as record_failure_row
from newsflow_crawl.delivery.policy import TaskContext, backoff_delay, run_with_policy
from newsflow_crawl.fetch_outcomes import record_fetch_outcomes
from newsflow_crawl.lifecycle import start_scheduled_crawl
from newsflow_crawl.state import RedisLedger, store_key
from newsflow_shared.celery_app import get_celery
from newsflow_shared.config import get_settings
from newsflow_shared.db import make_engine, make_sessionmaker, session_scope
from newsflow_shared.errors import PermanentError
from newsflow_shared.messages import CrawlRequest, EnrichedArticle, FailureRecord, FetchTask, FinishCrawl
from newsflow_shared.queues import (
    FETCH_TASK,
    FINISH_CRAWL_TASK,
    RECORD_FAILURE_TASK,
    START_CRAWL_TASK,
    STORE_TASK,
)
from sqlalchemy.orm import Session, sessionmaker

from newsflow_store.articles import upsert_article

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


@app.task(name=STORE_TASK, bind=True)
def store_article(self: Task, payload: dict[str, Any]) -> None:
    enriched = EnrichedArticle.model_validate(payload)
    article = enriched.article
    ledger = _ledger()
    key = store_key(article.url) if article.crawl_id else None
    ctx = TaskContext("store", STORE_TASK, payload, article.crawl_id, article.url, key)

    def work() -> None:
        with session_scope(_sessions()) as session:
            result = upsert_article(
                enriched, session=session, near_duplicate_similarity=get_settings().near_duplicate_similarity
            )
        if article.crawl_id:
            ledger.count(article.crawl_id, "stored", result.article_id)

    run_with_policy(self, ctx, work, celery=app, ledger=ledger, settings=get_settings())


@app.task(name=RECORD_FAILURE_TASK, bind=True)
def record_failure(self: Task, payload: dict[str, Any]) -> None:
    """Write a failure row. If the database is down, retry for as long as the policy allows, then log."""
    failure = FailureRecord.model_validate(payload)
    with _retried(self), session_scope(_sessions()) as session:
        record_failure_row(failure, session=session)


@app.task(name=START_CRAWL_TASK, bind=True)
def start_crawl(self: Task, payload: dict[str, Any]) -> str:
    """One tick of a recurring crawl (``newsflow beat``): record the crawl, queue its seeds; retried if the
    database or the broker is down (the crawl id is stable across retries)."""
    request = CrawlRequest.model_validate(payload)

    def publish(task: FetchTask) -> None:
        app.send_task(FETCH_TASK, args=[task.model_dump(mode="json")])

    with _retried(self):
        return start_scheduled_crawl(
            str(self.request.id), request, sessions=_sessions(), ledger=_ledger(), publish=publish
        )


@app.task(name=FINISH_CRAWL_TASK, bind=True)
def finish_crawl(self: Task, payload: dict[str, Any]) -> None:
    message = FinishCrawl.model_validate(payload)
    with _retried(self):
        with session_scope(_sessions()) as session:
            status = finish_crawl_row(message, session=session)
            record_fetch_outcomes(message.crawl_id, _ledger().outcomes(message.crawl_id), session=session)
        _ledger().set_status(message.crawl_id, status)
        _ledger().retire(message.crawl_id)  # the final status is stored: nothing left for the reconciler
