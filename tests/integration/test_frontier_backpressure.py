"""Backpressure and release on real Redis and a real Celery producer (no worker: the queues only fill).

The frontier releases fetches into the ingest queue while there is room (``FRONTIER_READY_MAX``); once the enrich
queue reaches its high-water mark it releases nothing, and goes on holding between the marks (hysteresis) until
the queue is back at its low-water mark. And a releaser that dies between taking URLs and publishing them loses
none: the next round gives them back once their lease ends.
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Iterator

import pytest
import redis
from newsflow_crawl.delivery.celery_transport import CeleryTransport
from newsflow_crawl.frontier import FrontierEntry, RedisFrontier
from newsflow_crawl.frontier.backpressure import (
    HOLD_KEY,
    Backpressure,
    RedisHoldFlag,
    WaterMarks,
    redis_depths,
)
from newsflow_crawl.frontier.redis_frontier import PREFIX
from newsflow_crawl.frontier.release import ReleaseLimits, Releaser
from newsflow_shared.celery_app import make_celery
from newsflow_shared.config import Settings
from newsflow_shared.messages import FetchTask
from newsflow_shared.queues import ENRICH_QUEUE, ENRICH_TASK, FETCH_TASK, INGEST_QUEUE

pytestmark = pytest.mark.integration

HIGH, LOW = 20, 10


@pytest.fixture
def client(redis_url: str) -> Iterator[redis.Redis]:
    r = redis.Redis.from_url(redis_url)

    def clean() -> None:
        r.delete(INGEST_QUEUE, ENRICH_QUEUE, HOLD_KEY, *r.scan_iter(f"{PREFIX}*"))

    clean()
    yield r
    clean()


def fill_enrich(transport: CeleryTransport, client: redis.Redis, depth: int) -> None:
    """Publish or consume enrich messages until the enrich queue holds ``depth``."""
    while client.llen(ENRICH_QUEUE) < depth:  # type: ignore[operator]
        transport.publish(ENRICH_TASK, {"url": "http://x.example/"})
    while client.llen(ENRICH_QUEUE) > depth:  # type: ignore[operator]
        client.rpop(ENRICH_QUEUE)


def releaser(
    client: redis.Redis, redis_url: str, *, ready_max: int = 1000
) -> tuple[Releaser, CeleryTransport]:
    settings = Settings(_env_file=None, redis_url=redis_url)
    transport = CeleryTransport(make_celery(settings), settings)
    ingest = redis_depths(client, [INGEST_QUEUE])
    marks = {ENRICH_QUEUE: WaterMarks(HIGH, LOW)}
    return (
        Releaser(
            frontier=RedisFrontier(client),
            publish_many=lambda payloads: transport.publish_many(FETCH_TASK, payloads),
            ready_depth=lambda: ingest()[INGEST_QUEUE],
            backpressure=Backpressure(marks, redis_depths(client, [ENRICH_QUEUE]), RedisHoldFlag(client)),
            limits=ReleaseLimits(batch=50, ready_max=ready_max, lease=0.5),
        ),
        transport,
    )


def push_urls(client: redis.Redis, hosts: int, per_host: int) -> None:
    RedisFrontier(client).push(
        [
            FrontierEntry(
                f"h{h}.example",
                FetchTask(crawl_id="bp", url=f"http://h{h}.example/{i}").model_dump_json(),
            )
            for h in range(hosts)
            for i in range(per_host)
        ]
    )


def test_the_enrich_high_mark_stops_releasing_until_the_low_mark(client: redis.Redis, redis_url: str) -> None:
    push_urls(client, hosts=10, per_host=20)
    release, transport = releaser(client, redis_url)
    assert release.release() == 50
    assert client.llen(INGEST_QUEUE) == 50  # real Celery messages, due now

    fill_enrich(transport, client, HIGH)
    assert release.release() == 0
    assert client.exists(HOLD_KEY)  # every releaser holds, not only this one
    fill_enrich(transport, client, LOW + 5)  # below the high mark, above the low one: still holding
    assert release.release() == 0
    fill_enrich(transport, client, LOW)
    assert release.release() == 50
    assert not client.exists(HOLD_KEY)
    fill_enrich(transport, client, HIGH - 1)  # not holding, and not at the high mark: releasing goes on
    assert release.release() == 50
    assert client.llen(INGEST_QUEUE) == 150


def test_releasing_stops_when_the_ingest_queue_is_full(client: redis.Redis, redis_url: str) -> None:
    push_urls(client, hosts=5, per_host=20)
    release, _ = releaser(client, redis_url, ready_max=70)
    assert release.release() == 50
    assert release.release() == 20
    assert release.release() == 0  # 70 waiting: the other 30 URLs stay in the frontier
    client.delete(INGEST_QUEUE)  # the workers took them
    assert release.release() == 30


def test_a_releaser_dying_before_it_publishes_loses_nothing(client: redis.Redis, redis_url: str) -> None:
    push_urls(client, hosts=3, per_host=2)
    release, _ = releaser(client, redis_url)
    frontier = RedisFrontier(client)
    taken = frontier.pop_due(3, lease=0.5)  # a releaser took three URLs, then was killed
    assert len(taken) == 3
    assert release.release() == 3  # the other three
    time.sleep(0.6)
    assert release.release() == 3  # the lost three, back once their lease ended
    fetched = {FetchTask.model_validate_json(raw).url for raw in _ingest_payloads(client)}
    assert fetched == {f"http://h{h}.example/{i}" for h in range(3) for i in range(2)}


def _ingest_payloads(client: redis.Redis) -> list[str]:
    """The fetch payloads of the Celery messages in the ingest queue."""
    payloads = []
    for raw in client.lrange(INGEST_QUEUE, 0, -1):  # type: ignore[union-attr]
        body = json.loads(base64.b64decode(json.loads(raw)["body"]))
        payloads.append(json.dumps(body[0][0]))
    return payloads
