"""Whether each stage has a live worker, and how many messages wait in its queue — for ``/healthz``.

Workers are found with Celery's remote-control ping: a broadcast every worker's main process answers from its
event loop (a hung or stopped worker does not), grouped by the node name each ``newsflow worker`` takes
(``ingest@host``, ``enrich@host``, ``store@host``). A ping waits its whole timeout for replies, since it cannot
know how many workers exist; so the answer is cached for a few seconds, and load balancers polling ``/healthz``
cost one broadcast per cache period, not one per request.

Queue depth is the length of the stage's Redis list: messages waiting to be taken. Messages a worker has already
reserved (running, or held for a retry countdown) are not in the list and not counted; the metrics give exact
depths and ages.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

import redis
from newsflow_shared.queues import QUEUES

from newsflow_api.schemas import StageHealth

log = logging.getLogger(__name__)

# Replies from workers on the same broker arrive within milliseconds; a second leaves room for a busy machine.
PING_TIMEOUT = 1.0
# How long one answer is reused: a probe every few seconds costs at most one ping per period.
CACHE_SECONDS = 5.0


def workers_per_stage(replies: list[dict[str, Any]]) -> dict[str, int]:
    """Count ping replies (``[{'ingest@host': {'ok': 'pong'}}, …]``) per stage, by the node name's prefix."""
    counts = dict.fromkeys(QUEUES, 0)
    for reply in replies:
        for node in reply:
            stage = node.split("@", 1)[0]
            if stage in counts:
                counts[stage] += 1
    return counts


def stage_health(workers: int, queued: int) -> StageHealth:
    """A stage is ``ok`` with a live worker, ``idle`` with none and nothing waiting (scaled to zero, or the
    embedded mode), ``degraded`` with none while messages wait: work is stuck until a worker comes back."""
    if workers:
        status = "ok"
    elif queued:
        status = "degraded"
    else:
        status = "idle"
    return StageHealth(workers=workers, queued=queued, status=status)


class StageWatch:
    """Per-stage worker presence and queue depth, asked at most once per ``ttl`` seconds (thread-safe: requests
    arriving while one asks wait for its answer instead of broadcasting too)."""

    def __init__(
        self,
        celery: Any,
        client: redis.Redis,
        *,
        ttl: float = CACHE_SECONDS,
        ping_timeout: float = PING_TIMEOUT,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._celery, self._redis = celery, client
        self._ttl, self._ping_timeout, self._clock = ttl, ping_timeout, clock
        self._lock = threading.Lock()
        self._answer: dict[str, StageHealth] | None = None
        self._asked_at = float("-inf")

    def stages(self) -> dict[str, StageHealth] | None:
        """Each stage's health; None when the broker could not be asked (the reason is logged)."""
        with self._lock:
            if self._clock() - self._asked_at >= self._ttl:
                self._answer = self._ask()
                self._asked_at = self._clock()
            return self._answer

    def _ask(self) -> dict[str, StageHealth] | None:
        try:
            replies = self._celery.control.ping(timeout=self._ping_timeout) or []
            depths = self._queue_depths()
        except Exception as exc:  # the broker went away between the Redis probe and here
            log.warning("health: cannot ask the workers or the queues: %s", exc)
            return None
        workers = workers_per_stage(replies)
        return {stage: stage_health(workers[stage], depths[stage]) for stage in QUEUES}

    def _queue_depths(self) -> dict[str, int]:
        pipe = self._redis.pipeline()
        for queue in QUEUES:
            pipe.llen(queue)
        return {queue: int(depth) for queue, depth in zip(QUEUES, pipe.execute(), strict=True)}
