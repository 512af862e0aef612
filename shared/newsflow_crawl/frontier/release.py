"""Releasing due URLs from the frontier into the ingest queue: the only way a crawl's fetch messages are published
once it has started (its seeds and the reconciler's redos aside, which the host throttle gates like any fetch).

A release round: give back URLs whose lease expired (a releaser that died mid-round), stop if backpressure
holds, then take up to ``batch`` due URLs — no more than the ingest queue has room for (``ready_max`` waiting)
— publish them in one go, and ack them. Every message published is due now: no countdown, so none is ever held
by a worker longer than its prefetch takes to drain.

Who runs rounds: every ingest worker after each fetch (a fetch frees its host's turn) and a
:class:`ReleaserThread` in each ingest worker's main process, which sleeps until the next host is due (at most
``poll`` seconds); the embedded runner runs one before taking each message. Rounds by many workers at once are
safe: popping is atomic, and a URL is leased until acked.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from newsflow_shared.config import Settings

from newsflow_crawl.frontier.backpressure import Backpressure
from newsflow_crawl.frontier.host_queues import HostFrontier

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReleaseLimits:
    batch: int
    ready_max: int
    lease: float

    @classmethod
    def of(cls, settings: Settings) -> ReleaseLimits:
        return cls(
            batch=settings.frontier_release_batch,
            ready_max=settings.frontier_ready_max,
            lease=settings.frontier_lease_seconds,
        )


@dataclass
class Releaser:
    """Moves due URLs from ``frontier`` to the ingest queue through ``publish_many`` (fetch payloads)."""

    frontier: HostFrontier
    publish_many: Callable[[list[dict[str, Any]]], None]
    ready_depth: Callable[[], int]  # fetch messages waiting in the ingest queue now
    backpressure: Backpressure
    limits: ReleaseLimits

    def release(self) -> int:
        """One round; returns how many fetch messages it published."""
        self.frontier.recover()
        if self.backpressure.holding():
            return 0
        room = min(self.limits.batch, self.limits.ready_max - self.ready_depth())
        leased = self.frontier.pop_due(room, self.limits.lease)
        if not leased:
            return 0
        self.publish_many([json.loads(entry.payload) for entry in leased])
        self.frontier.ack(leased)
        return len(leased)

    def release_quietly(self) -> int:
        """``release``, an error logged instead of raised (after a fetch, whose outcome is already recorded:
        the releaser thread and the next fetch will release what this one could not)."""
        try:
            return self.release()
        except Exception as exc:  # Redis or the broker away: nothing is lost, the URLs stay in the frontier
            log.warning("frontier release failed: %s", exc)
            return 0


class ReleaserThread(threading.Thread):
    """Runs release rounds until stopped: at once while rounds release a full batch, else when the next host is
    due (at most ``poll`` seconds later)."""

    def __init__(self, releaser: Releaser, *, poll: float) -> None:
        super().__init__(name="frontier-releaser", daemon=True)
        self.releaser, self.poll = releaser, poll
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            released = self.releaser.release_quietly()
            if released >= self.releaser.limits.batch:
                continue
            try:
                due = self.releaser.frontier.next_due_in()
            except Exception:  # Redis away: try again after a poll
                due = None
            self._stop_event.wait(self.poll if due is None else min(max(due, 0.005), self.poll))

    def stop(self) -> None:
        self._stop_event.set()
