"""People's keys that absorb where romanisations break words and a Turkish final "t" (issue 16, eighth pass).

Data only (no column, index or view changes; read contract version 1 stays): ``entities.name_key`` of every
stored ``PERSON`` row is recomputed with the current ``newsflow_shared.name_keys.person_key`` — the words'
skeletons joined without spaces, a word-final "t" read as "d" ("Abdel Fattah Mourou" and "Abdelfattah Mourou"
are both "bdfthmr"; "Mehmet" and "Muhammad" both "mhmd"). The store looks people up by the key the code
computes, so rows keyed by the earlier reduction (``person_key_0012``: "bd fth mr") would no longer be found. Only
rows whose key changes are written, so a second run writes nothing; the downgrade writes the earlier keys back.

Revision ID: 0014_person_key_joined
Revises: 0013_entity_labels
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import sqlalchemy as sa
from alembic import op

from newsflow_shared.name_keys import person_key, person_key_0012

revision: str = "0014_person_key_joined"
down_revision: str | None = "0013_entity_labels"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BATCH = 2000


def upgrade() -> None:
    rekey_people(op.get_bind(), person_key)


def downgrade() -> None:
    rekey_people(op.get_bind(), person_key_0012)


def rekey_people(connection: sa.Connection, key: Callable[[str], str | None]) -> int:
    """Set ``name_key`` of the stored PERSON rows to ``key(name)`` where it differs, ``_BATCH`` rows per round
    trip in id order; the number of rows written."""
    entities = sa.table(
        "entities", sa.column("id", sa.Integer), sa.column("name", sa.String), sa.column("type", sa.String),
        sa.column("name_key", sa.String),
    )  # fmt: skip
    read = (
        sa.select(entities.c.id, entities.c.name, entities.c.name_key)
        .where(entities.c.type == "PERSON", entities.c.id > sa.bindparam("after"))
        .order_by(entities.c.id)
        .limit(_BATCH)
    )
    write = (
        sa.update(entities)
        .where(entities.c.id == sa.bindparam("entity"))
        .values(name_key=sa.bindparam("key"))
    )
    after, written = 0, 0
    while rows := connection.execute(read, {"after": after}).all():
        changed = [{"entity": id_, "key": new} for id_, name, old in rows if (new := key(name)) != old]
        if changed:
            connection.execute(write, changed)
            written += len(changed)
        after = rows[-1][0]
    return written
