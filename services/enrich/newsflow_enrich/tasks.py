"""Celery task of the enrich stage: a thin adapter over ``step.enrich_step`` (the embedded runner is the other)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from celery import Task
from celery.signals import worker_process_init
from newsflow_crawl.delivery.celery_transport import EXPECTED_FAILURES, run_celery_step
from newsflow_crawl.state import RedisLedger
from newsflow_shared.celery_app import get_celery
from newsflow_shared.config import get_settings
from newsflow_shared.queues import ENRICH_TASK

from newsflow_enrich.enricher import Enricher
from newsflow_enrich.step import enrich_step
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


@app.task(name=ENRICH_TASK, bind=True, throws=EXPECTED_FAILURES)
def enrich(self: Task, payload: dict[str, Any]) -> None:
    step = enrich_step(payload, _enricher().enrich, _ledger())
    run_celery_step(self, step, celery=app, ledger=_ledger(), settings=get_settings())
