"""``/v1/sources``: the sites newsflow follows — create, list (with health), read, edit, delete, import a CSV or
OPML file, poll now, and each one's health. Every write goes through ``newsflow_crawl.sources``."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response, status
from fastapi.exceptions import RequestValidationError
from newsflow_crawl.sources import catalogue, imports, polls
from newsflow_crawl.sources.catalogue import DuplicateSource, SourcePatch, SourceSpec
from newsflow_crawl.sources.views import source_page, source_views
from newsflow_shared.db import session_scope
from newsflow_shared.models import Source
from pydantic import BaseModel, ValidationError
from sqlalchemy.orm import Session

from newsflow_api.resources import Resources, get_resources

router = APIRouter(prefix="/v1/sources", tags=["sources"])

Res = Annotated[Resources, Depends(get_resources)]
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"description": "Unknown source"}}


class SourceHealth(BaseModel):
    """How a source is doing (rules: docs/sources.md)."""

    status: Literal["live", "stale", "broken", "paused"]
    reason: str
    last_poll_at: datetime | None
    last_success_at: datetime | None
    last_new_article_at: datetime | None
    next_poll_at: datetime | None
    consecutive_failures: int
    last_error: str | None
    polling: bool
    current_crawl_id: str | None
    articles_per_day: list[int]
    articles_30d: int
    discovered_feeds: list[str]


class SourceView(SourceSpec):
    id: int
    health: SourceHealth


class SourceList(BaseModel):
    items: list[SourceView]
    total: int
    by_status: dict[str, int]  # sources of the tag filter per status


class ImportResult(BaseModel):
    created: list[str]
    updated: list[str]
    errors: list[dict[str, str]]


class PollStarted(BaseModel):
    source_id: int
    crawl_id: str


def _row(key: int, session: Session) -> Source:
    row = catalogue.find_source(key, session=session)
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"no source {key}")
    return row


def _view(row: Source, session: Session, resources: Resources) -> SourceView:
    session.flush()
    return SourceView.model_validate(source_views([row], session=session, settings=resources.settings)[0])


@router.post("", status_code=status.HTTP_201_CREATED, response_model=SourceView)
def create_source(body: SourceSpec, resources: Res) -> SourceView:
    """Add a source; its first poll is due at once."""
    with session_scope(resources.sessions) as session:
        try:
            row = catalogue.create_source(body, session=session)
        except DuplicateSource as exc:
            raise HTTPException(status.HTTP_409_CONFLICT, detail=str(exc)) from exc
        return _view(row, session, resources)


@router.get("", response_model=SourceList)
def list_sources(
    resources: Res,
    status_: Annotated[Literal["live", "stale", "broken", "paused"] | None, Query(alias="status")] = None,
    tag: Annotated[str | None, Query(max_length=100)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> SourceList:
    """Sources by name with their health, optionally of one status and/or tag; ``total`` counts all matches."""
    with session_scope(resources.sessions) as session:
        listing = source_page(
            session=session, settings=resources.settings, status=status_, tag=tag, offset=offset, limit=limit
        )
    return SourceList.model_validate(
        {"items": listing.items, "total": listing.total, "by_status": listing.counts}
    )


@router.post(
    "/import", response_model=ImportResult, responses={400: {"description": "Not a CSV or OPML file"}}
)
async def import_sources(
    request: Request,
    resources: Res,
    format_: Annotated[Literal["csv", "opml"] | None, Query(alias="format")] = None,
) -> ImportResult:
    """Create or update sources from the request body: a CSV file (header row of field names) or an OPML file
    (feed readers' export). Sources that exist by name are updated; bad rows are reported, the rest import."""
    data = await request.body()
    try:
        parsed = imports.parse_source_file(data, f"upload.{format_}" if format_ else "")
    except (ValueError, UnicodeDecodeError) as exc:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, detail=str(exc)) from exc
    with session_scope(resources.sessions) as session:
        outcome = imports.save_import(parsed, session=session)
    return ImportResult(created=outcome.created, updated=outcome.updated, errors=outcome.errors)


@router.get("/{source_id}", response_model=SourceView, responses=NOT_FOUND)
def get_source(source_id: int, resources: Res) -> SourceView:
    with session_scope(resources.sessions) as session:
        return _view(_row(source_id, session), session, resources)


@router.get("/{source_id}/health", response_model=SourceHealth, responses=NOT_FOUND)
def get_source_health(source_id: int, resources: Res) -> SourceHealth:
    """Last poll, last success, last new article, consecutive failures, articles per day over 30 days, status."""
    return get_source(source_id, resources).health


@router.patch(
    "/{source_id}", response_model=SourceView, responses={**NOT_FOUND, 409: {"description": "Name in use"}}
)
def update_source(source_id: int, body: SourcePatch, resources: Res) -> SourceView:
    """Change some fields (``active: false`` pauses the source, ``true`` resumes it)."""
    with session_scope(resources.sessions) as session:
        row = _row(source_id, session)
        try:
            catalogue.update_source(row, body, session=session)
        except DuplicateSource as exc:
            raise HTTPException(status.HTTP_409_CONFLICT, detail=str(exc)) from exc
        except ValidationError as exc:
            raise RequestValidationError(
                [{**err, "loc": ("body", *err["loc"])} for err in exc.errors(include_url=False)]
            ) from exc
        return _view(row, session, resources)


@router.delete("/{source_id}", status_code=status.HTTP_204_NO_CONTENT, responses=NOT_FOUND)
def delete_source(source_id: int, resources: Res) -> Response:
    """Remove the source; its crawls and articles stay."""
    with session_scope(resources.sessions) as session:
        catalogue.delete_source(_row(source_id, session), session=session)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/{source_id}/poll",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=PollStarted,
    responses={**NOT_FOUND, 409: {"description": "Its previous poll is still running"}},
)
def poll_source(source_id: int, resources: Res) -> PollStarted:
    """Poll the source now (a crawl of its feeds, sitemaps or homepage)."""
    with session_scope(resources.sessions) as session:
        _row(source_id, session)
    result = polls.poll_source(
        source_id,
        sessions=resources.sessions,
        ledger=resources.ledger,
        transport=resources.transport,
        settings=resources.settings,
    )
    if result.crawl_id is None:
        raise HTTPException(status.HTTP_409_CONFLICT, detail=result.skipped)
    return PollStarted(source_id=source_id, crawl_id=result.crawl_id)
