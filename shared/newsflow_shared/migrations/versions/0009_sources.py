"""Sources (issue 17): the sites an operator follows, their schedule and their health.

Additive only (read contract version 1 stays): a ``sources`` table (one row per followed site: name, homepage,
feeds, sitemaps, languages, tags, crawl mode and limits, schedule as an interval or a cron expression, active
flag, and the health figures the scheduler keeps), ``source_days`` (new articles per source and UTC day: the
30-day sparkline without scanning ``articles``), and nullable ``source_id`` columns on ``crawls`` (the source a
poll crawled) and ``articles`` (the source that first brought the article). Rows stored before this revision read
null there. (The newest-first
article lists' ``ix_articles_created_id`` comes from 0007_change_feed.)

Revision ID: 0009_sources
Revises: 0008_entity_identifiers
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from newsflow_shared.read_views import sqlite_views_set_aside

revision: str = "0009_sources"
down_revision: str | None = "0008_entity_identifiers"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

READER_ROLE = "newsflow_reader"


def _when(name: str) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, sa.DateTime(timezone=True), nullable=True)


def upgrade() -> None:
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("homepage", sa.Text(), nullable=True),
        sa.Column("feeds", sa.JSON(), nullable=False),
        sa.Column("sitemaps", sa.JSON(), nullable=False),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("mode", sa.String(length=16), nullable=False),
        sa.Column("max_pages", sa.Integer(), nullable=False),
        sa.Column("max_depth", sa.Integer(), nullable=False),
        sa.Column("interval_minutes", sa.Float(), nullable=True),
        sa.Column("cron", sa.String(length=100), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        _when("next_poll_at"),
        _when("last_poll_at"),
        _when("last_success_at"),
        _when("last_new_article_at"),
        sa.Column("consecutive_failures", sa.Integer(), server_default="0", nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("current_crawl_id", sa.String(length=36), nullable=True),
        sa.Column("discovered_feeds", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sources")),
        sa.UniqueConstraint("name", name=op.f("uq_sources_name")),
    )
    op.create_index(op.f("ix_sources_next_poll_at"), "sources", ["next_poll_at"])
    op.create_table(
        "source_days",
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("articles", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], name=op.f("fk_source_days_source_id_sources"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("source_id", "day", name=op.f("pk_source_days")),
    )
    op.create_index(op.f("ix_source_days_day"), "source_days", ["day"])
    with op.batch_alter_table("crawls") as batch:
        batch.add_column(sa.Column("source_id", sa.Integer(), nullable=True))
    op.create_index(op.f("ix_crawls_source_id"), "crawls", ["source_id"])
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("source_id", sa.Integer(), nullable=True))
    op.create_index("ix_articles_source_created", "articles", ["source_id", "created_at"])
    if op.get_bind().dialect.name == "postgresql":  # public tables: readable by the read-only role
        op.execute(
            f"DO $$ BEGIN IF EXISTS (SELECT FROM pg_roles WHERE rolname = '{READER_ROLE}') THEN "
            f"GRANT SELECT ON sources, source_days TO {READER_ROLE}; END IF; END $$"
        )


def downgrade() -> None:
    with sqlite_views_set_aside(op.get_bind()):  # the rebuilt tables would break them
        op.drop_index("ix_articles_source_created", table_name="articles")
        with op.batch_alter_table("articles") as batch:
            batch.drop_column("source_id")
        op.drop_index(op.f("ix_crawls_source_id"), table_name="crawls")
        with op.batch_alter_table("crawls") as batch:
            batch.drop_column("source_id")
        op.drop_index(op.f("ix_source_days_day"), table_name="source_days")
        op.drop_table("source_days")
        op.drop_index(op.f("ix_sources_next_poll_at"), table_name="sources")
        op.drop_table("sources")
