"""The store's contract (tests/unit/store/store_contract.py) on a migrated SQLite file."""

from __future__ import annotations

import pytest
from newsflow_crawl.crawl_rows import UnknownCrawl, finish_crawl
from newsflow_shared.db import session_scope
from newsflow_shared.messages import FinishCrawl
from sqlalchemy.orm import Session, sessionmaker

from tests.unit.store import store_contract


def test_upsert_twice_updates_one_row(sessions: sessionmaker[Session]) -> None:
    store_contract.check_upsert_twice_updates_one_row(sessions)


def test_duplicate_under_second_url_is_one_article(sessions: sessionmaker[Session]) -> None:
    store_contract.check_duplicate_under_second_url(sessions)


def test_entities_shared_and_redelivery_keeps_counts(sessions: sessionmaker[Session]) -> None:
    store_contract.check_entities_shared_and_redelivery(sessions)


def test_translations_upserted(sessions: sessionmaker[Session]) -> None:
    store_contract.check_translations_upserted(sessions)


def test_failures_recorded(sessions: sessionmaker[Session]) -> None:
    store_contract.check_failures_recorded(sessions)


def test_finish_crawl_statuses(sessions: sessionmaker[Session]) -> None:
    store_contract.check_finish_crawl_statuses(sessions)


def test_finish_unknown_crawl_is_permanent(sessions: sessionmaker[Session]) -> None:
    with pytest.raises(UnknownCrawl), session_scope(sessions) as session:
        finish_crawl(FinishCrawl(crawl_id="nope", counts={}), session=session)
