"""French spellings of towns GeoNames lists only in English/ALA-LC romanisation (``place_names``, issue 16
ninth pass): "Kafr el-Cheikh" is GeoNames' "Kafr ash Shaykh", which the Arabic route names it too."""

from __future__ import annotations

import pytest
from newsflow_enrich.entities.aliases import default_alias_table
from newsflow_enrich.entities.grouping import RawMention, group_mentions
from newsflow_enrich.entities.place_names import place_name


@pytest.mark.parametrize(
    ("french", "town"),
    [
        ("Kafr el-Cheikh", "Kafr ash Shaykh"),  # "ch" → "sh", the article written any way
        ("Chebin el-Kom", "Shibin al Kawm"),
        ("Machhad", "Mashhad"),
        ("Moukalla", "Mukalla"),  # "ou" → "u"
        ("Toulkarem", "Tulkarm"),
        ("Arich", "Arish"),
    ],
)
def test_a_french_spelling_finds_the_town_by_english_conventions(french: str, town: str) -> None:
    assert place_name(french) is None  # GeoNames lists no such spelling
    assert place_name(french, "fr") == town
    assert place_name(french, "fr") == place_name(town)


def test_languages_without_rules_and_unknown_names_are_not_respelled() -> None:
    assert place_name("Kafr el-Cheikh", "en") is None
    assert place_name("Kafr el-Cheikh", "ar") is None
    for name in ("Kabylie", "Cisjordanie", "Pentagone", "Élysée", "Tchétchénie"):
        assert place_name(name, "fr") is None, name


def test_a_heard_final_e_and_short_words_keep_their_e() -> None:
    assert place_name("Thulé", "fr") is None  # "é" is heard: no "Thul"
    assert place_name("Wake", "fr") is None  # too short to drop a letter from


def test_the_town_must_be_in_a_country_the_article_names() -> None:
    assert place_name("Machhad", "fr", countries={"IR", "IQ"}) == "Mashhad"
    assert place_name("Machhad", "fr", countries={"IQ"}) is None
    assert place_name("Albanie", "fr") == "Albany"  # a French word respelled into a town abroad ("Albani")
    assert place_name("Albanie", "fr", countries={"AL"}) is None  # ... is none in an article on Albania


def _grouped(text: str, spans: list[tuple[str, str]], language: str) -> set[tuple[str, str]]:
    mentions = [
        RawMention(text.index(span), text.index(span) + len(span), span, kind) for span, kind in spans
    ]
    found = group_mentions(
        mentions, default_alias_table(), text_length=len(text), respell_places=True, language=language
    )
    return {(entity.name, entity.type) for entity in found}


def test_french_grouping_names_the_town_as_the_arabic_route_does() -> None:
    text = "Des paysans manifestent à Kafr el-Cheikh, dans le nord de l'Égypte."
    found = _grouped(text, [("Kafr el-Cheikh", "GPE"), ("Égypte", "GPE")], "fr")
    assert ("Kafr ash Shaykh", "GPE") in found
    assert ("Kafr ash Shaykh", "GPE") in _grouped("كفر الشيخ", [("كفر الشيخ", "GPE")], "ar")


def test_french_grouping_takes_no_town_of_a_country_the_article_does_not_name() -> None:
    text = "Machhad, selon Bagdad et l'Irak."
    found = _grouped(text, [("Machhad", "GPE"), ("Bagdad", "GPE"), ("Irak", "GPE")], "fr")
    assert ("Machhad", "GPE") in found
