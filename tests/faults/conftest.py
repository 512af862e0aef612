"""Fixtures of the fault-injection tests: one generated site, a migrated database per module.

150 articles: a crawl long enough to strike at random moments; each test runs a whole deployment on two cores
beside the rest of the suite, so the size is CI time (300 took 3-4 minutes a test under CI's load)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from newsflow_shared.db import make_engine
from newsflow_shared.migrate import upgrade
from sqlalchemy import inspect, text

from newsflow.generated_site import generate_site
from newsflow.sample_server import SiteFiles

ARTICLES = 150


@pytest.fixture(scope="session")
def fault_site_files() -> SiteFiles:
    return generate_site(ARTICLES, seed=6)


@pytest.fixture(scope="module")
def migrated_db(postgres_url: str) -> str:
    """The module's fresh database, migrated."""
    upgrade(postgres_url)
    return postgres_url


@pytest.fixture
def fault_db(migrated_db: str) -> Iterator[str]:
    """The module's database, emptied for each test. Two tests of a module crawl the same generated site, often
    on the same (reused) port: without this, the second crawl's articles are the first crawl's rows, already
    stored, and the second test counts none of its own."""
    engine = make_engine(migrated_db)
    try:
        with engine.begin() as connection:
            tables = [t for t in inspect(connection).get_table_names() if t != "alembic_version"]
            connection.execute(text(f"TRUNCATE {', '.join(tables)} CASCADE"))
    finally:
        engine.dispose()
    yield migrated_db
