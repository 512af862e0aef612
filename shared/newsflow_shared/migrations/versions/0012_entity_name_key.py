"""A person named in Arabic (or another) script joins the Latin-script catalogue row of the same person (issue 16).

Additive only (read contract version 1 stays; the column is not in the ``newsflow_v1`` views): ``entities``
gains ``name_key``, a person's consonant skeleton (``newsflow_shared.name_keys.person_key_0012``, the reduction
of this revision, which ``0014_person_key_joined`` replaced: "Khalid al-Falih" and "خالد الفالح" are both "kld
flh"), and the index ``ix_entities_type_name_key`` (``type, name_key``)
the store looks people up by. The PERSON rows already stored get their key here, in batches, so a person the
catalogue knew before this revision is found too; rows of other types keep null.

Revision ID: 0012_entity_name_key
Revises: 0011_article_state_hash
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from newsflow_shared.name_keys import person_key_0012
from newsflow_shared.read_views import sqlite_views_set_aside

revision: str = "0012_entity_name_key"
down_revision: str | None = "0011_article_state_hash"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BATCH = 2000


def upgrade() -> None:
    with op.batch_alter_table("entities") as batch:
        batch.add_column(sa.Column("name_key", sa.String(length=300), nullable=True))
    op.create_index("ix_entities_type_name_key", "entities", ["type", "name_key"])
    _key_people(op.get_bind())


def _key_people(connection: sa.Connection) -> None:
    """Set ``name_key`` of the stored PERSON rows, ``_BATCH`` rows per round trip, in id order."""
    entities = sa.table(
        "entities", sa.column("id", sa.Integer), sa.column("name", sa.String), sa.column("type", sa.String),
        sa.column("name_key", sa.String),
    )  # fmt: skip
    read = (
        sa.select(entities.c.id, entities.c.name)
        .where(entities.c.type == "PERSON", entities.c.id > sa.bindparam("after"))
        .order_by(entities.c.id)
        .limit(_BATCH)
    )
    write = (
        sa.update(entities)
        .where(entities.c.id == sa.bindparam("entity"))
        .values(name_key=sa.bindparam("key"))
    )
    after = 0
    while rows := connection.execute(read, {"after": after}).all():
        keyed = [{"entity": id_, "key": key} for id_, name in rows if (key := person_key_0012(name))]
        if keyed:
            connection.execute(write, keyed)
        after = rows[-1][0]


def downgrade() -> None:
    op.drop_index("ix_entities_type_name_key", table_name="entities")
    # the rebuilt table would break the views
    with sqlite_views_set_aside(op.get_bind()), op.batch_alter_table("entities") as batch:
        batch.drop_column("name_key")
