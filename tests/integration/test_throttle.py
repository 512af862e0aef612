"""Host throttles: two Redis clients on two threads share a host's slots; hosts never wait for each other."""

from __future__ import annotations

import itertools
import threading
import time
import uuid
from collections.abc import Iterator

import pytest
import redis
from newsflow_ingest.fetching.throttle import MemoryHostThrottle, RedisHostThrottle

# Stamps are taken after acquire() returns: on a loaded machine a thread may be descheduled in between,
# which shortens a measured gap by its delay (0.179 s of 0.2 s seen under load). A throttle that spaced nothing
# would give gaps near 0, far below this margin.
EPSILON = 0.05


@pytest.fixture
def clients(redis_url: str) -> Iterator[tuple[redis.Redis, redis.Redis]]:
    first, second = redis.Redis.from_url(redis_url), redis.Redis.from_url(redis_url)
    try:
        yield first, second
    finally:
        first.close()
        second.close()


def _hammer(
    throttle: RedisHostThrottle | MemoryHostThrottle, host: str, count: int, out: list[float]
) -> None:
    for _ in range(count):
        throttle.acquire(host, 0.2)
        out.append(time.time())


@pytest.mark.integration
def test_two_redis_clients_keep_one_host_apart(clients: tuple[redis.Redis, redis.Redis]) -> None:
    host = f"{uuid.uuid4().hex}.example"
    stamps: list[float] = []
    threads = [
        threading.Thread(target=_hammer, args=(RedisHostThrottle(client), host, 5, stamps))
        for client in clients
    ]
    started = time.time()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    stamps.sort()
    assert len(stamps) == 10
    gaps = [b - a for a, b in itertools.pairwise(stamps)]
    assert min(gaps) >= 0.2 - EPSILON, gaps
    # Nine waits of 0.2 s, and not much more: the slots are packed, not serialised by a lock.
    assert 1.8 - EPSILON <= stamps[-1] - started < 2.6


@pytest.mark.integration
def test_different_hosts_do_not_wait_for_each_other(clients: tuple[redis.Redis, redis.Redis]) -> None:
    first, second = (RedisHostThrottle(client) for client in clients)
    tag = uuid.uuid4().hex
    assert first.reserve(f"a.{tag}.example", 5.0) == 0.0
    assert second.reserve(f"b.{tag}.example", 5.0) == 0.0
    waited = second.reserve(f"a.{tag}.example", 5.0)
    assert 4.5 < waited <= 5.0
    # The key expires after the slot, so idle hosts leave nothing behind for long.
    ttl_ms = clients[0].pttl(f"newsflow:throttle:a.{tag}.example")
    assert 0 < ttl_ms <= 11_000


@pytest.mark.integration
def test_reserve_returns_fractional_waits(clients: tuple[redis.Redis, redis.Redis]) -> None:
    throttle = RedisHostThrottle(clients[0])
    host = f"{uuid.uuid4().hex}.example"
    throttle.reserve(host, 0.25)
    wait = throttle.reserve(host, 0.25)
    assert 0.15 < wait <= 0.25  # not truncated to an integer by Redis


def test_memory_throttle_spaces_threads_on_one_host() -> None:
    throttle = MemoryHostThrottle()
    stamps: list[float] = []
    threads = [threading.Thread(target=_hammer, args=(throttle, "one.example", 3, stamps)) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    stamps.sort()
    gaps = [b - a for a, b in itertools.pairwise(stamps)]
    assert len(stamps) == 6 and min(gaps) >= 0.2 - EPSILON, gaps
    assert throttle.reserve("other.example", 0.2) == 0.0
