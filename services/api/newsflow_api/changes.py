"""Reading for downstream systems (issue 14): the change feed, an article's versions, a streamed export.

``GET /v1/changes?after=CURSOR`` pages through ``newsflow_v1.changes`` (``newsflow_shared.feed``): ``next`` is
always present, so a consumer just keeps calling with it (an empty page means "nothing new yet, call again").
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, status
from fastapi.responses import StreamingResponse
from newsflow_shared.db import session_scope
from newsflow_shared.export import export_records
from newsflow_shared.feed import BadCheckpoint, decode_checkpoint, encode_checkpoint, read_changes
from newsflow_shared.models import Article, ArticleVersion
from pydantic import BaseModel, Field
from sqlalchemy import select

from newsflow_api.article_filters import ArticleFilterParams
from newsflow_api.resources import Resources, get_resources

router = APIRouter(tags=["changes"])

Res = Annotated[Resources, Depends(get_resources)]


class ChangeItem(BaseModel):
    """One change of an article: ``created``, ``content`` (a new version), ``restored`` (stored again with the
    same content: entities, translations or cluster may have changed) or ``urls`` (a new alias URL)."""

    article_id: str
    change: str
    version: int
    changed_at: datetime
    origin: str = Field(description="What stored it: crawl, reprocess, import, extract, migration.")
    crawl_id: str | None = None
    title: str | None = None
    canonical_url: str | None = None
    language: str | None = None
    published_at: datetime | None = None


class ChangePage(BaseModel):
    items: list[ChangeItem]
    next: str = Field(description="Pass as `after` for the following changes; always present.")


class VersionItem(BaseModel):
    version: int
    stored_at: datetime
    origin: str
    crawl_id: str | None = None
    changed: list[str] = Field(description="Columns that differ from the previous version.")
    url: str
    title: str | None = None
    description: str | None = None
    body: str
    published_at: datetime | None = None
    modified_at: datetime | None = None
    language: str | None = None
    content_hash: str


class VersionList(BaseModel):
    article_id: str
    current: int
    items: list[VersionItem]


@router.get("/v1/changes", response_model=ChangePage, responses={400: {"description": "Invalid cursor"}})
def list_changes(
    resources: Res,
    after: Annotated[str | None, Query(max_length=100, description="`next` of the previous page.")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> ChangePage:
    """Every insert or change of an article, in commit order, after the cursor (from the start without one)."""
    try:
        checkpoint = decode_checkpoint(after)
    except BadCheckpoint as exc:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, detail=str(exc)) from exc
    with session_scope(resources.sessions) as session:
        changes = read_changes(session, checkpoint, limit)
        ids = sorted({change.article_id for change in changes})
        summaries = {
            row.id: row
            for row in session.execute(
                select(
                    Article.id, Article.title, Article.canonical_url, Article.language, Article.published_at
                ).where(Article.id.in_(ids))
            )
        }
    items = []
    for change in changes:
        summary = summaries.get(change.article_id)
        extra: dict[str, Any] = summary._asdict() if summary is not None else {}
        extra.pop("id", None)
        items.append(ChangeItem(article_id=change.article_id, change=change.change, version=change.version,
                                changed_at=change.changed_at, origin=change.origin, crawl_id=change.crawl_id,
                                **extra))  # fmt: skip
    last = changes[-1].checkpoint if changes else checkpoint
    return ChangePage(items=items, next=encode_checkpoint(last))


@router.get(
    "/v1/articles/{article_id}/versions",
    response_model=VersionList,
    responses={404: {"description": "Unknown article"}},
)
def list_versions(article_id: str, resources: Res) -> VersionList:
    """Every content version of the article, oldest first (the last one is the current content)."""
    with session_scope(resources.sessions) as session:
        current = session.execute(select(Article.version).where(Article.id == article_id)).scalar()
        if current is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"no article {article_id}")
        rows = session.scalars(
            select(ArticleVersion)
            .where(ArticleVersion.article_id == article_id)
            .order_by(ArticleVersion.version)
        )
        items = [VersionItem.model_validate(row, from_attributes=True) for row in rows]
    return VersionList(article_id=article_id, current=current, items=items)


@router.get(
    "/v1/export",
    response_class=StreamingResponse,
    responses={200: {"content": {"application/x-ndjson": {}}, "description": "One article per line."}},
)
def export_articles(resources: Res, filters: Annotated[ArticleFilterParams, Depends()]) -> StreamingResponse:
    """Every selected article as NDJSON (one JSON object per line, with its ``version``), streamed from a
    server-side cursor: constant memory whatever the size."""
    selected = filters.to_filters()

    def lines() -> Iterator[bytes]:
        with session_scope(resources.sessions) as session:
            for record in export_records(session, selected):
                yield (json.dumps(record, ensure_ascii=False, default=str) + "\n").encode("utf-8")

    return StreamingResponse(lines(), media_type="application/x-ndjson")
