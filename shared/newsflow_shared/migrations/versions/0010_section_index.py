"""The ``section`` filter of the article lists gets its index (issue 14).

Additive only (read contract version 1 stays): ``ix_articles_section_published`` on ``articles (section,
published_at)``, like ``site``'s ``ix_articles_site_published``: ``GET /v1/articles?section=…``, ``newsflow
search --section`` and a reader's "section X in a date range" walk it instead of checking ``section`` on every
row the other conditions select (docs/schema.md, "Reading"). The same index on PostgreSQL and SQLite.

Revision ID: 0010_section_index
Revises: 0009_sources
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0010_section_index"
down_revision: str | None = "0009_sources"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_articles_section_published", "articles", ["section", "published_at"])


def downgrade() -> None:
    op.drop_index("ix_articles_section_published", table_name="articles")
