"""Every documented reader query and every filter of ``GET /v1/articles`` uses an index (issue 14), checked
with ``EXPLAIN`` on PostgreSQL over 30,000 generated articles (three years, five languages, twenty sites, 97
sections, 500 entities), big enough for the planner to choose between indexes; sequential scans are also switched off
(``enable_seqscan = off``) so a query without a usable index still shows a ``Seq Scan``. benchmarks/reader.py
measures the same queries at a million articles."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from newsflow_shared.article_query import ArticleFilters, filtered, ordered
from newsflow_shared.db import make_engine, make_sessionmaker, session_scope
from newsflow_shared.export import EXPORT_COLUMNS
from newsflow_shared.feed import FEED_QUERY
from newsflow_shared.migrate import upgrade
from newsflow_shared.models import Article
from newsflow_store.articles import upsert_article
from sqlalchemy import select, text
from sqlalchemy.orm import Session, sessionmaker

from tests.unit.store.store_contract import enriched

pytestmark = pytest.mark.integration

MARCH = datetime(2024, 3, 1, tzinfo=UTC)
APRIL = datetime(2024, 4, 1, tzinfo=UTC)
STORED_DAY = datetime(2024, 1, 10, tzinfo=UTC), datetime(2024, 1, 11, tzinfo=UTC)


@pytest.fixture(scope="module")
def sessions(postgres_url: str) -> Iterator[sessionmaker[Session]]:
    upgrade(postgres_url)
    engine = make_engine(postgres_url)
    sessions = make_sessionmaker(engine)
    with session_scope(sessions) as session:
        upsert_article(
            enriched("https://news.example/0", crawl_id=None, body="Tram council story."), session=session
        )
        for statement in GENERATED:
            session.execute(text(statement))
    with session_scope(sessions) as session:
        session.execute(text("ANALYZE"))
    yield sessions
    engine.dispose()


ROWS = 30_000
GENERATED = [
    f"""INSERT INTO articles (id, canonical_url, url, title, authors, body, images, site_name, section, language,
        extras, provenance, status, content_hash, published_at, created_at, updated_at, version)
    SELECT md5(i::text) || md5((i + 1)::text), 'https://s' || i % 20 || '.example/' || i, 'https://s' || i % 20
        || '.example/' || i, 'Story ' || i || ' word' || i % 997, '[]', 'Body of story ' || i || ' about word'
        || i % 1009 || ' and word' || i % 13, '[]', 'Site ' || i % 20, 'Section ' || i % 97,
        (ARRAY['en', 'fr', 'ar', 'de', 'sw'])[1 + i % 5], '{{}}', '{{}}', 'article', md5(i::text) || md5(i::text),
        timestamptz '2022-01-01' + i * interval '52 minutes', timestamptz '2024-01-01' + i * interval '1 minute',
        timestamptz '2024-01-01' + i * interval '1 minute', 1
    FROM generate_series(1, {ROWS}) AS i""",
    "INSERT INTO entities (name, type, article_count) SELECT 'Entity ' || e, 'ORG', 0 FROM generate_series(1, 500) e",
    """INSERT INTO article_entities (article_id, entity_id, count)
    SELECT a.id, (SELECT min(id) FROM entities) + abs(hashtext(a.id)) % 500, 1 FROM articles a""",
    """INSERT INTO article_changes (txid, article_id, version, change, origin)
    SELECT 1, id, 1, 'created', 'crawl' FROM articles""",
]


def _plan(session: Session, statement: Any, params: dict[str, Any] | None = None) -> str:
    session.execute(text("SET LOCAL enable_seqscan = off"))
    if isinstance(statement, str):
        rows = session.execute(text("EXPLAIN (FORMAT JSON) " + statement), params or {}).scalar_one()
    else:
        compiled = statement.compile(dialect=session.get_bind().dialect)
        rows = session.connection().exec_driver_sql("EXPLAIN (FORMAT JSON) " + str(compiled), compiled.params)
        rows = rows.scalar_one()
    return json.dumps(rows)


def _article_list(
    session: Session, filters: ArticleFilters, order: str = "stored", direction: str = "desc"
) -> Any:
    query, rank = filtered(session, filters, order)  # type: ignore[arg-type]
    return ordered(query, rank, order, direction, None, 0).limit(51)  # type: ignore[arg-type]


CASES: dict[str, tuple[Any, list[str]]] = {
    "feed page": (None, ["ix_article_changes_txid_seq"]),
    "article by id": (None, ["pk_articles"]),
    "list, newest stored first": (ArticleFilters(), ["ix_articles_created_id"]),
    "published range": (
        ArticleFilters(since=MARCH, until=APRIL),
        ["ix_articles_published_id", "ix_articles_published_at"],
    ),
    "stored range": (
        ArticleFilters(stored_since=STORED_DAY[0], stored_until=STORED_DAY[1]),
        ["ix_articles_created_id"],
    ),
    "full text": (ArticleFilters(q="word17"), ["ix_articles_search"]),
    "full text in a language": (
        ArticleFilters(q="word17", language="en"),
        ["ix_articles_search", "ix_articles_created_id"],
    ),
    "entity by name + dates": (
        ArticleFilters(entity="Entity 42", since=MARCH, until=APRIL),
        ["uq_entities_name_type", "ix_article_entities_entity_id"],
    ),
    "entity by id": (ArticleFilters(entity="42"), ["ix_article_entities_entity_id"]),
    "site": (ArticleFilters(site="Example News"), ["ix_articles_site_published"]),
    # Newest published first within a section: its index gives the rows already in order.
    "section": (ArticleFilters(section="Section 3"), ["ix_articles_section_published"]),
    "section + dates": (
        ArticleFilters(section="Section 3", since=MARCH, until=APRIL),
        ["ix_articles_section_published"],
    ),
    # A fifth of the rows: walking the order's index and skipping the others is the better plan.
    "language": (ArticleFilters(language="fr"), ["ix_articles_language", "ix_articles_created_id"]),
    "crawl": (ArticleFilters(crawl_id="00000000-0000-4000-8000-000000000001"), ["ix_articles_crawl"]),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_query_uses_its_index(sessions: sessionmaker[Session], case: str) -> None:
    filters, indexes = CASES[case]
    with session_scope(sessions) as session:
        if case == "feed page":
            plan = _plan(
                session, FEED_QUERY.format(view="newsflow_v1.changes"), {"txid": 0, "seq": 0, "limit": 500}
            )
        elif case == "article by id":
            plan = _plan(session, select(Article).where(Article.id == "0" * 64))
        else:
            # Full text by relevance needs every match: the GIN index. Newest first, a frequent word is cheaper to
            # find by walking the order's index and testing each row's stored vector (either plan is fine).
            order = (
                "published"
                if filters.since or filters.section
                else "relevance"
                if case == "full text"
                else "stored"
            )
            plan = _plan(session, _article_list(session, filters, order))
    if case.startswith("entity by name"):
        assert all(index in plan for index in indexes), f"{case}: {indexes} not used\n{plan}"
    else:  # one of the indexes that fit
        assert any(index in plan for index in indexes), f"{case}: none of {indexes} used\n{plan}"
    assert "Seq Scan" not in plan, f"{case}: a sequential scan\n{plan}"


def test_export_reads_in_index_order(sessions: sessionmaker[Session]) -> None:
    columns = [getattr(Article, name) for name in EXPORT_COLUMNS]
    with session_scope(sessions) as session:
        plan = _plan(session, select(*columns).order_by(Article.created_at, Article.id))
    assert "ix_articles_created_id" in plan and "Sort" not in plan.replace("Sort Key", ""), plan


def _generic_plan(session: Session, statement: Any, params: dict[str, Any]) -> str:
    """The plan PostgreSQL uses for ``statement`` once it is a prepared statement with a generic plan — what a
    store worker runs: psycopg prepares a statement after a few executions, and PostgreSQL may then stop planning
    it for each value. Each ``%(name)s`` becomes ``$n``."""
    compiled = statement.compile(dialect=session.get_bind().dialect)
    sql, values = str(compiled), []
    for number, name in enumerate(compiled.positiontup or list(compiled.params), 1):
        sql = sql.replace(f"%({name})s", f"${number}", 1)
        values.append({**compiled.params, **params}[name])
    connection = session.connection()
    connection.exec_driver_sql("SET LOCAL plan_cache_mode = force_generic_plan")
    connection.exec_driver_sql(f"PREPARE generic_probe AS {sql}")
    try:
        literal = ", ".join("'" + str(value).replace("'", "''") + "'" for value in values)
        rows = connection.exec_driver_sql(
            f"EXPLAIN (FORMAT JSON) EXECUTE generic_probe({literal})"
        ).scalar_one()
    finally:
        connection.exec_driver_sql("DEALLOCATE generic_probe")
    return json.dumps(rows)


@pytest.mark.parametrize("statistics", ["analysed", "stale"])
def test_the_stores_same_body_lookup_uses_the_body_hash_index_in_a_generic_plan(
    sessions: sessionmaker[Session], statistics: str
) -> None:
    """Found in the soak: the lookup, ordered by storage time with a LIMIT and planned generically before the
    table was first analysed, walked the storage-time index and filtered every row on the body hash — 33 ms at
    36,000 articles, growing with the table; the table had not been analysed yet, and the planner took a body
    hash for ~120 rows. "stale" makes it believe the same inside the test's transaction (rolled back)."""
    from newsflow_store.articles import _same_body_statement

    session = sessions()
    try:
        if statistics == "stale":
            # What the planner assumed in the soak's database: ~120 rows per body hash, not one.
            session.execute(text("ALTER TABLE articles ALTER COLUMN content_hash SET (n_distinct = 200)"))
            session.execute(text("ANALYZE articles"))
        plan = _generic_plan(
            session, _same_body_statement("postgresql"), {"content_hash": "0" * 64, "article_id": "x"}
        )
    finally:
        session.rollback()
        session.close()
    assert "ix_articles_content_hash" in plan, plan
