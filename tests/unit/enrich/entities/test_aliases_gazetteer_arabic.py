"""The alias table, the GeoNames gazetteer and the Arabic dictionary recogniser."""

from __future__ import annotations

import pytest
from newsflow_enrich.entities.aliases import AliasEntry, AliasTable, default_alias_table, match_key
from newsflow_enrich.entities.arabic import extract_arabic
from newsflow_enrich.entities.gazetteer import arabic_city_names, ascii_fold, english_place_patterns


@pytest.mark.parametrize(
    ("one", "other"),
    [("Erdoğan", "erdogan"), ("İstanbul", "Istanbul"), ("Çavuşoğlu", "Cavusoglu"), ("إسطنبول", "اسطنبول"),
     ("الرقة", "الرقه"), ("Washington’s", "Washington's"), ("دمشـــق", "دمشق")],
)  # fmt: skip
def test_match_key_ignores_spelling_variants(one: str, other: str) -> None:
    assert match_key(one) == match_key(other)


def test_every_spelling_of_islamic_state_is_one_entity() -> None:
    table = default_alias_table()
    for spelling in ("ISIS", "ISIL", "Daesh", "داعش", "Islamic State", "IŞİD", "الدولة الإسلامية"):
        assert table.canonical(spelling, "ORG") == ("Islamic State", "ORG"), spelling


def test_types_are_only_changed_where_the_model_is_known_to_confuse_them() -> None:
    table = AliasTable([AliasEntry("Jordan", "GPE", ()), AliasEntry("Hamas", "ORG", ())])
    assert table.canonical("Jordan", "ORG") == ("Jordan", "GPE")  # a country named for its government
    assert table.canonical("Jordan", "PERSON") is None  # could be a person's surname...
    assert table.canonical("Jordan", "PERSON", allow_person_to_place=True) == (
        "Jordan",
        "GPE",
    )  # ...once resolved
    assert table.canonical("Hamas", "PERSON") == ("Hamas", "ORG")
    assert table.canonical("Nobody", "PERSON") is None


def test_alias_table_spellings_are_unique_per_entity() -> None:
    table = default_alias_table()
    owners: dict[str, str] = {}
    for entry in table.entries:
        for form in entry.forms:
            key = match_key(form)
            assert owners.setdefault(key, entry.name) == entry.name, (
                f"{form!r}: {owners[key]} and {entry.name}"
            )


def test_english_gazetteer_has_big_cities_but_not_common_words() -> None:
    names = {name for _, name in english_place_patterns()}
    assert {"Aleppo", "Gaziantep", "Glasgow", "Sanliurfa", "Turkey"} <= names
    assert not names & {"Nice", "Reading", "Mobile", "Of"}
    assert ascii_fold("Şanlıurfa") == "Sanliurfa"


def test_arabic_gazetteer_keeps_one_word_names_of_big_cities_only() -> None:
    names = {match_key(arabic): english for arabic, english, _ in arabic_city_names()}
    assert names[match_key("حلب")] == "Aleppo"
    assert match_key("بيان") not in names  # "statement", also a small town
    assert all(" " in key or population >= 100_000 for key, _, population in
               ((match_key(a), e, p) for a, e, p in arabic_city_names()))  # fmt: skip


def test_arabic_names_with_clitics_and_titles() -> None:
    text = (
        "قال المتحدث باسم البنتاغون بيتر كوك إن الغارات استهدفت داعش قرب الرقة وبغداد. "
        "والتقى الرئيس السوري بشار الأسد للصحفيين في دمشق، وقال وزير الخارجية الإيراني محمد جواد ظريف إن "
        "طهران ملتزمة. وأعلنت وزارة الدفاع التركية ذلك."
    )
    found = {(m.name, m.type, m.provenance) for m in extract_arabic(text)}
    assert ("Pentagon", "ORG", "alias") in found
    assert ("بيتر كوك", "PERSON", "pattern") in found  # after a title: the name, no transliteration
    assert ("Islamic State", "ORG", "alias") in found
    assert ("Baghdad", "GPE", "alias") in found  # "وبغداد": the conjunction is not part of the name
    assert ("Bashar al-Assad", "PERSON", "alias") in found
    assert ("Mohammad Javad Zarif", "PERSON", "alias") in found
    assert ("وزارة الدفاع التركية", "ORG", "pattern") in found
    mentions = {m.text: (m.start, m.end) for m in extract_arabic(text)}
    start, end = mentions["وبغداد"]
    assert text[start:end] == "وبغداد"


def test_arabic_common_words_are_not_places() -> None:
    text = "وقال في بيان يوم الخميس إن الحصار مستمر بأنه لن يتوقف، بحسب وكالة الأنباء."
    assert extract_arabic(text) == []


def test_family_name_alone_is_the_person_named_before() -> None:
    text = "قال المتحدث باسم البنتاغون بيتر كوك إن الغارات مستمرة. وأوضح كوك أن الهدف هو داعش، وكرر وكوك ذلك."
    people = [(m.text, m.name) for m in extract_arabic(text) if m.type == "PERSON"]
    assert people == [("بيتر كوك", "بيتر كوك"), ("كوك", "بيتر كوك"), ("وكوك", "بيتر كوك")]


def test_names_of_parties_forces_and_companies() -> None:
    text = "اتفق الجيش وقوات الدعم السريع على هدنة، وقال حزب العدالة والتنمية إن قوات الأمن وصلت. وربحت شركة أبل."
    found = {(m.text, m.type, m.provenance) for m in extract_arabic(text)}
    assert ("قوات الدعم السريع", "ORG", "pattern") in found  # the conjunction "و" is left out
    assert ("أبل", "ORG", "pattern") in found
    assert ("حزب العدالة والتنمية", "ORG", "alias") in found  # the alias table names it first
    assert not any(text.startswith("قوات الأمن") for text, _, _ in found)  # security forces: no name
