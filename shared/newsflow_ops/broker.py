"""Queue depth and age read from Celery's Redis transport (kombu), at scrape time.

Where kombu keeps a queue's messages (``kombu/transport/redis.py``):

- **waiting**: the list named after the queue, one more per priority step (``<queue>\\x06\\x16<step>`` for steps
  3, 6, 9; step 0 is the bare name). Publishers ``LPUSH``, workers ``BRPOP``: the oldest message is at the tail.
- **held by a worker**: every message a worker took and has not acknowledged yet — the one it runs, and every
  deferred message (a ``countdown``/``eta``: the worker holds it in memory until it is due) — is a field of the
  ``unacked`` hash (delivery tag → JSON ``[message, exchange, routing_key]``), indexed by time in
  ``unacked_index``. ``LLEN`` misses all of these, so a crawl whose fetches are deferred to their hosts' slots
  would look idle.

A held message is attributed to its queue the way kombu would restore it (``Channel._lookup``): Celery publishes a
direct queue's messages to the default exchange with the queue's name as routing key; a message published to a
named exchange goes through that exchange's binding table (``_kombu.binding.<exchange>``, members
``routing_key\\x06\\x16pattern\\x06\\x16queue``).

Age: Celery's headers hold no time of publication, so ``newsflow_shared.celery_app`` stamps
``PUBLISHED_AT_HEADER`` on every message. A message is *ready* from ``max(published, eta)``; the age of a queue is
that of its oldest ready message, held ones included (like SQS's age of the oldest message, in-flight counted).
Deferred messages not yet due have no age. Waiting lists are sampled from their oldest end
(``AGE_SAMPLE`` messages each), so a scrape stays cheap however long a queue grows.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

import redis
from newsflow_shared.celery_app import PUBLISHED_AT_HEADER
from prometheus_client.core import GaugeMetricFamily

SEPARATOR: Final = "\x06\x16"  # kombu.transport.redis.Channel.sep
PRIORITY_STEPS: Final = (0, 3, 6, 9)  # kombu.transport.redis.PRIORITY_STEPS
UNACKED_KEY: Final = "unacked"
BINDING_KEY: Final = "_kombu.binding.{exchange}"
AGE_SAMPLE: Final = 100
SCAN_BATCH: Final = 500


@dataclass
class QueueStats:
    """One queue: messages waiting in its lists, messages held by workers, age of its oldest ready message."""

    waiting: int = 0
    held: int = 0
    oldest_age: float = 0.0

    @property
    def depth(self) -> int:
        return self.waiting + self.held

    def note_age(self, message: dict[str, Any], now: float) -> None:
        age = ready_age(message, now)
        if age is not None and age > self.oldest_age:
            self.oldest_age = age


def priority_lists(queue: str) -> list[str]:
    """The Redis lists kombu keeps ``queue``'s waiting messages in, one per priority step."""
    return [queue if step == 0 else f"{queue}{SEPARATOR}{step}" for step in PRIORITY_STEPS]


def ready_age(message: dict[str, Any], now: float) -> float | None:
    """Seconds ``message`` (a kombu payload) has been ready to run, or None: not due yet, or no publication time
    (a message published by another client)."""
    headers = message.get("headers") or {}
    published = headers.get(PUBLISHED_AT_HEADER)
    if not isinstance(published, int | float):
        return None
    ready = float(published)
    eta = headers.get("eta")
    if isinstance(eta, str):
        with contextlib.suppress(ValueError):
            ready = max(ready, datetime.fromisoformat(eta).timestamp())
    return now - ready if ready <= now else None


def _decode(raw: bytes | str) -> Any:
    try:
        return json.loads(raw)
    except ValueError:
        return None


def read_queues(client: redis.Redis, queues: Sequence[str], now: float) -> dict[str, QueueStats]:
    """Depth (waiting + held) and oldest age of each of ``queues``; messages of other queues are ignored."""
    stats = {queue: QueueStats() for queue in queues}
    for queue in queues:
        _read_waiting(client, queue, stats[queue], now)
    bindings = _Bindings(client)
    for message, exchange, routing_key in _held_messages(client):
        for queue in bindings.queues_of(exchange, routing_key):
            if queue in stats:
                stats[queue].held += 1
                stats[queue].note_age(message, now)
    return stats


def _read_waiting(client: redis.Redis, queue: str, stats: QueueStats, now: float) -> None:
    pipe = client.pipeline(transaction=False)
    for name in priority_lists(queue):
        pipe.llen(name)
        pipe.lrange(name, -AGE_SAMPLE, -1)
    replies = pipe.execute()
    for length, sample in zip(replies[::2], replies[1::2], strict=True):
        stats.waiting += int(length)
        for raw in sample:
            message = _decode(raw)
            if isinstance(message, dict):
                stats.note_age(message, now)


class _Bindings:
    """Which queues a held message belongs to, decided as kombu's ``Channel._lookup`` does when it restores one:
    the default exchange (``""``, which Celery publishes to for a direct queue) routes by queue name; another
    exchange through its binding table (members ``routing_key, pattern, queue``), read once per scrape."""

    def __init__(self, client: redis.Redis) -> None:
        self._client = client
        self._tables: dict[str, list[tuple[str, str]]] = {}

    def queues_of(self, exchange: str, routing_key: str) -> list[str]:
        if not exchange:
            return [routing_key]
        if exchange not in self._tables:
            members: Iterable[bytes] = self._client.smembers(BINDING_KEY.format(exchange=exchange))  # type: ignore[assignment]
            rows = (member.decode().split(SEPARATOR) for member in members)
            self._tables[exchange] = [(row[0], row[2]) for row in rows if len(row) == 3]
        return [queue for key, queue in self._tables[exchange] if key == routing_key]


def _held_messages(client: redis.Redis) -> Iterator[tuple[dict[str, Any], str, str]]:
    """(message, exchange, routing key) of every unacknowledged message, read in batches (HSCAN)."""
    for _tag, raw in client.hscan_iter(UNACKED_KEY, count=SCAN_BATCH):
        entry = _decode(raw)
        if isinstance(entry, list) and len(entry) == 3 and isinstance(entry[0], dict):
            yield entry[0], str(entry[1] or ""), str(entry[2] or "")


def queue_families(stats: dict[str, QueueStats]) -> Iterator[GaugeMetricFamily]:
    """``newsflow_queue_depth``, ``newsflow_queue_held`` and ``newsflow_queue_oldest_age_seconds`` by queue."""
    depth = GaugeMetricFamily(
        "newsflow_queue_depth",
        "Messages of a queue not yet acknowledged: waiting, deferred (countdown/eta) or running.",
        labels=["queue"],
    )
    held = GaugeMetricFamily(
        "newsflow_queue_held",
        "Messages of a queue held by workers: running, or deferred until their eta (part of the depth).",
        labels=["queue"],
    )
    age = GaugeMetricFamily(
        "newsflow_queue_oldest_age_seconds",
        "Seconds the oldest ready message of a queue has waited since it was published or became due.",
        labels=["queue"],
    )
    for queue, one in stats.items():
        depth.add_metric([queue], one.depth)
        held.add_metric([queue], one.held)
        age.add_metric([queue], round(one.oldest_age, 3))
    yield depth
    yield held
    yield age
