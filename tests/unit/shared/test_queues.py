"""Queues, task names and routes (``newsflow_shared.queues``): every task name is routed to a declared queue,
and the Celery app declares and routes them so."""

from __future__ import annotations

from newsflow_shared import queues
from newsflow_shared.celery_app import make_celery
from newsflow_shared.config import Settings

TASK_NAMES = {
    value for name, value in vars(queues).items() if name.endswith("_TASK") and isinstance(value, str)
}


def test_there_are_three_queues() -> None:
    assert queues.QUEUES == ("ingest", "enrich", "store")
    assert len(set(queues.QUEUES)) == len(queues.QUEUES)


def test_every_task_name_is_routed_to_a_declared_queue() -> None:
    # fetch, reconcile, enrich, store_article, record_failure, finish_crawl, start_crawl
    assert len(TASK_NAMES) == 7
    assert set(queues.TASK_QUEUES) == TASK_NAMES
    for name in TASK_NAMES:
        assert queues.TASK_QUEUES[name] in queues.QUEUES, name
        assert queues.TASK_ROUTES[name] == {"queue": queues.TASK_QUEUES[name]}
    assert set(queues.TASK_ROUTES) == TASK_NAMES


def test_task_names_say_their_stage() -> None:
    for name, queue in queues.TASK_QUEUES.items():
        assert name.startswith(f"newsflow.{queue}."), name
    assert len(TASK_NAMES) == len({name.rsplit(".", 1)[1] for name in TASK_NAMES})


def test_the_celery_app_declares_the_queues_and_routes_each_task_there() -> None:
    app = make_celery(Settings(_env_file=None))
    assert [queue.name for queue in app.conf.task_queues] == list(queues.QUEUES)
    assert app.conf.task_default_queue == queues.INGEST_QUEUE
    for name in TASK_NAMES:
        route = app.amqp.router.route({}, name, (), {})
        assert route["queue"].name == queues.TASK_QUEUES[name], name
