"""The embedded runner: one process, no Redis, SQLite by default — the same stage steps and the same delivery
policy as the Celery workers, on an in-process transport.

``newsflow crawl`` uses it. A crawl starts through the crawl lifecycle (row and outbox, then the relay), its
messages go through :class:`~newsflow.inprocess_queue.InProcessQueue` instead of Redis, each is run by the stage's
step under ``newsflow_crawl.delivery.policy.run_step`` (retries with backoff, dead letters, finish detection), and
the crawl ledger lives in memory. Failures and articles land in the same tables a deployment writes. The one thing
the runner adds is scheduling: store messages first, then enrichment in batches (``Enricher.enrich_many`` is
several times faster than one article at a time), then fetches, waiting only when nothing is due. Discovered URLs
wait in the same per-host frontier a deployment keeps in Redis, here in memory (``MemoryFrontier``), and a
release round under the same backpressure rules moves due ones into the ingest queue before each message.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

import requests
from newsflow_crawl import crawl_rows, lifecycle
from newsflow_crawl.delivery.dead_letters import record_failure
from newsflow_crawl.delivery.policy import Step, run_step
from newsflow_crawl.frontier import MemoryFrontier
from newsflow_crawl.frontier.backpressure import Backpressure, MemoryHoldFlag, WaterMarks
from newsflow_crawl.frontier.release import ReleaseLimits, Releaser
from newsflow_crawl.state import MemoryLedger
from newsflow_enrich.enricher import Enricher
from newsflow_enrich.step import Enrich, enrich_step
from newsflow_enrich.translation.stored import StoredTranslations
from newsflow_ingest.captures.s3_store import CaptureStoreError
from newsflow_ingest.captures.warc import capture_writer
from newsflow_ingest.fetching.fetcher import Fetcher
from newsflow_ingest.fetching.robots import RobotsPolicy
from newsflow_ingest.fetching.throttle import MemoryHostThrottle
from newsflow_ingest.fetching.validators import MemoryValidators
from newsflow_ingest.stage.known import MemoryKnownUrls
from newsflow_ingest.stage.step import IngestTools, fetch_step
from newsflow_shared.config import Settings
from newsflow_shared.db import make_engine, make_sessionmaker, session_scope
from newsflow_shared.messages import CrawlRequest, EnrichedArticle, FailureRecord, FinishCrawl, ParsedArticle
from newsflow_shared.migrate import upgrade
from newsflow_shared.queues import (
    ENRICH_QUEUE,
    FETCH_TASK,
    FINISH_CRAWL_TASK,
    INGEST_QUEUE,
    RECORD_FAILURE_TASK,
    STORE_QUEUE,
    STORE_TASK,
)
from newsflow_store.articles import StoreResult
from newsflow_store.step import store_step
from sqlalchemy.orm import Session, sessionmaker

from newsflow.inprocess_queue import InProcessQueue, Message
from newsflow.progress import PROGRESS_INTERVAL, CrawlSnapshot

log = logging.getLogger(__name__)

ENRICH_BATCH = 16
STAGE_OF_QUEUE = {INGEST_QUEUE: "ingest", ENRICH_QUEUE: "enrich", STORE_QUEUE: "store"}


@dataclass
class CrawlSummary:
    crawl_id: str
    status: str
    counts: dict[str, int]
    elapsed: float
    stored_ids: list[str] = field(default_factory=list)
    # CPU milliseconds spent in each stage, summed over the crawl.
    stage_cpu_ms: dict[str, float] = field(
        default_factory=lambda: {"ingest": 0.0, "enrich": 0.0, "store": 0.0}
    )


class EmbeddedRunner:
    """Runs crawls in this process against ``settings.database_url`` (migrated on start)."""

    def __init__(
        self,
        settings: Settings,
        *,
        enrich: bool = True,
        on_progress: Callable[[CrawlSnapshot], None] | None = None,
    ) -> None:
        self.settings = settings
        upgrade(settings.database_url)
        self._sessions = make_sessionmaker(make_engine(settings.database_url))
        self._ledger = MemoryLedger()
        throttle = MemoryHostThrottle()
        robots = RobotsPolicy(settings, requests.Session(), throttle=throttle)
        self._tools = IngestTools(
            fetcher=Fetcher(settings, robots=robots, throttle=throttle),
            ledger=self._ledger,
            known=MemoryKnownUrls(),  # articles parsed by this runner's crawls
            validators=MemoryValidators(),
            captures=capture_writer(settings),
            defer_after=settings.throttle_defer_after,
            frontier=MemoryFrontier(),
        )
        # Translations already stored (same text, same provider and languages) are reused, not requested again.
        shared = StoredTranslations(self._sessions)
        self._enricher = Enricher(settings, shared_cache=shared) if enrich else None
        self._queue = InProcessQueue()
        self._releaser = self._make_releaser()
        self._on_progress = on_progress
        self._last_progress = 0.0

    def crawl(self, request: CrawlRequest) -> CrawlSummary:
        crawl_id = str(uuid.uuid4())
        lifecycle.start_crawl(
            request, sessions=self._sessions, ledger=self._ledger, transport=self._queue, crawl_id=crawl_id
        )
        return self.run_started(crawl_id)

    # What a caller that starts crawls itself (a source's poll, ``newsflow watch``) starts them with.
    @property
    def sessions(self) -> sessionmaker[Session]:
        return self._sessions

    @property
    def ledger(self) -> MemoryLedger:
        return self._ledger

    @property
    def transport(self) -> InProcessQueue:
        return self._queue

    def run_started(self, crawl_id: str) -> CrawlSummary:
        """Run a crawl already started through this runner's ledger and transport to its end."""
        started = time.monotonic()
        summary = CrawlSummary(crawl_id=crawl_id, status="running", counts={}, elapsed=0.0)
        self._drain(summary, started)
        self._close_captures()
        summary.counts = self._ledger.counts(crawl_id)
        summary.status = self._final_status(crawl_id, summary.counts)
        summary.elapsed = time.monotonic() - started
        self._progress(crawl_id, started, done=True)
        return summary

    # --- scheduling ------------------------------------------------------------------------------------------

    def _make_releaser(self) -> Releaser:
        """The frontier's releaser over the in-process queue, under the same water marks as a deployment."""
        settings, queue = self.settings, self._queue
        marks = {
            ENRICH_QUEUE: WaterMarks(settings.backpressure_enrich_high, settings.backpressure_enrich_low),
            STORE_QUEUE: WaterMarks(settings.backpressure_store_high, settings.backpressure_store_low),
        }
        return Releaser(
            frontier=self._tools.frontier,
            publish_many=lambda payloads: queue.publish_many(FETCH_TASK, payloads),
            ready_depth=lambda: queue.depth(INGEST_QUEUE),
            backpressure=Backpressure(marks, lambda: {q: queue.depth(q) for q in marks}, MemoryHoldFlag()),
            limits=ReleaseLimits.of(settings),
        )

    def _drain(self, summary: CrawlSummary, started: float) -> None:
        """Run messages until none is left, waiting (the live view refreshed) only when none is due."""
        while True:
            self._releaser.release()
            queue, messages = self._next_due()
            if messages:
                cpu = time.process_time()
                self._dispatch(queue, messages, summary)
                summary.stage_cpu_ms[STAGE_OF_QUEUE[queue]] += (time.process_time() - cpu) * 1000
                self._progress(summary.crawl_id, started)
                continue
            due = self._next_wake()
            if due is None:
                return
            self._wait(due - time.monotonic(), summary.crawl_id, started)

    def _next_wake(self) -> float | None:
        """When the next message or frontier host is due (monotonic time); None: nothing waits anywhere."""
        times = [self._queue.next_due()]
        frontier_in = self._tools.frontier.next_due_in()
        if frontier_in is not None:
            times.append(time.monotonic() + frontier_in)
        known = [t for t in times if t is not None]
        return min(known) if known else None

    def _next_due(self) -> tuple[str, list[Message]]:
        """Store messages first (they free memory and finish crawls), then a batch of enrichment once it is full
        or no fetch is due, then one fetch."""
        if store := self._queue.take(STORE_QUEUE, 1):
            return STORE_QUEUE, store
        enrich_due = self._queue.due(ENRICH_QUEUE)
        if enrich_due and (enrich_due >= ENRICH_BATCH or not self._queue.due(INGEST_QUEUE)):
            return ENRICH_QUEUE, self._queue.take(ENRICH_QUEUE, ENRICH_BATCH)
        return INGEST_QUEUE, self._queue.take(INGEST_QUEUE, 1)

    def _dispatch(self, queue: str, messages: list[Message], summary: CrawlSummary) -> None:
        if queue == ENRICH_QUEUE:
            self._enrich(messages)
            return
        for message in messages:
            if message.task_name == RECORD_FAILURE_TASK:
                self._record_failure(message)
            elif message.task_name == FINISH_CRAWL_TASK:
                lifecycle.finish_crawl(
                    FinishCrawl.model_validate(message.payload), sessions=self._sessions, ledger=self._ledger
                )
            elif message.task_name == STORE_TASK:
                self._run(message, self._store_step(message, summary))
            else:  # the fetch (or the redo of a lost one)
                self._run(message, fetch_step(message.payload, self._tools))

    def _run(self, message: Message, step: Step) -> None:
        self._queue.current = message
        run_step(
            step,
            transport=self._queue,
            ledger=self._ledger,
            settings=self.settings,
            attempts=message.attempts,
        )

    # --- stages ----------------------------------------------------------------------------------------------

    def _enrich(self, messages: list[Message]) -> None:
        """Enrich a batch at once, then run each article's step with its result (one by one if the batch
        failed: one bad article must not sink the others, and each gets the policy's retries)."""
        enrich = self._batch_enrich([ParsedArticle.model_validate(m.payload) for m in messages])
        for message in messages:
            self._run(message, enrich_step(message.payload, enrich, self._ledger))

    def _batch_enrich(self, articles: list[ParsedArticle]) -> Enrich:
        if self._enricher is None:
            return lambda article: EnrichedArticle(article=article)
        try:
            results = list(self._enricher.enrich_many(articles))
        except Exception as exc:
            log.warning("enriching a batch of %d failed (%s); one article at a time", len(articles), exc)
            return self._enricher.enrich
        by_url = {article.url: result for article, result in zip(articles, results, strict=True)}
        single = self._enricher.enrich
        # A retried article is enriched again on its own: the batch's result is for its first attempt only.
        return lambda article: by_url.pop(article.url, None) or single(article)

    def _store_step(self, message: Message, summary: CrawlSummary) -> Step:
        def stored(result: StoreResult) -> None:
            if result.article_id not in summary.stored_ids:
                summary.stored_ids.append(result.article_id)

        return store_step(
            message.payload,
            sessions=self._sessions,
            ledger=self._ledger,
            near_duplicate_similarity=self.settings.near_duplicate_similarity,
            on_stored=stored,
        )

    def _record_failure(self, message: Message) -> None:
        record = FailureRecord.model_validate(message.payload)
        log.info("%s %s: %s", record.stage, record.url, record.reason)
        try:
            with session_scope(self._sessions) as session:
                record_failure(record, session=session)
        except Exception:  # the database refuses: nothing else can keep it, so say so loudly
            log.exception("failure of %s not recorded", record.url)

    # --- the end of a crawl ----------------------------------------------------------------------------------

    def _final_status(self, crawl_id: str, counts: dict[str, int]) -> str:
        """The crawl's stored status. A crawl whose last key never resolved (nothing was admitted: every seed
        over the page limit) is finished here, as the reconciler would in a deployment."""
        with session_scope(self._sessions) as session:
            row = crawl_rows.get_crawl(crawl_id, session=session)
            if row is not None and row.finished_at is not None:
                return row.status
        message = FinishCrawl(crawl_id=crawl_id, counts=counts)
        return lifecycle.finish_crawl(message, sessions=self._sessions, ledger=self._ledger)

    def _close_captures(self) -> None:
        """End the crawl's capture file (with an S3-compatible store: upload it, so it is readable now)."""
        if self._tools.captures is None:
            return
        try:
            self._tools.captures.close()
        except CaptureStoreError as exc:  # the crawl's results stand; the files wait in the spool
            log.error("%s", exc)

    # --- the live view ---------------------------------------------------------------------------------------

    def _wait(self, seconds: float, crawl_id: str, started: float) -> None:
        """Sleep ``seconds`` until the next message is due, the live view refreshed meanwhile."""
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            time.sleep(min(left, PROGRESS_INTERVAL) if self._on_progress is not None else left)
            self._progress(crawl_id, started)

    def _queued_hosts(self) -> dict[str, int]:
        """Fetches waiting per host: in the ingest queue and in the frontier."""
        queued = self._queue.queued_hosts()
        for host, n in self._tools.frontier.hosts().items():
            queued[host] = queued.get(host, 0) + n
        return queued

    def _progress(self, crawl_id: str, started: float, *, done: bool = False) -> None:
        """A snapshot for ``on_progress``, at most every PROGRESS_INTERVAL seconds (and the final one)."""
        now = time.monotonic()
        if self._on_progress is None or (not done and now - self._last_progress < PROGRESS_INTERVAL):
            return
        self._last_progress = now
        snapshot = CrawlSnapshot(
            crawl_id=crawl_id,
            counts=self._ledger.counts(crawl_id),
            stats=self._ledger.stats(crawl_id),
            queued={} if done else self._queued_hosts(),
            elapsed=now - started,
            done=done,
        )
        self._on_progress(snapshot)
