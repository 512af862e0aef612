"""The store stage's bookkeeping around one enriched article, written once for Celery and the embedded runner:
the idempotent upsert in its own transaction (timed: ``newsflow_store_upsert_seconds``), then the crawl's
``stored`` counter and ``newsflow_articles_stored_total``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from newsflow_crawl.delivery.policy import Step, TaskContext, Transport
from newsflow_crawl.state import CrawlLedger, store_key
from newsflow_ops import metrics
from newsflow_shared.db import session_scope
from newsflow_shared.messages import EnrichedArticle
from newsflow_shared.queues import STORE_TASK
from sqlalchemy.orm import Session, sessionmaker

from newsflow_store.articles import StoreResult, upsert_article


def store_step(
    payload: dict[str, Any],
    *,
    sessions: sessionmaker[Session],
    ledger: CrawlLedger,
    near_duplicate_similarity: float,
    on_stored: Callable[[StoreResult], None] | None = None,
) -> Step:
    """The step of one ``newsflow.store.store_article`` message (``on_stored`` hears of each upsert)."""
    enriched = EnrichedArticle.model_validate(payload)
    article = enriched.article
    key = store_key(article.url) if article.crawl_id else None
    ctx = TaskContext("store", STORE_TASK, payload, article.crawl_id, article.url, key)

    def work(_: Transport) -> None:
        with metrics.timed_upsert(), session_scope(sessions) as session:
            result = upsert_article(
                enriched, session=session, near_duplicate_similarity=near_duplicate_similarity
            )
        metrics.count_stored()
        if article.crawl_id:
            ledger.count(article.crawl_id, "stored", result.article_id)
        if on_stored is not None:
            on_stored(result)

    return Step(ctx, work)
