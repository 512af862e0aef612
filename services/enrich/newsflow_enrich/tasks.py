"""Celery task of the enrich stage: language, entities and translations of one parsed article."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from celery import Task
from celery.signals import worker_process_init
from newsflow_crawl.delivery.policy import TaskContext, run_with_policy
from newsflow_crawl.state import RedisLedger, enrich_key, store_key
from newsflow_shared.celery_app import get_celery
from newsflow_shared.config import get_settings
from newsflow_shared.messages import ParsedArticle
from newsflow_shared.queues import ENRICH_TASK, RECORD_FAILURE_TASK, STORE_TASK

from newsflow_enrich.enricher import Enricher, translation_failure
from newsflow_enrich.translation.stored import StoredTranslations

app = get_celery()


@lru_cache(maxsize=1)
def _ledger() -> RedisLedger:
    return RedisLedger.from_url(get_settings().redis_url)


@lru_cache(maxsize=1)
def _enricher() -> Enricher:
    """One enricher (and so one loaded spaCy model) per worker process. Translations already stored (same
    content hash) are reused across workers and restarts; the database is only read when a translator is set."""
    settings = get_settings()
    return Enricher(settings, shared_cache=StoredTranslations(database_url=settings.database_url))


@worker_process_init.connect
def _load_models(**_: Any) -> None:
    """Load the spaCy model when a worker child starts: a missing model or a misconfigured translator stops the
    worker loudly here, instead of failing (and dead-lettering) every article later."""
    _enricher().entities.nlp  # noqa: B018 - the property loads the model
    # The Arabic dictionaries (alias table + GeoNames, ~1 s) too, so the first Arabic article is not slow.
    from newsflow_enrich.entities.arabic import default_arabic_dictionary

    default_arabic_dictionary()


@app.task(name=ENRICH_TASK, bind=True)
def enrich(self: Task, payload: dict[str, Any]) -> None:
    article = ParsedArticle.model_validate(payload)
    ledger = _ledger()
    key = enrich_key(article.url) if article.crawl_id else None
    ctx = TaskContext("enrich", ENRICH_TASK, payload, article.crawl_id, article.url, key)

    def work() -> None:
        enriched = _enricher().enrich(article)
        if article.crawl_id:
            ledger.add_pending(article.crawl_id, store_key(article.url))
        app.send_task(STORE_TASK, args=[enriched.model_dump(mode="json")])
        # The article is stored without its translation; the failure row says so and can be replayed.
        failure = translation_failure(enriched)
        if failure is not None:
            app.send_task(RECORD_FAILURE_TASK, args=[failure.model_dump(mode="json")])

    run_with_policy(self, ctx, work, celery=app, ledger=ledger, settings=get_settings())
