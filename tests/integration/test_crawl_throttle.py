"""The Redis host throttle's Lua rules, shared by workers: booking, deferral, answers, pauses, concurrency,
and a shared robots.txt verdict."""

from __future__ import annotations

import itertools
import time
import uuid
from collections.abc import Iterator

import pytest
import redis
import requests
from newsflow_ingest.fetching.robots import RobotsPolicy
from newsflow_ingest.fetching.throttle import HostBusy, RedisHostThrottle
from newsflow_shared.config import Settings

from tests.support.http_server import serve

pytestmark = pytest.mark.integration


@pytest.fixture
def client(redis_url: str) -> Iterator[redis.Redis]:
    connection = redis.Redis.from_url(redis_url)
    yield connection
    connection.close()


def _host() -> str:
    return f"{uuid.uuid4().hex}.example"


def test_two_workers_book_distinct_slots(client: redis.Redis) -> None:
    one, two = (
        RedisHostThrottle(client),
        RedisHostThrottle(redis.Redis(connection_pool=client.connection_pool)),
    )
    host = _host()
    assert one.start(host, 0.5, max_wait=0.1).wait == 0.0
    waits = []
    for throttle in (one, two, one):
        with pytest.raises(HostBusy) as busy:
            throttle.start(host, 0.5, max_wait=0.1)
        waits.append(busy.value.wait)
    # Slots 0.5 s apart, whatever time passed between the calls on a loaded machine.
    assert 0.3 < waits[0] <= 0.5 and all(0.45 < b - a <= 0.55 for a, b in itertools.pairwise(waits))
    assert 0.9 < one.book(host, 0.5) <= 2.0  # the next free slot after those: 2.0 s


def test_booked_arrival_answers_and_pause(client: redis.Redis) -> None:
    throttle = RedisHostThrottle(client)
    host = _host()
    throttle.start(host, 0.2)
    wait = throttle.book(host, 0.2)
    time.sleep(wait)
    assert throttle.start(host, 0.2, max_wait=0.05, booked=True).wait <= 0.05
    throttle.answered(host)
    with pytest.raises(HostBusy) as busy:
        throttle.start(host, 0.2, max_wait=0.0, booked=True)
    assert 0.1 < busy.value.wait <= 0.2
    throttle.pause(host, 3.0)
    with pytest.raises(HostBusy) as paused:
        throttle.start(host, 0.2, max_wait=1.0, booked=True)
    assert 2.0 < paused.value.wait <= 3.0


def test_concurrency_places_are_shared_and_released(client: redis.Redis) -> None:
    throttle = RedisHostThrottle(client)
    host = _host()
    grants = [throttle.start(host, 0.0, concurrency=2) for _ in range(2)]
    with pytest.raises(HostBusy):
        throttle.start(host, 0.0, max_wait=1.0, concurrency=2)
    throttle.release(host, grants[0].token)
    throttle.start(host, 0.0, max_wait=1.0, concurrency=2)


def test_failure_streak(client: redis.Redis) -> None:
    throttle = RedisHostThrottle(client)
    host = _host()
    assert [throttle.record_failure(host) for _ in range(3)] == [1, 2, 3]
    throttle.record_success(host)
    assert throttle.record_failure(host) == 1


def test_robots_txt_is_fetched_once_for_all_workers(client: redis.Redis) -> None:
    settings = Settings(allow_private_addresses=True, host_delay=0.0)
    robots = (200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /private/\nCrawl-delay: 2\n")
    with serve({"/robots.txt": robots}) as server:
        workers = [RobotsPolicy(settings, requests.Session(), shared=client) for _ in range(3)]
        verdicts = [w.allowed(server.url("/private/x")) for w in workers]
        delays = [w.crawl_delay(server.url("/")) for w in workers]
        fetches = [path for _, path in server.requests if path == "/robots.txt"]
    assert verdicts == [False, False, False] and delays == [2.0, 2.0, 2.0]
    assert len(fetches) == 1
