"""The catalogue key of an organisation's name (``org_key``): one key for a name and its translations, built
from the lexicon learnt from the shipped tables; different organisations apart. Names are synthetic, built from
institution words, not taken from the gold sets."""

from __future__ import annotations

import pytest
from newsflow_shared.org_keys import name_language, org_key


@pytest.mark.parametrize(
    "names",
    [
        # institution words the label table aligns (agency, energy, atomic) and a nationality in three languages
        (
            "Iranian Atomic Energy Agency",
            "Agence iranienne de l'énergie atomique",
            "الوكالة الإيرانية للطاقة الذرية",
        ),
        # a proper name by its skeleton, liberation and army by the lexicon, any order
        ("Sudan Liberation Army", "Armée de libération du Soudan", "جيش تحرير السودان"),
        ("Darfur Liberation Army", "Armée de libération du Darfour"),
        # a country's name or its nationality adjective, an organ of a country
        ("National Security Council of Iraq", "Conseil de sécurité nationale irakien"),
        ("Egyptian Health Ministry", "ministère égyptien de la Santé", "وزارة الصحة المصرية"),
    ],
)
def test_a_name_and_its_translations_share_the_key(names: tuple[str, ...]) -> None:
    keys = {org_key(name) for name in names}
    assert None not in keys
    assert len(keys) == 1


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Syrian National Army", "Armée arabe syrienne"),  # national ≠ arab
        ("World Health Organization", "Organisation internationale de la santé"),  # world ≠ international
        ("West Africa Command", "Commandement de l'Afrique de l'Est"),  # west ≠ east
        ("Southern Transitional Council", "Conseil de transition d'État"),  # south ≠ state
        ("Egyptian Health Ministry", "ministère libyen de la Santé"),  # two countries
        ("Iranian Atomic Energy Agency", "International Atomic Energy Agency"),  # a country is a concept
    ],
)
def test_different_organisations_have_different_keys(one: str, other: str) -> None:
    assert org_key(one) != org_key(other)


def test_digits_are_kept() -> None:
    assert org_key("G7 Summit Council") != org_key("G20 Summit Council")


@pytest.mark.parametrize("name", ["Hamas", "Armée", "الجيش", "Brad Smith", "براد سميث", "Iraqi Kurdistan"])
def test_one_concept_or_no_institution_word_gives_no_key(name: str) -> None:
    assert org_key(name) is None


def test_languages() -> None:
    assert name_language("Armée de libération du Soudan") == "fr"
    assert name_language("Council of the Liberation Army") == "en"
    assert name_language("جيش تحرير السودان") == "ar"
