"""Organisations keyed by the concepts of their names (issue 16, ninth pass).

Data only (no column, index or view changes; read contract version 1 stays): ``entities.name_key`` of every
stored ``ORG`` row is set to ``newsflow_shared.org_keys.org_key`` of its name — the sorted concepts of its
content words ("Armée de libération du Baloutchistan" and "Balochistan Liberation Army" share one), or null
for a name of fewer than two concepts or without an institution word. The store links an organisation named in
another language to the one row of its key, so rows stored before would otherwise be found by no new name.
Only rows whose key changes are written, so a second run writes nothing; the downgrade sets the ORG rows' keys
back to null (as every revision before this one left them). ``org_key`` reads the shipped lexicon: a later
change of it needs a revision of its own that re-keys the rows again, as this one does.

Revision ID: 0015_org_name_key
Revises: 0014_person_key_joined
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import sqlalchemy as sa
from alembic import op

from newsflow_shared.org_keys import org_key

revision: str = "0015_org_name_key"
down_revision: str | None = "0014_person_key_joined"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BATCH = 2000


def upgrade() -> None:
    rekey_organisations(op.get_bind(), org_key)


def downgrade() -> None:
    rekey_organisations(op.get_bind(), lambda name: None)


def rekey_organisations(connection: sa.Connection, key: Callable[[str], str | None]) -> int:
    """Set ``name_key`` of the stored ORG rows to ``key(name)`` where it differs, ``_BATCH`` rows per round trip
    in id order; the number of rows written."""
    entities = sa.table(
        "entities", sa.column("id", sa.Integer), sa.column("name", sa.String), sa.column("type", sa.String),
        sa.column("name_key", sa.String),
    )  # fmt: skip
    read = (
        sa.select(entities.c.id, entities.c.name, entities.c.name_key)
        .where(entities.c.type == "ORG", entities.c.id > sa.bindparam("after"))
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
