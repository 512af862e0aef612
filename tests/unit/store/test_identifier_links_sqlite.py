"""The link by shared identifier (tests/unit/store/identifier_link_contract.py) on a migrated SQLite file."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy.orm import Session, sessionmaker

from tests.unit.store.identifier_link_contract import CHECKS


@pytest.mark.parametrize("contract", CHECKS, ids=lambda contract: contract.__name__.removeprefix("check_"))
def test_identifier_link_contract(
    sessions: sessionmaker[Session], contract: Callable[[sessionmaker[Session]], None]
) -> None:
    contract(sessions)
