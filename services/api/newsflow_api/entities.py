"""``/v1/entities``: find entities of the catalogue by name or alias, and list the articles naming one.

"Every article mentioning Hulusi Akar": ``GET /v1/entities?q=akar&type=PERSON`` gives the entity's id, then
``GET /v1/entities/{id}/articles`` the articles, most salient first.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, status
from newsflow_shared.db import session_scope
from newsflow_shared.models import Article, ArticleEntity, Entity
from newsflow_shared.name_keys import script_code
from pydantic import BaseModel, Field
from sqlalchemy import Text, cast, func, or_, select

from newsflow_api.resources import Resources, get_resources

router = APIRouter(prefix="/v1/entities", tags=["entities"])

Res = Annotated[Resources, Depends(get_resources)]


class EntitySummary(BaseModel):
    """One entity of the catalogue."""

    id: int
    name: str
    type: str
    aliases: list[str] = Field(default_factory=list)
    article_count: int
    wikidata_id: str | None = Field(
        None, description='Wikidata QID ("Q43"), where newsflow\'s tables know it.'
    )
    geonames_id: int | None = Field(None, description="GeoNames feature id of a place, where known.")
    labels: dict[str, str] = Field(
        default_factory=dict,
        description='The name in each script, by ISO 15924 code ({"Arab": "خالد الفالح", "Latn": "Khalid '
        "al-Falih\"}): the name's own script, and the first spelling of each other script the row was linked "
        "under. A row first named in Arabic keeps its Arabic name; readers of Latin script read labels.Latn.",
    )


class EntityPage(BaseModel):
    items: list[EntitySummary]
    total: int


class EntityArticle(BaseModel):
    """An article naming the entity, with how prominently it does."""

    id: str
    url: str
    title: str | None
    published_at: datetime | None
    language: str | None
    site_name: str | None
    count: int
    salience: float | None
    in_title: bool | None
    first_position: int | None
    provenance: str | None
    route: str | None = Field(None, description="The route that found it: model:<package>, rules:ar, …")


class EntityArticlePage(BaseModel):
    entity: EntitySummary
    items: list[EntityArticle]
    total: int


def _like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _summary(entity: Entity) -> EntitySummary:
    return EntitySummary(
        id=entity.id,
        name=entity.name,
        type=entity.type,
        aliases=list(entity.aliases or []),
        article_count=entity.article_count,
        wikidata_id=entity.wikidata_id,
        geonames_id=entity.geonames_id,
        labels=_labels(entity),
    )


def _labels(entity: Entity) -> dict[str, str]:
    """The row's name under its own script's code, and its stored labels of other scripts."""
    own = {code: entity.name} if (code := script_code(entity.name)) else {}
    return {**{str(key): str(value) for key, value in (entity.labels or {}).items()}, **own}


@router.get("", response_model=EntityPage)
def find_entities(
    resources: Res,
    q: Annotated[str | None, Query(max_length=300, description="Part of the name or of an alias.")] = None,
    type: Annotated[str | None, Query(max_length=16, description="PERSON, ORG, GPE, LOC, NORP, …")] = None,
    wikidata_id: Annotated[str | None, Query(max_length=16, description="A Wikidata QID (Q43).")] = None,
    geonames_id: Annotated[int | None, Query(ge=1, description="A GeoNames feature id.")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> EntityPage:
    """Entities whose name or an alias contains ``q`` (case-insensitive), or with the given Wikidata / GeoNames
    id, most covered first."""
    condition = []
    if q:
        # Aliases are a JSON array serialised with non-ASCII escaped ("\\u062f..."), on PostgreSQL and SQLite
        # alike: the query is compared both as typed and in that escaped form.
        escaped = json.dumps(q)[1:-1]
        condition.append(
            or_(
                Entity.name.ilike(_like_pattern(q), escape="\\"),
                cast(Entity.aliases, Text).ilike(_like_pattern(q), escape="\\"),
                cast(Entity.aliases, Text).ilike(_like_pattern(escaped), escape="\\"),
            )
        )
    if type:
        condition.append(Entity.type == type.upper())
    if wikidata_id:
        condition.append(Entity.wikidata_id == wikidata_id.upper())
    if geonames_id is not None:
        condition.append(Entity.geonames_id == geonames_id)
    query = select(Entity).where(*condition)
    with session_scope(resources.sessions) as session:
        total = session.execute(select(func.count()).select_from(query.subquery())).scalar_one()
        rows = session.scalars(
            query.order_by(Entity.article_count.desc(), Entity.name, Entity.id).limit(limit).offset(offset)
        )
        items = [_summary(row) for row in rows]
    return EntityPage(items=items, total=total)


@router.get(
    "/{entity_id}/articles",
    response_model=EntityArticlePage,
    responses={404: {"description": "Unknown entity"}},
)
def entity_articles(
    entity_id: int,
    resources: Res,
    language: str | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> EntityArticlePage:
    """The articles naming the entity, most salient first (then most recent), optionally of one language."""
    with session_scope(resources.sessions) as session:
        entity = session.get(Entity, entity_id)
        if entity is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"no entity {entity_id}")
        query = (
            select(Article, ArticleEntity)
            .join(ArticleEntity, ArticleEntity.article_id == Article.id)
            .where(ArticleEntity.entity_id == entity_id)
        )
        if language is not None:
            query = query.where(Article.language == language)
        total = session.execute(select(func.count()).select_from(query.subquery())).scalar_one()
        rows = session.execute(
            query.order_by(
                func.coalesce(ArticleEntity.salience, 0.0).desc(),
                Article.published_at.desc(),
                Article.id,
            )
            .limit(limit)
            .offset(offset)
        ).all()
        items = [
            EntityArticle(
                id=article.id,
                url=article.url,
                title=article.title,
                published_at=article.published_at,
                language=article.language,
                site_name=article.site_name,
                count=link.count,
                salience=link.salience,
                in_title=link.in_title,
                first_position=link.first_position,
                provenance=link.provenance,
                route=link.route,
            )
            for article, link in rows
        ]
        return EntityArticlePage(entity=_summary(entity), items=items, total=total)
