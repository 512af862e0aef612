"""The store's cross-language organisation link, written once and checked on SQLite (unit) and PostgreSQL
(integration).

An organisation joins the one ORG row of another language with the same concepts (``entities.name_key``,
``newsflow_shared.org_keys``), whichever language is stored first. A row of the same language with the key,
several rows, a name without a key, another type: no link. Rows are never renamed; links add aliases and labels.
Names are synthetic (the Sudan Liberation Army is in no shipped table).
"""

from __future__ import annotations

from newsflow_shared.db import session_scope
from newsflow_shared.models import Entity
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from tests.unit.store.entity_link_contract import _catalogue, _labels, _links, _store
from tests.unit.store.store_contract import new_crawl

SLA_EN = "Sudan Liberation Army"
SLA_FR = "Armée de libération du Soudan"
SLA_AR = "جيش تحرير السودان"


def check_translations_join_the_english_row(sessions: sessionmaker[Session]) -> None:
    new_crawl(sessions)
    _store(sessions, "en", [(SLA_EN, "ORG", 2)])
    french = _store(sessions, "fr", [(SLA_FR, "ORG", 1)])
    arabic = _store(sessions, "ar", [(SLA_AR, "ORG", 3)])
    _store(sessions, "fr", [(SLA_FR, "ORG", 1)])  # redelivery: the same link, counted once

    assert _links(sessions, french) == {SLA_EN: 1}
    assert _links(sessions, arabic) == {SLA_EN: 3}
    catalogue = _catalogue(sessions)
    assert set(catalogue) == {SLA_EN}
    key, count, aliases = catalogue[SLA_EN]
    assert key is not None and count == 3
    assert aliases == sorted([SLA_AR, SLA_FR])
    assert _labels(sessions)[SLA_EN] == {"Arab": SLA_AR}


def check_english_joins_the_arabic_row_stored_first(sessions: sessionmaker[Session]) -> None:
    new_crawl(sessions)
    _store(sessions, "ar", [(SLA_AR, "ORG", 1)])
    french = _store(sessions, "fr", [(SLA_FR, "ORG", 1)])
    english = _store(sessions, "en", [(SLA_EN, "ORG", 1)])
    assert _links(sessions, french) == {SLA_AR: 1}
    assert _links(sessions, english) == {SLA_AR: 1}
    assert _labels(sessions)[SLA_AR] == {"Latn": SLA_FR}


def check_a_row_of_the_same_language_blocks_the_link(sessions: sessionmaker[Session]) -> None:
    """Two English names with the key are two rows the catalogue keeps apart: a French name joins neither."""
    new_crawl(sessions)
    _store(sessions, "en", [(SLA_EN, "ORG", 1)])
    _store(sessions, "en2", [("Liberation Army of Sudan", "ORG", 1)])
    french = _store(sessions, "fr", [(SLA_FR, "ORG", 1)])
    assert _links(sessions, french) == {SLA_FR: 1}


def check_different_organisations_stay_apart(sessions: sessionmaker[Session]) -> None:
    new_crawl(sessions)
    _store(sessions, "en", [(SLA_EN, "ORG", 1), ("Syrian National Army", "ORG", 1)])
    french = _store(
        sessions, "fr", [("Armée de libération du Darfour", "ORG", 1), ("Armée arabe syrienne", "ORG", 1)]
    )
    assert _links(sessions, french) == {"Armée de libération du Darfour": 1, "Armée arabe syrienne": 1}


def check_only_organisations_link(sessions: sessionmaker[Session]) -> None:
    """A name of the same concepts of another type is no organisation; one word gives no key."""
    new_crawl(sessions)
    _store(sessions, "en", [(SLA_EN, "ORG", 1), ("Army", "ORG", 1)])
    _store(sessions, "fr", [(SLA_FR, "NORP", 1), ("Armée", "ORG", 1)])
    with session_scope(sessions) as session:
        rows = set(session.execute(select(Entity.name, Entity.type)).tuples())
    assert rows == {(SLA_EN, "ORG"), ("Army", "ORG"), (SLA_FR, "NORP"), ("Armée", "ORG")}


CHECKS = (
    check_translations_join_the_english_row,
    check_english_joins_the_arabic_row_stored_first,
    check_a_row_of_the_same_language_blocks_the_link,
    check_different_organisations_stay_apart,
    check_only_organisations_link,
)
