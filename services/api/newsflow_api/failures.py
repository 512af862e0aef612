"""``/v1/failures``: dead letters and permanent failures, for operators — list, read one, replay it."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, status
from newsflow_shared.db import session_scope
from newsflow_shared.models import Failure
from pydantic import BaseModel
from sqlalchemy import select

from newsflow_api.resources import Resources, get_resources

router = APIRouter(prefix="/v1/failures", tags=["failures"])

Res = Annotated[Resources, Depends(get_resources)]


class FailureView(BaseModel):
    """One ``failures`` row (docs/schema.md)."""

    id: int
    crawl_id: str | None = None
    stage: str
    task_name: str
    url: str | None = None
    error_type: str
    reason: str
    message: str
    permanent: bool
    attempts: int
    created_at: datetime | None = None


class FailureRecordView(FailureView):
    """A failure with the message it would replay."""

    payload: dict[str, Any]


class FailureList(BaseModel):
    items: list[FailureView]


class Replayed(BaseModel):
    """The failed work was queued again as a fresh message (its retries start over)."""

    failure_id: int
    task_name: str
    task_id: str


def _view(row: Failure) -> dict[str, Any]:
    return {name: getattr(row, name) for name in FailureRecordView.model_fields}


@router.get("", response_model=FailureList)
def list_failures(
    resources: Res,
    crawl_id: Annotated[str | None, Query(max_length=36)] = None,
    reason: Annotated[str | None, Query(max_length=64)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> FailureList:
    """The newest failures first, optionally of one crawl and/or one reason."""
    query = select(Failure).order_by(Failure.id.desc()).limit(limit)
    if crawl_id is not None:
        query = query.where(Failure.crawl_id == crawl_id)
    if reason is not None:
        query = query.where(Failure.reason == reason)
    with session_scope(resources.sessions) as session:
        return FailureList(items=[FailureView.model_validate(_view(row)) for row in session.scalars(query)])


def _get(resources: Resources, failure_id: int) -> FailureRecordView:
    with session_scope(resources.sessions) as session:
        row = session.get(Failure, failure_id)
        if row is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"no failure {failure_id}")
        return FailureRecordView.model_validate(_view(row))


@router.get(
    "/{failure_id}", response_model=FailureRecordView, responses={404: {"description": "Unknown failure"}}
)
def get_failure(failure_id: int, resources: Res) -> FailureRecordView:
    """One failure, with the message that failed."""
    if not 1 <= failure_id < 2**31:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"no failure {failure_id}")
    return _get(resources, failure_id)


@router.post(
    "/{failure_id}/replay",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=Replayed,
    responses={404: {"description": "Unknown failure"}, 409: {"description": "No message to replay"}},
)
def replay_failure(failure_id: int, resources: Res) -> Replayed:
    """Queue the failed message again. Its crawl's counters are not reopened: a finished crawl stays finished."""
    if not 1 <= failure_id < 2**31:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"no failure {failure_id}")
    failure = _get(resources, failure_id)
    if not failure.payload or not failure.task_name.startswith("newsflow."):
        raise HTTPException(
            status.HTTP_409_CONFLICT, detail=f"failure {failure_id} holds no message to replay"
        )
    payload = {k: v for k, v in failure.payload.items() if k != "deferrals"}
    result = resources.celery.send_task(failure.task_name, args=[payload])
    return Replayed(failure_id=failure_id, task_name=failure.task_name, task_id=str(result.id))
