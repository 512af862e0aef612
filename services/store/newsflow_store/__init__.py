"""newsflow_store: writes enriched articles, failures and crawl results to the shared database.

Plain functions taking a keyword-only ``session`` and never committing (the caller's
``newsflow_shared.db.session_scope`` does); the Celery task in ``tasks.py`` and the embedded runner call them.
"""

from __future__ import annotations

from newsflow_crawl.crawl_rows import UnknownCrawl, create_crawl, finish_crawl, get_crawl, mark_running
from newsflow_crawl.delivery.dead_letters import (
    NotReplayable,
    get_failure,
    list_failures,
    record_failure,
    replay_message,
)

from newsflow_store.articles import StoreResult, article_urls, count_articles, record_urls, upsert_article
from newsflow_store.entities import ensure_entities, replace_article_entities
from newsflow_store.translations import upsert_translations

__all__ = [
    "NotReplayable",
    "StoreResult",
    "UnknownCrawl",
    "article_urls",
    "count_articles",
    "create_crawl",
    "ensure_entities",
    "finish_crawl",
    "get_crawl",
    "get_failure",
    "list_failures",
    "mark_running",
    "record_failure",
    "record_urls",
    "replace_article_entities",
    "replay_message",
    "upsert_article",
    "upsert_translations",
]
