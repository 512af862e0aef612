"""Queue names, task names and routes: the one place that says which stage consumes what.

Stages never import each other; they publish by task *name* (``celery_app.send_task``) to the queue routed here.
"""

from __future__ import annotations

from typing import Final

INGEST_QUEUE: Final = "ingest"
ENRICH_QUEUE: Final = "enrich"
STORE_QUEUE: Final = "store"
QUEUES: Final = (INGEST_QUEUE, ENRICH_QUEUE, STORE_QUEUE)

# ingest: fetch one URL of a crawl, parse or discover, publish what follows.
FETCH_TASK: Final = "newsflow.ingest.fetch"
# ingest: the fetch again of work the broker lost (the task name of ``lost_in_flight`` failure rows, so that
# replaying one runs the fetch; newsflow_crawl.reconcile).
RECONCILE_TASK: Final = "newsflow.ingest.reconcile"
# enrich: language, entities, translations of one parsed article.
ENRICH_TASK: Final = "newsflow.enrich.enrich"
# store: upsert one enriched article.
STORE_TASK: Final = "newsflow.store.store_article"
# store: write a dead letter / permanent failure row.
RECORD_FAILURE_TASK: Final = "newsflow.store.record_failure"
# store: write a finished crawl's final status and counts.
FINISH_CRAWL_TASK: Final = "newsflow.store.finish_crawl"
# store: record a crawl and its seed messages in the outbox, for messages sent by schedulers from before
# `newsflow beat` started crawls itself (newsflow_crawl.lifecycle); the outbox relay queues the seeds.
START_CRAWL_TASK: Final = "newsflow.store.start_crawl"

TASK_QUEUES: Final[dict[str, str]] = {
    FETCH_TASK: INGEST_QUEUE,
    RECONCILE_TASK: INGEST_QUEUE,
    ENRICH_TASK: ENRICH_QUEUE,
    STORE_TASK: STORE_QUEUE,
    RECORD_FAILURE_TASK: STORE_QUEUE,
    FINISH_CRAWL_TASK: STORE_QUEUE,
    START_CRAWL_TASK: STORE_QUEUE,
}

TASK_ROUTES: Final[dict[str, dict[str, str]]] = {name: {"queue": q} for name, q in TASK_QUEUES.items()}
