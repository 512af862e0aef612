"""A sitemap's fan-out, interrupted, loses nothing: the real ``fetch_step`` (a real Fetcher against a local server
that answers conditional requests with 304) on a MemoryLedger and MemoryValidators, its push into the frontier
broken off after ``k`` children — by the soft time limit (``SoftTimeLimitExceeded``, retried by the policy) or by
a worker killed mid-task (the message redelivered as it was) — and then run again.

Found by an operator: a sitemap of 900 articles, its task stopped by the soft time limit while publishing its
children; the retry fetched the sitemap conditionally, got 304, discovered nothing, and the crawl ended ``done``
with 408 URLs never fetched and no failures row. Every URL of the sitemap must be published exactly once over
the attempts, each admitted into the ledger, and the validators kept only once the fan-out is complete (so a
later fetch, after it, is still the cheap 304).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from newsflow_crawl.delivery.policy import run_step
from newsflow_crawl.frontier import FrontierEntry, MemoryFrontier, admit
from newsflow_crawl.state import MemoryLedger, fetch_key
from newsflow_ingest.fetching.fetcher import Fetcher
from newsflow_ingest.fetching.validators import MemoryValidators
from newsflow_ingest.stage.known import MemoryKnownUrls
from newsflow_ingest.stage.step import IngestTools, fetch_step
from newsflow_shared.config import Settings
from newsflow_shared.messages import FetchTask

from tests.support.http_server import LocalServer, serve

CRAWL = "fanout-crawl"
N_URLS = 300
BATCH = 50
ETAG = '"sitemap-v1"'
LAST_MODIFIED = "Mon, 04 Mar 2024 10:00:00 GMT"


def article_paths() -> list[str]:
    return [f"/news/2024/03/story-{i:04d}/" for i in range(N_URLS)]


@dataclass
class SitemapLog:
    """What the sitemap route answered, in order."""

    statuses: list[int] = field(default_factory=list)


@pytest.fixture
def site() -> Iterator[tuple[LocalServer, SitemapLog]]:
    log = SitemapLog()
    routes: dict[str, Any] = {}
    with serve(routes) as server:
        urls = "".join(f"<url><loc>{server.url(p)}</loc></url>" for p in article_paths())
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>\n'
        ).encode()

        def sitemap(_path: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
            validators = {"ETag": ETAG, "Last-Modified": LAST_MODIFIED}
            if headers.get("If-None-Match") == ETAG or headers.get("If-Modified-Since") == LAST_MODIFIED:
                log.statuses.append(304)
                return 304, validators, b""
            log.statuses.append(200)
            return 200, {"Content-Type": "application/xml", **validators}, body

        routes["/sitemap.xml"] = sitemap
        yield server, log


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    settings = Settings(
        _env_file=None,
        allow_private_addresses=True,  # the site is on 127.0.0.1
        host_delay=0,
        fetch_connect_timeout=2.0,
        fetch_read_timeout=2.0,
        fetch_deadline=5.0,
        frontier_admit_batch=BATCH,  # so a 300-URL sitemap can be interrupted between batches
    )
    with Fetcher(settings) as instance:
        yield instance


class WorkerKilled(BaseException):
    """The worker process died mid-task: nothing of the policy runs, the broker delivers the message again."""


@dataclass
class BreakingFrontier(MemoryFrontier):
    """A frontier that records every URL pushed; once ``break_after`` URLs were pushed, the next push raises
    ``interruption`` instead (once): the soft time limit or a kill striking in the middle of a fan-out. A push is
    all or nothing, as RedisFrontier's (one Lua script)."""

    break_after: int | None = None
    interruption: BaseException = field(default_factory=lambda: WorkerKilled())
    pushed: list[str] = field(default_factory=list)

    def push(self, entries: Sequence[FrontierEntry]) -> None:
        if self.break_after is not None and len(self.pushed) >= self.break_after:
            self.break_after = None
            raise self.interruption
        super().push(entries)
        self.pushed += [FetchTask.model_validate_json(entry.payload).url for entry in entries]


@dataclass
class RecordingTransport:
    """What the step publishes besides fetches (which go to the frontier), and the retries it asks for."""

    published: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    retries: list[float] = field(default_factory=list)

    def publish(self, task_name: str, payload: dict[str, Any], *, countdown: float | None = None) -> None:
        self.published.append((task_name, payload))

    def retry(self, exc: BaseException, countdown: float) -> None:
        self.retries.append(countdown)


def seed(site: LocalServer, ledger: MemoryLedger) -> FetchTask:
    """The crawl's seed, admitted as the crawl's start admits it (claimed, in flight, queued)."""
    task = FetchTask(
        crawl_id=CRAWL, url=site.url("/sitemap.xml"), role="sitemap", mode="sitemap", max_pages=N_URLS + 10
    )
    assert admit(ledger, [task], lambda _t: None) == [task]
    return task


def run(task: FetchTask, tools: IngestTools, transport: RecordingTransport, attempts: int) -> str:
    settings = Settings(_env_file=None, task_max_retries=5)
    step = fetch_step(task.model_dump(mode="json"), tools)
    return run_step(step, transport=transport, ledger=tools.ledger, settings=settings, attempts=attempts)


@pytest.mark.parametrize("break_after", [0, BATCH, 3 * BATCH, N_URLS - BATCH])
@pytest.mark.parametrize("interruption", ["soft_time_limit", "worker_killed"])
def test_an_interrupted_fanout_is_finished_by_the_next_attempt(
    site: tuple[LocalServer, SitemapLog], fetcher: Fetcher, break_after: int, interruption: str
) -> None:
    server, log = site
    ledger, validators = MemoryLedger(), MemoryValidators()
    exc = SoftTimeLimitExceeded("soft time limit exceeded") if interruption == "soft_time_limit" else None
    frontier = BreakingFrontier(break_after=break_after, interruption=exc or WorkerKilled())
    tools = IngestTools(
        fetcher=fetcher,
        ledger=ledger,
        known=MemoryKnownUrls(),
        validators=validators,
        captures=None,
        defer_after=None,
        frontier=frontier,
    )
    task = seed(server, ledger)
    expected = {server.url(p) for p in article_paths()}
    transport = RecordingTransport()

    if exc is not None:
        # The policy catches the soft time limit and asks for a retry: the message runs again, one attempt on.
        assert run(task, tools, transport, attempts=0) == "retried"
        assert len(transport.retries) == 1
        again = 1
    else:
        with pytest.raises(WorkerKilled):
            run(task, tools, transport, attempts=0)
        again = 0  # redelivered as it was
    assert len(frontier.pushed) == break_after  # the fan-out was broken off there
    assert fetch_key(task.url) in ledger.pending(CRAWL)  # the sitemap's own work is not over
    kept_while_interrupted = validators.get(task.url)

    assert run(task, tools, transport, attempts=again) == "ok"

    published = Counter(frontier.pushed)
    assert set(published) == expected, (
        f"{len(expected - set(published))} of {N_URLS} sitemap URLs never published"
    )
    assert [url for url, n in published.items() if n > 1] == []  # each exactly once over both attempts
    assert ledger.unqueued(CRAWL, sorted(expected)) == set()  # each admitted and marked queued
    assert ledger.pending(CRAWL) == {fetch_key(url) for url in expected}  # the sitemap's key resolved
    assert ledger.counts(CRAWL)["discovered"] == N_URLS + 1  # the seed and its children
    assert log.statuses == [200, 200]  # the second attempt fetched the sitemap in full
    assert kept_while_interrupted is None  # not before every child was admitted
    assert validators.get(task.url) == {"etag": ETAG, "last-modified": LAST_MODIFIED}

    # A late redelivery of the finished sitemap task: an unchanged sitemap is the cheap 304 again, and nothing
    # is published twice.
    assert run(task, tools, transport, attempts=0) == "ok"
    assert log.statuses == [200, 200, 304]
    assert Counter(frontier.pushed) == published
    assert frontier.waiting() == N_URLS  # each waits once in the frontier for its host


def test_an_uninterrupted_fanout_keeps_the_validators_for_the_next_fetch(
    site: tuple[LocalServer, SitemapLog], fetcher: Fetcher
) -> None:
    server, log = site
    ledger, validators = MemoryLedger(), MemoryValidators()
    frontier = BreakingFrontier()
    tools = IngestTools(fetcher, ledger, MemoryKnownUrls(), validators, None, None, frontier)
    task = seed(server, ledger)
    transport = RecordingTransport()
    assert run(task, tools, transport, attempts=0) == "ok"
    assert len(frontier.pushed) == N_URLS
    assert validators.get(task.url) == {"etag": ETAG, "last-modified": LAST_MODIFIED}
    # The next crawl of the unchanged sitemap costs one 304 and yields nothing (recurring crawls).
    second = MemoryLedger()
    later = seed(server, second).model_copy()
    tools.ledger = second
    assert run(later, tools, transport, attempts=0) == "ok"
    assert log.statuses == [200, 304]
    assert len(frontier.pushed) == N_URLS
