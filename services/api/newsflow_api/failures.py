"""``/v1/failures``: dead letters and permanent failures, for operators — list, read one, replay it."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, status
from newsflow_crawl.delivery import dead_letters
from newsflow_shared.db import session_scope
from newsflow_shared.models import Failure
from pydantic import BaseModel
from sqlalchemy.orm import Session

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
    with session_scope(resources.sessions) as session:
        rows = dead_letters.list_failures(session=session, crawl_id=crawl_id, reason=reason, limit=limit)
        return FailureList(items=[FailureView.model_validate(_view(row)) for row in rows])


@router.get(
    "/{failure_id}", response_model=FailureRecordView, responses={404: {"description": "Unknown failure"}}
)
def get_failure(failure_id: int, resources: Res) -> FailureRecordView:
    """One failure, with the message that failed."""
    with session_scope(resources.sessions) as session:
        return FailureRecordView.model_validate(_view(_row(failure_id, session)))


@router.post(
    "/{failure_id}/replay",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=Replayed,
    responses={404: {"description": "Unknown failure"}, 409: {"description": "No message to replay"}},
)
def replay_failure(failure_id: int, resources: Res) -> Replayed:
    """Queue the failed message again. Its crawl's counters are not reopened: a finished crawl stays finished."""
    with session_scope(resources.sessions) as session:
        try:
            task_name, payload = dead_letters.replay_message(_row(failure_id, session))
        except dead_letters.NotReplayable as exc:
            raise HTTPException(status.HTTP_409_CONFLICT, detail=str(exc)) from exc
    result = resources.celery.send_task(task_name, args=[payload])
    return Replayed(failure_id=failure_id, task_name=task_name, task_id=str(result.id))


def _row(failure_id: int, session: Session) -> Failure:
    """The failure row, or 404 (ids outside the column's range included)."""
    row = dead_letters.get_failure(failure_id, session=session) if 1 <= failure_id < 2**31 else None
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"no failure {failure_id}")
    return row
