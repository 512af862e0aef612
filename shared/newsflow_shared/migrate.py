"""Schema migrations of the shared database, driven in code (no ``alembic.ini`` needed at runtime).

``newsflow migrate`` and the prestart step call :func:`upgrade`; tests call :func:`check` (the equivalent of
``alembic check``) to prove that the revisions in ``newsflow_shared/migrations/versions`` build exactly the
tables ``newsflow_shared.models`` describes. Nothing here runs on import.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection

from newsflow_shared.db import make_engine
from newsflow_shared.models import Base

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def alembic_config() -> Config:
    """An Alembic config pointing at the packaged migration environment."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    """The newest revision shipped with this code."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:  # pragma: no cover - only if the versions directory is empty
        raise RuntimeError(f"no Alembic revision in {MIGRATIONS_DIR / 'versions'}")
    return head


@contextmanager
def _connection(database_url: str) -> Iterator[Connection]:
    engine = make_engine(database_url)
    try:
        with engine.begin() as connection:
            yield connection
    finally:
        engine.dispose()


def upgrade(database_url: str, revision: str = "head") -> None:
    """Migrate the database at ``database_url`` up to ``revision`` (default: the newest); idempotent."""
    config = alembic_config()
    with _connection(database_url) as connection:
        # env.py uses this open connection instead of building its own from a URL in an ini file.
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def current(database_url: str) -> str | None:
    """The revision the database is at, or None when it was never migrated."""
    with _connection(database_url) as connection:
        return MigrationContext.configure(connection).get_current_revision()


def check(database_url: str) -> list[str]:
    """Differences between ``models.py`` and the database, one line each; an empty list means in sync.

    Like ``alembic check``: autogenerate's ``compare_metadata`` with type comparison, plus a line when the
    database is not at the head revision.
    """
    problems: list[str] = []
    with _connection(database_url) as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        at = context.get_current_revision()
        head = head_revision()
        if at != head:
            problems.append(f"database is at revision {at!r}, code expects {head!r}")
        for diff in compare_metadata(context, Base.metadata):
            if _unmodelled(diff):
                continue
            # A column change comes as a list of modify_* tuples; everything else as a single tuple.
            if isinstance(diff, list):
                problems.extend(_describe(item) for item in diff)
            else:
                problems.append(_describe(diff))
    return problems


# Search objects the models cannot declare portably (read_views.py): SQLite's FTS5 table and its shadow tables,
# PostgreSQL's GIN index on the tsvector.
# PostgreSQL's stored tsvector column too.
UNMODELLED_PREFIXES = ("article_search", "ix_articles_search", "search_vector")


def _unmodelled(diff: Any) -> bool:
    if isinstance(diff, list) or len(diff) < 2:
        return False
    item = diff[3] if diff[0] == "remove_column" and len(diff) > 3 else diff[1]
    name = str(getattr(item, "name", "") or "")
    return name.startswith(UNMODELLED_PREFIXES)


def _describe(diff: tuple[Any, ...]) -> str:
    """One readable line for an autogenerate diff tuple such as ``("add_table", Table(...))``."""
    kind, *rest = diff
    parts = [_name_of(item) for item in rest]
    return f"{kind}: " + ", ".join(part for part in parts if part)


def _name_of(item: Any) -> str:
    if item is None:
        return ""
    name = getattr(item, "name", None)
    table = getattr(item, "table", None)
    if name is not None and table is not None and getattr(table, "name", None):
        return f"{table.name}.{name}"
    if name is not None:
        return str(name)
    return repr(item)
