"""What ``0015_org_name_key`` does to stored organisations, checked on SQLite (``test_migrations_sqlite.py``) and
PostgreSQL (``tests/integration/test_store_postgres.py``): every ORG row gets its key, other rows keep theirs, a
second run changes nothing, and the downgrade sets the ORG keys back to null."""

from __future__ import annotations

from newsflow_shared.db import make_engine
from newsflow_shared.migrate import upgrade
from newsflow_shared.org_keys import org_key
from sqlalchemy import text

from tests.unit.shared.person_key_migration_contract import _downgrade, _keys

# name, type, name_key as a 0014 store wrote it (organisations had none)
ROWS = [
    ("Sudan Liberation Army", "ORG", None),
    ("جيش تحرير السودان", "ORG", None),
    ("Hamas", "ORG", None),
    ("Khalid al-Falih", "PERSON", "kldflh"),
    ("Sudan Liberation Army Street", "FAC", None),
]
BEFORE = {f"{name}/{kind}": key for name, kind, key in ROWS}
AFTER = {
    **BEFORE,
    "Sudan Liberation Army/ORG": org_key("Sudan Liberation Army"),
    "جيش تحرير السودان/ORG": org_key("Sudan Liberation Army"),  # one key for both languages
    "Hamas/ORG": None,  # one word: no key
}


def check_organisation_keys_written(url: str) -> None:
    """Store rows at revision 0014, then upgrade, upgrade again, downgrade and upgrade."""
    assert org_key("Sudan Liberation Army") is not None
    upgrade(url, "0014_person_key_joined")
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
    upgrade(url, "0015_org_name_key")
    assert _keys(url) == AFTER
    upgrade(url)  # a second run is a no-op
    assert _keys(url) == AFTER
    _downgrade(url, "0014_person_key_joined")
    assert _keys(url) == BEFORE
    upgrade(url)
    assert _keys(url) == AFTER
