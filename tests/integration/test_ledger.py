"""The crawl ledger behaves the same on Redis (deployments) and in memory (embedded runner)."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator

import pytest
import redis
from newsflow_crawl.frontier import admit
from newsflow_crawl.state import CrawlLedger, MemoryLedger, RedisLedger, fetch_key
from newsflow_shared.messages import FetchTask

pytestmark = pytest.mark.integration


@pytest.fixture(params=["redis", "memory"])
def ledger(request: pytest.FixtureRequest) -> Iterator[CrawlLedger]:
    if request.param == "memory":
        yield MemoryLedger()
        return
    url = request.getfixturevalue("redis_url")
    client = redis.Redis.from_url(url)
    yield RedisLedger(client)
    client.close()


def test_claim_respects_seen_and_limit(ledger: CrawlLedger) -> None:
    crawl = str(uuid.uuid4())
    assert ledger.claim_url(crawl, "http://a/1", 2) == 1
    assert ledger.claim_url(crawl, "http://a/1", 2) == 0
    assert ledger.claim_url(crawl, "http://a/2", 2) == 1
    assert ledger.claim_url(crawl, "http://a/3", 2) == -1
    assert ledger.claim_url(str(uuid.uuid4()), "http://a/3", 2) == 1


def test_resolve_reports_completion_exactly_once(ledger: CrawlLedger) -> None:
    crawl = str(uuid.uuid4())
    ledger.add_pending(crawl, "fetch:a", "fetch:b")
    assert ledger.resolve(crawl, "fetch:a") is False
    ledger.add_pending(crawl, "enrich:a")
    assert ledger.resolve(crawl, "fetch:b") is False
    assert ledger.resolve(crawl, "enrich:a") is True
    assert ledger.resolve(crawl, "enrich:a") is False  # redelivered: no second finish


def test_counters_are_idempotent(ledger: CrawlLedger) -> None:
    crawl = str(uuid.uuid4())
    for _ in range(3):
        ledger.count(crawl, "fetched", "http://a/1")
    ledger.count(crawl, "fetched", "http://a/2")
    ledger.count(crawl, "stored", "x")
    counts = ledger.counts(crawl)
    assert counts["fetched"] == 2
    assert counts["stored"] == 1
    assert counts["failed"] == 0


def test_status_and_cancel(ledger: CrawlLedger) -> None:
    crawl = str(uuid.uuid4())
    assert ledger.status(crawl) is None
    ledger.set_status(crawl, "running")
    assert ledger.status(crawl) == "running"
    assert not ledger.is_cancelled(crawl)
    ledger.cancel(crawl)
    assert ledger.is_cancelled(crawl)


def test_admit_publishes_every_admitted_url_once_or_more_under_concurrency(ledger: CrawlLedger) -> None:
    """Four publishers racing over 30 URLs with a page limit of 20: 20 URLs are admitted and every one is
    published, the other 10 are skipped, and each is counted once. A URL may be published more than once: a
    publisher that finds it claimed but not yet marked queued cannot tell a claimer still publishing from one
    that died (``admit``'s docstring; at-least-once delivery and idempotent stages make the copy harmless).
    This test asserted exactly one publication per URL until it failed on a loaded machine (22 publications of
    20 URLs, about one run in 30 with a benchmark beside it): a promise ``admit`` does not make."""
    crawl = str(uuid.uuid4())
    published: list[str] = []
    lock = threading.Lock()

    def publish(task: FetchTask) -> None:
        with lock:
            published.append(task.url)

    tasks = [FetchTask(crawl_id=crawl, url=f"http://a/{i % 30}", max_pages=20) for i in range(120)]
    threads = [threading.Thread(target=admit, args=(ledger, tasks[i::4], publish)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(published)) == 20
    counts = ledger.counts(crawl)
    assert counts["discovered"] == 20
    assert counts["skipped"] == 10
    for url in published:
        ledger.resolve(crawl, fetch_key(url))
    assert ledger.counts(crawl)["discovered"] == 20
