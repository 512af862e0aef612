"""The ``fetch_outcomes`` of a finished crawl: every request it made, copied from the crawl ledger."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from newsflow_shared.column_values import clean_text
from newsflow_shared.models import FetchOutcomeRow
from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from newsflow_crawl.state import FetchOutcome

_BATCH = 1000


def record_fetch_outcomes(crawl_id: str, outcomes: Iterable[FetchOutcome], *, session: Session) -> int:
    """Replace the crawl's rows with ``outcomes`` (so a retried finish writes them once). Does not commit."""
    session.execute(delete(FetchOutcomeRow).where(FetchOutcomeRow.crawl_id == crawl_id))
    rows = [
        {
            "crawl_id": crawl_id,
            "url": clean_text(o.url) or "",
            "host": (o.host or "")[:255],
            "status": o.status,
            "reason": o.reason[:64],
            "bytes": o.bytes,
            "seconds": o.seconds,
            "fetched_at": datetime.fromtimestamp(o.at, UTC),
        }
        for o in outcomes
    ]
    for start in range(0, len(rows), _BATCH):
        session.execute(insert(FetchOutcomeRow), rows[start : start + _BATCH])
    return len(rows)


def status_histogram(crawl_id: str, *, session: Session) -> dict[str, int]:
    """How many requests of the crawl ended with each HTTP status (``"0"``: no response)."""
    statement = (
        select(FetchOutcomeRow.status, func.count())
        .where(FetchOutcomeRow.crawl_id == crawl_id)
        .group_by(FetchOutcomeRow.status)
    )
    return {str(status): int(n) for status, n in session.execute(statement)}
