"""The embedded runner: one process, no Redis, SQLite by default — the same stage functions as the workers.

``newsflow crawl`` uses it. Messages go through an in-process queue instead of Celery; the crawl ledger lives in
memory; failures and articles land in the same tables a deployment writes.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import requests
from newsflow_crawl.crawl_rows import create_crawl, finish_crawl
from newsflow_crawl.delivery.dead_letters import record_failure
from newsflow_crawl.delivery.policy import Stage, TaskContext, backoff_delay, failure_record
from newsflow_crawl.fetch_outcomes import record_fetch_outcomes
from newsflow_crawl.frontier import admit, seed_tasks
from newsflow_crawl.state import MemoryLedger
from newsflow_enrich.enricher import Enricher
from newsflow_enrich.translation.stored import StoredTranslations
from newsflow_ingest.captures.s3_store import CaptureStoreError
from newsflow_ingest.captures.warc import capture_writer
from newsflow_ingest.fetching.fetcher import Fetcher
from newsflow_ingest.fetching.robots import RobotsPolicy
from newsflow_ingest.fetching.throttle import HostBusy, MemoryHostThrottle
from newsflow_ingest.fetching.validators import MemoryValidators
from newsflow_ingest.stage.known import MemoryKnownUrls, is_known_skip
from newsflow_ingest.stage.outcomes import record_failure_outcome, success_outcome
from newsflow_ingest.stage.page import ingest
from newsflow_ingest.urls import host_of
from newsflow_shared.config import Settings
from newsflow_shared.db import make_engine, make_sessionmaker, session_scope
from newsflow_shared.errors import PermanentError, RobotsForbidden, TransientError
from newsflow_shared.messages import CrawlRequest, EnrichedArticle, FetchTask, FinishCrawl, ParsedArticle
from newsflow_shared.migrate import upgrade
from newsflow_shared.queues import ENRICH_TASK, FETCH_TASK, STORE_TASK
from newsflow_store.articles import upsert_article

from newsflow.progress import PROGRESS_INTERVAL, CrawlSnapshot

log = logging.getLogger(__name__)

ENRICH_BATCH = 16

# A URL waiting in the runner's queue: (not before, order, attempts, task).
Queued = tuple[float, int, int, FetchTask]


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
        self._fetcher = Fetcher(settings, robots=robots, throttle=throttle)
        # Translations already stored (same text, same provider and languages) are reused, not requested again.
        shared = StoredTranslations(self._sessions)
        self._enricher = Enricher(settings, shared_cache=shared) if enrich else None
        self._validators = MemoryValidators()
        self._known = MemoryKnownUrls()  # articles parsed by this runner's crawls
        self._captures = capture_writer(settings)
        self._on_progress = on_progress
        self._last_progress = 0.0

    def crawl(self, request: CrawlRequest) -> CrawlSummary:
        crawl_id = str(uuid.uuid4())
        started = time.monotonic()
        summary = CrawlSummary(crawl_id=crawl_id, status="running", counts={}, elapsed=0.0)
        with session_scope(self._sessions) as session:
            create_crawl(crawl_id, request, session=session)

        order = itertools.count()
        # (not before, order, attempts, task): retries wait their backoff without blocking other URLs.
        queue: list[Queued] = []

        def push(task: FetchTask, attempts: int = 0, not_before: float = 0.0) -> None:
            heapq.heappush(queue, (not_before, next(order), attempts, task))

        admit(self._ledger, seed_tasks(crawl_id, request), push)
        buffer: list[ParsedArticle] = []
        while queue:
            not_before, _, attempts, task = heapq.heappop(queue)
            if buffer and (len(buffer) >= ENRICH_BATCH or not_before > time.monotonic()):
                self._enrich_and_store(buffer, summary)
                buffer = []
            wait = not_before - time.monotonic()
            if wait > 0:
                self._wait(wait, crawl_id, queue, started, task)
            article = self._ingest_one(task, attempts, push, summary)
            if article is not None:
                buffer.append(article)
            self._progress(crawl_id, queue, started)
        if buffer:
            self._enrich_and_store(buffer, summary)
        self._close_captures()

        summary.counts = self._ledger.counts(crawl_id)
        with session_scope(self._sessions) as session:
            summary.status = finish_crawl(
                FinishCrawl(crawl_id=crawl_id, counts=summary.counts), session=session
            )
            record_fetch_outcomes(crawl_id, self._ledger.outcomes(crawl_id), session=session)
        summary.elapsed = time.monotonic() - started
        self._progress(crawl_id, [], started, done=True)
        return summary

    # --- stages ------------------------------------------------------------------------------------------

    def _ingest_one(
        self, task: FetchTask, attempts: int, push: Callable[..., None], summary: CrawlSummary
    ) -> ParsedArticle | None:
        crawl_id = task.crawl_id
        if is_known_skip(task, self._known):
            self._ledger.count(crawl_id, "skipped", task.url)
            return None
        cpu = time.process_time()
        started = time.monotonic()
        try:
            outcome = ingest(
                task,
                fetcher=self._fetcher,
                defer_after=self.settings.throttle_defer_after,
                captures=self._captures,
                validators=self._validators,
            )
        except HostBusy as busy:
            # Another host's URL may go meanwhile: the queue is ordered by "not before".
            later = task.model_copy(update={"deferrals": task.deferrals + 1})
            push(later, attempts, time.monotonic() + busy.wait)
            return None
        except PermanentError as exc:
            record_failure_outcome(self._ledger, crawl_id, task.url, exc, started, self._fetcher)
            self._fail(
                "ingest", FETCH_TASK, task.model_dump(mode="json"), crawl_id, task.url, exc, True, attempts
            )
            self._ledger.count(
                crawl_id, "skipped" if isinstance(exc, RobotsForbidden) else "failed", task.url
            )
            return None
        except Exception as exc:
            record_failure_outcome(self._ledger, crawl_id, task.url, exc, started, self._fetcher)
            if attempts < self.settings.task_max_retries:
                retry_after = exc.retry_after if isinstance(exc, TransientError) else None
                delay = backoff_delay(attempts, self.settings, retry_after)
                log.warning("fetch %s failed (%s); retry %d in %.1fs", task.url, exc, attempts + 1, delay)
                push(task, attempts + 1, time.monotonic() + delay)
            else:
                payload = task.model_dump(mode="json")
                self._fail("ingest", FETCH_TASK, payload, crawl_id, task.url, exc, False, attempts)
                self._ledger.count(crawl_id, "failed", task.url)
            return None
        finally:
            summary.stage_cpu_ms["ingest"] += (time.process_time() - cpu) * 1000
        self._ledger.record_fetch(crawl_id, success_outcome(task.url, outcome.fetched))
        self._ledger.count(crawl_id, "fetched", task.url)
        admit(self._ledger, outcome.discovered, push)
        if outcome.article is None:
            if outcome.page_status is not None:
                self._ledger.count(crawl_id, "skipped", task.url)
            return None
        self._ledger.count(crawl_id, "articles", outcome.article.article_id)
        self._known.remember(task.url, outcome.article.canonical_url)
        return outcome.article

    def _enrich_and_store(self, articles: list[ParsedArticle], summary: CrawlSummary) -> None:
        cpu = time.process_time()
        enriched: list[EnrichedArticle | None]
        if self._enricher is None:
            enriched = [EnrichedArticle(article=a) for a in articles]
        else:
            try:
                enriched = list(self._enricher.enrich_many(articles))
            except Exception:  # one bad article must not sink the batch: redo one by one
                enriched = [self._enrich_single(a) for a in articles]
        summary.stage_cpu_ms["enrich"] += (time.process_time() - cpu) * 1000
        cpu = time.process_time()
        for item in enriched:
            if item is not None:
                self._store_one(item, summary)
        summary.stage_cpu_ms["store"] += (time.process_time() - cpu) * 1000

    def _enrich_single(self, article: ParsedArticle) -> EnrichedArticle | None:
        assert self._enricher is not None
        try:
            return self._enricher.enrich(article)
        except Exception as exc:
            payload = article.model_dump(mode="json")
            self._fail("enrich", ENRICH_TASK, payload, article.crawl_id, article.url, exc, False, 0)
            if article.crawl_id:
                self._ledger.count(article.crawl_id, "failed", article.url)
            return None

    def _store_one(self, enriched: EnrichedArticle, summary: CrawlSummary) -> None:
        article = enriched.article
        try:
            with session_scope(self._sessions) as session:
                result = upsert_article(
                    enriched,
                    session=session,
                    near_duplicate_similarity=self.settings.near_duplicate_similarity,
                )
        except Exception as exc:
            payload = enriched.model_dump(mode="json")
            self._fail("store", STORE_TASK, payload, article.crawl_id, article.url, exc, False, 0)
            if article.crawl_id:
                self._ledger.count(article.crawl_id, "failed", article.url)
            return
        if article.crawl_id:
            self._ledger.count(article.crawl_id, "stored", result.article_id)
        if result.article_id not in summary.stored_ids:
            summary.stored_ids.append(result.article_id)

    # --- bookkeeping -------------------------------------------------------------------------------------

    def _fail(
        self,
        stage: Stage,
        task_name: str,
        payload: dict[str, object],
        crawl_id: str | None,
        url: str | None,
        exc: BaseException,
        permanent: bool,
        attempts: int,
    ) -> None:
        ctx = TaskContext(stage, task_name, dict(payload), crawl_id, url, None)
        record = failure_record(ctx, exc, permanent=permanent, attempts=attempts + 1)
        log.info("%s %s: %s", stage, url, record.reason)
        with session_scope(self._sessions) as session:
            record_failure(record, session=session)

    def _close_captures(self) -> None:
        """End the crawl's capture file (with an S3-compatible store: upload it, so it is readable now)."""
        if self._captures is None:
            return
        try:
            self._captures.close()
        except CaptureStoreError as exc:  # the crawl's results stand; the files wait in the spool
            log.error("%s", exc)

    def _wait(
        self, seconds: float, crawl_id: str, queue: list[Queued], started: float, waiting: FetchTask
    ) -> None:
        """Sleep ``seconds`` before fetching ``waiting``, the live view refreshed meanwhile."""
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            time.sleep(min(left, PROGRESS_INTERVAL) if self._on_progress is not None else left)
            self._progress(crawl_id, queue, started, waiting=waiting)

    def _progress(
        self,
        crawl_id: str,
        queue: list[Queued],
        started: float,
        *,
        waiting: FetchTask | None = None,
        done: bool = False,
    ) -> None:
        """A snapshot for ``on_progress``, at most every PROGRESS_INTERVAL seconds (and the final one)."""
        now = time.monotonic()
        if self._on_progress is None or (not done and now - self._last_progress < PROGRESS_INTERVAL):
            return
        self._last_progress = now
        queued = Counter(host_of(task.url) for *_, task in queue)
        if waiting is not None:  # taken off the queue, its time not come yet
            queued[host_of(waiting.url)] += 1
        snapshot = CrawlSnapshot(
            crawl_id=crawl_id,
            counts=self._ledger.counts(crawl_id),
            stats=self._ledger.stats(crawl_id),
            queued=dict(queued),
            elapsed=now - started,
            done=done,
        )
        self._on_progress(snapshot)
