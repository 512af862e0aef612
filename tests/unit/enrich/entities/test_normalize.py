"""Normalisation of entity names and resolution of lone surnames."""

from __future__ import annotations

import pytest
from newsflow_enrich.entities.normalize import (
    normalize_entity,
    resolve_short_person_names,
    strip_person_title,
)


@pytest.mark.parametrize(
    ("text", "entity_type", "expected"),
    [
        ("Washington’s", "GPE", "Washington"),
        ("Washington's", "GPE", "Washington"),
        ("Washington ’s", "GPE", "Washington"),
        ("ISIS’", "ORG", "ISIS"),
        ("the Middle East", "LOC", "Middle East"),
        ("The Pentagon", "ORG", "Pentagon"),
        ("“the Pentagon’s”", "ORG", "Pentagon"),
        ("  Recep \n Tayyip\u00a0Erdogan ", "PERSON", "Recep Tayyip Erdogan"),
        ("Gen. Hulusi Akar", "PERSON", "Hulusi Akar"),
        ("General Hulusi Akar", "PERSON", "Hulusi Akar"),
        ("Spokesman Peter Cook", "PERSON", "Peter Cook"),
        ("Deputy Prime Minister Numan Kurtulmus", "PERSON", "Numan Kurtulmus"),
        ("President Recep Tayyip Erdogan", "PERSON", "Recep Tayyip Erdogan"),
        ("Mr. Cook", "PERSON", "Cook"),
        ("Dr Jane Goodall", "PERSON", "Jane Goodall"),
        ("Secretary of State John Kerry", "PERSON", "John Kerry"),
        ("Chief of Staff Hulusi Akar", "PERSON", "Hulusi Akar"),
        ("former President Barack Obama", "PERSON", "Barack Obama"),
        ("(Reuters)", "ORG", "Reuters"),
        ("U.S.", "GPE", "U.S."),
        ("Apple Inc.", "ORG", "Apple Inc."),
    ],
)
def test_normalize_entity(text: str, entity_type: str, expected: str) -> None:
    assert normalize_entity(text, entity_type) == expected


def test_titles_are_only_stripped_from_people() -> None:
    assert normalize_entity("General Motors", "ORG") == "General Motors"
    assert normalize_entity("President Hotel", "FAC") == "President Hotel"


def test_a_title_alone_keeps_its_last_word() -> None:
    # "Major" could be the surname (John Major); a name is never stripped to nothing.
    assert strip_person_title("Major") == "Major"
    assert strip_person_title("President") == "President"


def test_royal_titles_are_part_of_the_name() -> None:
    assert normalize_entity("King Charles", "PERSON") == "King Charles"


@pytest.mark.parametrize("text", ["", " ", "A", "’s", "2016", "15 - 16", "“”", "the"])
def test_junk_is_none(text: str) -> None:
    assert normalize_entity(text, "ORG") is None


def test_lone_surnames_resolve_to_the_full_name() -> None:
    names = ["Hulusi Akar", "Akar", "Cook", "Peter Cook", "Gerasimov", "Valery Gerasimov", "Erdogan"]
    assert resolve_short_person_names(names) == {
        "Akar": "Hulusi Akar",
        "Cook": "Peter Cook",
        "Gerasimov": "Valery Gerasimov",
    }


def test_an_ambiguous_surname_is_left_alone() -> None:
    assert resolve_short_person_names(["Bill Clinton", "Hillary Clinton", "Clinton"]) == {}


def test_a_first_name_is_not_a_surname() -> None:
    assert resolve_short_person_names(["Peter", "Peter Cook"]) == {}


def test_a_modifier_of_a_role_is_part_of_the_title() -> None:
    """Issue 16 ("Caretaker" stored as an ORG on the sample site): "caretaker", "outgoing", "incoming" qualify a
    role as "acting" and "interim" do; alone, such a word names no organisation."""
    assert normalize_entity("Caretaker Prime Minister Najib Mikati", "PERSON") == "Najib Mikati"
    assert normalize_entity("Outgoing President Joe Biden", "PERSON") == "Joe Biden"
    assert normalize_entity("Caretaker", "ORG") is None
