"""The read-only role for downstream readers (migration 0003_reliability), on a real PostgreSQL: a member may
SELECT every public table and nothing else — no writes, no internal tables, no new tables."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import psycopg
import pytest
from newsflow_shared.migrate import upgrade
from newsflow_shared.models import Base
from psycopg import sql
from sqlalchemy.engine import make_url

pytestmark = pytest.mark.integration

INTERNAL_TABLES = {"outbox", "api_tokens"}
PUBLIC_TABLES = sorted(
    table.name for table in Base.metadata.sorted_tables if table.name not in INTERNAL_TABLES
)


def _libpq(url: str, **changes: str) -> str:
    return make_url(url).set(drivername="postgresql", **changes).render_as_string(hide_password=False)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def reader_url(postgres_url: str) -> Iterator[str]:
    """A login role that is a member of newsflow_reader, on the migrated module database."""
    upgrade(postgres_url)
    name = f"reader_{uuid.uuid4().hex[:8]}"
    admin = _libpq(postgres_url)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE ROLE {} LOGIN IN ROLE newsflow_reader").format(sql.Identifier(name)))
    try:
        yield _libpq(postgres_url, username=name)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(name)))


def test_reader_can_select_every_public_table(reader_url: str) -> None:
    with psycopg.connect(reader_url) as conn:
        for table in PUBLIC_TABLES:
            conn.execute(sql.SQL("SELECT * FROM {} LIMIT 1").format(sql.Identifier(table))).fetchall()


@pytest.mark.parametrize(
    "statement",
    [
        "SELECT * FROM outbox",
        "SELECT * FROM api_tokens",
        "INSERT INTO failures (stage, task_name, error_type, reason, message, permanent, attempts, payload) "
        "VALUES ('api', 't', 'E', 'r', 'm', false, 1, '{}')",
        "UPDATE crawls SET status = 'done'",
        "DELETE FROM articles",
        "TRUNCATE entities",
        "CREATE TABLE mine (id int)",
    ],
)
def test_reader_can_do_nothing_else(reader_url: str, statement: str) -> None:
    with psycopg.connect(reader_url) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute(statement)


def test_migration_is_repeatable_when_the_role_exists(postgres_url: str) -> None:
    upgrade(postgres_url)  # the role is server-wide: a second database (or a re-run) must not fail


def test_reader_can_select_the_v1_views(reader_url: str) -> None:
    """The versioned read contract (issue 14): every newsflow_v1 view, and the dataset as of a time."""
    from newsflow_shared.read_views import VIEW_NAMES

    with psycopg.connect(reader_url) as conn:
        for view in VIEW_NAMES:
            conn.execute(
                sql.SQL("SELECT * FROM newsflow_v1.{} LIMIT 1").format(sql.Identifier(view))
            ).fetchall()
        conn.execute("SELECT * FROM newsflow_v1.articles_as_of(now()) LIMIT 1").fetchall()
