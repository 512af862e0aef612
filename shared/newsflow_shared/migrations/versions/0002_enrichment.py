"""Enrichment that resolves: entity catalogue, mentions and salience, language agreement (issue 5).

Additive only (read contract version 1 stays): new nullable columns, and ``entities.article_count`` with a
server default of 0, backfilled from ``article_entities`` so existing rows are right from the start.

Revision ID: 0002_enrichment
Revises: 0001_initial
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_enrichment"
down_revision: str | None = "0001_initial"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("declared_language", sa.String(length=35), nullable=True))
        batch.add_column(sa.Column("html_lang_agrees", sa.Boolean(), nullable=True))
        batch.add_column(sa.Column("mixed_language", sa.Boolean(), nullable=True))
        batch.add_column(sa.Column("language_shares", sa.JSON(), nullable=True))
    with op.batch_alter_table("entities") as batch:
        batch.add_column(sa.Column("aliases", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("article_count", sa.Integer(), server_default="0", nullable=False))
    with op.batch_alter_table("article_entities") as batch:
        batch.add_column(sa.Column("mentions", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("salience", sa.Float(), nullable=True))
        batch.add_column(sa.Column("first_position", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("in_title", sa.Boolean(), nullable=True))
        batch.add_column(sa.Column("provenance", sa.String(length=16), nullable=True))
    op.execute(
        "UPDATE entities SET article_count = "
        "(SELECT count(*) FROM article_entities WHERE article_entities.entity_id = entities.id)"
    )


def downgrade() -> None:
    with op.batch_alter_table("article_entities") as batch:
        for column in ("provenance", "in_title", "first_position", "salience", "mentions"):
            batch.drop_column(column)
    with op.batch_alter_table("entities") as batch:
        batch.drop_column("article_count")
        batch.drop_column("aliases")
    with op.batch_alter_table("articles") as batch:
        for column in ("language_shares", "mixed_language", "html_lang_agrees", "declared_language"):
            batch.drop_column(column)
