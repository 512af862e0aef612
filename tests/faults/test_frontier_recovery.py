"""A task that dies between claiming a discovered URL and publishing it must not lose that URL: the next task
that discovers it (the redelivered claimer, usually) publishes it. Found by the database-outage fault test, where
a sitemap task's soft time limit struck in the middle of its links."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
import redis
from newsflow_crawl.frontier import admit
from newsflow_crawl.state import CrawlLedger, MemoryLedger, RedisLedger, fetch_key
from newsflow_shared.messages import FetchTask

pytestmark = [pytest.mark.faults, pytest.mark.integration]


@pytest.fixture(params=["redis", "memory"])
def ledger(request: pytest.FixtureRequest, redis_url: str) -> Iterator[CrawlLedger]:
    if request.param == "memory":
        yield MemoryLedger()
        return
    client = redis.Redis.from_url(redis_url)
    yield RedisLedger(client)
    client.close()


def task(crawl_id: str, url: str) -> FetchTask:
    return FetchTask(
        crawl_id=crawl_id, url=url, depth=1, role="article", mode="sitemap", max_pages=10, max_depth=1
    )


def test_a_url_claimed_but_never_published_is_published_by_the_next_discoverer(ledger: CrawlLedger) -> None:
    crawl_id = str(uuid.uuid4())
    lost, fine = "https://a.example/lost", "https://a.example/fine"
    sent: list[str] = []
    assert [t.url for t in admit(ledger, [task(crawl_id, fine)], lambda t: sent.append(t.url))] == [fine]
    assert ledger.claim_url(crawl_id, lost, 10) == 1  # ...and the claimer is killed before publishing

    again = admit(ledger, [task(crawl_id, lost), task(crawl_id, fine)], lambda t: sent.append(t.url))
    assert [t.url for t in again] == [lost]  # the lost one is queued; the published one is not repeated
    assert sent == [fine, lost]
    assert admit(ledger, [task(crawl_id, lost)], lambda t: sent.append(t.url)) == []  # now it is known queued
    assert not ledger.resolve(crawl_id, fetch_key(fine))  # the lost URL is in flight: the crawl is not over
    assert ledger.resolve(crawl_id, fetch_key(lost))


def test_a_publish_that_fails_leaves_the_url_to_be_published_again(ledger: CrawlLedger) -> None:
    crawl_id = str(uuid.uuid4())
    url = "https://a.example/x"

    def broker_down(_: FetchTask) -> None:
        raise ConnectionError("broker down")

    with pytest.raises(ConnectionError):
        admit(ledger, [task(crawl_id, url)], broker_down)
    sent: list[str] = []
    assert [t.url for t in admit(ledger, [task(crawl_id, url)], lambda t: sent.append(t.url))] == [url]
