"""Turns in :class:`MemoryFrontier` under a clock the test controls: a host served goes behind every host already
due, however little time passes between two pops (CI once took two pops within 20 µs of each other, and the
huge host, rescheduled at the second pop's ``now``, jumped ahead of a small host due a few turns earlier). Turns
are handed out at most one per ``TURN`` (100,000 URLs a second), so they never run far ahead of the clock."""

from __future__ import annotations

from newsflow_crawl.frontier import FrontierEntry, MemoryFrontier
from newsflow_crawl.frontier.host_queues import TURN


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def entries(host: str, n: int) -> list[FrontierEntry]:
    return [FrontierEntry(host, f"{host}/{i}") for i in range(n)]


def test_pops_closer_together_than_the_turns_keep_round_robin() -> None:
    clock = Clock(100.0)
    frontier = MemoryFrontier(clock=clock)
    frontier.push(entries("huge.example", 100) + entries("a.example", 3) + entries("b.example", 3))
    for step in (TURN / 10, 3 * TURN, 0.0):  # the second pop almost at once, the third three turns on
        taken = frontier.pop_due(3, lease=30)
        assert sorted(e.host for e in taken) == ["a.example", "b.example", "huge.example"]
        clock.now += step


def test_turns_do_not_run_ahead_of_a_clock_that_moves_on() -> None:
    clock = Clock(100.0)
    frontier = MemoryFrontier(clock=clock)
    frontier.push(entries("h.example", 50))
    for _ in range(10):
        clock.now += 1.0  # a second between pops: the one host is due at once each time
        assert len(frontier.pop_due(5, lease=30)) == 5
