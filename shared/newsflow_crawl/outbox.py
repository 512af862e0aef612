"""The transactional outbox of crawl starts: a crawl's seed messages are written in the same transaction as its
row (``lifecycle.create_crawl``), then published by a relay, so a crawl the API acknowledged with 202 (or the
scheduler started) is never lost when Redis is down for a moment. The relay runs in the API and the scheduler
(``OutboxRelay``, a thread) and once right after each start; the embedded runner relays into its own queue.

Publishing a seed means admitting it into the crawl's frontier (``newsflow_crawl.frontier.admit``: claim the URL,
add its in-flight key, send the message). Admission is idempotent per URL and crawl, so a row published twice (two
API processes, or a crash between publishing and marking it sent) queues its URL once.
"""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime

import redis
from kombu.exceptions import OperationalError as BrokerError
from newsflow_shared.db import session_scope
from newsflow_shared.messages import FetchTask
from newsflow_shared.models import OutboxMessage
from newsflow_shared.queues import FETCH_TASK
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from newsflow_crawl.delivery.policy import Transport
from newsflow_crawl.frontier import admit
from newsflow_crawl.state import CrawlLedger

log = logging.getLogger(__name__)

RELAY_INTERVAL_SECONDS = 1.0
RELAY_BATCH = 200


def enqueue_fetches(session: Session, tasks: list[FetchTask]) -> None:
    """Add one outbox row per task to ``session`` (committed with the caller's transaction)."""
    for task in tasks:
        session.add(
            OutboxMessage(
                crawl_id=task.crawl_id, task_name=FETCH_TASK, payload=task.model_dump(mode="json"), attempts=0
            )
        )


def relay_pending(
    sessions: sessionmaker[Session], ledger: CrawlLedger, transport: Transport, *, crawl_id: str | None = None
) -> int:
    """Publish unsent outbox rows, oldest first, and mark them sent; returns how many were sent.

    Stops at the first Redis or broker error (the rest would fail the same way), recording it on that row; the
    relay thread tries again a second later. On PostgreSQL the rows are locked ``SKIP LOCKED``, so several API
    processes relay side by side without publishing a row twice at the same time.
    """
    sent = 0
    with session_scope(sessions) as session:
        query = select(OutboxMessage).where(OutboxMessage.sent_at.is_(None))
        if crawl_id is not None:
            query = query.where(OutboxMessage.crawl_id == crawl_id)
        query = query.order_by(OutboxMessage.id).limit(RELAY_BATCH)
        if session.get_bind().dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        for row in session.scalars(query):
            try:
                task = FetchTask.model_validate(row.payload)
                admit(ledger, [task], lambda t: transport.publish(FETCH_TASK, t.model_dump(mode="json")))
            except (redis.RedisError, BrokerError, ConnectionError) as exc:
                row.attempts += 1
                row.last_error = str(exc)[:2000]
                log.warning("outbox: message %d not published yet (%s)", row.id, exc)
                break
            row.sent_at = datetime.now(UTC)
            sent += 1
    return sent


class OutboxRelay:
    """A daemon thread (of the API and the scheduler) that keeps publishing what the outbox holds."""

    def __init__(self, sessions: sessionmaker[Session], ledger: CrawlLedger, transport: Transport) -> None:
        self._sessions, self._ledger, self._transport = sessions, ledger, transport
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="outbox-relay", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

    def _run(self) -> None:
        while not self._stop.wait(RELAY_INTERVAL_SECONDS):
            try:
                relay_pending(self._sessions, self._ledger, self._transport)
            except Exception as exc:  # the database is down, say: keep the thread alive and try again
                log.warning("outbox relay: %s", exc)
