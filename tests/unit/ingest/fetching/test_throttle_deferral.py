"""The host throttle's booking rules (memory implementation; the Redis one runs the same rules in Lua and is
checked in tests/integration/test_crawl_throttle.py)."""

from __future__ import annotations

import time

import pytest
from newsflow_ingest.fetching.throttle import HostBusy, MemoryHostThrottle, acquire_slot


def test_a_busy_host_is_deferred_to_a_booked_slot_not_waited_for() -> None:
    throttle = MemoryHostThrottle()
    assert throttle.start("a.example", 0.5, max_wait=0.1).wait == 0.0
    with pytest.raises(HostBusy) as first:
        throttle.start("a.example", 0.5, max_wait=0.1)
    with pytest.raises(HostBusy) as second:
        throttle.start("a.example", 0.5, max_wait=0.1)
    # Each deferral books its own slot: 0.5 s and 1.0 s from now, not both at 0.5 s.
    # (Lower bounds leave room for a loaded machine between the calls.)
    assert 0.3 < first.value.wait <= 0.5 and 0.8 < second.value.wait <= 1.0
    assert second.value.wait - first.value.wait > 0.45
    assert throttle.start("b.example", 0.5, max_wait=0.1).wait == 0.0  # other hosts never wait


def test_a_booked_task_goes_when_the_gap_is_over_and_fresh_ones_queue_behind_it() -> None:
    throttle = MemoryHostThrottle()
    throttle.start("a.example", 0.2, max_wait=0.0)
    with pytest.raises(HostBusy) as busy:
        throttle.start("a.example", 0.2, max_wait=0.0)
    time.sleep(busy.value.wait)
    with pytest.raises(HostBusy):  # a fresh task does not take the booked slot
        throttle.start("a.example", 0.2, max_wait=0.0)
    assert throttle.start("a.example", 0.2, max_wait=0.05, booked=True).wait <= 0.05


def test_booked_task_arriving_early_is_told_the_exact_wait_without_a_new_booking() -> None:
    throttle = MemoryHostThrottle()
    throttle.start("a.example", 0.3)
    with pytest.raises(HostBusy) as early:
        throttle.start("a.example", 0.3, max_wait=0.0, booked=True)
    assert 0.1 < early.value.wait <= 0.3
    # No slot was consumed: the next fresh booking is still the first one after the gap.
    with pytest.raises(HostBusy) as fresh:
        throttle.start("a.example", 0.3, max_wait=0.0)
    assert fresh.value.wait <= 0.3


def test_the_gap_runs_from_the_answer() -> None:
    throttle = MemoryHostThrottle()
    throttle.start("a.example", 0.2)
    time.sleep(0.1)
    throttle.answered("a.example")  # a slow response: the next request waits a full delay from now
    with pytest.raises(HostBusy) as busy:
        throttle.start("a.example", 0.2, max_wait=0.0)
    assert busy.value.wait > 0.1


def test_pause_and_failure_streak() -> None:
    throttle = MemoryHostThrottle()
    throttle.pause("a.example", 5.0)
    with pytest.raises(HostBusy) as busy:
        throttle.start("a.example", 0.0, max_wait=1.0)
    assert busy.value.wait > 4.0
    assert [throttle.record_failure("b.example") for _ in range(3)] == [1, 2, 3]
    throttle.record_success("b.example")
    assert throttle.record_failure("b.example") == 1


def test_concurrency_limit_per_host() -> None:
    throttle = MemoryHostThrottle()
    first = throttle.start("a.example", 0.0, concurrency=2)
    throttle.start("a.example", 0.0, concurrency=2)
    with pytest.raises(HostBusy):
        throttle.start("a.example", 0.0, max_wait=1.0, concurrency=2)
    throttle.release("a.example", first.token)
    throttle.start("a.example", 0.0, max_wait=1.0, concurrency=2)


def test_acquire_slot_blocks_politely() -> None:
    throttle = MemoryHostThrottle()
    started = time.monotonic()
    stamps = []
    for _ in range(3):
        acquire_slot(throttle, "a.example", 0.1)
        stamps.append(time.monotonic())
    assert stamps[-1] - started >= 0.2 - 0.01
    # Per-gap spacing as a server sees it is checked against real servers (test_crawl_fixture_web).
