"""Rows and Redis keys of known ages for the retention tests (``newsflow prune``), on SQLite or PostgreSQL.

With a 30-day cutoff for rows and a 2-day cutoff for crawl state, exactly the ``*_DUE`` ids and crawls are due.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import redis
from newsflow_crawl.state import ACTIVE_KEY, FetchOutcome, RedisLedger
from newsflow_shared.models import Crawl, Failure, FetchOutcomeRow, OutboxMessage
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

# Crawls: id -> (status, finished days ago or None).
CRAWLS: dict[str, tuple[str, float | None]] = {
    "crawl-old-done": ("done", 40),
    "crawl-old-cancelled": ("cancelled", 35),
    "crawl-mid-failed": ("failed", 5),
    "crawl-recent-done": ("done", 1),
    "crawl-running": ("running", None),  # started 60 days ago, still running
    "crawl-queued": ("queued", None),
}
STATE_DUE = {"crawl-old-done", "crawl-old-cancelled", "crawl-mid-failed"}  # finished > 2 days ago
# Redis state of a crawl with no row at all: never pruned (the row decides).
ORPHAN = "crawl-without-row"


@dataclass
class Seeded:
    due: dict[str, set[int]] = field(default_factory=dict)  # kind -> ids that a 30-day prune deletes
    kept: dict[str, set[int]] = field(default_factory=dict)


def seed_rows(sessions: sessionmaker[Session], now: datetime | None = None) -> Seeded:
    now = now or datetime.now(UTC)

    def ago(days: float) -> datetime:
        return now - timedelta(days=days)

    seeded = Seeded(due={"failures": set(), "fetch_outcomes": set(), "outbox": set()})
    seeded.kept = {kind: set() for kind in seeded.due}
    with sessions() as session, session.begin():
        for crawl_id, (status, finished) in CRAWLS.items():
            session.add(
                Crawl(
                    id=crawl_id,
                    mode="site",
                    seeds=["https://example.org/"],
                    max_pages=10,
                    max_depth=1,
                    status=status,
                    created_at=ago(60),
                    finished_at=None if finished is None else ago(finished),
                )
            )
        session.flush()

        def failure(crawl_id: str | None, days: float) -> Failure:
            return Failure(
                crawl_id=crawl_id,
                stage="ingest",
                task_name="newsflow.ingest.fetch",
                url="https://example.org/x",
                error_type="TimeoutError",
                reason="retries_exhausted",
                message="timed out",
                permanent=False,
                attempts=6,
                payload={},
                created_at=ago(days),
            )

        def outcome(crawl_id: str, days: float) -> FetchOutcomeRow:
            return FetchOutcomeRow(
                crawl_id=crawl_id,
                url="https://example.org/y",
                host="example.org",
                status=200,
                reason="ok",
                bytes=100,
                seconds=0.1,
                fetched_at=ago(days),
            )

        def outbox(crawl_id: str, created: float, sent: float | None) -> OutboxMessage:
            return OutboxMessage(
                crawl_id=crawl_id,
                task_name="newsflow.ingest.fetch",
                payload={"url": "u"},
                created_at=ago(created),
                sent_at=None if sent is None else ago(sent),
            )

        rows: list[tuple[str, bool, object]] = [
            *[("failures", True, failure("crawl-old-done", 40)) for _ in range(3)],
            ("failures", True, failure(None, 31)),
            ("failures", True, failure("crawl-old-cancelled", 33)),
            *[("failures", False, failure("crawl-running", 45)) for _ in range(2)],  # its crawl still runs
            ("failures", False, failure("crawl-recent-done", 1)),
            ("failures", False, failure(None, 29)),  # younger than the cutoff
            *[("fetch_outcomes", True, outcome("crawl-old-done", 40)) for _ in range(4)],
            ("fetch_outcomes", True, outcome("crawl-mid-failed", 31)),
            *[("fetch_outcomes", False, outcome("crawl-running", 45)) for _ in range(2)],
            *[("fetch_outcomes", False, outcome("crawl-recent-done", 1)) for _ in range(3)],
            *[("outbox", True, outbox("crawl-old-done", 41, 40)) for _ in range(2)],
            ("outbox", False, outbox("crawl-old-done", 40, None)),  # never sent: kept however old
            ("outbox", False, outbox("crawl-recent-done", 1, 1)),
            ("outbox", False, outbox("crawl-running", 50, 45)),  # sent, old, but its crawl still runs
            ("outbox", False, outbox("crawl-queued", 40, None)),
        ]
        for _, _, row in rows:
            session.add(row)
        session.flush()
        for kind, due, row in rows:
            (seeded.due if due else seeded.kept)[kind].add(row.id)  # type: ignore[attr-defined]
    return seeded


def row_ids(sessions: sessionmaker[Session]) -> dict[str, set[int]]:
    models = {"failures": Failure, "fetch_outcomes": FetchOutcomeRow, "outbox": OutboxMessage}
    with sessions() as session:
        return {kind: set(session.scalars(select(model.id))) for kind, model in models.items()}


def crawl_count(sessions: sessionmaker[Session]) -> int:
    with sessions() as session:
        return int(session.scalar(select(func.count()).select_from(Crawl)) or 0)


def seed_state(client: redis.Redis) -> dict[str, set[bytes]]:
    """Crawl state for every crawl of ``CRAWLS`` and the orphan, plus keys that are not crawl state."""
    ledger = RedisLedger(client)
    for crawl_id in [*CRAWLS, ORPHAN]:
        ledger.claim_url(crawl_id, "https://example.org/", 10)
        ledger.mark_queued(crawl_id, "https://example.org/")
        ledger.count(crawl_id, "fetched", "https://example.org/")
        ledger.record_fetch(
            crawl_id, FetchOutcome(url="https://example.org/", host="example.org", status=200, reason="ok")
        )
        ledger.set_status(crawl_id, CRAWLS.get(crawl_id, ("running", None))[0])
    client.hset(ACTIVE_KEY, "crawl-running", 1)
    client.rpush("ingest", "a queued message")
    client.set("newsflow:deliveries:task-1:0", 1)
    return state_keys(client)


def state_keys(client: redis.Redis) -> dict[str, set[bytes]]:
    keys: dict[str, set[bytes]] = {}
    for key in client.scan_iter(match="newsflow:crawl:*"):
        keys.setdefault(key.decode().split(":")[2], set()).add(key)
    return keys
