"""Downstream readers (issue 14): a gap-free change feed, article versions, indexes, search, the v1 views.

Additive only (read contract version 1 stays): ``articles`` gains ``version`` and ``version_hash``; new tables
``article_changes`` (the feed) and ``article_versions``; indexes for every documented reader query. Existing
articles get version 1 and one ``created`` feed entry each (origin ``migration``), so a reader starting from
the beginning of the feed sees every article.

PostgreSQL: ``newsflow_normalize``/``newsflow_ts_config``/``newsflow_search_vector``/``newsflow_search_query``
and a GIN index on the per-language tsvector; schema ``newsflow_v1`` with the versioned read views, granted
to ``newsflow_reader``. SQLite: an FTS5 table ``article_search`` (filled by the store) and views named
``newsflow_v1_<view>``.

Revision ID: 0007_change_feed
Revises: 0006_translation_cache
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from newsflow_shared.read_views import (
    create_postgres_search,
    create_postgres_views,
    create_sqlite_search,
    create_sqlite_views,
    drop_postgres_objects,
    drop_sqlite_objects,
)

revision: str = "0007_change_feed"
down_revision: str | None = "0006_translation_cache"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NEW_INDEXES = {
    "ix_articles_created_id": ["created_at", "id"],
    "ix_articles_updated_id": ["updated_at", "id"],
    "ix_articles_published_id": ["published_at", "id"],
    "ix_articles_site_published": ["site_name", "published_at"],
}


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))
        batch.add_column(sa.Column("version_hash", sa.String(length=64), nullable=True))
    for name, columns in NEW_INDEXES.items():
        op.create_index(name, "articles", columns)
    _create_changes()
    _create_versions()
    _backfill(postgres)
    if postgres:
        create_postgres_search(op.get_bind())
        create_postgres_views(op.get_bind())
    else:
        create_sqlite_search(op.get_bind())
        create_sqlite_views(op.get_bind())


def _create_changes() -> None:
    op.create_table(
        "article_changes",
        sa.Column(
            "seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("txid", sa.BigInteger(), nullable=False),
        sa.Column("article_id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("change", sa.String(length=16), nullable=False),
        sa.Column("origin", sa.String(length=16), nullable=False),
        sa.Column("crawl_id", sa.String(length=36), nullable=True),
        sa.Column("changed_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_article_changes")),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_article_changes_txid_seq", "article_changes", ["txid", "seq"], unique=True)
    op.create_index(op.f("ix_article_changes_article_id"), "article_changes", ["article_id"])


def _create_versions() -> None:
    op.create_table(
        "article_versions",
        sa.Column("article_id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("version_hash", sa.String(length=64), nullable=False),
        sa.Column("stored_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("origin", sa.String(length=16), nullable=False),
        sa.Column("crawl_id", sa.String(length=36), nullable=True),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("authors", sa.JSON(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("modified_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("section", sa.Text(), nullable=True),
        sa.Column("language", sa.String(length=35), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("changed", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("article_id", "version", name=op.f("pk_article_versions")),
    )
    op.create_index(op.f("ix_article_versions_stored_at"), "article_versions", ["stored_at"])


def _backfill(postgres: bool) -> None:
    """Version 1 and a ``created`` feed entry for every article stored before this revision."""
    txid = "pg_current_xact_id()::text::bigint" if postgres else "0"
    op.execute(
        "INSERT INTO article_versions (article_id, version, version_hash, stored_at, origin, crawl_id, url, "
        "title, description, body, authors, published_at, modified_at, section, language, status, "
        "content_hash, changed) SELECT id, 1, content_hash, updated_at, 'migration', crawl_id, url, title, "
        "description, body, authors, published_at, modified_at, section, language, status, content_hash, "
        "'[]' FROM articles"
    )
    op.execute(
        "INSERT INTO article_changes (txid, article_id, version, change, origin, crawl_id, changed_at) "
        f"SELECT {txid}, id, 1, 'created', 'migration', crawl_id, updated_at FROM articles "
        "ORDER BY created_at, id"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        drop_postgres_objects(op.get_bind())
    else:
        drop_sqlite_objects(op.get_bind())
    op.drop_index(op.f("ix_article_versions_stored_at"), table_name="article_versions")
    op.drop_table("article_versions")
    op.drop_index(op.f("ix_article_changes_article_id"), table_name="article_changes")
    op.drop_index("ix_article_changes_txid_seq", table_name="article_changes")
    op.drop_table("article_changes")
    for name in NEW_INDEXES:
        op.drop_index(name, table_name="articles")
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("version_hash")
        batch.drop_column("version")
