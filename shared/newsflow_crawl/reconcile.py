"""Work the broker lost, found and done again: the end-to-end check behind at-least-once delivery.

Celery over Redis can lose a message outright: kombu's Redis transport pops a message (``BRPOP``) and only then
records it as unacknowledged, so a worker *main* process killed in between (or holding popped bytes in its socket)
loses it, and no visibility timeout brings it back. The crawl ledger knows better than the broker what must still
happen: every in-flight key (``fetch:``, ``enrich:``, ``store:`` + URL key) and, while any is pending, the URL's
fetch message. A crawl with in-flight keys that has made no progress (no key added or resolved) for longer than
any message may legitimately take — visibility timeout + task time limit + the longest retry delay — has lost
them: the reconciler re-publishes each such URL's fetch message (a full redo for lost enrich/store work, since
their messages are not kept). Stages are idempotent, so a redo of work that was only slow stores nothing twice.

While the frontier holds fetches back under backpressure (``frontier.backpressure``), crawls wait on purpose:
the reconciler's thread does not sweep then, and counts the wait as progress. Likewise after Redis was away
(a sweep failed): on its return every crawl's idle clock starts again, since no worker could make progress
meanwhile — otherwise an outage longer than the idle limit would have all in-flight work published again.

A URL redone ``max_redos`` times without finishing is given up: its keys are resolved, the crawl counts it as
failed and a ``failures`` row (reason ``lost_in_flight``, replayable) says so. A crawl with nothing pending whose
final status was never stored (the finish message lost) gets its finish message again; the store stage retires
the crawl from the active set once its final status is written.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from newsflow_shared.messages import FailureRecord, FetchTask, FinishCrawl
from newsflow_shared.queues import FETCH_TASK, FINISH_CRAWL_TASK, RECONCILE_TASK, RECORD_FAILURE_TASK

from newsflow_crawl.delivery.policy import Transport
from newsflow_crawl.state import CrawlLedger, PendingKey

log = logging.getLogger(__name__)


@dataclass
class ReconcileReport:
    """What one sweep did."""

    crawls: list[str] = field(default_factory=list)
    republished: int = 0
    given_up: int = 0
    finishes: int = 0


@dataclass(frozen=True)
class Publishers:
    """How the reconciler sends messages: to the ingest queue, the store's finish task, the failures table."""

    fetch: Callable[[FetchTask], None]
    finish: Callable[[FinishCrawl], None]
    failure: Callable[[FailureRecord], None]

    @classmethod
    def through(cls, transport: Transport) -> Publishers:
        """The publishers of a deployment: each message to its task through ``transport``."""
        return cls(
            fetch=lambda task: transport.publish(FETCH_TASK, task.model_dump(mode="json")),
            finish=lambda message: transport.publish(FINISH_CRAWL_TASK, message.model_dump(mode="json")),
            failure=lambda record: transport.publish(RECORD_FAILURE_TASK, record.model_dump(mode="json")),
        )


def reconcile(
    ledger: CrawlLedger, publishers: Publishers, *, idle_seconds: float, max_redos: int = 3
) -> ReconcileReport:
    """One sweep over the crawls that made no progress for ``idle_seconds``."""
    report = ReconcileReport()
    for crawl_id in ledger.stalled(idle_seconds):
        report.crawls.append(crawl_id)
        pending = ledger.pending(crawl_id)
        if not pending and not ledger.is_finished(crawl_id):
            # Emptying ``pending`` marks a crawl finished in the same step: its state has expired (KEY_TTL).
            log.warning("crawl %s: its ledger state has expired; no longer watched", crawl_id)
            ledger.retire(crawl_id)
            continue
        if not pending:
            log.warning("crawl %s: nothing in flight but no final status; finish sent again", crawl_id)
            _finish(ledger, publishers, crawl_id)
            report.finishes += 1
        else:
            _redo_crawl(ledger, publishers, crawl_id, pending, max_redos, report)
        ledger.touch(crawl_id)
    return report


def _redo_crawl(
    ledger: CrawlLedger,
    publishers: Publishers,
    crawl_id: str,
    pending: set[str],
    max_redos: int,
    report: ReconcileReport,
) -> None:
    recipes = ledger.recipes(crawl_id)
    cancelled = ledger.is_cancelled(crawl_id)
    by_url: dict[str, list[str]] = {}
    for key in sorted(pending):
        parsed = PendingKey.parse(key)
        by_url.setdefault(parsed.url_key if parsed else key, []).append(key)
    for url_key, keys in by_url.items():
        payload = recipes.get(url_key)
        if cancelled or payload is None:
            # Nothing to redo (a cancelled crawl skips its work anyway; a key without a kept message cannot be
            # redone): resolve the keys so the crawl can finish.
            reason = "crawl cancelled" if cancelled else "no fetch message kept for this work"
            _give_up(ledger, publishers, crawl_id, keys, None, reason, record=not cancelled)
            report.given_up += 1
            continue
        task = FetchTask.model_validate_json(payload)
        if ledger.note_redo(crawl_id, url_key) > max_redos:
            reason = f"work lost in flight {max_redos} times; given up"
            _give_up(ledger, publishers, crawl_id, keys, task, reason, record=True)
            report.given_up += 1
            continue
        publishers.fetch(_redo_task(task, keys))
        report.republished += 1
        log.warning("crawl %s: %s made no progress; %s published again", crawl_id, ", ".join(keys), task.url)


def _redo_task(task: FetchTask, keys: list[str]) -> FetchTask:
    """The fetch message that redoes ``keys``: the pending fetch itself (same deferral count, so it resolves the
    same key), or a fresh fetch of the page for lost enrich/store work (never skipped as already known)."""
    for key in keys:
        parsed = PendingKey.parse(key)
        if parsed and parsed.stage == "fetch":
            return task.model_copy(update={"deferrals": parsed.deferrals})
    return task.model_copy(update={"deferrals": 0, "skip_known": False})


def _give_up(
    ledger: CrawlLedger,
    publishers: Publishers,
    crawl_id: str,
    keys: list[str],
    task: FetchTask | None,
    reason: str,
    *,
    record: bool,
) -> None:
    url = task.url if task else None
    if record:
        log.error("crawl %s: %s: %s", crawl_id, ", ".join(keys), reason)
        publishers.failure(
            FailureRecord(
                crawl_id=crawl_id,
                stage="ingest",
                task_name=RECONCILE_TASK,
                url=url,
                error_type="LostInFlight",
                reason="lost_in_flight",
                message=f"{reason} (in-flight keys: {', '.join(keys)})",
                permanent=False,
                attempts=1,
                payload=task.model_dump(mode="json") if task else {},
            )
        )
        ledger.count(crawl_id, "failed", url or keys[0])
    for key in keys:
        if ledger.resolve(crawl_id, key):
            _finish(ledger, publishers, crawl_id)


def _finish(ledger: CrawlLedger, publishers: Publishers, crawl_id: str) -> None:
    publishers.finish(
        FinishCrawl(
            crawl_id=crawl_id, counts=ledger.counts(crawl_id), cancelled=ledger.is_cancelled(crawl_id)
        )
    )


class ReconcilerThread(threading.Thread):
    """Sweeps every ``interval`` seconds in a worker's main process; one sweeper at a time in a deployment (the
    ledger's sweep lock), so any number of ingest workers may run one."""

    def __init__(
        self,
        ledger: CrawlLedger,
        publishers: Publishers,
        *,
        interval: float,
        idle_seconds: float,
        max_redos: int = 3,
        held: Callable[[], bool] | None = None,
    ) -> None:
        super().__init__(name="newsflow-reconciler", daemon=True)
        # While the frontier holds its URLs back (backpressure), crawls make no progress on purpose.
        self.held = held
        self.ledger = ledger
        self.publishers = publishers
        self.interval = interval
        self.idle_seconds = idle_seconds
        self.max_redos = max_redos
        self.stopped = threading.Event()
        self._broker_was_away = False

    def run(self) -> None:
        while not self.stopped.wait(self.interval):
            self.sweep_once()

    def sweep_once(self) -> ReconcileReport | None:
        try:
            if not self.ledger.acquire_sweep(self.interval * 0.9):
                return None
            if self._broker_was_away or (self.held is not None and self.held()):
                # Nothing is lost while held: count it as progress, so no crawl looks stalled when it ends.
                # Nor while Redis was away: no worker could make progress then, and they reconnect after us;
                # the time is no evidence of lost work, so every crawl's idle clock starts again now.
                self._touch_every_crawl()
                return None
            return reconcile(
                self.ledger, self.publishers, idle_seconds=self.idle_seconds, max_redos=self.max_redos
            )
        except Exception:  # Redis away for a moment: the next sweep tries again
            log.warning("reconciler sweep failed", exc_info=True)
            self._broker_was_away = True
            return None

    def _touch_every_crawl(self) -> None:
        for crawl_id in self.ledger.stalled(0):
            self.ledger.touch(crawl_id)
        self._broker_was_away = False

    def stop(self) -> None:
        self.stopped.set()
