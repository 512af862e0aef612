"""The change feed, versions, search and export (tests/unit/store/feed_contract.py) on a migrated SQLite file."""

from __future__ import annotations

import pytest
from newsflow_shared import article_query
from sqlalchemy.orm import Session, sessionmaker

from tests.unit.store import feed_contract


def test_every_store_is_a_change_and_content_a_version(sessions: sessionmaker[Session]) -> None:
    feed_contract.check_every_store_is_a_change_and_content_a_version(sessions)


def test_identical_restore_writes_nothing(sessions: sessionmaker[Session]) -> None:
    feed_contract.check_identical_restore_writes_nothing(sessions)


def test_relevance_pages_windows_of_matches(
    sessions: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(article_query, "RELEVANCE_WINDOW", 3)
    feed_contract.check_relevance_pages_windows_of_matches(sessions)


def test_search_folds_arabic_and_filters(sessions: sessionmaker[Session]) -> None:
    feed_contract.check_search_folds_arabic_and_filters(sessions)
