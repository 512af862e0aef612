"""Reading kombu's Redis layout: the lists of a queue's priority steps, and a message's age from its headers."""

from __future__ import annotations

from datetime import UTC, datetime

from newsflow_ops.broker import QueueStats, priority_lists, ready_age
from newsflow_shared.celery_app import PUBLISHED_AT_HEADER

NOW = 1_700_000_000.0


def message(published: float | None = None, eta: float | None = None) -> dict[str, object]:
    headers: dict[str, object] = {"id": "x", "task": "newsflow.ingest.fetch"}
    if published is not None:
        headers[PUBLISHED_AT_HEADER] = published
    if eta is not None:
        headers["eta"] = datetime.fromtimestamp(eta, UTC).isoformat()
    return {"headers": headers, "body": "", "properties": {}}


def test_priority_lists_are_kombus() -> None:
    assert priority_lists("ingest") == ["ingest", "ingest\x06\x163", "ingest\x06\x166", "ingest\x06\x169"]


def test_age_counts_from_publication_or_from_the_eta_once_due() -> None:
    assert ready_age(message(published=NOW - 30), NOW) == 30
    assert ready_age(message(published=NOW - 30, eta=NOW - 10), NOW) == 10  # due 10 s ago
    assert ready_age(message(published=NOW - 30, eta=NOW + 60), NOW) is None  # deferred: not waiting yet
    assert ready_age(message(), NOW) is None  # published by a client that does not stamp the time


def test_the_oldest_ready_message_sets_the_queue_age() -> None:
    stats = QueueStats(waiting=3)
    for one in (message(NOW - 5), message(NOW - 50, eta=NOW + 1), message(NOW - 20)):
        stats.note_age(one, NOW)
    assert stats.oldest_age == 20 and stats.depth == 3
