"""Crawling (issue 4): near-duplicate clusters, raw capture locations, fetch outcomes.

Additive only (read contract version 1 stays): ``articles`` gains ``minhash``, ``cluster_id`` and ``capture``;
new tables ``near_duplicate_bands`` (the MinHash LSH index that finds near-duplicate candidates) and
``fetch_outcomes`` (every request of a crawl: status, bytes, duration, reason). On PostgreSQL the read-only
role ``newsflow_reader`` (0003) may SELECT the new tables.

Revision ID: 0004_crawling
Revises: 0003_reliability
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_crawling"
down_revision: str | None = "0003_reliability"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

READER_ROLE = "newsflow_reader"
NEW_PUBLIC_TABLES = ("near_duplicate_bands", "fetch_outcomes")


def upgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("minhash", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("cluster_id", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("capture", sa.Text(), nullable=True))
    op.create_index(op.f("ix_articles_cluster_id"), "articles", ["cluster_id"])
    op.create_table(
        "near_duplicate_bands",
        sa.Column("band", sa.SmallInteger(), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.Column("article_id", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_near_duplicate_bands_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("band", "value", "article_id", name=op.f("pk_near_duplicate_bands")),
    )
    op.create_index(op.f("ix_near_duplicate_bands_article_id"), "near_duplicate_bands", ["article_id"])
    op.create_table(
        "fetch_outcomes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("crawl_id", sa.String(length=36), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("host", sa.String(length=255), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=64), nullable=False),
        sa.Column("bytes", sa.Integer(), nullable=False),
        sa.Column("seconds", sa.Float(), nullable=False),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fetch_outcomes")),
    )
    op.create_index(op.f("ix_fetch_outcomes_crawl_id"), "fetch_outcomes", ["crawl_id"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"DO $$ BEGIN IF EXISTS (SELECT FROM pg_roles WHERE rolname = '{READER_ROLE}') THEN "
            f"GRANT SELECT ON {', '.join(NEW_PUBLIC_TABLES)} TO {READER_ROLE}; END IF; END $$"
        )


def downgrade() -> None:
    op.drop_index(op.f("ix_fetch_outcomes_crawl_id"), table_name="fetch_outcomes")
    op.drop_table("fetch_outcomes")
    op.drop_index(op.f("ix_near_duplicate_bands_article_id"), table_name="near_duplicate_bands")
    op.drop_table("near_duplicate_bands")
    op.drop_index(op.f("ix_articles_cluster_id"), table_name="articles")
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("capture")
        batch.drop_column("cluster_id")
        batch.drop_column("minhash")
