"""The ``failures`` table: permanent failures and dead letters, kept with the message to replay them."""

from __future__ import annotations

import json
from typing import Any

from newsflow_shared.column_values import as_utc, clean_text
from newsflow_shared.messages import FailureRecord
from newsflow_shared.models import Failure
from sqlalchemy import select
from sqlalchemy.orm import Session


def record_failure(failure: FailureRecord, *, session: Session) -> int:
    """Add one ``failures`` row and return its id. Does not commit.

    Not deduplicated on purpose: each dead-lettering is an event an operator may want to see.
    """
    row = Failure(
        crawl_id=failure.crawl_id,
        stage=failure.stage,
        task_name=clean_text(failure.task_name, 100) or "",
        url=clean_text(failure.url),
        error_type=clean_text(failure.error_type, 100) or "",
        reason=clean_text(failure.reason, 64) or "",
        message=clean_text(failure.message) or "",
        permanent=failure.permanent,
        attempts=failure.attempts,
        payload=_json_safe(failure.payload),
    )
    if failure.failed_at is not None:
        row.created_at = as_utc(failure.failed_at)
    session.add(row)
    session.flush()
    return row.id


def list_failures(
    *, session: Session, crawl_id: str | None = None, reason: str | None = None, limit: int = 100
) -> list[Failure]:
    """The newest failures first, optionally of one crawl and/or one reason."""
    statement = select(Failure).order_by(Failure.id.desc()).limit(limit)
    if crawl_id is not None:
        statement = statement.where(Failure.crawl_id == crawl_id)
    if reason is not None:
        statement = statement.where(Failure.reason == reason)
    return list(session.execute(statement).scalars())


def get_failure(failure_id: int, *, session: Session) -> Failure | None:
    """One failure row, or None."""
    return session.get(Failure, failure_id)


def replay_message(failure: Failure) -> tuple[str, dict[str, Any]]:
    """The task name and message to publish to run the failed work again (a fresh message: retries start over).

    Raises ``NotReplayable`` when the row holds no message (a failure recorded outside a task).
    """
    if not failure.payload or not failure.task_name.startswith("newsflow."):
        raise NotReplayable(f"failure {failure.id} holds no message to replay")
    payload = dict(failure.payload)
    payload.pop("deferrals", None)  # a replay is a new start, not the n-th deferral of the old one
    return failure.task_name, payload


class NotReplayable(ValueError):
    """A failure without a message. Raised by :func:`replay_message`; the CLI and the API report it (409)."""


def _json_safe(payload: dict[str, Any]) -> dict[str, Any]:
    # Recording a failure must not fail itself: what JSON cannot hold (a datetime, bytes) becomes its str().
    # PostgreSQL's json type also refuses NUL characters inside strings, hence the replace.
    text = json.dumps(payload, default=str).replace("\\u0000", "")
    result: dict[str, Any] = json.loads(text)
    return result
