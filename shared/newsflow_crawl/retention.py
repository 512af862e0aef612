"""Retention: what ``newsflow prune`` deletes, in batches, on PostgreSQL and SQLite alike.

Four kinds, each older than a cutoff:

- ``failures``: dead letters and permanent failures, by ``created_at``;
- ``fetch_outcomes``: the per-request rows copied from a finished crawl's ledger, by ``fetched_at``;
- ``outbox``: messages already relayed (``sent_at`` set), by ``sent_at`` — an unsent row is never deleted;
- ``crawl_state``: a finished crawl's Redis keys (``newsflow:crawl:<id>:*``), when its ``crawls`` row is final
  (``done``/``failed``/``cancelled``) and ``finished_at`` is before the state cutoff. The keys expire by
  themselves 14 days after their last write (``KEY_TTL_SECONDS``); pruning sooner is what keeps Redis small
  (docs/operations.md, "Redis memory").

Rows that belong to a crawl still ``queued`` or ``running`` are kept whatever their age. Redis is walked with
``SCAN`` (never ``KEYS``, which blocks the server) once for all crawls; the ids found are looked up in the
database in batches, so the cost follows what Redis holds, not the crawl history. May import ``newsflow_shared``
only.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import redis
from newsflow_shared.models import Crawl, Failure, FetchOutcomeRow, OutboxMessage
from sqlalchemy import ColumnElement, delete, func, or_, select
from sqlalchemy.orm import Session, sessionmaker

from newsflow_crawl.state import ACTIVE_KEY

FINAL_STATUSES = ("done", "failed", "cancelled")
ROW_KINDS = ("failures", "fetch_outcomes", "outbox")
KINDS = (*ROW_KINDS, "crawl_state")
CRAWL_KEY_PATTERN = "newsflow:crawl:*"


@dataclass
class PruneReport:
    """What was (or, in a dry run, would be) deleted: rows per kind, and crawls and keys of crawl state."""

    applied: bool
    rows: dict[str, int] = field(default_factory=dict)
    state_crawls: int = 0
    state_keys: int = 0


def _unfinished_crawls() -> Any:
    return select(Crawl.id).where(Crawl.status.not_in(FINAL_STATUSES))


def _row_filters(cutoff: datetime) -> dict[str, tuple[Any, ColumnElement[bool]]]:
    """Per row kind: the model and which of its rows are due."""

    def not_running(column: Any) -> ColumnElement[bool]:
        return or_(column.is_(None), column.not_in(_unfinished_crawls()))

    return {
        "failures": (Failure, (Failure.created_at < cutoff) & not_running(Failure.crawl_id)),
        "fetch_outcomes": (
            FetchOutcomeRow,
            (FetchOutcomeRow.fetched_at < cutoff) & not_running(FetchOutcomeRow.crawl_id),
        ),
        "outbox": (
            OutboxMessage,
            OutboxMessage.sent_at.is_not(None)
            & (OutboxMessage.sent_at < cutoff)
            & not_running(OutboxMessage.crawl_id),
        ),
    }


def prune_rows(
    sessions: sessionmaker[Session], cutoff: datetime, *, apply: bool, batch_size: int = 1000
) -> dict[str, int]:
    """Rows of each kind older than ``cutoff``: counted, and deleted when ``apply``.

    Deleted ``batch_size`` rows per transaction (by primary key, oldest ids first), so a large backlog never
    holds one long lock or one huge transaction.
    """
    counts: dict[str, int] = {}
    for kind, (model, due) in _row_filters(cutoff).items():
        if not apply:
            with sessions() as session:
                counts[kind] = int(session.scalar(select(func.count()).select_from(model).where(due)) or 0)
            continue
        total = 0
        while True:
            with sessions() as session, session.begin():
                batch = select(model.id).where(due).order_by(model.id).limit(batch_size)
                ids = list(session.scalars(batch))
                if ids:
                    session.execute(delete(model).where(model.id.in_(ids)))
            total += len(ids)
            if len(ids) < batch_size:
                break
        counts[kind] = total
    return counts


def _crawl_id_of(key: bytes) -> str | None:
    parts = key.decode("utf-8", "replace").split(":", 3)
    return parts[2] if len(parts) == 4 and parts[2] else None


def _scan_crawl_keys(client: redis.Redis, count: int) -> dict[str, list[bytes]]:
    """Every ``newsflow:crawl:<id>:*`` key, by crawl id (one SCAN over the keyspace)."""
    by_crawl: dict[str, list[bytes]] = {}
    for key in client.scan_iter(match=CRAWL_KEY_PATTERN, count=count):
        crawl_id = _crawl_id_of(key)
        if crawl_id is not None:
            by_crawl.setdefault(crawl_id, []).append(key)
    return by_crawl


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def finished_before(
    sessions: sessionmaker[Session], crawl_ids: list[str], cutoff: datetime, batch_size: int = 500
) -> set[str]:
    """Which of ``crawl_ids`` are final and finished before ``cutoff``."""
    due: set[str] = set()
    with sessions() as session:
        for chunk in _chunks(sorted(crawl_ids), batch_size):
            statement = select(Crawl.id).where(
                Crawl.id.in_(chunk),
                Crawl.status.in_(FINAL_STATUSES),
                Crawl.finished_at.is_not(None),
                Crawl.finished_at < cutoff,
            )
            due.update(session.scalars(statement))
    return due


def prune_crawl_state(
    sessions: sessionmaker[Session],
    client: redis.Redis,
    cutoff: datetime,
    *,
    apply: bool,
    batch_size: int = 1000,
) -> tuple[int, int]:
    """(crawls, keys) of finished crawls' Redis state due before ``cutoff``; deleted (UNLINK) when ``apply``."""
    by_crawl = _scan_crawl_keys(client, count=batch_size)
    due = finished_before(sessions, list(by_crawl), cutoff)
    keys = [key for crawl_id in sorted(due) for key in by_crawl[crawl_id]]
    if apply:
        for chunk in _chunks(keys, batch_size):
            client.unlink(*chunk)
        for chunk in _chunks(sorted(due), batch_size):
            client.hdel(ACTIVE_KEY, *chunk)  # a finished crawl is retired already; this only tidies
    return len(due), len(keys)


def prune(
    sessions: sessionmaker[Session],
    client: redis.Redis | None,
    *,
    cutoff: datetime,
    state_cutoff: datetime,
    apply: bool,
    batch_size: int = 1000,
) -> PruneReport:
    """Prune (or, unless ``apply``, count) every kind; crawl state only when a Redis client is given."""
    report = PruneReport(applied=apply)
    report.rows = prune_rows(sessions, cutoff, apply=apply, batch_size=batch_size)
    if client is not None:
        report.state_crawls, report.state_keys = prune_crawl_state(
            sessions, client, state_cutoff, apply=apply, batch_size=batch_size
        )
    return report
