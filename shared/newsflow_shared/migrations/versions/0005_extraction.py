"""Extraction (issue 3): the body as typed blocks, declared tags, an organisation byline.

Additive only (read contract version 1 stays): ``articles`` gains ``blocks`` (JSON array of
``{"type", "text"}``), ``tags`` (JSON array of strings) and ``organisation`` (text). Rows stored before this
revision read ``[]``, ``[]`` and null.

Revision ID: 0005_extraction
Revises: 0004_crawling
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_extraction"
down_revision: str | None = "0004_crawling"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("blocks", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("tags", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("organisation", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("organisation")
        batch.drop_column("tags")
        batch.drop_column("blocks")
