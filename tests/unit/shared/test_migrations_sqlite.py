"""Migrations build exactly models.py on SQLite, and check() notices when they do not."""

from __future__ import annotations

from alembic import command
from newsflow_shared.db import make_engine
from newsflow_shared.migrate import alembic_config, check, current, head_revision, upgrade
from newsflow_shared.models import DB_SCHEMA_VERSION
from sqlalchemy import text

from tests.unit.shared.org_key_migration_contract import check_organisation_keys_written
from tests.unit.shared.person_key_migration_contract import check_loose_keys_added, check_person_keys_rekeyed


def test_head_is_the_documented_revision() -> None:
    assert head_revision() == "0016_entity_loose_key"
    assert DB_SCHEMA_VERSION == 1


def test_upgrade_from_empty_is_in_sync_and_repeatable(sqlite_url: str) -> None:
    assert current(sqlite_url) is None
    upgrade(sqlite_url)
    upgrade(sqlite_url)  # a second run is a no-op
    assert current(sqlite_url) == head_revision()
    assert check(sqlite_url) == []


def test_check_reports_a_database_behind_the_models(sqlite_url: str) -> None:
    upgrade(sqlite_url)
    engine = make_engine(sqlite_url)
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "base")
    engine.dispose()

    problems = check(sqlite_url)
    assert current(sqlite_url) is None
    assert f"database is at revision None, code expects '{head_revision()}'" in problems
    assert "add_table: articles" in problems
    assert "add_table: failures" in problems


def test_entity_name_key_revision_keys_the_stored_people(sqlite_url: str) -> None:
    """0012_entity_name_key gives the PERSON rows stored before it their skeleton (its own reduction), and no
    other row one."""
    upgrade(sqlite_url, "0011_article_state_hash")
    engine = make_engine(sqlite_url)
    rows = [
        ("Khalid al-Falih", "PERSON"),
        ("خالد الفالح", "PERSON"),
        ("Madonna", "PERSON"),
        ("Smith Co", "ORG"),
    ]
    with engine.begin() as connection:
        for name, kind in rows:
            connection.execute(
                text("INSERT INTO entities (name, type, article_count) VALUES (:name, :type, 0)"),
                {"name": name, "type": kind},
            )
    upgrade(sqlite_url, "0012_entity_name_key")
    with engine.connect() as connection:
        keys = dict(
            connection.execute(text("SELECT name || '/' || type, name_key FROM entities")).tuples().all()
        )
    engine.dispose()
    assert keys == {
        "Khalid al-Falih/PERSON": "kld flh",
        "خالد الفالح/PERSON": "kld flh",
        "Madonna/PERSON": None,  # one word: no key
        "Smith Co/ORG": None,
    }


def test_person_key_revision_rekeys_the_stored_people(sqlite_url: str) -> None:
    """0014_person_key_joined recomputes every PERSON row's key, idempotently, and its downgrade restores them."""
    check_person_keys_rekeyed(sqlite_url)


def test_org_key_revision_keys_the_stored_organisations(sqlite_url: str) -> None:
    """0015_org_name_key keys every ORG row by its concepts, idempotently; its downgrade sets them back to null."""
    check_organisation_keys_written(sqlite_url)


def test_loose_key_revision_keys_the_stored_people(sqlite_url: str) -> None:
    """0016_entity_loose_key gives the PERSON rows stored before it their loose key; its downgrade drops it."""
    check_loose_keys_added(sqlite_url)
