"""A pool process forked while a thread of the worker's main process is publishing must still be able to publish.

The ingest worker's main process runs two threads that publish through Celery (the frontier's releaser and the
reconciler). Celery sends each published task's ``task-sent`` event through one dispatcher per app, guarded by a
``threading.Lock``; a pool process forked while one of those threads held that lock (the pool replaces a process
every ``worker_max_tasks_per_child`` tasks) inherited it locked, and its first publish waited forever: found in a
soak, where the ingest worker stopped after ~2,000 fetches with 500 fetch messages waiting. The fork here is
billiard's, as the pool's is, so Celery's own after-fork clean-up runs too.
"""

from __future__ import annotations

import billiard
from newsflow_shared.celery_app import make_celery
from newsflow_shared.config import Settings

CHILD_TIMEOUT_SECONDS = 15
QUEUE = "newsflow-fork-test"


def test_a_process_forked_during_a_publish_can_publish(redis_url: str) -> None:
    app = make_celery(Settings(redis_url=redis_url, task_events=True))
    app.send_task("newsflow.tests.noop", args=[{}], queue=QUEUE)  # the app's event dispatcher now exists
    dispatcher = app.amqp._event_dispatcher

    def child() -> None:
        app.send_task("newsflow.tests.noop", args=[{}], queue=QUEUE)

    with dispatcher.mutex:  # a main-process thread is inside a publish when the pool forks
        process = billiard.Process(target=child)
        process.start()
    process.join(CHILD_TIMEOUT_SECONDS)
    if process.exitcode is None:
        process.kill()
        process.join()
    assert process.exitcode == 0, "the forked process could not publish (it inherited a held lock)"
