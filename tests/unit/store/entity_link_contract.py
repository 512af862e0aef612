"""The store's cross-script person link, written once and checked on SQLite (unit) and PostgreSQL (integration).

A person first named in a non-Latin script joins the one Latin-script PERSON row of the same consonant
skeleton (``entities.name_key``); a Latin name joins the one non-Latin row of its skeleton that has no other Latin
label. No row, several rows, another type: no link. Rows are never renamed; links add aliases and labels.
"""

from __future__ import annotations

from newsflow_shared.db import session_scope
from newsflow_shared.models import ArticleEntity, Entity
from newsflow_store.articles import upsert_article
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from tests.unit.store.store_contract import enriched, new_crawl

FALIH_AR = "خالد الفالح"
SMITH_AR = "براد سميث"


def _store(sessions: sessionmaker[Session], url: str, entities: list[tuple[str, str, int]]) -> str:
    with session_scope(sessions) as session:
        return upsert_article(
            enriched(f"https://news.example/{url}", entities=entities), session=session
        ).article_id


def _links(sessions: sessionmaker[Session], article_id: str) -> dict[str, int]:
    """The article's links: catalogue name → count."""
    with session_scope(sessions) as session:
        rows = session.execute(
            select(Entity.name, ArticleEntity.count)
            .join(ArticleEntity, ArticleEntity.entity_id == Entity.id)
            .where(ArticleEntity.article_id == article_id)
        )
        return dict(rows.tuples().all())


def _labels(sessions: sessionmaker[Session]) -> dict[str, dict[str, str] | None]:
    """Every row: name → its stored labels."""
    with session_scope(sessions) as session:
        return dict(session.execute(select(Entity.name, Entity.labels)).tuples().all())


def _catalogue(sessions: sessionmaker[Session]) -> dict[str, tuple[str | None, int, list[str]]]:
    """Every row: name → (name_key, article_count, aliases)."""
    with session_scope(sessions) as session:
        rows = session.execute(select(Entity.name, Entity.name_key, Entity.article_count, Entity.aliases))
        return {name: (key, count, sorted(aliases or [])) for name, key, count, aliases in rows}


def check_arabic_person_joins_the_one_latin_row(sessions: sessionmaker[Session]) -> None:
    new_crawl(sessions)
    _store(sessions, "en", [("Khalid al-Falih", "PERSON", 2), ("Saudi Arabia", "GPE", 1)])
    arabic = _store(sessions, "ar", [(FALIH_AR, "PERSON", 3)])
    _store(sessions, "ar", [(FALIH_AR, "PERSON", 3)])  # redelivery: the same link, counted once

    assert _links(sessions, arabic) == {"Khalid al-Falih": 3}
    catalogue = _catalogue(sessions)
    assert set(catalogue) == {"Khalid al-Falih", "Saudi Arabia"}
    assert catalogue["Khalid al-Falih"] == ("kldflh", 2, [FALIH_AR])
    assert catalogue["Saudi Arabia"][0] is None  # only people are keyed
    assert _labels(sessions) == {"Khalid al-Falih": {"Arab": FALIH_AR}, "Saudi Arabia": None}


def check_both_scripts_in_one_article_are_one_link(sessions: sessionmaker[Session]) -> None:
    new_crawl(sessions)
    _store(sessions, "en", [("Brad Smith", "PERSON", 1)])
    both = _store(sessions, "both", [("Brad Smith", "PERSON", 2), (SMITH_AR, "PERSON", 1)])
    assert _links(sessions, both) == {"Brad Smith": 3}
    assert _catalogue(sessions)["Brad Smith"][1] == 2


def check_no_row_of_the_key_gives_an_own_keyed_row(sessions: sessionmaker[Session]) -> None:
    new_crawl(sessions)
    arabic = _store(sessions, "ar", [(FALIH_AR, "PERSON", 1)])
    assert _links(sessions, arabic) == {FALIH_AR: 1}
    assert _catalogue(sessions)[FALIH_AR] == ("kldflh", 1, [])


def check_latin_name_joins_the_arabic_row_stored_first(sessions: sessionmaker[Session]) -> None:
    """The other store order: the Arabic row keeps its name (its natural key) and gains the Latin label."""
    new_crawl(sessions)
    _store(sessions, "ar", [(FALIH_AR, "PERSON", 1)])
    latin = _store(sessions, "en", [("Khalid al-Falih", "PERSON", 2)])
    _store(sessions, "en", [("Khalid al-Falih", "PERSON", 2)])  # redelivery: the same link, counted once
    assert _links(sessions, latin) == {FALIH_AR: 2}
    assert _catalogue(sessions) == {FALIH_AR: ("kldflh", 2, ["Khalid al-Falih"])}
    assert _labels(sessions) == {FALIH_AR: {"Latn": "Khalid al-Falih"}}


def check_a_row_takes_one_latin_label(sessions: sessionmaker[Session]) -> None:
    """A second Latin spelling of the skeleton is not the labelled one: it may be another person, own row."""
    new_crawl(sessions)
    _store(sessions, "ar", [(FALIH_AR, "PERSON", 1)])
    _store(sessions, "en", [("Khalid al-Falih", "PERSON", 1)])
    other = _store(sessions, "fr", [("Khaled Falleh", "PERSON", 1)])
    assert _links(sessions, other) == {"Khaled Falleh": 1}
    assert _labels(sessions)[FALIH_AR] == {"Latn": "Khalid al-Falih"}


def check_a_latin_rival_blocks_the_reverse_link(sessions: sessionmaker[Session]) -> None:
    """Two Latin people of the skeleton, so the Arabic row is nobody's; a third Latin spelling joins nothing."""
    new_crawl(sessions)
    _store(sessions, "one", [("Khalid al-Falih", "PERSON", 1)])
    _store(sessions, "two", [("Khaled Falleh", "PERSON", 1)])
    _store(sessions, "ar", [(FALIH_AR, "PERSON", 1)])
    third = _store(sessions, "three", [("Khalid Falih", "PERSON", 1)])
    assert _links(sessions, third) == {"Khalid Falih": 1}
    assert len(_catalogue(sessions)) == 4


def check_ambiguous_skeleton_links_nothing(sessions: sessionmaker[Session]) -> None:
    """Two Latin people share the skeleton: the Arabic name is neither, it gets its own row."""
    new_crawl(sessions)
    _store(sessions, "one", [("Khalid al-Falih", "PERSON", 1)])
    _store(sessions, "two", [("Khaled Falleh", "PERSON", 1)])
    arabic = _store(sessions, "ar", [(FALIH_AR, "PERSON", 1)])
    assert _links(sessions, arabic) == {FALIH_AR: 1}
    assert len(_catalogue(sessions)) == 3


def check_a_link_made_stays_when_a_second_candidate_appears(sessions: sessionmaker[Session]) -> None:
    new_crawl(sessions)
    _store(sessions, "one", [("Khalid al-Falih", "PERSON", 1)])
    _store(sessions, "ar", [(FALIH_AR, "PERSON", 1)])
    _store(sessions, "two", [("Khaled Falleh", "PERSON", 1)])
    again = _store(sessions, "ar-again", [(FALIH_AR, "PERSON", 1)])
    assert _links(sessions, again) == {"Khalid al-Falih": 1}


def check_only_people_link(sessions: sessionmaker[Session]) -> None:
    """An organisation of the same skeleton is not a person; a person does not join an organisation."""
    new_crawl(sessions)
    _store(sessions, "en", [("Brad Smith", "ORG", 1)])
    _store(sessions, "ar", [(SMITH_AR, "PERSON", 1), (SMITH_AR, "ORG", 1)])
    with session_scope(sessions) as session:
        rows = set(session.execute(select(Entity.name, Entity.type, Entity.article_count)).tuples())
    assert rows == {("Brad Smith", "ORG", 1), (SMITH_AR, "PERSON", 1), (SMITH_AR, "ORG", 1)}


def check_romanisations_that_break_words_or_devoice_link(sessions: sessionmaker[Session]) -> None:
    """A compound written as one word ("Abdelfattah") and a Turkish final "t" ("Mehmet") find the row of the
    spelling written otherwise, in either store order."""
    new_crawl(sessions)
    _store(sessions, "en", [("Abdelfattah Mourou", "PERSON", 1)])
    joined = _store(sessions, "ar", [("عبد الفتاح مورو", "PERSON", 1)])
    _store(sessions, "ar2", [("محمد كريمي", "PERSON", 1)])
    devoiced = _store(sessions, "tr", [("Mehmet Karimi", "PERSON", 1)])
    assert _links(sessions, joined) == {"Abdelfattah Mourou": 1}
    assert _links(sessions, devoiced) == {"محمد كريمي": 1}
    assert _catalogue(sessions)["Abdelfattah Mourou"][0] == "bdfthmr"


# Two places and an organisation the articles of one story name: the context a loose link needs.
LIBYA = [("Libya", "GPE", 1), ("Tripoli", "GPE", 1), ("Presidential Council", "ORG", 1)]
GADDAFI_AR = "سيف الإسلام القذافي"


def check_a_looser_spelling_joins_the_row_it_shares_context_with(sessions: sessionmaker[Session]) -> None:
    """A "g" for ق: the keys differ, the loose keys agree, and the two articles name the same places."""
    new_crawl(sessions)
    _store(sessions, "en", [("Saif al-Islam Gaddafi", "PERSON", 1), *LIBYA])
    arabic = _store(sessions, "ar", [(GADDAFI_AR, "PERSON", 2), *LIBYA])
    _store(sessions, "ar", [(GADDAFI_AR, "PERSON", 2), *LIBYA])  # redelivery: the same link
    assert _links(sessions, arabic)["Saif al-Islam Gaddafi"] == 2
    assert GADDAFI_AR not in _catalogue(sessions)
    assert _labels(sessions)["Saif al-Islam Gaddafi"] == {"Arab": GADDAFI_AR}
    later = _store(sessions, "ar-later", [(GADDAFI_AR, "PERSON", 1)])  # a linked spelling needs no context
    assert _links(sessions, later) == {"Saif al-Islam Gaddafi": 1}


def check_a_looser_latin_spelling_joins_the_arabic_row_sharing_context(
    sessions: sessionmaker[Session],
) -> None:
    """The other store order, a French final letter Arabic does not write."""
    new_crawl(sessions)
    _store(sessions, "ar", [("لوران فابيوس", "PERSON", 1), *LIBYA])
    french = _store(sessions, "fr", [("Laurent Fabius", "PERSON", 1), *LIBYA])
    assert _links(sessions, french)["لوران فابيوس"] == 1
    assert _labels(sessions)["لوران فابيوس"] == {"Latn": "Laurent Fabius"}


def check_a_looser_spelling_without_shared_context_gets_its_own_row(sessions: sessionmaker[Session]) -> None:
    """The names "Husam" and "هشام" (Hisham) share the loose key, not a story: two people, two rows."""
    new_crawl(sessions)
    _store(sessions, "en", [("Husam Zaki", "PERSON", 1), ("Egypt", "GPE", 1), ("Cairo", "GPE", 1)])
    arabic = _store(sessions, "ar", [("هشام زكي", "PERSON", 1), ("Lebanon", "GPE", 1), ("Beirut", "GPE", 1)])
    assert _links(sessions, arabic)["هشام زكي"] == 1
    assert len([name for name, (key, _, _) in _catalogue(sessions).items() if key]) == 2


def check_one_shared_entity_is_not_enough(sessions: sessionmaker[Session]) -> None:
    """A country two people's articles both name is no evidence that they are one person."""
    new_crawl(sessions)
    _store(sessions, "en", [("Husam Zaki", "PERSON", 1), ("Egypt", "GPE", 1), ("Cairo", "GPE", 1)])
    arabic = _store(sessions, "ar", [("هشام زكي", "PERSON", 1), ("Egypt", "GPE", 1), ("Aswan", "GPE", 1)])
    assert _links(sessions, arabic)["هشام زكي"] == 1


def check_two_rows_sharing_context_link_neither(sessions: sessionmaker[Session]) -> None:
    """Two Latin rows of the loose key, both in the story: the Arabic name could be either, own row."""
    new_crawl(sessions)
    _store(sessions, "one", [("Hisham Gassem", "PERSON", 1), *LIBYA])
    _store(sessions, "two", [("Husam Kassem", "PERSON", 1), *LIBYA])
    arabic = _store(sessions, "ar", [("هشام قاسم", "PERSON", 1), *LIBYA])
    assert _links(sessions, arabic)["هشام قاسم"] == 1


def check_a_row_of_the_names_script_with_the_loose_key_blocks_the_link(
    sessions: sessionmaker[Session],
) -> None:
    """An Arabic row of the loose key ("حسام", Husam) may be the person the Latin row is not: no link."""
    new_crawl(sessions)
    _store(sessions, "en", [("Hisham Gassem", "PERSON", 1), *LIBYA])
    _store(sessions, "ar-one", [("حسام قاسم", "PERSON", 1), ("Egypt", "GPE", 1), ("Cairo", "GPE", 1)])
    arabic = _store(sessions, "ar", [("هشام قاسم", "PERSON", 1), *LIBYA])
    assert _links(sessions, arabic)["هشام قاسم"] == 1


def check_a_row_of_the_exact_key_is_not_passed_over(sessions: sessionmaker[Session]) -> None:
    """Rows of the name's own key decide: the loose link is only for names whose key finds no row."""
    new_crawl(sessions)
    _store(sessions, "one", [("Khalid al-Falih", "PERSON", 1), *LIBYA])
    _store(sessions, "two", [("Khaled Falleh", "PERSON", 1), *LIBYA])
    _store(sessions, "three", [("Khalid Falih", "PERSON", 1), *LIBYA])
    arabic = _store(sessions, "ar", [("خالد الفالح", "PERSON", 1), *LIBYA])
    assert _links(sessions, arabic)["خالد الفالح"] == 1


CHECKS = (
    check_arabic_person_joins_the_one_latin_row,
    check_romanisations_that_break_words_or_devoice_link,
    check_both_scripts_in_one_article_are_one_link,
    check_no_row_of_the_key_gives_an_own_keyed_row,
    check_latin_name_joins_the_arabic_row_stored_first,
    check_a_row_takes_one_latin_label,
    check_a_latin_rival_blocks_the_reverse_link,
    check_ambiguous_skeleton_links_nothing,
    check_a_link_made_stays_when_a_second_candidate_appears,
    check_only_people_link,
    check_a_looser_spelling_joins_the_row_it_shares_context_with,
    check_a_looser_latin_spelling_joins_the_arabic_row_sharing_context,
    check_a_looser_spelling_without_shared_context_gets_its_own_row,
    check_one_shared_entity_is_not_enough,
    check_two_rows_sharing_context_link_neither,
    check_a_row_of_the_names_script_with_the_loose_key_blocks_the_link,
    check_a_row_of_the_exact_key_is_not_passed_over,
)
