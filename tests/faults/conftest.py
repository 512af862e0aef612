"""Fixtures of the fault-injection tests: one generated site (≥ 300 articles), a migrated database per module."""

from __future__ import annotations

import pytest
from newsflow_shared.migrate import upgrade

from newsflow.generated_site import generate_site
from newsflow.sample_server import SiteFiles

ARTICLES = 300


@pytest.fixture(scope="session")
def fault_site_files() -> SiteFiles:
    return generate_site(ARTICLES, seed=6)


@pytest.fixture(scope="module")
def fault_db(postgres_url: str) -> str:
    """The module's fresh database, migrated."""
    upgrade(postgres_url)
    return postgres_url
