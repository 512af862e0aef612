"""The embedded runner's transport: per-queue order by due time, countdowns, retries with one more attempt."""

from __future__ import annotations

import pytest
from newsflow_shared.queues import ENRICH_TASK, FETCH_TASK, INGEST_QUEUE, STORE_QUEUE, STORE_TASK

from newsflow.inprocess_queue import InProcessQueue


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_messages_go_to_their_stage_queue_earliest_due_first() -> None:
    clock = Clock()
    queue = InProcessQueue(clock)
    queue.publish(FETCH_TASK, {"url": "https://a.example/late"}, countdown=5)
    queue.publish(FETCH_TASK, {"url": "https://a.example/now"})
    queue.publish(STORE_TASK, {"n": 1})
    assert queue.due(INGEST_QUEUE) == 1 and queue.due(STORE_QUEUE) == 1
    [first] = queue.take(INGEST_QUEUE, 10)
    assert first.payload["url"].endswith("/now") and queue.take(INGEST_QUEUE, 10) == []
    assert queue.next_due() == 100.0  # the store message
    queue.take(STORE_QUEUE, 10)
    assert queue.next_due() == 105.0
    clock.now = 105.0
    assert [m.payload["url"] for m in queue.take(INGEST_QUEUE, 10)] == ["https://a.example/late"]
    assert queue.next_due() is None


def test_take_respects_the_limit_and_publication_order_among_equals() -> None:
    queue = InProcessQueue(Clock())
    for n in range(5):
        queue.publish(ENRICH_TASK, {"n": n})
    assert [m.payload["n"] for m in queue.take("enrich", 3)] == [0, 1, 2]
    assert queue.due("enrich") == 2


def test_retry_queues_the_current_message_again_with_one_more_attempt() -> None:
    clock = Clock()
    queue = InProcessQueue(clock)
    queue.publish(FETCH_TASK, {"url": "https://a.example/x"})
    [message] = queue.take(INGEST_QUEUE, 1)
    queue.current = message
    queue.retry(RuntimeError("busy"), 2.0)
    assert queue.take(INGEST_QUEUE, 1) == []
    clock.now += 2.0
    [again] = queue.take(INGEST_QUEUE, 1)
    assert (again.task_name, again.payload, again.attempts) == (FETCH_TASK, message.payload, 1)


def test_retry_without_a_running_message_is_a_bug() -> None:
    with pytest.raises(RuntimeError):
        InProcessQueue().retry(ValueError("x"), 1.0)


def test_queued_hosts_counts_waiting_fetches_per_host() -> None:
    queue = InProcessQueue(Clock())
    for url in ("https://a.example/1", "https://a.example/2", "https://b.example/1"):
        queue.publish(FETCH_TASK, {"url": url}, countdown=3)
    assert queue.queued_hosts() == {"a.example": 2, "b.example": 1}
