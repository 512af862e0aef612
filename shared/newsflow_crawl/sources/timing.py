"""When a source is due next: its interval or the next time of its cron expression, plus jitter, so that 200
sources imported together do not all fire in the same second (and keep apart afterwards)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from croniter import croniter
from newsflow_shared.models import Source

# A cron source's jitter is a share of the gap to its next tick, capped: "at 06:00" should stay near 06:00.
MAX_CRON_JITTER = timedelta(minutes=5)


def next_poll_at(
    source: Source, after: datetime, *, jitter: float, rng: random.Random | None = None
) -> datetime:
    """The time of the source's next poll after ``after``. ``jitter`` is a fraction: an interval of 60 min with
    jitter 0.1 gives 54..66 min; a cron time is delayed by up to 0.1 of the gap to the tick after it (≤ 5 min)."""
    rng = rng or random.Random()
    if source.cron:
        ticks = croniter(source.cron, after)
        first: datetime = ticks.get_next(datetime)
        gap: timedelta = ticks.get_next(datetime) - first
        return first + min(gap * jitter, MAX_CRON_JITTER) * rng.random()
    interval = timedelta(minutes=source.interval_minutes or 60.0)
    return after + interval * (1 + jitter * rng.uniform(-1.0, 1.0))


def first_poll_at(now: datetime, *, spread: timedelta, rng: random.Random | None = None) -> datetime:
    """A newly imported source's first poll: somewhere in the next ``spread`` (a bulk import does not stampede)."""
    rng = rng or random.Random()
    return now + spread * rng.random()
