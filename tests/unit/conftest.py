"""A freshly migrated SQLite database per test (the embedded mode's database)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from newsflow_shared.db import make_engine, make_sessionmaker
from newsflow_shared.migrate import upgrade
from sqlalchemy.orm import Session, sessionmaker


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'newsflow.db'}"


@pytest.fixture
def sessions(sqlite_url: str) -> Iterator[sessionmaker[Session]]:
    upgrade(sqlite_url)
    engine = make_engine(sqlite_url)
    yield make_sessionmaker(engine)
    engine.dispose()
