"""Finding articles (issue 14): the filters and orders of ``GET /v1/articles``, ``newsflow search`` and
``newsflow export``, written once for PostgreSQL (tsvector, ``read_views``) and SQLite (FTS5).

Each filter maps to an index (docs/schema.md, "Reading"): ``q`` to ``ix_articles_search`` (GIN) or FTS5,
``since``/``until`` and ``order=published`` to ``ix_articles_published_id``, ``stored_since``/``stored_until``
and ``order=stored`` to ``ix_articles_created_id``, ``site`` to ``ix_articles_site_published``, ``entity`` to
``uq_entities_name_type``/``pk_entities`` then ``ix_article_entities_entity_id``, ``language`` to
``ix_articles_language``, ``section`` to ``ix_articles_section_published``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import Select, and_, func, literal_column, or_, select, text
from sqlalchemy.orm import Session

from newsflow_shared.models import Article, ArticleEntity, Entity
from newsflow_shared.search_text import normalize
from newsflow_shared.upsert import dialect_name

Order = Literal["published", "stored", "relevance"]
Direction = Literal["asc", "desc"]


@dataclass(frozen=True)
class ArticleFilters:
    q: str | None = None
    since: datetime | None = None  # published_at >= since
    until: datetime | None = None  # published_at < until
    stored_since: datetime | None = None  # created_at >= stored_since
    stored_until: datetime | None = None
    site: str | None = None
    section: str | None = None
    entity: str | None = None  # an entity id (digits) or name
    language: str | None = None
    crawl_id: str | None = None


def _order_column(order: Order) -> Any:
    return Article.published_at if order == "published" else Article.created_at


def filtered(session: Session, filters: ArticleFilters, order: Order = "stored") -> tuple[Select[Any], Any]:
    """``SELECT articles`` with the filters applied, and the relevance expression (None without ``q``)."""
    query = select(Article)
    conditions = _plain_conditions(filters)
    if order == "published":
        conditions.append(Article.published_at.is_not(None))  # undated articles have no place in this order
    query = query.where(*conditions)
    if filters.entity:
        query = query.where(Article.id.in_(_entity_articles(filters.entity)))
    rank = None
    if filters.q:
        query, rank = _text_search(session, query, filters.q, filters.language)
    return query, rank


def _plain_conditions(filters: ArticleFilters) -> list[Any]:
    pairs: list[tuple[Any, Any, str]] = [
        (filters.since, Article.published_at, ">="),
        (filters.until, Article.published_at, "<"),
        (filters.stored_since, Article.created_at, ">="),
        (filters.stored_until, Article.created_at, "<"),
        (filters.site, Article.site_name, "="),
        (filters.section, Article.section, "="),
        (filters.language, Article.language, "="),
        (filters.crawl_id, Article.crawl_id, "="),
    ]
    return [column.op(operator)(value) for value, column, operator in pairs if value is not None]


def _entity_articles(entity: str) -> Select[Any]:
    match = Entity.id == int(entity) if entity.isdigit() and len(entity) < 10 else Entity.name == entity
    return select(ArticleEntity.article_id).join(Entity, Entity.id == ArticleEntity.entity_id).where(match)


def _text_search(
    session: Session, query: Select[Any], q: str, language: str | None
) -> tuple[Select[Any], Any]:
    if dialect_name(session) == "postgresql":
        vector: Any = literal_column("articles.search_vector")  # stored and GIN-indexed (read_views.py)
        tsquery = func.newsflow_search_query(q, language)
        return query.where(vector.op("@@")(tsquery)), func.ts_rank(vector, tsquery)
    fts = (
        select(literal_column("article_id").label("article_id"), literal_column("rank").label("rank"))
        .select_from(text("article_search"))
        .where(text("article_search MATCH :fts").bindparams(fts=fts_query(q)))
        .subquery()
    )
    # FTS5's rank is bm25, lower = better: negate so that higher is more relevant on both databases.
    return query.join(fts, fts.c.article_id == Article.id), -fts.c.rank


def fts_query(q: str) -> str:
    """A FTS5 query of every word of ``q`` (folded), each quoted so no word is read as an operator."""
    words = [word.replace('"', "") for word in normalize(q).split()]
    return " ".join(f'"{word}"' for word in words if word) or '""'


def ordered(
    query: Select[Any], rank: Any, order: Order, direction: Direction, after: str | None, offset: int
) -> Select[Any]:
    """The query in the requested order, continuing after the article whose id is ``after`` (keyset, compared
    with its stored value in the database: see ``newsflow_api.cursor``) or ``offset`` (relevance, whose order
    has no stable key)."""
    if order == "relevance":
        if rank is None:
            order = "stored"
        else:
            return query.order_by(rank.desc(), Article.id).offset(offset)
    column = _order_column(order)
    if after is not None:
        value = select(column).where(Article.id == after).scalar_subquery()
        if direction == "desc":
            query = query.where(or_(column < value, and_(column == value, Article.id < after)))
        else:
            query = query.where(or_(column > value, and_(column == value, Article.id > after)))
    if direction == "desc":
        return query.order_by(column.desc(), Article.id.desc())
    return query.order_by(column.asc(), Article.id.asc())
