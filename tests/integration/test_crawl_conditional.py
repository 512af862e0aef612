"""Conditional GET of feeds and sitemaps with validators shared through Redis: an unchanged feed costs one 304
and yields nothing; a fetch without stored validators is unconditional. ``ingest`` returns a response's
validators; ``stage.step`` stores them once the feed's entries are admitted (tests/unit/ingest/stage/test_fanout.py).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import redis
from newsflow_ingest.fetching.fetcher import Fetcher
from newsflow_ingest.fetching.validators import RedisValidators
from newsflow_ingest.stage.page import ingest
from newsflow_shared.config import Settings
from newsflow_shared.messages import FetchTask

from tests.support.fixture_web import fixture_web

pytestmark = pytest.mark.integration


@pytest.fixture
def validators(redis_url: str) -> Iterator[RedisValidators]:
    client = redis.Redis.from_url(redis_url)
    yield RedisValidators(client, prefix="newsflow:test-validators:")
    client.close()


def test_an_unchanged_feed_costs_one_304(validators: RedisValidators) -> None:
    settings = Settings(allow_private_addresses=True, host_delay=0.0)
    with fixture_web(1, articles_per_host=4, first_address=72) as web, Fetcher(settings) as fetcher:
        host = web.hosts[0]
        feed = FetchTask(crawl_id="c1", url=host.url("/feed.xml"), role="feed", mode="feed")
        first = ingest(feed, fetcher=fetcher, validators=validators)
        assert first.validators  # returned to the caller, which stores them once the entries are admitted
        validators.put(feed.url, first.validators)
        # Another worker (a new fetcher, same Redis) on the next scheduled run of the feed:
        with Fetcher(settings) as other:
            again = ingest(feed.model_copy(update={"crawl_id": "c2"}), fetcher=other, validators=validators)
        article = FetchTask(crawl_id="c2", url=host.url(host.article_paths()[0]), role="article", mode="feed")
        twice = [ingest(article, fetcher=fetcher, validators=validators).fetched.status for _ in range(2)]
    assert len(first.discovered) == 4 and first.fetched.status == 200
    assert again.fetched.status == 304 and again.discovered == [] and again.page_status == "not_modified"
    assert twice == [200, 200]  # articles are not fetched conditionally
