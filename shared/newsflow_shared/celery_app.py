"""The Celery application every worker and publisher shares: JSON only, at-least-once, routes from ``queues``.

Creating the app connects to nothing; a connection opens on first publish or when a worker starts.

Every message published carries ``PUBLISHED_AT_HEADER`` (epoch seconds), so the age of the oldest waiting message
can be read from the broker (``newsflow_ops.broker``): Celery's own headers hold no time of publication.
"""

from __future__ import annotations

import os
import threading
import time
import weakref
from functools import lru_cache
from typing import Any, Final

from celery import Celery
from celery.signals import before_task_publish
from kombu import Queue  # type: ignore[attr-defined]

from newsflow_shared.config import Settings, get_settings
from newsflow_shared.queues import QUEUES, TASK_ROUTES

PUBLISHED_AT_HEADER: Final = "newsflow_published_at"


def make_celery(settings: Settings) -> Celery:
    app = Celery("newsflow", broker=settings.redis_url, set_as_current=False)
    # One receiver for every app of the process (signals are global); the uid keeps it from being added twice.
    before_task_publish.connect(stamp_publication_time, dispatch_uid="newsflow-published-at", weak=False)
    app.conf.update(
        # Task events for Flower and `celery events`: the worker's task-received/started/succeeded/failed and
        # the publisher's task-sent (a Redis PUBLISH each, dropped when nobody listens).
        worker_send_task_events=settings.task_events,
        task_send_sent_event=settings.task_events,
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        task_ignore_result=True,
        task_queues=[Queue(name) for name in QUEUES],  # type: ignore[no-untyped-call]
        task_routes=TASK_ROUTES,
        # At-least-once: a message is acknowledged only after its task finished, and one whose worker died is
        # given back to the queue (celery #3541, #4984); one message per worker process at a time, unless
        # NEWSFLOW_WORKER_PREFETCH_MULTIPLIER lets the next one wait beside it (bounded by Settings).
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        # A task killed by the hard time limit is not acknowledged either: the message comes back after the
        # visibility timeout, and the delivery count (delivery.celery_transport.count_delivery) dead-letters it if it
        # keeps timing out. Other failures are decided by the stage driver, which retries or records them; a
        # message it gave up on then fails in Celery (StepFailed, state FAILURE) and is rejected without requeue.
        task_acks_on_failure_or_timeout=False,
        worker_prefetch_multiplier=settings.worker_prefetch_multiplier,
        worker_cancel_long_running_tasks_on_connection_loss=True,
        # The time limit stays below the visibility timeout (checked by Settings), or Redis would hand a
        # still-running task to a second worker (celery #2599, #5935).
        task_time_limit=settings.task_time_limit,
        task_soft_time_limit=soft_time_limit(settings.task_time_limit),
        broker_transport_options=broker_transport_options(settings),
        broker_connection_retry_on_startup=True,
        worker_max_tasks_per_child=2000,
        # A new pool child must report "up" within this time or the pool kills it and forks another. Enrich
        # children load spaCy in worker_process_init, which takes more than Celery's 4 s default on a busy
        # machine: every replaced child (recycling, a kill, a broker reconnect) was then killed in a loop and
        # the stage stopped for good (found by tests/faults/test_redis_restart.py).
        worker_proc_alive_timeout=120,
        worker_hijack_root_logger=False,
        task_default_queue=QUEUES[0],
    )
    _APPS.add(app)
    return app


# Apps whose publish lock a forked child must not inherit held (see ``_unlock_publishing_after_fork``).
_APPS: weakref.WeakSet[Celery] = weakref.WeakSet()


def _unlock_publishing_after_fork() -> None:
    """In a child just forked: give each app's ``task-sent`` event dispatcher a new lock.

    Celery publishes every task's ``task-sent`` event through one dispatcher per app, under a ``threading.Lock``.
    A worker's main process publishes from threads (the frontier releaser, the reconciler) while its pool forks
    children; a child forked while such a thread held the lock inherits it held, with no thread left to release
    it, and its first publish waits forever (tests/integration/test_celery_fork_safety.py). Celery's own
    after-fork clean-up resets the producer pool but not this lock. The dispatcher's other state is plain data.
    """
    for app in list(_APPS):
        amqp = app.__dict__.get("amqp")  # cached properties: present only once used
        dispatcher = amqp.__dict__.get("_event_dispatcher") if amqp is not None else None
        if dispatcher is not None:
            dispatcher.mutex = threading.Lock()


os.register_at_fork(after_in_child=_unlock_publishing_after_fork)


def soft_time_limit(hard: int) -> int:
    """The soft limit (SoftTimeLimitExceeded, retried by the policy) a little before the hard one (child killed).

    The gap is a fifth of the limit, between 1 and 5 s: a short limit in tests still leaves most of it to the task.
    """
    return max(1, hard - min(5, max(1, hard // 5)))


def broker_transport_options(settings: Settings) -> dict[str, int]:
    """Redis transport options: the visibility timeout, and how often unacknowledged messages are swept.

    A message whose worker died without acking (kill -9, OOM, power loss) stays in Redis' ``unacked`` hash until
    a live worker's sweep finds it older than the visibility timeout and puts it back on its queue. kombu sweeps
    every ``interval × throttle`` seconds, 100 s by default; we sweep every quarter of the visibility timeout (at
    most every 10 s) so recovery takes about the visibility timeout, whatever it is set to.
    """
    return {
        "visibility_timeout": settings.visibility_timeout,
        "unacked_restore_interval": max(1, min(10, settings.visibility_timeout // 4)),
        "unacked_restore_throttle": 1,
    }


def stamp_publication_time(headers: dict[str, Any] | None = None, **_: Any) -> None:
    """``before_task_publish`` receiver: the message's headers get the time of publication (the headers dict is
    the one sent, so changing it in place is how Celery lets a publisher add one)."""
    if headers is not None:
        headers[PUBLISHED_AT_HEADER] = time.time()


@lru_cache(maxsize=1)
def get_celery() -> Celery:
    """The process-wide Celery app."""
    return make_celery(get_settings())
