"""A store that changes nothing writes nothing to the change feed (issue 14).

Additive only (read contract version 1 stays; the column is not in the ``newsflow_v1`` views): ``articles``
gains ``state_hash``, the SHA-256 of everything a reader sees of the article except fetch bookkeeping (when,
by which crawl, from which capture it was fetched): its columns, entity links and translations. The store
compares it with the new version's to tell a redelivery or an unchanged re-crawl (no feed row, no version)
from a change. Rows stored before this revision read null: their next store counts as a change.

Revision ID: 0011_article_state_hash
Revises: 0010_section_index
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from newsflow_shared.read_views import sqlite_views_set_aside

revision: str = "0011_article_state_hash"
down_revision: str | None = "0010_section_index"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("state_hash", sa.String(length=64), nullable=True))


def downgrade() -> None:
    # the rebuilt table would break the views
    with sqlite_views_set_aside(op.get_bind()), op.batch_alter_table("articles") as batch:
        batch.drop_column("state_hash")
