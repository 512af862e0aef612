"""Alembic environment: compares and migrates ``newsflow_shared.models.Base.metadata``.

There is no ``alembic.ini`` at runtime: ``newsflow_shared.migrate`` builds the config in code and hands over
an open connection in ``config.attributes["connection"]``. Plain ``alembic`` commands also work when
``sqlalchemy.url`` is set on the config (``alembic -x`` is not needed).
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from newsflow_shared.db import make_engine
from newsflow_shared.models import Base

target_metadata = Base.metadata


def _configure_and_run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        compare_type=True,
        # SQLite cannot ALTER most things; batch mode rebuilds the table instead (alembic "batch migrations").
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_offline() -> None:
    """Emit SQL to stdout instead of running it (``alembic upgrade --sql``)."""
    context.configure(
        url=context.config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _configure_and_run(connection)
        return
    url = context.config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("no connection and no sqlalchemy.url given to the newsflow migration environment")
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            _configure_and_run(conn)
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
