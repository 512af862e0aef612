"""newsflow_store: writes enriched articles (with their entities and translations) to the shared database;
its worker also writes failure rows and finished crawls through ``newsflow_crawl`` (dead letters, lifecycle).

Plain functions taking a keyword-only ``session`` and never committing (the caller's
``newsflow_shared.db.session_scope`` does); ``step.store_step`` wraps them for the Celery task in ``tasks.py``
and the embedded runner. May import ``newsflow_shared`` and ``newsflow_crawl``.
"""

from __future__ import annotations

from newsflow_store.articles import StoreResult, article_urls, count_articles, record_urls, upsert_article
from newsflow_store.entities import ensure_entities, replace_article_entities
from newsflow_store.translations import upsert_translations

__all__ = [
    "StoreResult",
    "article_urls",
    "count_articles",
    "ensure_entities",
    "record_urls",
    "replace_article_entities",
    "upsert_article",
    "upsert_translations",
]
