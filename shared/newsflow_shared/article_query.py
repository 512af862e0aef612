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

from sqlalchemy import Select, and_, func, literal_column, or_, select, text, tuple_
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


# How many matches one relevance window ranks (docs/schema.md, "Searching"). Ranking every match of a frequent word
# (a fifth of a million articles) took 4.2 s. Finding a window walks ix_articles_created_id testing each row's
# stored vector until it has this many matches, ~size/share rows: for a word in 1.7% of a million articles, 1.3 s
# with 1,000 and 87 ms with 250 on the loaded 2-core machine (benchmarks/reader.py's database).
RELEVANCE_WINDOW = 250


@dataclass(frozen=True)
class RelevancePosition:
    """Where a relevance-ordered listing stands: its window holds the ``RELEVANCE_WINDOW`` most recently stored
    matches from the article ``start`` on (``inclusive``) or after it (None: from the newest match), and
    ``offset`` of the window's ranked matches came before."""

    start: str | None = None
    inclusive: bool = True
    offset: int = 0


@dataclass(frozen=True)
class RankedPage:
    rows: list[Article]
    next: RelevancePosition | None  # None: nothing more


def _window(query: Select[Any], position: RelevancePosition, size: int) -> Select[Any]:
    """The ids of a relevance window: the filtered matches, most recently stored first (``ix_articles_created_id``
    walked, or the search index's matches sorted when they are few), from ``position.start`` on."""
    window = query.with_only_columns(Article.id)
    if position.start is not None:
        # A row comparison, not "a < x OR (a = x AND b <= y)": PostgreSQL starts the index walk at it (the OR
        # form was a filter, and a frequent word's second window took 35-110 s at a million articles).
        stored = select(Article.created_at).where(Article.id == position.start).scalar_subquery()
        key, bound = tuple_(Article.created_at, Article.id), tuple_(stored, position.start)
        window = window.where(key <= bound if position.inclusive else key < bound)
    return window.order_by(Article.created_at.desc(), Article.id.desc()).limit(size)


def _by_rank(query: Select[Any], rank: Any, ids: Any) -> Select[Any]:
    return query.where(Article.id.in_(ids)).order_by(rank.desc(), Article.id)


def ranked_page(
    session: Session, query: Select[Any], rank: Any, position: RelevancePosition, limit: int
) -> RankedPage:
    """One page of a relevance-ordered search (``query``/``rank`` from :func:`filtered` with ``q``).

    Relevance ranks windows of matches, not every match at once: the ``RELEVANCE_WINDOW`` most recently stored
    matches are ranked (best first), then the next ones, and so on, so a page costs the same whether a word
    matches ten articles or a third of the corpus, and every match is listed exactly once. While fewer articles
    than a window match (most searches), this is plain relevance over all of them. The window is pinned by its
    first article, so articles stored while a reader pages do not move the pages; only the last page of a
    window may be short."""
    ids = list(session.scalars(_window(query, position, RELEVANCE_WINDOW + 1)))
    window, more_windows = ids[:RELEVANCE_WINDOW], len(ids) > RELEVANCE_WINDOW
    if not window:
        return RankedPage([], None)
    # The window holds only matches. PostgreSQL: testing them again let the planner intersect the ids with every
    # match in the search index, 190 ms for a word in a fifth of a million articles (EXPLAIN ANALYZE), instead of
    # ranking the window's rows found by primary key. SQLite's rank is a column of the FTS5 join in ``query``.
    base = select(Article) if dialect_name(session) == "postgresql" else query
    rows = list(session.scalars(_by_rank(base, rank, window).offset(position.offset).limit(limit)))
    if position.offset + limit < len(window):
        return RankedPage(rows, RelevancePosition(window[0], True, position.offset + limit))
    return RankedPage(rows, RelevancePosition(window[-1], False, 0) if more_windows else None)


def ordered(
    query: Select[Any], rank: Any, order: Order, direction: Direction, after: str | None, offset: int
) -> Select[Any]:
    """The query in the requested order, continuing after the article whose id is ``after`` (keyset, compared
    with its stored value in the database: see ``newsflow_api.cursor``). Relevance: the first window of
    :func:`ranked_page` (the ``RELEVANCE_WINDOW`` most recently stored matches, best first) from ``offset``."""
    if order == "relevance":
        if rank is None:
            order = "stored"
        else:
            window = _window(query, RelevancePosition(), RELEVANCE_WINDOW).subquery()
            return _by_rank(query, rank, select(window.c.id)).offset(offset)
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
