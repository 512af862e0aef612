"""``/v1/articles``: find stored articles (filters, full text, orders; cursor paging) and read one in full."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, status
from newsflow_shared.article_query import (
    Direction,
    Order,
    RelevancePosition,
    filtered,
    ordered,
    ranked_page,
)
from newsflow_shared.db import session_scope
from newsflow_shared.messages import EntityCount, Translation
from newsflow_shared.models import Article, ArticleEntity, ArticleTranslation, Entity
from sqlalchemy import select

from newsflow_api.article_filters import ArticleFilterParams
from newsflow_api.cursor import BadCursor, decode_position, encode_cursor, encode_relevance_cursor
from newsflow_api.resources import Resources, get_resources
from newsflow_api.schemas import ArticlePage, ArticleRecord, ArticleSummary

router = APIRouter(prefix="/v1/articles", tags=["articles"])

Res = Annotated[Resources, Depends(get_resources)]

# Columns copied as they are into the full record (the rest are joined or renamed).
_RECORD_COLUMNS = (
    "id", "url", "canonical_url", "title", "authors", "published_at", "modified_at", "section", "dateline",
    "description", "body", "images", "site_name", "html_lang", "extras", "status", "provenance", "fetched_at",
    "language", "language_confidence", "declared_language", "html_lang_agrees", "organisation",
)  # fmt: skip


@router.get("", response_model=ArticlePage, responses={400: {"description": "Invalid or stale cursor"}})
def list_articles(
    resources: Res,
    filters: Annotated[ArticleFilterParams, Depends()],
    order: Annotated[Order, Query(description="published, stored (first stored) or relevance (needs q).")] = (
        "stored"
    ),
    direction: Annotated[Direction, Query(alias="dir", description="asc or desc.")] = "desc",
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Annotated[str | None, Query(description="`next_cursor` of the previous page.")] = None,
) -> ArticlePage:
    """Stored articles, filtered (full text, dates, site, section, entity, language, crawl), in the requested
    order (default: most recently stored first); the same cursor paging whatever the order."""
    position = _position(cursor)
    relevance = order == "relevance" and bool(filters.q)
    with session_scope(resources.sessions) as session:
        named = position if isinstance(position, str) else position.start
        if named is not None and session.get(Article, named) is None:
            raise HTTPException(
                status.HTTP_400_BAD_REQUEST, detail="cursor refers to an article that is gone"
            )
        query, rank = filtered(session, filters.to_filters(), order)
        if relevance:
            start = position if isinstance(position, RelevancePosition) else RelevancePosition()
            page = ranked_page(session, query, rank, start, limit)
            rows = page.rows
            next_cursor = encode_relevance_cursor(page.next) if page.next else None
        else:
            after = position if isinstance(position, str) else None
            rows = list(session.scalars(ordered(query, rank, order, direction, after, 0).limit(limit + 1)))
            next_cursor = encode_cursor(rows[limit - 1].id) if len(rows) > limit else None
            rows = rows[:limit]
    return ArticlePage(items=[_summary(row) for row in rows], next_cursor=next_cursor)


def _position(cursor: str | None) -> str | RelevancePosition:
    """The article to continue after, or the relevance position, of a cursor (none: the start); 400 for a
    cursor this API did not make."""
    if cursor is None:
        return RelevancePosition()
    try:
        return decode_position(cursor)
    except BadCursor as exc:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, detail=str(exc)) from exc


def _summary(row: Article) -> ArticleSummary:
    return ArticleSummary(
        id=row.id,
        url=row.url,
        canonical_url=row.canonical_url,
        title=row.title,
        published_at=row.published_at,
        language=row.language,
        site_name=row.site_name,
        crawl_id=row.crawl_id,
        version=row.version,
        created_at=row.created_at,
    )


@router.get(
    "/{article_id}", response_model=ArticleRecord, responses={404: {"description": "Unknown article"}}
)
def get_article(article_id: str, resources: Res) -> ArticleRecord:
    """One article in full: the record of ``newsflow extract`` with its entities and translations."""
    with session_scope(resources.sessions) as session:
        row = session.get(Article, article_id)
        if row is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"no article {article_id}")
        record: dict[str, Any] = {name: getattr(row, name) for name in _RECORD_COLUMNS}
        # Null for articles stored before revision 0002_enrichment.
        record["mixed_language"] = bool(row.mixed_language)
        record["language_shares"] = row.language_shares or {}
        # Empty for articles stored before revision 0005_extraction.
        record["blocks"] = row.blocks or []
        record["tags"] = row.tags or []
        links = session.execute(
            select(Entity.name, Entity.type, Entity.wikidata_id, Entity.geonames_id, ArticleEntity)
            .join(ArticleEntity, ArticleEntity.entity_id == Entity.id)
            .where(ArticleEntity.article_id == article_id)
            .order_by(ArticleEntity.count.desc(), Entity.name)
        )
        record["entities"] = [
            EntityCount(
                name=name,
                type=kind,
                count=link.count,
                mentions=link.mentions or [],
                salience=link.salience,
                first_position=link.first_position,
                in_title=bool(link.in_title),
                provenance=link.provenance or "ner",
                route=link.route,
                wikidata_id=wikidata_id,
                geonames_id=geonames_id,
            )
            for name, kind, wikidata_id, geonames_id, link in links
        ]
        translations = session.scalars(
            select(ArticleTranslation)
            .where(ArticleTranslation.article_id == article_id)
            .order_by(ArticleTranslation.target_language, ArticleTranslation.provider)
        )
        record["translations"] = [
            Translation(
                provider=t.provider,
                source_language=t.source_language,
                target_language=t.target_language,
                title=t.title,
                body=t.body,
                created_at=t.created_at.isoformat() if t.created_at is not None else None,
            )
            for t in translations
        ]
    return ArticleRecord.model_validate(record)
