"""The per-host frontier's contract (``newsflow_crawl.frontier.host_queues``), run against both implementations:
:class:`MemoryFrontier` (the embedded runner) and :class:`RedisFrontier` on a real Redis (marked ``integration``):
one URL per host per turn, the host due longest first, a host's delay kept between two releases, a busy URL back
at the head of its host's queue, and a leased URL never lost by a releaser that dies before acking it."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator

import pytest
import redis
from newsflow_crawl.frontier import FrontierEntry, HostFrontier, MemoryFrontier, RedisFrontier
from newsflow_crawl.frontier.redis_frontier import PREFIX


@pytest.fixture(params=["memory", pytest.param("redis", marks=pytest.mark.integration)])
def frontier(request: pytest.FixtureRequest) -> Iterator[HostFrontier]:
    if request.param == "memory":
        yield MemoryFrontier()
        return
    client = redis.Redis.from_url(request.getfixturevalue("redis_url"))

    def clean() -> None:
        for key in client.scan_iter(f"{PREFIX}*"):
            client.delete(key)

    clean()
    yield RedisFrontier(client)
    clean()


def entries(host: str, n: int, delay: float = 0.0) -> list[FrontierEntry]:
    return [FrontierEntry(host, f'{{"url": "http://{host}/{i}"}}', delay) for i in range(n)]


def test_hosts_take_turns_one_url_each_so_a_huge_host_blocks_no_one(frontier: HostFrontier) -> None:
    frontier.push(entries("huge.example", 1000))
    frontier.push(entries("a.example", 2) + entries("b.example", 2))
    first = frontier.pop_due(3, lease=30)
    assert sorted(e.host for e in first) == ["a.example", "b.example", "huge.example"]
    second = frontier.pop_due(3, lease=30)
    assert sorted(e.host for e in second) == ["a.example", "b.example", "huge.example"]
    # The small hosts are done: the huge one goes on alone, in the order its URLs came.
    rest = frontier.pop_due(5, lease=30)
    assert [e.payload for e in rest] == [f'{{"url": "http://huge.example/{i}"}}' for i in range(2, 7)]
    assert frontier.waiting() == 993
    assert frontier.hosts() == {"huge.example": 993}


def test_a_host_is_released_no_sooner_than_its_delay_after_the_last_release(frontier: HostFrontier) -> None:
    frontier.push(entries("slow.example", 3, delay=0.4) + entries("fast.example", 3))
    taken = frontier.pop_due(10, lease=30)
    # The fast host (no delay) takes all its turns; the slow one one turn.
    assert Counter(e.host for e in taken) == {"fast.example": 3, "slow.example": 1}
    assert frontier.pop_due(10, lease=30) == []
    due_in = frontier.next_due_in()
    assert due_in is not None and 0.2 < due_in <= 0.4
    time.sleep(0.42)
    assert [e.host for e in frontier.pop_due(10, lease=30)] == ["slow.example"]


def test_a_host_emptied_and_pushed_again_keeps_its_pace(frontier: HostFrontier) -> None:
    frontier.push(entries("slow.example", 1, delay=0.4))
    assert len(frontier.pop_due(10, lease=30)) == 1
    frontier.push(entries("slow.example", 1, delay=0.4))
    assert frontier.pop_due(10, lease=30) == []  # released 0 s ago: not before 0.4 s
    time.sleep(0.42)
    assert len(frontier.pop_due(10, lease=30)) == 1


def test_a_busy_url_goes_back_to_the_head_of_its_host_due_after_the_wait(frontier: HostFrontier) -> None:
    frontier.push(entries("h.example", 2))
    busy = frontier.pop_due(1, lease=30)[0]
    frontier.ack([busy])
    frontier.push([FrontierEntry("h.example", busy.payload, 0.0, wait=0.3, front=True)])
    assert frontier.pop_due(10, lease=30) == []
    time.sleep(0.32)
    assert [e.payload for e in frontier.pop_due(1, lease=30)] == [busy.payload]


def test_a_url_leased_and_never_acked_comes_back_once_its_lease_ends(frontier: HostFrontier) -> None:
    frontier.push(entries("h.example", 2, delay=0.0))
    lost, published = frontier.pop_due(2, lease=0.3)
    frontier.ack([published])  # the releaser published one, then died
    assert frontier.recover() == 0  # the lease still runs
    assert frontier.pop_due(10, lease=30) == []
    time.sleep(0.32)
    assert frontier.recover() == 1
    assert [e.payload for e in frontier.pop_due(10, lease=30)] == [lost.payload]
    assert frontier.recover() == 0 and frontier.next_due_in() is None


@pytest.mark.integration
def test_concurrent_releasers_never_take_one_url_twice(redis_url: str) -> None:
    client = redis.Redis.from_url(redis_url)
    for key in client.scan_iter(f"{PREFIX}*"):
        client.delete(key)
    frontier = RedisFrontier(client)
    frontier.push([e for i in range(20) for e in entries(f"h{i}.example", 50)])
    taken: list[str] = []
    lock = threading.Lock()

    def drain() -> None:
        mine = RedisFrontier(redis.Redis.from_url(redis_url))
        while batch := mine.pop_due(7, lease=30):
            mine.ack(batch)
            with lock:
                taken.extend(e.payload for e in batch)

    threads = [threading.Thread(target=drain) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(taken) == len(set(taken)) == 1000
