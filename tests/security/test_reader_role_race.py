"""Two databases of one PostgreSQL cluster migrated at the same time (two deployments, or test workers): roles
are cluster-wide, so both migrations may try to create ``newsflow_reader`` at once. The loser of that race must
find the role made, not fail (seen on a fresh cluster: ``duplicate key value violates unique constraint
"pg_authid_rolname_index"``)."""

from __future__ import annotations

import importlib.util
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import psycopg
import pytest
from psycopg import sql
from sqlalchemy.engine import make_url

pytestmark = pytest.mark.integration

MIGRATION = Path(__file__).parents[2] / "shared/newsflow_shared/migrations/versions/0003_reliability.py"


def _migration() -> ModuleType:
    spec = importlib.util.spec_from_file_location("migration_0003", MIGRATION)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def role_name(postgres_admin_url: str) -> Iterator[str]:
    name = f"race_role_{uuid.uuid4().hex[:8]}"
    yield name
    admin = make_url(postgres_admin_url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(name)))


def test_the_second_of_two_concurrent_role_creations_finds_the_role(
    postgres_admin_url: str, role_name: str
) -> None:
    statement = _migration().create_role_statement(role_name)
    admin = make_url(postgres_admin_url).set(drivername="postgresql").render_as_string(hide_password=False)
    errors: list[BaseException] = []
    with psycopg.connect(admin) as first, psycopg.connect(admin, autocommit=True) as second:
        first.execute(statement)  # created, not committed: the second waits on the role name's unique index

        def create_too() -> None:
            try:
                second.execute(statement)
            except BaseException as exc:
                errors.append(exc)

        racer = threading.Thread(target=create_too)
        racer.start()
        racer.join(timeout=1.0)
        assert racer.is_alive(), "the second creation should wait for the first transaction"
        first.commit()
        racer.join(timeout=10)
    assert not errors, errors
    with psycopg.connect(admin) as conn:
        assert conn.execute("SELECT count(*) FROM pg_roles WHERE rolname = %s", (role_name,)).fetchone() == (
            1,
        )
