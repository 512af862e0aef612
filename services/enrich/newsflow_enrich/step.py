"""The enrich stage's bookkeeping around one parsed article, written once for Celery and the embedded runner:
language, entities and translations, then the article goes on to the store queue with its in-flight key added
first; a failed translation becomes a ``failures`` row (the article is stored without it, and the row can be
replayed) instead of blocking the article.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from newsflow_crawl.delivery.policy import Step, TaskContext, Transport
from newsflow_crawl.state import CrawlLedger, enrich_key, store_key
from newsflow_ops import metrics
from newsflow_shared.messages import EnrichedArticle, ParsedArticle
from newsflow_shared.queues import ENRICH_TASK, RECORD_FAILURE_TASK, STORE_TASK

from newsflow_enrich.enricher import translation_failure

Enrich = Callable[[ParsedArticle], EnrichedArticle]


def enrich_step(payload: dict[str, Any], enrich: Enrich, ledger: CrawlLedger) -> Step:
    """The step of one ``newsflow.enrich.enrich`` message; ``enrich`` is ``Enricher.enrich`` (or a lookup into
    the results of ``Enricher.enrich_many``, when the embedded runner enriches a batch at once)."""
    article = ParsedArticle.model_validate(payload)
    key = enrich_key(article.url) if article.crawl_id else None
    ctx = TaskContext("enrich", ENRICH_TASK, payload, article.crawl_id, article.url, key)
    return Step(ctx, lambda transport: _enrich(article, enrich, ledger, transport))


def _enrich(article: ParsedArticle, enrich: Enrich, ledger: CrawlLedger, transport: Transport) -> None:
    enriched = enrich(article)
    metrics.count_enriched(enriched.enrichment.language)
    if article.crawl_id:
        ledger.add_pending(article.crawl_id, store_key(article.url))
    transport.publish(STORE_TASK, enriched.model_dump(mode="json"))
    failure = translation_failure(enriched)
    if failure is not None:
        transport.publish(RECORD_FAILURE_TASK, failure.model_dump(mode="json"))
