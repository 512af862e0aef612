"""French nationality adjectives the plain suffix rules do not make of the CLDR country name (issue 16, ninth
pass): a stem of the name cut further, with a nationality ending, when the French model's adjective list
has the word ("Roumanie" → "roumain")."""

from __future__ import annotations

import pytest
from newsflow_enrich.entities.countries import french_adjectives, nationality_code
from newsflow_enrich.entities.ministries import ministry_name


@pytest.mark.parametrize(
    ("word", "code"),
    [
        ("roumain", "RO"),  # Roumanie: "-anie" → "-ain"
        ("roumaine", "RO"),
        ("roumains", "RO"),
        ("albanais", "AL"),  # Albanie: "-ie" → "-ais"
        ("portugaise", "PT"),  # Portugal: "-al" → "-ais"
        ("hondurien", "HN"),  # Honduras
        ("lettone", "LV"),  # Lettonie: "-ie" cut, no ending
        ("moldave", "MD"),  # Moldavie: "-ie" → "-e"
        ("slovaques", "SK"),
        ("seychellois", "SC"),
    ],
)
def test_french_adjectives_the_suffixes_did_not_make(word: str, code: str) -> None:
    assert nationality_code(word, "fr") == code


@pytest.mark.parametrize(
    "word", ["porte", "brun", "bruni", "barbe", "argente", "hongre", "grene", "soudain", "paysan", "colombin"]
)
def test_french_words_that_are_no_nationality_name_no_country(word: str) -> None:
    # Stems of "Portugal", "Brunei", "Barbade", "Argentine", "Hongrie", "Grenade" with an ending the adjective
    # list has, but no nationality ending ("hongre" is a horse; Hungary's adjective is "hongrois"); stems of
    # names whose country has an adjective already ("Soudan": "soudanais", not "soudain"; "Colombie":
    # "colombien") or of two words ("Pays-Bas" → "paysan").
    assert nationality_code(word, "fr") is None


def test_the_adjective_list_is_the_french_models() -> None:
    adjectives = french_adjectives()
    assert {"roumain", "albanais", "soudanais", "rouge"} <= adjectives
    assert "roumanie" not in adjectives


def test_a_ministry_named_with_such_an_adjective_is_keyed() -> None:
    assert ministry_name("ministère roumain de la Défense", "fr") == "Ministry of Defence (Romania)"
    assert ministry_name("ministère albanais de l'Intérieur", "fr") == "Ministry of Interior (Albania)"
