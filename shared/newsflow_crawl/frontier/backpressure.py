"""Backpressure: the frontier releases no fetch while the enrich or store queue is too deep.

Each watched queue has a high- and a low-water mark (``NEWSFLOW_BACKPRESSURE_<QUEUE>_HIGH``/``_LOW``). Once any
queue reaches its high mark, releasing stops — it *holds* — until every watched queue is at or below its low mark
(hysteresis: the release does not flap around one threshold). The hold is a flag shared by every releaser (a
Redis key in a deployment), so one worker seeing the high mark stops them all.

Fetches already queued still run and their articles still go on: the marks bound what the crawls add, so the
queues' depth — and Redis memory — is bounded by the marks plus what is in flight (docs/operations.md).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Protocol

import redis
from newsflow_ops.broker import priority_lists

HOLD_KEY = "newsflow:frontier:holding"


@dataclass(frozen=True)
class WaterMarks:
    """Stop releasing at ``high`` messages waiting; start again at ``low`` or fewer. ``high`` 0: not watched."""

    high: int
    low: int


class HoldFlag(Protocol):
    """Whether the releasers are holding, shared by all of them."""

    def get(self) -> bool: ...

    def set(self, holding: bool) -> None: ...


class MemoryHoldFlag:
    def __init__(self) -> None:
        self._holding = False

    def get(self) -> bool:
        return self._holding

    def set(self, holding: bool) -> None:
        self._holding = holding


class RedisHoldFlag:
    def __init__(self, client: redis.Redis, key: str = HOLD_KEY) -> None:
        self._r, self._key = client, key

    def get(self) -> bool:
        return bool(self._r.exists(self._key))

    def set(self, holding: bool) -> None:
        if holding:
            self._r.set(self._key, "1")
        else:
            self._r.delete(self._key)


def redis_depths(client: redis.Redis, queues: list[str]) -> Callable[[], dict[str, int]]:
    """Messages waiting in each of ``queues`` (kombu's lists, every priority step), one round trip."""

    def depths() -> dict[str, int]:
        pipe = client.pipeline(transaction=False)
        for queue in queues:
            for name in priority_lists(queue):
                pipe.llen(name)
        lengths = [int(n) for n in pipe.execute()]
        steps = len(lengths) // max(len(queues), 1)
        return {q: sum(lengths[i * steps : (i + 1) * steps]) for i, q in enumerate(queues)}

    return depths


class Backpressure:
    """Decides, from the watched queues' depths, whether the frontier may release now."""

    def __init__(
        self, marks: Mapping[str, WaterMarks], depths: Callable[[], dict[str, int]], flag: HoldFlag
    ) -> None:
        self.marks = {queue: mark for queue, mark in marks.items() if mark.high > 0}
        self._depths, self._flag = depths, flag

    def holding(self) -> bool:
        """True while releasing must wait (and records the verdict for the other releasers)."""
        if not self.marks:
            return False
        depths = self._depths()
        over = any(depths.get(queue, 0) >= mark.high for queue, mark in self.marks.items())
        above_low = any(depths.get(queue, 0) > mark.low for queue, mark in self.marks.items())
        was = self._flag.get()
        holding = over or (was and above_low)
        if holding != was:
            self._flag.set(holding)
        return holding
