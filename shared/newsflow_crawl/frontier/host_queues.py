"""Per-host queues of URLs waiting for their host, and the schedule of hosts by due time: the frontier's contract
and its in-memory implementation (the embedded runner; ``redis_frontier`` is the deployment's).

The rules both implementations follow (tests/unit/crawl/frontier/test_host_queues_contract.py runs one suite
against both):

- ``push`` appends each URL's fetch message to its host's queue (``front=True``: to its head, for a URL that
  came back because its host was busy: it keeps its turn). A host with waiting URLs has a due time: when first
  pushed, now (or its pacing time, if it was served less than its delay ago); a URL pushed to the front with a
  ``wait`` moves its host's due time to ``now + wait`` — the throttle's verdict on when the host is free.
- ``pop_due`` takes up to ``limit`` URLs of hosts that are due, the host due longest first, one URL per host and
  turn: a host served goes to the back with its next due time ``now + delay`` (with no delay, the next turn,
  after every host already due), so a host with 40,000 URLs and one with 3 share the releases fairly, and a
  polite delay is never undercut by the release. Each URL taken is *leased*, not gone: until ``ack``-ed (its
  message published), ``recover`` gives it back to its host's queue once the lease has expired — a releaser
  that dies between popping and publishing loses nothing.
"""

from __future__ import annotations

import heapq
import itertools
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

# Successive pops are apart by at least this much, so hosts with no delay still take turns (a host served goes
# behind the others already due); a call treats what is due within ``TURN * limit`` of now (or of the last turn,
# if later) as due. Turns count on from the last one handed out, not from each call's ``now``: two pops can come
# closer together than a few turns, and a host rescheduled at the later pop's ``now`` would jump ahead of hosts
# due before it.
TURN = 1e-5


@dataclass(frozen=True)
class FrontierEntry:
    """One URL's fetch message (JSON) waiting for ``host``; ``delay`` is the host's politeness gap in seconds."""

    host: str
    payload: str
    delay: float = 0.0
    wait: float = 0.0  # with ``front``: the host is due no sooner than this many seconds from now
    front: bool = False


@dataclass(frozen=True)
class Leased:
    """A URL taken from the frontier, to publish and then ``ack``; its ``token`` names the lease."""

    host: str
    payload: str
    token: str


class HostFrontier(Protocol):
    """Per-host queues of waiting fetch messages and the hosts' schedule."""

    def push(self, entries: Sequence[FrontierEntry]) -> None:
        """Queue each entry's message behind (or, ``front``, before) its host's waiting URLs."""

    def pop_due(self, limit: int, lease: float) -> list[Leased]:
        """Up to ``limit`` messages of due hosts, fairly (see the module docstring), leased for ``lease`` s."""

    def ack(self, leased: Sequence[Leased]) -> None:
        """These leased messages were published: forget them."""

    def recover(self, limit: int = 1000) -> int:
        """Give messages whose lease expired back to the head of their host's queue; how many there were."""

    def next_due_in(self) -> float | None:
        """Seconds until the earliest host is due (0 when one is due now); None when nothing waits."""

    def waiting(self) -> int:
        """How many messages wait (leased ones not included)."""

    def hosts(self) -> dict[str, int]:
        """Messages waiting per host (the live view's "queued")."""


@dataclass
class _Lease:
    entry: Leased
    delay: float
    until: float


@dataclass
class MemoryFrontier:
    """The frontier inside one process (the embedded runner, one thread): the same rules as ``RedisFrontier``."""

    clock: Callable[[], float] = time.monotonic
    _queues: dict[str, deque[str]] = field(default_factory=dict)
    _delays: dict[str, float] = field(default_factory=dict)
    _due: dict[str, float] = field(default_factory=dict)  # hosts with waiting URLs → due time
    _paced: dict[str, float] = field(default_factory=dict)  # host → earliest next release (pacing)
    _heap: list[tuple[float, int, str]] = field(
        default_factory=list
    )  # (due, order, host); stale ones skipped
    _leases: dict[str, _Lease] = field(default_factory=dict)
    _order: itertools.count[int] = field(default_factory=itertools.count)
    _ticket: dict[str, int] = field(default_factory=dict)  # host → its live heap entry's order
    _last_turn: float = 0.0  # the latest turn handed out (see TURN)

    def push(self, entries: Sequence[FrontierEntry]) -> None:
        now = self.clock()
        for entry in entries:
            queue = self._queues.setdefault(entry.host, deque())
            (queue.appendleft if entry.front else queue.append)(entry.payload)
            self._delays[entry.host] = entry.delay
            if entry.front:
                self._schedule(entry.host, now + entry.wait)
            elif entry.host not in self._due:
                self._schedule(entry.host, max(now, self._paced.get(entry.host, 0.0)))

    def _schedule(self, host: str, due: float) -> None:
        self._due[host] = due
        self._ticket[host] = ticket = next(self._order)
        heapq.heappush(self._heap, (due, ticket, host))

    def _earliest(self) -> tuple[float, str] | None:
        while self._heap:
            due, ticket, host = self._heap[0]
            # The ticket, not the due time, tells the live entry: a host rescheduled at the same time as before
            # leaves a stale entry equal in due time, and it must not be served twice for it.
            if host in self._due and self._ticket[host] == ticket:
                return due, host
            heapq.heappop(self._heap)  # superseded by a later schedule of the host
        return None

    def pop_due(self, limit: int, lease: float) -> list[Leased]:
        now = self.clock()
        taken: list[Leased] = []
        # The turns' offsets do not make a host with no delay wait: this call may hand out ``limit`` more turns.
        horizon = max(now, self._last_turn) + TURN * limit
        while len(taken) < limit and (first := self._earliest()) is not None and first[0] <= horizon:
            due, host = first
            payload = self._queues[host].popleft()
            delay = self._delays.get(host, 0.0)
            self._last_turn = max(now, self._last_turn + TURN, due + TURN)
            following = max(self._last_turn, now + delay)
            self._paced[host] = following
            if self._queues[host]:
                self._schedule(host, following)
            else:
                del self._queues[host], self._due[host], self._ticket[host]
            leased = Leased(host, payload, f"{next(self._order)}")
            self._leases[leased.token] = _Lease(leased, delay, now + lease)
            taken.append(leased)
        return taken

    def ack(self, leased: Sequence[Leased]) -> None:
        for entry in leased:
            self._leases.pop(entry.token, None)

    def recover(self, limit: int = 1000) -> int:
        now = self.clock()
        expired = [lease for lease in self._leases.values() if lease.until <= now][:limit]
        for lease in expired:
            del self._leases[lease.entry.token]
            queue = self._queues.setdefault(lease.entry.host, deque())
            queue.appendleft(lease.entry.payload)
            self._delays.setdefault(lease.entry.host, lease.delay)
            if lease.entry.host not in self._due:
                self._schedule(lease.entry.host, now)
        return len(expired)

    def next_due_in(self) -> float | None:
        first = self._earliest()
        return None if first is None else max(first[0] - self.clock(), 0.0)

    def waiting(self) -> int:
        return sum(len(queue) for queue in self._queues.values())

    def hosts(self) -> dict[str, int]:
        return {host: len(queue) for host, queue in self._queues.items() if queue}
