"""``/v1/crawls``: start a crawl, follow it, cancel it."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, status
from fastapi.exceptions import RequestValidationError
from newsflow_crawl import lifecycle
from newsflow_crawl.state import CrawlLedger
from newsflow_shared.db import session_scope
from newsflow_shared.messages import COUNTERS, CRAWL_FINAL_STATUSES, CrawlRequest
from newsflow_shared.models import Crawl
from pydantic import ValidationError
from sqlalchemy import select

from newsflow_api.crawl_stats import crawl_stats
from newsflow_api.resources import Resources, get_resources
from newsflow_api.schemas import CrawlAccepted, CrawlCounts, CrawlCreate, CrawlList, CrawlView

log = logging.getLogger(__name__)

router = APIRouter(prefix="/v1/crawls", tags=["crawls"])

Res = Annotated[Resources, Depends(get_resources)]


def crawl_view(row: Crawl, ledger: CrawlLedger, *, with_stats: bool = True) -> CrawlView:
    """A crawl as served: the row once final, else live status and counts from the ledger. Without stats (the
    console's lists): no per-host and per-status figures, which cost a query per crawl."""
    if row.status in CRAWL_FINAL_STATUSES:
        counts = CrawlCounts(**{name: getattr(row, name) or 0 for name in COUNTERS})
        current = row.status
    else:
        counts = CrawlCounts(**ledger.counts(row.id))
        current = ledger.status(row.id) or row.status
    return CrawlView.model_validate(
        {
            "id": row.id,
            "status": current,
            "mode": row.mode,
            "seeds": row.seeds,
            "max_pages": row.max_pages,
            "max_depth": row.max_depth,
            "counts": counts,
            "created_at": row.created_at,
            "finished_at": row.finished_at,
            **(crawl_stats(row, ledger, current, counts.model_dump()) if with_stats else {}),
        }
    )


def _validated(body: CrawlCreate, resources: Resources) -> CrawlRequest:
    settings = resources.settings
    # The deployment's limits per crawl (NEWSFLOW_API_MAX_SEEDS / _MAX_PAGES), reported like any invalid body.
    if len(body.seeds) > settings.api_max_seeds:
        raise RequestValidationError(
            [{"type": "too_long", "loc": ("body", "seeds"), "msg": f"at most {settings.api_max_seeds} seeds"}]
        )
    if body.max_pages is not None and body.max_pages > settings.api_max_pages:
        raise RequestValidationError(
            [
                {
                    "type": "less_than_equal",
                    "loc": ("body", "max_pages"),
                    "msg": f"at most {settings.api_max_pages}",
                }
            ]
        )
    try:
        return body.to_request(resources.settings)
    except ValidationError as exc:
        # The message contract may be stricter than the body schema; report it as the same 422.
        raise RequestValidationError(
            [{**err, "loc": ("body", *err["loc"])} for err in exc.errors(include_url=False)]
        ) from exc


@router.post("", status_code=status.HTTP_202_ACCEPTED, response_model=CrawlAccepted)
def start_crawl(body: CrawlCreate, resources: Res) -> CrawlAccepted:
    """Record a crawl and its seed messages, then queue them. 202 once recorded; the crawl runs on the workers."""
    request = _validated(body, resources)
    # Durable before acknowledged (lifecycle.create_crawl): a 202 always names a crawl that will run.
    crawl_id, _ = lifecycle.start_crawl(
        request, sessions=resources.sessions, ledger=resources.ledger, transport=resources.transport
    )
    return CrawlAccepted(id=crawl_id)


@router.get("", response_model=CrawlList)
def list_crawls(resources: Res, limit: Annotated[int, Query(ge=1, le=200)] = 20) -> CrawlList:
    """The most recent crawls, newest first."""
    with session_scope(resources.sessions) as session:
        rows = session.scalars(select(Crawl).order_by(Crawl.created_at.desc(), Crawl.id.desc()).limit(limit))
        return CrawlList(items=[crawl_view(row, resources.ledger) for row in rows])


@router.get("/{crawl_id}", response_model=CrawlView, responses={404: {"description": "Unknown crawl"}})
def get_crawl(crawl_id: str, resources: Res) -> CrawlView:
    """One crawl with its status and counts."""
    with session_scope(resources.sessions) as session:
        row = session.get(Crawl, crawl_id)
        if row is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"no crawl {crawl_id}")
        return crawl_view(row, resources.ledger)


@router.post(
    "/{crawl_id}/cancel", response_model=CrawlView, responses={404: {"description": "Unknown crawl"}}
)
def cancel_crawl(crawl_id: str, resources: Res) -> CrawlView:
    """Stop a crawl: workers drop its queued URLs. A crawl already final is returned unchanged."""
    with session_scope(resources.sessions) as session:
        row = lifecycle.cancel_crawl(crawl_id, session=session, ledger=resources.ledger)
        if row is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"no crawl {crawl_id}")
        return crawl_view(row, resources.ledger)
