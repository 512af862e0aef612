"""A crawl's lifecycle in one place: create, start, cancel, finish, schedule. Everything else calls these.

    created (``crawls`` row ``queued`` + one outbox row per seed, one transaction)
      → started (the outbox relayed: seeds admitted into the frontier and published)
      → running (its first fetch began: ``note_running``)
      → finished (``done`` / ``failed`` / ``cancelled``: final counts written once, ``finish_crawl``)

Who calls what: the task API (``POST /v1/crawls`` → :func:`start_crawl`, cancel → :func:`cancel_crawl`), the
scheduler (``newsflow beat`` → :func:`start_scheduled_crawl`; a source's poll → :func:`create_crawl` and
:func:`relay_crawl` through ``newsflow_crawl.sources.polls``), the embedded runner (:func:`start_crawl`), the
stage driver (the last in-flight key resolved → a ``FinishCrawl`` message, ``delivery.policy.publish_finish``),
the store worker (that message → :func:`finish_crawl`) and the reconciler (a lost finish → published again).
"""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, datetime

from newsflow_shared.db import session_scope
from newsflow_shared.messages import CRAWL_FINAL_STATUSES, CrawlRequest, FinishCrawl
from newsflow_shared.models import Crawl
from sqlalchemy.orm import Session, sessionmaker

from newsflow_crawl import crawl_rows
from newsflow_crawl.delivery.policy import Transport
from newsflow_crawl.fetch_outcomes import record_fetch_outcomes
from newsflow_crawl.frontier import seed_tasks
from newsflow_crawl.outbox import enqueue_fetches, relay_pending
from newsflow_crawl.sources.outcomes import record_poll_end
from newsflow_crawl.state import CrawlLedger

log = logging.getLogger(__name__)

_SCHEDULE_NAMESPACE = uuid.UUID("5b0d7d64-1f55-4b8e-9d43-8c7a4d6f3e21")


def scheduled_crawl_id(tick_id: str) -> str:
    """The crawl id of one schedule tick (stable across redeliveries or retries of the tick)."""
    return str(uuid.uuid5(_SCHEDULE_NAMESPACE, tick_id))


def create_crawl(crawl_id: str, request: CrawlRequest, *, session: Session) -> None:
    """Add the crawl (``queued``) and its seed messages to the outbox, in the caller's transaction: durable before
    acknowledged, so a crawl that was created always runs, even if Redis is down right now. Creating an existing
    id again changes nothing."""
    if crawl_rows.create_crawl(crawl_id, request, session=session):
        enqueue_fetches(session, seed_tasks(crawl_id, request))


def start_crawl(
    request: CrawlRequest,
    *,
    sessions: sessionmaker[Session],
    ledger: CrawlLedger,
    transport: Transport,
    crawl_id: str | None = None,
) -> tuple[str, int]:
    """Create the crawl (committed), then relay its seeds; returns the crawl id and how many seeds were queued
    now. Seeds the relay could not publish (Redis or the broker away) stay in the outbox for the relay thread."""
    crawl_id = crawl_id or str(uuid.uuid4())
    with session_scope(sessions) as session:
        create_crawl(crawl_id, request, session=session)
    sent = relay_crawl(crawl_id, sessions=sessions, ledger=ledger, transport=transport)
    log.info(
        "crawl %s recorded: %s, %d seed(s), %d queued now", crawl_id, request.mode, len(request.seeds), sent
    )
    return crawl_id, sent


def relay_crawl(
    crawl_id: str, *, sessions: sessionmaker[Session], ledger: CrawlLedger, transport: Transport
) -> int:
    """Publish a created crawl's seeds now; returns how many. On failure they stay in the outbox for the relay
    thread (recorded is enough)."""
    try:
        return relay_pending(sessions, ledger, transport, crawl_id=crawl_id)
    except Exception as exc:  # recorded is enough; the relay publishes later
        log.warning("crawl %s recorded, seeds not queued yet: %s", crawl_id, exc)
        return 0


def start_scheduled_crawl(
    tick_id: str,
    request: CrawlRequest,
    *,
    sessions: sessionmaker[Session],
    ledger: CrawlLedger,
    transport: Transport,
) -> str:
    """One tick of a recurring crawl (``newsflow beat``): :func:`start_crawl` with the tick's own crawl id, so a
    tick started twice (a retry, a second delivery) starts one crawl. Returns the crawl id."""
    crawl_id = scheduled_crawl_id(tick_id)
    start_crawl(request, sessions=sessions, ledger=ledger, transport=transport, crawl_id=crawl_id)
    return crawl_id


def note_running(ledger: CrawlLedger, crawl_id: str) -> None:
    """A fetch of the crawl began: live status ``running`` (the row follows when the crawl finishes)."""
    ledger.set_status(crawl_id, "running")


def cancel_crawl(crawl_id: str, *, session: Session, ledger: CrawlLedger) -> Crawl | None:
    """Stop a crawl: workers skip its queued URLs; its row becomes ``cancelled`` with the counts so far. A crawl
    already final is left unchanged. Returns the row (None for an unknown crawl). Does not commit."""
    # Row lock: a concurrent finish and this cancel must not both think they wrote the final state.
    row = session.get(Crawl, crawl_id, with_for_update=True)
    if row is None or row.status in CRAWL_FINAL_STATUSES:
        return row
    ledger.cancel(crawl_id)
    ledger.set_status(crawl_id, "cancelled")
    for name, value in ledger.counts(crawl_id).items():
        setattr(row, name, value)
    row.status = "cancelled"
    row.finished_at = datetime.now(UTC)
    log.info("crawl %s cancelled", crawl_id)
    return row


def finish_crawl(message: FinishCrawl, *, sessions: sessionmaker[Session], ledger: CrawlLedger) -> str:
    """Write the crawl's final status, counts and fetch outcomes (one transaction), then retire its live state
    from the reconciler's watch. Returns the status. A redelivered finish is harmless."""
    with session_scope(sessions) as session:
        status = crawl_rows.finish_crawl(message, session=session)
        record_fetch_outcomes(message.crawl_id, ledger.outcomes(message.crawl_id), session=session)
        record_poll_end(message.crawl_id, session=session)  # a source's poll: its health and new articles
    ledger.set_status(message.crawl_id, status)
    ledger.retire(message.crawl_id)  # the final status is stored: nothing left for the reconciler
    return status
