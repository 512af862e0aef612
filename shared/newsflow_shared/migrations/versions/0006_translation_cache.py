"""Translations record what made them (issue 5): the provider's model and the content hash of the request.

Additive only (read contract version 1 stays): ``translations`` gains ``model`` (text, the
``NEWSFLOW_TRANSLATE_MODEL`` recorded with the translation) and ``content_hash`` (SHA-256 hex of provider,
language pair and the texts sent: the translation cache key), indexed so a translation already paid for is found
by its hash. Rows stored before this revision read null in both.

Revision ID: 0006_translation_cache
Revises: 0005_extraction
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_translation_cache"
down_revision: str | None = "0005_extraction"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("translations") as batch:
        batch.add_column(sa.Column("model", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("content_hash", sa.String(length=64), nullable=True))
    op.create_index(op.f("ix_translations_content_hash"), "translations", ["content_hash"])


def downgrade() -> None:
    op.drop_index(op.f("ix_translations_content_hash"), table_name="translations")
    with op.batch_alter_table("translations") as batch:
        batch.drop_column("content_hash")
        batch.drop_column("model")
