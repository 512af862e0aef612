"""Recurring crawls: ``newsflow beat`` (Celery beat) sends ``newsflow.store.start_crawl`` on each tick of a
schedule; the store worker, which owns the database, records the crawl and queues its seeds.

The crawl id derives from the message id (UUID 5), so a redelivered or retried tick starts one crawl, not two:
``create_crawl`` ignores an existing id and ``admit`` an already claimed seed.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from newsflow_crawl.crawl_rows import create_crawl
from newsflow_crawl.frontier import admit, seed_tasks
from newsflow_crawl.state import CrawlLedger
from newsflow_shared.db import session_scope
from newsflow_shared.messages import CrawlRequest, FetchTask
from sqlalchemy.orm import Session, sessionmaker

_NAMESPACE = uuid.UUID("5b0d7d64-1f55-4b8e-9d43-8c7a4d6f3e21")


def scheduled_crawl_id(message_id: str) -> str:
    """The crawl id of one schedule tick (stable across redeliveries of the tick's message)."""
    return str(uuid.uuid5(_NAMESPACE, message_id))


def start_scheduled_crawl(
    message_id: str,
    request: CrawlRequest,
    *,
    sessions: sessionmaker[Session],
    ledger: CrawlLedger,
    publish: Callable[[FetchTask], None],
) -> str:
    """Record the crawl (committed first, like the API), then queue its seeds; returns the crawl id."""
    crawl_id = scheduled_crawl_id(message_id)
    with session_scope(sessions) as session:
        create_crawl(crawl_id, request, session=session)
    admit(ledger, seed_tasks(crawl_id, request), publish)
    return crawl_id
