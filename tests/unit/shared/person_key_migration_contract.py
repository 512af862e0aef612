"""What ``0014_person_key_joined`` does to stored people, checked on SQLite (``test_migrations_sqlite.py``) and
PostgreSQL (``tests/integration/test_store_postgres.py``): every PERSON row gets the current key, other rows keep
theirs, a second run changes nothing, and the downgrade writes the earlier keys back."""

from __future__ import annotations

from alembic import command
from newsflow_shared.db import make_engine
from newsflow_shared.migrate import alembic_config, upgrade
from newsflow_shared.name_keys import person_key_0012
from sqlalchemy import inspect, text

# name, type, name_key as a 0013 store wrote it
ROWS = [
    ("Abdel Fattah Mourou", "PERSON", person_key_0012("Abdel Fattah Mourou")),
    ("عبد الفتاح مورو", "PERSON", person_key_0012("عبد الفتاح مورو")),
    ("Mehmet Karimi", "PERSON", person_key_0012("Mehmet Karimi")),
    ("Khalid al-Falih", "PERSON", None),  # a row the store never keyed: keyed now
    ("Madonna", "PERSON", None),
    ("Abdel Fattah Mourou Street", "FAC", None),
]
AFTER = {
    "Abdel Fattah Mourou/PERSON": "bdfthmr",
    "عبد الفتاح مورو/PERSON": "bdfthmr",
    "Mehmet Karimi/PERSON": "mhmdkrm",  # "Muhammad Karimi"'s key
    "Khalid al-Falih/PERSON": "kldflh",
    "Madonna/PERSON": None,  # one word: no key
    "Abdel Fattah Mourou Street/FAC": None,
}
BEFORE = {
    **AFTER,
    "Abdel Fattah Mourou/PERSON": "bd fth mr",
    "عبد الفتاح مورو/PERSON": "bd fth mr",
    "Mehmet Karimi/PERSON": "mhmt krm",
    "Khalid al-Falih/PERSON": "kld flh",
}


def _keys(url: str) -> dict[str, str | None]:
    engine = make_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT name || '/' || type, name_key FROM entities")).tuples().all()
    engine.dispose()
    return dict(rows)


def _downgrade(url: str, revision: str) -> None:
    engine = make_engine(url)
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)
    engine.dispose()


def check_person_keys_rekeyed(url: str) -> None:
    """Store rows at revision 0013, then upgrade, upgrade again, downgrade and upgrade."""
    upgrade(url, "0013_entity_labels")
    engine = make_engine(url)
    with engine.begin() as connection:
        for name, kind, key in ROWS:
            connection.execute(
                text(
                    "INSERT INTO entities (name, type, name_key, article_count) VALUES (:name, :type, :key, 0)"
                ),
                {"name": name, "type": kind, "key": key},
            )
    engine.dispose()
    upgrade(url, "0014_person_key_joined")
    assert _keys(url) == AFTER
    upgrade(url)  # a second run is a no-op
    assert _keys(url) == AFTER
    _downgrade(url, "0013_entity_labels")
    assert _keys(url) == BEFORE
    upgrade(url)
    assert _keys(url) == AFTER


def _loose_keys(url: str) -> dict[str, str | None]:
    engine = make_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT name || '/' || type, loose_key FROM entities")).tuples().all()
    engine.dispose()
    return dict(rows)


def _columns(url: str) -> set[str]:
    engine = make_engine(url)
    columns = {column["name"] for column in inspect(engine).get_columns("entities")}
    engine.dispose()
    return columns


LOOSE = {
    "Abdel Fattah Mourou/PERSON": "bdfthmr",
    "عبد الفتاح مورو/PERSON": "bdfthmr",
    "Mehmet Karimi/PERSON": "mhmkrm",
    "Khalid al-Falih/PERSON": "klflh",
    "Madonna/PERSON": None,  # one word: no key
    "Abdel Fattah Mourou Street/FAC": None,  # only people are keyed
}


def check_loose_keys_added(url: str) -> None:
    """``0016_entity_loose_key`` keys the PERSON rows stored at 0015; its downgrade drops the column, and
    upgrading again keys them again."""
    upgrade(url, "0015_org_name_key")
    engine = make_engine(url)
    with engine.begin() as connection:
        for name, kind, _ in ROWS:
            connection.execute(
                text("INSERT INTO entities (name, type, article_count) VALUES (:name, :type, 0)"),
                {"name": name, "type": kind},
            )
    engine.dispose()
    upgrade(url, "0016_entity_loose_key")
    assert _loose_keys(url) == LOOSE
    _downgrade(url, "0015_org_name_key")
    assert "loose_key" not in _columns(url)
    upgrade(url)
    assert _loose_keys(url) == LOOSE
