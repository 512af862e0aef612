"""A person's looser skeleton, by which the store links two spellings that share context (issue 16, ninth pass).

Additive only (read contract version 1 stays; the column is not in the ``newsflow_v1`` views): ``entities``
gains ``loose_key`` (``newsflow_shared.name_keys.loose_person_key``: "sh"/"s" and "g"/"q" one class, each
word's final d/t, s, z or k left out — "Laurent Blanc" and "لوران بلان" are both "lrnbln") and the index
``ix_entities_type_loose_key`` (``type, loose_key``) the store looks candidates up by. The key joins different
people ("Hisham", "Husam"), so the store links by it only when the candidate row and the article share other
catalogue entities. The PERSON rows already stored are keyed here, in batches; other rows keep null.

Revision ID: 0016_entity_loose_key
Revises: 0015_org_name_key
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from newsflow_shared.name_keys import loose_person_key
from newsflow_shared.read_views import sqlite_views_set_aside

revision: str = "0016_entity_loose_key"
down_revision: str | None = "0015_org_name_key"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BATCH = 2000


def upgrade() -> None:
    with op.batch_alter_table("entities") as batch:
        batch.add_column(sa.Column("loose_key", sa.String(length=300), nullable=True))
    op.create_index("ix_entities_type_loose_key", "entities", ["type", "loose_key"])
    _key_people(op.get_bind())


def _key_people(connection: sa.Connection) -> None:
    """Set ``loose_key`` of the stored PERSON rows, ``_BATCH`` rows per round trip, in id order."""
    entities = sa.table(
        "entities", sa.column("id", sa.Integer), sa.column("name", sa.String), sa.column("type", sa.String),
        sa.column("loose_key", sa.String),
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
        .values(loose_key=sa.bindparam("key"))
    )
    after = 0
    while rows := connection.execute(read, {"after": after}).all():
        keyed = [{"entity": id_, "key": key} for id_, name in rows if (key := loose_person_key(name))]
        if keyed:
            connection.execute(write, keyed)
        after = rows[-1][0]


def downgrade() -> None:
    op.drop_index("ix_entities_type_loose_key", table_name="entities")
    # the rebuilt table would break the views
    with sqlite_views_set_aside(op.get_bind()), op.batch_alter_table("entities") as batch:
        batch.drop_column("loose_key")
