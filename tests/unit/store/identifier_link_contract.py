"""The store's link by shared identifier, written once and checked on SQLite (unit) and PostgreSQL
(integration).

A name the catalogue lacks joins the one row of its type that carries the same Wikidata QID or GeoNames id,
whichever spelling is stored first; a row whose other id differs, two rows with the id, or a row of another
type: no link. Rows are never renamed; a link adds the spelling to the row's aliases.
"""

from __future__ import annotations

from newsflow_shared.db import session_scope
from newsflow_shared.messages import EntityCount
from newsflow_store.articles import upsert_article
from sqlalchemy.orm import Session, sessionmaker

from tests.unit.store.entity_link_contract import _catalogue, _links
from tests.unit.store.store_contract import enriched, new_crawl

KAFR = 354502  # GeoNames: Kafr ash Shaykh, Egypt


def _store(sessions: sessionmaker[Session], url: str, *entities: EntityCount) -> str:
    message = enriched(f"https://news.example/{url}")
    message.enrichment.entities = list(entities)
    with session_scope(sessions) as session:
        return upsert_article(message, session=session).article_id


def _place(name: str, geonames_id: int | None, qid: str | None = None, kind: str = "GPE") -> EntityCount:
    return EntityCount(name=name, type=kind, count=1, geonames_id=geonames_id, wikidata_id=qid)


def check_spellings_of_one_town_are_one_row(sessions: sessionmaker[Session]) -> None:
    new_crawl(sessions)
    _store(sessions, "en", _place("Kafr el-Sheikh", KAFR))
    arabic = _store(sessions, "ar", _place("Kafr ash Shaykh", KAFR))
    french = _store(sessions, "fr", _place("Kafr el-Cheikh", KAFR))
    _store(sessions, "ar", _place("Kafr ash Shaykh", KAFR))  # redelivery: counted once

    assert _links(sessions, arabic) == {"Kafr el-Sheikh": 1}
    assert _links(sessions, french) == {"Kafr el-Sheikh": 1}
    catalogue = _catalogue(sessions)
    assert set(catalogue) == {"Kafr el-Sheikh"}
    assert catalogue["Kafr el-Sheikh"][1:] == (3, ["Kafr ash Shaykh", "Kafr el-Cheikh"])


def check_the_row_stored_first_keeps_its_name(sessions: sessionmaker[Session]) -> None:
    new_crawl(sessions)
    _store(sessions, "ar", _place("Kafr ash Shaykh", KAFR))
    english = _store(sessions, "en", _place("Kafr el-Sheikh", KAFR))
    assert _links(sessions, english) == {"Kafr ash Shaykh": 1}


def check_a_wikidata_id_links_people(sessions: sessionmaker[Session]) -> None:
    new_crawl(sessions)
    _store(sessions, "en", _place("Recep Tayyip Erdogan", None, "Q39723", kind="PERSON"))
    other = _store(sessions, "fr", _place("Recep Tayyip Erdoğan", None, "Q39723", kind="PERSON"))
    assert _links(sessions, other) == {"Recep Tayyip Erdogan": 1}


def check_another_type_or_no_id_does_not_link(sessions: sessionmaker[Session]) -> None:
    new_crawl(sessions)
    _store(sessions, "en", _place("Kafr el-Sheikh", KAFR))
    _store(sessions, "en", _place("Kafr el-Sheikh Governorate", KAFR, kind="LOC"))
    _store(sessions, "en", _place("Kafr ash Shaykh", None))
    assert set(_catalogue(sessions)) == {"Kafr el-Sheikh", "Kafr el-Sheikh Governorate", "Kafr ash Shaykh"}


def check_a_contradicting_id_does_not_link(sessions: sessionmaker[Session]) -> None:
    new_crawl(sessions)
    _store(sessions, "en", _place("Tripoli", 2210247, "Q3579"))
    _store(sessions, "en", _place("Trablous", 2210247, "Q170419"))  # another QID: not the same entity
    assert set(_catalogue(sessions)) == {"Tripoli", "Trablous"}


def check_two_rows_with_the_id_link_nothing(sessions: sessionmaker[Session]) -> None:
    new_crawl(sessions)
    _store(sessions, "en", _place("Kafr el-Sheikh", None))
    _store(sessions, "en", _place("Kafr al-Sheikh", None))
    _store(sessions, "en", _place("Kafr el-Sheikh", KAFR), _place("Kafr al-Sheikh", KAFR))  # both get the id
    _store(sessions, "fr", _place("Kafr el-Cheikh", KAFR))
    assert set(_catalogue(sessions)) == {"Kafr el-Sheikh", "Kafr al-Sheikh", "Kafr el-Cheikh"}


CHECKS = (
    check_spellings_of_one_town_are_one_row,
    check_the_row_stored_first_keeps_its_name,
    check_a_wikidata_id_links_people,
    check_another_type_or_no_id_does_not_link,
    check_a_contradicting_id_does_not_link,
    check_two_rows_with_the_id_link_nothing,
)
