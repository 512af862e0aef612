"""``newsflow_shared.upsert``: the dialect's ``INSERT … ON CONFLICT`` for the session's database, used on a
migrated SQLite file."""

from __future__ import annotations

import pytest
from newsflow_shared.db import session_scope
from newsflow_shared.models import ApiToken
from newsflow_shared.upsert import dialect_name, insert_for
from sqlalchemy import create_engine, create_mock_engine, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, sessionmaker


def test_sqlite_gets_the_sqlite_insert(sessions: sessionmaker[Session]) -> None:
    with session_scope(sessions) as session:
        assert dialect_name(session) == "sqlite"
        assert isinstance(insert_for(session, ApiToken), sqlite.Insert)


def test_on_conflict_do_update_and_do_nothing_on_sqlite(sessions: sessionmaker[Session]) -> None:
    with session_scope(sessions) as session:
        for digest in ("a" * 64, "b" * 64):
            statement = insert_for(session, ApiToken).values(name="ci", token_hash=digest)
            session.execute(
                statement.on_conflict_do_update(
                    index_elements=[ApiToken.name], set_={"token_hash": statement.excluded.token_hash}
                )
            )
        ignored = insert_for(session, ApiToken).values(name="ci", token_hash="c" * 64)
        session.execute(ignored.on_conflict_do_nothing(index_elements=[ApiToken.name]))
    with session_scope(sessions) as session:
        rows = session.execute(select(ApiToken.name, ApiToken.token_hash)).all()
    assert [tuple(row) for row in rows] == [("ci", "b" * 64)]


def test_postgresql_gets_the_postgresql_insert() -> None:
    engine = create_engine("postgresql+psycopg://nobody@127.0.0.1:1/none")  # never connects
    with Session(engine) as session:
        assert dialect_name(session) == "postgresql"
        assert isinstance(insert_for(session, ApiToken), postgresql.Insert)
    engine.dispose()


def test_other_databases_are_refused() -> None:
    engine = create_mock_engine("mysql://", lambda *args, **kwargs: None)  # a dialect without a server
    session = Session(bind=engine)  # type: ignore[arg-type]
    with pytest.raises(NotImplementedError, match="'mysql'"):
        insert_for(session, ApiToken)
    session.close()
