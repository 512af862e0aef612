"""Storing an article again refreshes every content column (SQLite here; PostgreSQL in
tests/integration/test_store_postgres.py), and the columns an upsert keeps are kept on purpose."""

from __future__ import annotations

from newsflow_shared.messages import EnrichedArticle, ParsedArticle
from newsflow_shared.models import Article
from newsflow_store.articles import (
    COALESCED_ON_UPDATE,
    COMPARED_ON_UPDATE,
    KEPT_ON_UPDATE,
    _article_values,
)
from sqlalchemy.orm import Session, sessionmaker

from tests.unit.store import store_contract

# Columns of ``articles`` the upsert's INSERT does not write, and who does.
WRITTEN_ELSEWHERE = {
    "minhash": "newsflow_store.near_duplicates.assign_cluster, after every upsert",
    "cluster_id": "newsflow_store.near_duplicates.assign_cluster, after every upsert",
    "version": "upsert_article: 1 on insert, newsflow_store.changes.bumped_version on update",
    "version_hash": "upsert_article: newsflow_store.changes.version_fingerprint of the values",
    "source_id": "newsflow_crawl.sources: set once, when the poll whose crawl first stored the article ends",
    "state_hash": "upsert_article: changes.state_fingerprint on insert; on update only when it changed",
}


def test_second_store_refreshes_every_content_column(sessions: sessionmaker[Session]) -> None:
    store_contract.check_second_store_refreshes_every_content_column(sessions)


def test_every_article_column_is_refreshed_or_kept_for_a_reason() -> None:
    article = ParsedArticle(url="https://news.example/a", canonical_url="https://news.example/a")
    inserted = {"id", "created_at", "updated_at", *_article_values(EnrichedArticle(article=article))}
    columns = {column.name for column in Article.__table__.columns}

    # Every column is written by the INSERT (and so rewritten by the UPDATE unless kept) or by the store later.
    assert columns - inserted == set(WRITTEN_ELSEWHERE)
    assert inserted <= columns
    # What is not rewritten is written by the INSERT and has its reason.
    for kept in (KEPT_ON_UPDATE, COALESCED_ON_UPDATE):
        assert set(kept) <= inserted
        assert all(reason.strip() for reason in kept.values())
    assert not set(KEPT_ON_UPDATE) & set(COALESCED_ON_UPDATE)
    # Compared with the new value after the upsert, then rewritten when it changed.
    assert set(COMPARED_ON_UPDATE) <= set(WRITTEN_ELSEWHERE)
    assert all(reason.strip() for reason in COMPARED_ON_UPDATE.values())
    assert set(KEPT_ON_UPDATE) == {"id", "created_at"}
