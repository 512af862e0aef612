"""The Celery application every worker and publisher shares: JSON only, at-least-once, routes from ``queues``.

Creating the app connects to nothing; a connection opens on first publish or when a worker starts.
"""

from __future__ import annotations

from functools import lru_cache

from celery import Celery
from kombu import Queue  # type: ignore[attr-defined]

from newsflow_shared.config import Settings, get_settings
from newsflow_shared.queues import QUEUES, TASK_ROUTES


def make_celery(settings: Settings) -> Celery:
    app = Celery("newsflow", broker=settings.redis_url, set_as_current=False)
    app.conf.update(
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        task_ignore_result=True,
        task_queues=[Queue(name) for name in QUEUES],  # type: ignore[no-untyped-call]
        task_routes=TASK_ROUTES,
        # At-least-once: a message is acknowledged only after its task finished, and one whose worker died is
        # given back to the queue (celery #3541, #4984); one message per worker process at a time.
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        worker_cancel_long_running_tasks_on_connection_loss=True,
        # The time limit stays below the visibility timeout (checked by Settings), or Redis would hand a
        # still-running task to a second worker (celery #2599, #5935).
        task_time_limit=settings.task_time_limit,
        task_soft_time_limit=max(1, settings.task_time_limit - 5),
        broker_transport_options={"visibility_timeout": settings.visibility_timeout},
        broker_connection_retry_on_startup=True,
        worker_max_tasks_per_child=2000,
        worker_hijack_root_logger=False,
        task_default_queue=QUEUES[0],
    )
    return app


@lru_cache(maxsize=1)
def get_celery() -> Celery:
    """The process-wide Celery app."""
    return make_celery(get_settings())
