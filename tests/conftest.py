"""Fixtures shared by the whole suite."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.servers import fresh_database, postgres_admin, redis_server

FIXTURES = Path(__file__).parent / "fixtures"
FAULTS = "tests/faults/"


def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> object | None:
    """``pytest -n 3 --dist loadfile`` with one change: the fault-injection tests form one work unit, so they run
    one at a time. Each runs a whole deployment (a dozen worker processes); two or three at once on two cores
    starve their tasks past the short time limits the tests set, and the faults under test stop being the only
    ones (seen in CI: four fault tests scheduled last, side by side, all failed). (``--dist loadgroup`` would
    say this with marks, but pytest-xdist 3.8 cannot regroup pytest 9's node ids.)"""
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class FaultsTogether(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return "faults" if nodeid.startswith(FAULTS) else super()._split_scope(nodeid)

    return FaultsTogether(config, log)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    with redis_server() as url:
        yield url


@pytest.fixture(scope="session")
def postgres_admin_url() -> Iterator[str]:
    with postgres_admin() as url:
        yield url


@pytest.fixture(scope="module")
def postgres_url(postgres_admin_url: str) -> Iterator[str]:
    """A fresh, empty database for each test module: modules never see each other's rows."""
    with fresh_database(postgres_admin_url) as url:
        yield url


@pytest.fixture(autouse=True)
def _isolated_settings(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Tests never read a developer's .env, and get fresh settings each time."""
    from newsflow_shared.config import get_settings

    monkeypatch.setenv(
        "NEWSFLOW_ALLOW_PRIVATE_ADDRESSES", os.environ.get("NEWSFLOW_ALLOW_PRIVATE_ADDRESSES", "true")
    )
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()
