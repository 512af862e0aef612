"""The enrich workers' shared translation cache on a real PostgreSQL: a translation stored by one process is
found by content hash by another (``StoredTranslations(database_url=...)``, as ``newsflow_enrich.tasks`` makes it),
and the translation server is not asked again."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from newsflow_enrich.enricher import Enricher
from newsflow_enrich.translation.stored import StoredTranslations
from newsflow_shared.config import Settings
from newsflow_shared.db import make_engine, make_sessionmaker, session_scope
from newsflow_shared.messages import ParsedArticle
from newsflow_shared.migrate import upgrade
from newsflow_store.articles import upsert_article

from tests.support.servers import fresh_database
from tests.support.translate_server import fake_translation, serve_translate

pytestmark = pytest.mark.integration

TITLE = "Le conseil approuve une nouvelle ligne de tramway"
BODY = "Le conseil municipal a voté lundi la construction d'une ligne de tramway entre la gare et le port."


@pytest.fixture
def database_url(postgres_admin_url: str) -> Iterator[str]:
    """A new, empty database on the test server for each test, dropped afterwards."""
    with fresh_database(postgres_admin_url) as url:
        yield url


def _article(url: str) -> ParsedArticle:
    return ParsedArticle(url=url, canonical_url=url, title=TITLE, body=BODY)


def test_a_translation_stored_by_one_worker_is_reused_by_another(database_url: str) -> None:
    upgrade(database_url)
    engine = make_engine(database_url)
    with serve_translate() as server:
        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            database_url=database_url,
            translator="libretranslate",
            translate_url=server.base_url,
        )
        first_worker = Enricher(settings, shared_cache=StoredTranslations(database_url=database_url))
        enriched = first_worker.enrich(_article("https://a.example/tram"))
        assert len(server.requests) == 2
        with session_scope(make_sessionmaker(engine)) as session:  # the store worker's part
            upsert_article(enriched, session=session)

        second_worker = Enricher(settings, shared_cache=StoredTranslations(database_url=database_url))
        again = second_worker.enrich(_article("https://b.example/same-story"))
        assert len(server.requests) == 2  # found in PostgreSQL by content hash
    engine.dispose()
    [translation] = again.enrichment.translations
    assert translation.content_hash == enriched.enrichment.translations[0].content_hash
    assert (translation.title, translation.body) == (
        fake_translation(TITLE, "en"),
        fake_translation(BODY, "en"),
    )
