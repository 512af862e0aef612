"""The dialect's ``INSERT … ON CONFLICT`` construct for the session's database.

Both PostgreSQL (9.5+) and SQLite (3.24+) implement ``ON CONFLICT``; SQLAlchemy exposes it per dialect only,
so the store picks the construct by the dialect name of the session's connection.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

UpsertInsert = postgresql.Insert | sqlite.Insert


def dialect_name(session: Session) -> str:
    """``postgresql`` or ``sqlite`` (or whatever the session is bound to)."""
    return session.get_bind().dialect.name


def insert_for(session: Session, model: Any) -> UpsertInsert:
    """An ``INSERT`` into ``model``'s table with ``on_conflict_do_update`` / ``on_conflict_do_nothing``."""
    return dialect_insert(dialect_name(session), model)


def dialect_insert(name: str, model: Any) -> UpsertInsert:
    """:func:`insert_for` by dialect name, for statements built once per dialect and cached."""
    if name == "postgresql":
        return postgresql.insert(model)
    if name == "sqlite":
        return sqlite.insert(model)
    raise NotImplementedError(f"the store supports PostgreSQL and SQLite, not {name!r}")
