"""The reconciler finds crawl work the broker lost and does it again, on the Redis ledger and the in-memory one.

The Redis ledger runs against a real Redis (its own database number, emptied first: the reconciler sweeps every
active crawl it can see)."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from newsflow_crawl.frontier import admit
from newsflow_crawl.reconcile import Publishers, ReconcilerThread, reconcile
from newsflow_crawl.state import (
    CrawlLedger,
    MemoryLedger,
    PendingKey,
    RedisLedger,
    enrich_key,
    fetch_key,
    store_key,
)
from newsflow_shared.messages import FailureRecord, FetchTask, FinishCrawl, url_key

from tests.support.fault_tools import ThrowawayRedis

pytestmark = pytest.mark.integration


@pytest.fixture(params=["redis", "memory"])
def ledger(request: pytest.FixtureRequest, redis_url: str) -> Iterator[CrawlLedger]:
    if request.param == "memory":
        yield MemoryLedger()
        return
    # The test process's own database (a fixed number would flush another test process's keys)
    client = redis.Redis.from_url(redis_url)
    client.flushdb()
    yield RedisLedger(client)
    client.flushdb()
    client.close()


class Sent:
    """What the reconciler published, in order."""

    def __init__(self) -> None:
        self.fetches: list[FetchTask] = []
        self.finishes: list[FinishCrawl] = []
        self.failures: list[FailureRecord] = []

    def publishers(self) -> Publishers:
        return Publishers(self.fetches.append, self.finishes.append, self.failures.append)


def task(crawl_id: str, url: str, **extra: object) -> FetchTask:
    return FetchTask(
        crawl_id=crawl_id,
        url=url,
        depth=1,
        role="article",
        mode="sitemap",
        max_pages=10,
        max_depth=1,
        skip_known=True,
        **extra,  # type: ignore[arg-type]
    )


def started_crawl(ledger: CrawlLedger, *urls: str) -> str:
    crawl_id = str(uuid.uuid4())
    admit(ledger, [task(crawl_id, url) for url in urls], lambda _: None)
    return crawl_id


def test_lost_store_work_is_redone_from_a_fresh_fetch(ledger: CrawlLedger) -> None:
    url = "https://a.example/news/1"
    crawl_id = started_crawl(ledger, url)
    # The page was fetched and enriched; the store message was then lost by the broker.
    ledger.add_pending(crawl_id, enrich_key(url))
    assert not ledger.resolve(crawl_id, fetch_key(url))
    ledger.add_pending(crawl_id, store_key(url))
    assert not ledger.resolve(crawl_id, enrich_key(url))

    sent = Sent()
    assert reconcile(ledger, sent.publishers(), idle_seconds=3600).crawls == []  # not idle long enough yet
    report = reconcile(ledger, sent.publishers(), idle_seconds=0)
    assert report.crawls == [crawl_id] and report.republished == 1
    [redo] = sent.fetches
    assert (redo.url, redo.crawl_id, redo.deferrals) == (url, crawl_id, 0)
    assert redo.skip_known is False  # the page is known (parsed) but not stored: it must not be skipped
    assert ledger.pending(crawl_id) == {store_key(url)}  # still in flight until the store stage resolves it
    # The redo goes down the pipeline again and the store stage resolves the key: the crawl is finished.
    ledger.add_pending(crawl_id, enrich_key(url))
    assert not ledger.resolve(crawl_id, fetch_key(url))
    assert not ledger.resolve(crawl_id, enrich_key(url))
    assert ledger.resolve(crawl_id, store_key(url))
    assert ledger.recipes(crawl_id) == {}  # nothing of the URL in flight: its message is forgotten


def test_a_lost_deferred_fetch_is_published_with_its_deferral_count(ledger: CrawlLedger) -> None:
    url = "https://a.example/news/2"
    crawl_id = started_crawl(ledger, url)
    ledger.add_pending(crawl_id, fetch_key(url, 1))  # deferred by the host throttle
    assert not ledger.resolve(crawl_id, fetch_key(url))
    sent = Sent()
    reconcile(ledger, sent.publishers(), idle_seconds=0)
    [redo] = sent.fetches
    assert redo.deferrals == 1 and fetch_key(redo.url, redo.deferrals) == fetch_key(url, 1)
    assert redo.skip_known is True  # a fetch that never ran keeps its crawl's choice


def test_urls_whose_work_finished_are_forgotten_and_not_redone(ledger: CrawlLedger) -> None:
    done, lost = "https://a.example/done", "https://a.example/lost"
    crawl_id = started_crawl(ledger, done, lost)
    assert set(ledger.recipes(crawl_id)) == {url_key(done), url_key(lost)}
    assert not ledger.resolve(crawl_id, fetch_key(done))  # a listing page: no article, nothing follows
    assert set(ledger.recipes(crawl_id)) == {url_key(lost)}
    sent = Sent()
    reconcile(ledger, sent.publishers(), idle_seconds=0)
    assert [t.url for t in sent.fetches] == [lost]


def test_work_redone_too_often_is_given_up_with_a_failure_row(ledger: CrawlLedger) -> None:
    url = "https://a.example/news/3"
    crawl_id = started_crawl(ledger, url)
    sent = Sent()
    for _ in range(3):
        reconcile(ledger, sent.publishers(), idle_seconds=0, max_redos=3)
    assert len(sent.fetches) == 3 and not sent.failures
    report = reconcile(ledger, sent.publishers(), idle_seconds=0, max_redos=3)
    assert report.given_up == 1 and len(sent.fetches) == 3
    [failure] = sent.failures
    assert (failure.reason, failure.url, failure.crawl_id) == ("lost_in_flight", url, crawl_id)
    assert failure.payload["url"] == url  # replayable (`newsflow failures replay`)
    assert ledger.pending(crawl_id) == set()
    assert [f.crawl_id for f in sent.finishes] == [crawl_id]  # giving up the last key finishes the crawl
    assert ledger.counts(crawl_id)["failed"] == 1


def test_a_cancelled_crawl_resolves_its_lost_work_instead_of_redoing_it(ledger: CrawlLedger) -> None:
    url = "https://a.example/news/4"
    crawl_id = started_crawl(ledger, url)
    ledger.cancel(crawl_id)
    sent = Sent()
    reconcile(ledger, sent.publishers(), idle_seconds=0)
    assert sent.fetches == [] and sent.failures == []
    [finish] = sent.finishes
    assert finish.cancelled and finish.crawl_id == crawl_id


def test_a_lost_finish_message_is_sent_again_until_the_crawl_is_retired(ledger: CrawlLedger) -> None:
    url = "https://a.example/news/5"
    crawl_id = started_crawl(ledger, url)
    assert ledger.resolve(crawl_id, fetch_key(url))  # the finish message published now is then lost
    sent = Sent()
    reconcile(ledger, sent.publishers(), idle_seconds=0)
    assert [f.crawl_id for f in sent.finishes] == [crawl_id]
    ledger.retire(crawl_id)  # the store stage wrote the final status
    reconcile(ledger, sent.publishers(), idle_seconds=0)
    assert len(sent.finishes) == 1


def test_a_crawl_whose_state_expired_is_retired(ledger: CrawlLedger) -> None:
    crawl_id = str(uuid.uuid4())
    ledger.touch(crawl_id)  # active, but its pending set and finished mark are gone (expired)
    sent = Sent()
    assert reconcile(ledger, sent.publishers(), idle_seconds=0).crawls == [crawl_id]
    assert sent.finishes == [] and crawl_id not in ledger.stalled(0)


def test_progress_postpones_the_sweep(ledger: CrawlLedger) -> None:
    crawl_id = started_crawl(ledger, "https://a.example/a", "https://a.example/b")
    time.sleep(1.1)
    assert crawl_id in ledger.stalled(1)
    assert not ledger.resolve(crawl_id, fetch_key("https://a.example/a"))  # progress
    assert crawl_id not in ledger.stalled(1)


def test_one_sweeper_at_a_time(ledger: CrawlLedger) -> None:
    crawl_id = started_crawl(ledger, "https://a.example/c")
    first, second = Sent(), Sent()
    one = ReconcilerThread(ledger, first.publishers(), interval=30, idle_seconds=0)
    other = ReconcilerThread(ledger, second.publishers(), interval=30, idle_seconds=0)
    assert one.sweep_once() is not None
    assert other.sweep_once() is None  # the lock is held for this interval
    assert [t.crawl_id for t in first.fetches] == [crawl_id] and second.fetches == []


def test_no_sweep_while_the_frontier_holds_back_under_backpressure(ledger: CrawlLedger) -> None:
    """Found by benchmarks/fanout_interrupted.py: with the enrich queue above its high mark the frontier held
    every URL back, the crawl made no progress, and the reconciler published all of them again, past the hold."""
    crawl_id = started_crawl(ledger, "https://a.example/held")
    time.sleep(1.1)
    holding = [True]
    sent = Sent()
    sweeper = ReconcilerThread(
        ledger, sent.publishers(), interval=0.01, idle_seconds=1, held=lambda: holding[0]
    )
    assert sweeper.sweep_once() is None and sent.fetches == []
    assert crawl_id not in ledger.stalled(1)  # the hold counted as progress: no redo the moment it ends
    holding[0] = False
    time.sleep(1.1)
    assert sweeper.sweep_once() is not None
    assert [t.url for t in sent.fetches] == ["https://a.example/held"]


def test_a_broker_outage_restarts_the_idle_clocks_instead_of_counting_as_lost_work(tmp_path: Path) -> None:
    """Found by tests/faults/test_redis_restart.py on a loaded machine: Redis was down a few seconds and the
    workers took a while to reconnect; the reconciler, back first, found every crawl idle past its limit and
    published all in-flight work again (700 redos of 300 pages), and gave up on URLs whose duplicate work had
    no kept message (47 false failures). Time the broker was unreachable is no evidence of lost work."""
    with ThrowawayRedis(tmp_path / "redis") as broker:
        ledger = RedisLedger.from_url(broker.url)
        crawl_id = started_crawl(ledger, "https://a.example/outage")
        sent = Sent()
        sweeper = ReconcilerThread(ledger, sent.publishers(), interval=0.01, idle_seconds=1)
        broker.stop()
        assert sweeper.sweep_once() is None  # the sweep fails: Redis is away
        time.sleep(1.1)
        broker.start()
        assert sweeper.sweep_once() is None and sent.fetches == []  # back: the workers get their time again
        assert crawl_id not in ledger.stalled(1)
        time.sleep(1.1)  # still no progress, now with the broker reachable all along: lost
        assert sweeper.sweep_once() is not None
        assert [t.url for t in sent.fetches] == ["https://a.example/outage"]


def test_pending_keys_parse() -> None:
    assert PendingKey.parse("fetch:abc") == PendingKey("fetch", "abc")
    assert PendingKey.parse("fetch:abc:d3") == PendingKey("fetch", "abc", 3)
    assert PendingKey.parse("store:abc") == PendingKey("store", "abc")
    assert PendingKey.parse("store:abc:d3") is None
    assert PendingKey.parse("other") is None
    assert "fetch:abc:d4" in PendingKey("fetch", "abc", 3).siblings()
    assert "fetch:abc:d3" not in PendingKey("fetch", "abc", 3).siblings()
