"""The store on a real PostgreSQL: migrations, the store contract, and concurrent store workers.

Each test gets a database of its own on the ``postgres_url`` server (that session-wide database is shared with
other suites), migrated with ``newsflow_shared.migrate.upgrade``.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from newsflow_shared.db import make_engine, make_sessionmaker, session_scope
from newsflow_shared.messages import url_key
from newsflow_shared.migrate import check, current, head_revision, upgrade
from newsflow_shared.models import Article, ArticleEntity, ArticleUrl, Entity
from newsflow_store.articles import upsert_article
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session, sessionmaker

from tests.support.servers import fresh_database
from tests.unit.shared.org_key_migration_contract import check_organisation_keys_written
from tests.unit.shared.person_key_migration_contract import check_loose_keys_added, check_person_keys_rekeyed
from tests.unit.store import store_contract
from tests.unit.store.entity_link_contract import CHECKS as ENTITY_LINK_CHECKS
from tests.unit.store.entity_link_contract import FALIH_AR
from tests.unit.store.identifier_link_contract import CHECKS as IDENTIFIER_LINK_CHECKS
from tests.unit.store.org_link_contract import CHECKS as ORG_LINK_CHECKS

pytestmark = pytest.mark.integration


@pytest.fixture
def database_url(postgres_admin_url: str) -> Iterator[str]:
    """A new, empty database on the test server for each test, dropped afterwards."""
    with fresh_database(postgres_admin_url) as url:
        yield url


@pytest.fixture
def sessions(database_url: str) -> Iterator[sessionmaker[Session]]:
    upgrade(database_url)
    engine = make_engine(database_url, pool_size=8)
    yield make_sessionmaker(engine)
    engine.dispose()


def test_migrations_upgrade_cleanly_and_match_models(database_url: str) -> None:
    assert current(database_url) is None
    assert check(database_url)  # an empty database is reported as behind
    upgrade(database_url)
    upgrade(database_url)
    assert current(database_url) == head_revision()
    assert check(database_url) == []


def test_person_key_revision_rekeys_the_stored_people(database_url: str) -> None:
    check_person_keys_rekeyed(database_url)


def test_loose_key_revision_keys_the_stored_people(database_url: str) -> None:
    check_loose_keys_added(database_url)


@pytest.mark.parametrize(
    "contract",
    [
        store_contract.check_upsert_twice_updates_one_row,
        store_contract.check_duplicate_under_second_url,
        store_contract.check_entities_shared_and_redelivery,
        store_contract.check_translations_upserted,
        store_contract.check_failures_recorded,
        store_contract.check_finish_crawl_statuses,
        store_contract.check_second_store_refreshes_every_content_column,
    ],
    ids=lambda contract: contract.__name__.removeprefix("check_"),
)
def test_store_contract(
    sessions: sessionmaker[Session], contract: Callable[[sessionmaker[Session]], None]
) -> None:
    contract(sessions)


@pytest.mark.parametrize(
    "contract", ENTITY_LINK_CHECKS, ids=lambda contract: contract.__name__.removeprefix("check_")
)
def test_entity_link_contract(
    sessions: sessionmaker[Session], contract: Callable[[sessionmaker[Session]], None]
) -> None:
    contract(sessions)


def test_concurrent_stores_link_arabic_names_to_the_one_latin_row(sessions: sessionmaker[Session]) -> None:
    """Workers storing the Arabic and the Latin spelling of one person, with shared entities, at once: no
    deadlock, every Arabic mention lands on the Latin row, and its ``article_count`` is its links."""
    store_contract.new_crawl(sessions)
    with session_scope(sessions) as session:
        upsert_article(
            store_contract.enriched(
                "https://news.example/first", entities=[("Khalid al-Falih", "PERSON", 1)]
            ),
            session=session,
        )

    def store(index: int) -> None:
        name = FALIH_AR if index % 2 else "Khalid al-Falih"
        for round_ in range(5):
            entities = [(name, "PERSON", 1), ("OPEC", "ORG", 1), (f"Place {round_ % 2}", "GPE", 1)]
            url = f"https://news.example/falih-{index}-{round_ % 3}"  # rounds 3 and 4 are redeliveries
            with session_scope(sessions) as session:
                upsert_article(store_contract.enriched(url, entities=entities), session=session)

    assert _run_threads(4, store) == []
    with session_scope(sessions) as session:
        people = session.execute(select(Entity.name, Entity.article_count).where(Entity.type == "PERSON"))
        links = session.execute(
            select(func.count()).select_from(ArticleEntity).join(Entity).where(Entity.type == "PERSON")
        ).scalar_one()
    assert dict(people.tuples().all()) == {"Khalid al-Falih": 13}  # the first article + 4 workers × 3 URLs
    assert links == 13


def test_concurrent_stores_link_latin_names_to_the_arabic_row_stored_first(
    sessions: sessionmaker[Session],
) -> None:
    """The other order under concurrency: the Arabic row first, then workers storing both spellings at once.
    Every Latin mention lands on the Arabic row (never renamed), which gets one Latin label."""
    store_contract.new_crawl(sessions)
    with session_scope(sessions) as session:
        upsert_article(
            store_contract.enriched("https://news.example/first", entities=[(FALIH_AR, "PERSON", 1)]),
            session=session,
        )

    def store(index: int) -> None:
        name = FALIH_AR if index % 2 else "Khalid al-Falih"
        for round_ in range(5):
            entities = [(name, "PERSON", 1), ("OPEC", "ORG", 1)]
            url = f"https://news.example/falih-{index}-{round_ % 3}"  # rounds 3 and 4 are redeliveries
            with session_scope(sessions) as session:
                upsert_article(store_contract.enriched(url, entities=entities), session=session)

    assert _run_threads(4, store) == []
    with session_scope(sessions) as session:
        people = session.execute(
            select(Entity.name, Entity.article_count, Entity.labels).where(Entity.type == "PERSON")
        ).all()
    assert [tuple(row) for row in people] == [(FALIH_AR, 13, {"Latn": "Khalid al-Falih"})]


def _run_threads(workers: int, work: Callable[[int], None]) -> list[BaseException]:
    """Run ``work(i)`` in ``workers`` threads released together; the errors they raised."""
    barrier = threading.Barrier(workers)
    errors: list[BaseException] = []

    def run(index: int) -> None:
        try:
            barrier.wait()
            work(index)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


def test_concurrent_upserts_of_one_article_and_shared_entities(sessions: sessionmaker[Session]) -> None:
    store_contract.new_crawl(sessions)
    canonical = "https://news.example/2024/big-story"
    shared = [("Alice Smith", "PERSON", 2), ("Acme Corp", "ORG", 1), ("Paris", "GPE", 3)]
    created: list[bool] = []

    def store(index: int) -> None:
        # Four workers, four copies of one story (its own URL and three alternates), several rounds each.
        url = canonical if index == 0 else f"{canonical}?copy={index}"
        for _ in range(5):
            with session_scope(sessions) as session:
                message = store_contract.enriched(url, canonical=canonical, entities=shared)
                created.append(upsert_article(message, session=session).created)

    assert _run_threads(4, store) == []
    assert sorted(created) == [False] * 19 + [True]  # exactly one worker inserted, the others updated
    with session_scope(sessions) as session:
        assert session.execute(select(func.count()).select_from(Article)).scalar_one() == 1
        assert session.execute(select(func.count()).select_from(ArticleUrl)).scalar_one() == 4
        assert session.execute(select(func.count()).select_from(Entity)).scalar_one() == 3
        counts = session.execute(
            select(ArticleEntity.count).where(ArticleEntity.article_id == url_key(canonical))
        ).scalars()
        assert sorted(counts) == [1, 2, 3]


def test_concurrent_upserts_of_different_articles_sharing_new_entities(
    sessions: sessionmaker[Session],
) -> None:
    store_contract.new_crawl(sessions)
    # Overlapping entity sets in different orders: the sorted insert order must prevent deadlocks.
    names = [f"Entity {letter}" for letter in "ABCDEFGH"]

    def store(index: int) -> None:
        for round_ in range(5):
            mine = names[index:] + names[:index]
            entities = [(name, "ORG", 1 + index) for name in mine[: 4 + round_ % 3]]
            url = f"https://news.example/story-{index}-{round_}"
            with session_scope(sessions) as session:
                upsert_article(store_contract.enriched(url, entities=entities), session=session)

    assert _run_threads(4, store) == []
    with session_scope(sessions) as session:
        assert session.execute(select(func.count()).select_from(Article)).scalar_one() == 20
        entity_names = set(session.execute(select(Entity.name)).scalars())
        assert entity_names <= set(names)
        assert session.execute(select(func.count()).select_from(Entity)).scalar_one() == len(entity_names)


def test_known_entities_stored_again_consume_no_entity_ids(sessions: sessionmaker[Session]) -> None:
    """An entity already in the catalogue is not inserted again. PostgreSQL draws the serial id of every row an
    ``INSERT … ON CONFLICT DO NOTHING`` is given, conflict or not: inserting each article's every entity burnt
    one id per entity per article, and the 32-bit ``entities.id`` would have run out after ~10⁸ articles."""
    store_contract.new_crawl(sessions)
    known = [("Alice Smith", "PERSON", 1), ("Acme Corp", "ORG", 1), ("Paris", "GPE", 1)]
    for index in range(5):
        with session_scope(sessions) as session:
            message = store_contract.enriched(f"https://news.example/known-{index}", entities=known)
            upsert_article(message, session=session)
    with session_scope(sessions) as session:
        new = store_contract.enriched("https://news.example/new", entities=[*known, ("Berlin", "GPE", 1)])
        upsert_article(new, session=session)
    with session_scope(sessions) as session:
        ids = {name: entity_id for name, entity_id in session.execute(select(Entity.name, Entity.id))}
    assert sorted(ids.values()) == [1, 2, 3, 4]
    assert ids["Berlin"] == 4


def test_schema_doc_example_queries_run(sessions: sessionmaker[Session]) -> None:
    """Every SQL example in docs/schema.md runs on PostgreSQL; the entity and duplicate queries find rows."""
    store_contract.check_duplicate_under_second_url(sessions)
    with session_scope(sessions) as session:
        upsert_article(
            store_contract.enriched(
                "https://news.example/fr", entities=[("Alice Smith", "PERSON", 2)], published_at=None
            ),
            session=session,
        )
    doc = (Path(__file__).resolve().parents[2] / "docs" / "schema.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sql\n(.*?)```", doc, flags=re.DOTALL)
    statements = [s.strip() for block in blocks for s in block.split(";") if s.strip()]
    assert len(statements) >= 8
    results: dict[str, int] = {}
    with session_scope(sessions) as session:
        for statement in statements:
            results[statement] = len(session.execute(text(statement)).all())
    by_entity = next(s for s in statements if "e.name = 'Alice Smith'" in s)
    duplicates = next(s for s in statements if "HAVING count(*) > 1)" in s)
    assert results[by_entity] == 1
    assert results[duplicates] == 2


def test_org_key_revision_keys_the_stored_organisations(database_url: str) -> None:
    check_organisation_keys_written(database_url)


@pytest.mark.parametrize(
    "contract", ORG_LINK_CHECKS, ids=lambda contract: contract.__name__.removeprefix("check_")
)
def test_org_link_contract(
    sessions: sessionmaker[Session], contract: Callable[[sessionmaker[Session]], None]
) -> None:
    contract(sessions)


@pytest.mark.parametrize(
    "contract", IDENTIFIER_LINK_CHECKS, ids=lambda contract: contract.__name__.removeprefix("check_")
)
def test_identifier_link_contract(
    sessions: sessionmaker[Session], contract: Callable[[sessionmaker[Session]], None]
) -> None:
    contract(sessions)
