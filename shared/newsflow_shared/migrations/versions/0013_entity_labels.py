"""A catalogue row's name in each script it is linked under, so a person stored in either script first is one row.

Additive only (read contract version 1 stays; the column is not in the ``newsflow_v1`` views): ``entities`` gains
``labels``, a JSON object from ISO 15924 script code to the row's name in that script ({"Latn": "Khalid
al-Falih"} on a row named "خالد الفالح"). The store links a Latin-script person name to the one non-Latin row of
its ``name_key`` while that row has no Latin label (or has this one), and records the spelling here; the API
returns the labels beside the name. Rows stored before keep null: their name is their only label until a link
adds one.

Revision ID: 0013_entity_labels
Revises: 0012_entity_name_key
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from newsflow_shared.read_views import sqlite_views_set_aside

revision: str = "0013_entity_labels"
down_revision: str | None = "0012_entity_name_key"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("entities") as batch:
        batch.add_column(sa.Column("labels", sa.JSON(), nullable=True))


def downgrade() -> None:
    # the rebuilt table would break the views
    with sqlite_views_set_aside(op.get_bind()), op.batch_alter_table("entities") as batch:
        batch.drop_column("labels")
