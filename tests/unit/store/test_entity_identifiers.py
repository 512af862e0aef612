"""The store keeps each link's route and the catalogue's shared identifiers (migrated SQLite file)."""

from __future__ import annotations

from newsflow_shared.db import session_scope
from newsflow_shared.messages import EnrichedArticle, EntityCount
from newsflow_shared.models import ArticleEntity, Entity
from newsflow_store.articles import upsert_article
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from tests.unit.store.store_contract import enriched, new_crawl


def _article(url: str, entities: list[EntityCount]) -> EnrichedArticle:
    message = enriched(url)
    message.enrichment.entities = entities
    return message


def test_route_and_identifiers_are_stored_and_never_overwritten(sessions: sessionmaker[Session]) -> None:
    new_crawl(sessions)
    turkey = EntityCount(name="Turkey", type="GPE", route="model:fr_core_news_sm", wikidata_id="Q43",
                         geonames_id=298795)  # fmt: skip
    with session_scope(sessions) as session:
        upsert_article(_article("https://news.example/a", [turkey]), session=session)
    # A later producer with another (or a malformed) id does not change what the catalogue has.
    other = EntityCount(name="Turkey", type="GPE", route="rules:ar", wikidata_id="not-a-qid", geonames_id=1)
    unknown = EntityCount(name="Nowhere", type="GPE", wikidata_id="Q 1; DROP")
    with session_scope(sessions) as session:
        upsert_article(_article("https://news.example/b", [other, unknown]), session=session)
    with session_scope(sessions) as session:
        rows = {row.name: (row.wikidata_id, row.geonames_id) for row in session.scalars(select(Entity))}
        routes = sorted(session.scalars(select(ArticleEntity.route)), key=str)
    assert rows == {"Turkey": ("Q43", 298795), "Nowhere": (None, None)}
    assert routes == [None, "model:fr_core_news_sm", "rules:ar"]
