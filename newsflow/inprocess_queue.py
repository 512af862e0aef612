"""The embedded runner's transport: an in-process queue per stage, each ordered by when a message is due.

It implements the stage driver's ``Transport`` (``newsflow_crawl.delivery.policy``): ``publish`` queues a message
(after ``countdown`` seconds), ``retry`` queues the message being run again with one more attempt — what Celery's
``send_task`` and ``Task.retry`` do in a deployment.
"""

from __future__ import annotations

import heapq
import itertools
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from newsflow_ingest.urls import host_of
from newsflow_shared.queues import INGEST_QUEUE, TASK_QUEUES


@dataclass(order=True)
class Message:
    """One queued message: its task, payload and how many times it failed and was retried already."""

    due: float
    order: int
    task_name: str = field(compare=False)
    payload: dict[str, Any] = field(compare=False)
    attempts: int = field(compare=False, default=0)


class InProcessQueue:
    """Messages of every stage's queue (``newsflow_shared.queues``), in one process."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._order = itertools.count()
        self._queues: dict[str, list[Message]] = {}
        self.current: Message | None = None  # the message being run: what ``retry`` queues again

    def publish(self, task_name: str, payload: dict[str, Any], *, countdown: float | None = None) -> None:
        self._push(task_name, payload, countdown or 0.0, attempts=0)

    def publish_many(self, task_name: str, payloads: list[dict[str, Any]]) -> None:
        """Queue each payload now (the frontier's release round)."""
        for payload in payloads:
            self._push(task_name, payload, 0.0, attempts=0)

    def retry(self, exc: BaseException, countdown: float) -> None:
        if self.current is None:
            raise RuntimeError("no running message to retry") from exc
        self._push(
            self.current.task_name, self.current.payload, countdown, attempts=self.current.attempts + 1
        )

    def _push(self, task_name: str, payload: dict[str, Any], countdown: float, *, attempts: int) -> None:
        message = Message(self._clock() + countdown, next(self._order), task_name, payload, attempts)
        heapq.heappush(self._queues.setdefault(TASK_QUEUES[task_name], []), message)

    def due(self, queue: str) -> int:
        """How many messages of ``queue`` are due now."""
        now = self._clock()
        return sum(1 for message in self._queues.get(queue, ()) if message.due <= now)

    def depth(self, queue: str) -> int:
        """How many messages ``queue`` holds, due or not."""
        return len(self._queues.get(queue, ()))

    def take(self, queue: str, limit: int) -> list[Message]:
        """Up to ``limit`` due messages of ``queue``, the earliest first."""
        heap, now = self._queues.get(queue, []), self._clock()
        taken: list[Message] = []
        while heap and heap[0].due <= now and len(taken) < limit:
            taken.append(heapq.heappop(heap))
        return taken

    def next_due(self) -> float | None:
        """When the earliest queued message is due (None: nothing is queued)."""
        return min((heap[0].due for heap in self._queues.values() if heap), default=None)

    def queued_hosts(self) -> dict[str, int]:
        """Fetches waiting per host (the live view's "queued")."""
        return dict(Counter(host_of(m.payload["url"]) for m in self._queues.get(INGEST_QUEUE, ())))
