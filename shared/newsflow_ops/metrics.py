"""The Prometheus metric families the stages count, and the functions they count through.

Names and labels are a contract: dashboards and alert rules depend on them (docs/operations.md, "Metrics").
Both runtimes count the same things at the same places — the delivery policy (``newsflow_crawl.delivery``) and
the stage steps — so the embedded runner counts too; it only serves no endpoint.

The families are created on first use, not at import: ``newsflow worker`` must switch prometheus_client to its
multiprocess mode (``worker_metrics.enable_multiprocess``) before any value exists, and a metric created earlier
would count in the main process's memory, invisible to the endpoint.

Families served by the API at scrape time (queue depth and age, crawls by status, paused hosts) are declared
where they are computed: ``newsflow_ops.broker`` and ``newsflow_api.metrics``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from time import perf_counter
from typing import Final

from prometheus_client import Counter, Histogram

STAGES: Final = ("ingest", "enrich", "store")
# The delivery policy's verdict on one message (newsflow_crawl.delivery.policy.StepOutcome).
TASK_OUTCOMES: Final = ("ok", "retried", "failed", "dead_lettered")
FETCH_STATUS_CLASSES: Final = ("2xx", "3xx", "4xx", "5xx", "error", "robots_forbidden")
UNKNOWN_LANGUAGE: Final = "unknown"

# A fetch task spends milliseconds on a cached page and up to the fetch deadline (30 s) on a slow host; the
# time limit (300 s) bounds every task.
TASK_BUCKETS: Final = (
    0.005,
    0.01,
    0.025,
    0.05,
    0.1,
    0.25,
    0.5,
    1.0,
    2.5,
    5.0,
    10.0,
    30.0,
    60.0,
    120.0,
    300.0,
)
UPSERT_BUCKETS: Final = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)


@dataclass(frozen=True)
class Families:
    """Every family a stage counts (created once per process by :func:`families`)."""

    tasks: Counter
    task_duration: Histogram
    fetches: Counter
    fetch_deferrals: Counter
    articles_stored: Counter
    articles_skipped: Counter
    enriched_articles: Counter
    store_upsert: Histogram


@lru_cache(maxsize=1)
def families() -> Families:
    """The families, registered in prometheus_client's default registry on first call.

    Every (stage, outcome) and status class is created at once, so each series exists from the start at 0:
    ``rate()`` and alert rules see a counter appear at 0 rather than jump into existence at its first count.
    """
    made = Families(
        tasks=Counter(
            "newsflow_tasks_total",
            "Stage messages by the delivery policy's outcome (ok, retried, failed, dead_lettered).",
            ["stage", "outcome"],
        ),
        task_duration=Histogram(
            "newsflow_task_duration_seconds",
            "Seconds one stage message took under the delivery policy, whatever its outcome.",
            ["stage"],
            buckets=TASK_BUCKETS,
        ),
        fetches=Counter(
            "newsflow_fetches_total",
            "Page requests of crawls by HTTP status class (error: no response; robots_forbidden: not sent).",
            ["status_class"],
        ),
        fetch_deferrals=Counter(
            "newsflow_fetch_deferrals_total",
            "Fetches put back on the queue for their host's next free slot (politeness), not waited for.",
        ),
        articles_stored=Counter("newsflow_articles_stored_total", "Articles written by the store stage."),
        articles_skipped=Counter(
            "newsflow_articles_skipped_total",
            "URLs a crawl counted as skipped, by reason (not an article, already known, robots.txt, ...).",
            ["reason"],
        ),
        enriched_articles=Counter(
            "newsflow_enriched_articles_total", "Articles enriched, by detected language.", ["language"]
        ),
        store_upsert=Histogram(
            "newsflow_store_upsert_seconds",
            "Seconds of one article's upsert transaction (commit included).",
            buckets=UPSERT_BUCKETS,
        ),
    )
    for stage in STAGES:
        made.task_duration.labels(stage)
        for outcome in TASK_OUTCOMES:
            made.tasks.labels(stage, outcome)
    for status_class in FETCH_STATUS_CLASSES:
        made.fetches.labels(status_class)
    return made


def observe_task(stage: str, outcome: str, started: float) -> None:
    """Count one message's outcome and its duration since ``started`` (a ``time.perf_counter()`` value)."""
    made = families()
    made.tasks.labels(stage, outcome).inc()
    made.task_duration.labels(stage).observe(perf_counter() - started)


def count_task(stage: str, outcome: str) -> None:
    """Count an outcome decided without running the message (a poison message dead-lettered on arrival)."""
    families().tasks.labels(stage, outcome).inc()


def status_class(status: int, reason: str) -> str:
    """The ``status_class`` label of a fetch outcome: ``2xx``…``5xx`` by HTTP status, ``robots_forbidden`` for a
    request robots.txt refused, ``error`` when no response came (timeout, connection, refused address)."""
    if reason == "robots_forbidden":
        return "robots_forbidden"
    if 200 <= status < 600:
        return f"{status // 100}xx"
    return "error"


def count_fetch(status: int, reason: str) -> None:
    """Count one page request of a crawl (what ``fetch_outcomes`` keeps a row of)."""
    families().fetches.labels(status_class(status, reason)).inc()


def count_deferral() -> None:
    families().fetch_deferrals.inc()


def count_stored() -> None:
    families().articles_stored.inc()


def count_skipped(reason: str) -> None:
    families().articles_skipped.labels(reason).inc()


def count_enriched(language: str | None) -> None:
    families().enriched_articles.labels(language or UNKNOWN_LANGUAGE).inc()


@contextmanager
def timed_upsert() -> Iterator[None]:
    """Observe the seconds of the ``with`` block in ``newsflow_store_upsert_seconds`` (when it succeeds)."""
    started = perf_counter()
    yield
    families().store_upsert.observe(perf_counter() - started)
