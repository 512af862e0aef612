"""Per-token rate limit of the task API: a fixed one-minute window counted in Redis, shared by every API process.

Fails open: when Redis does not answer, requests are served (the crawl endpoints report Redis themselves), since
refusing every read because a counter is unavailable would turn a Redis blip into an API outage.
"""

from __future__ import annotations

import logging
import time

import redis
from fastapi import HTTPException, status

log = logging.getLogger(__name__)

WINDOW_SECONDS = 60


def enforce_rate_limit(client: redis.Redis, principal: str, limit: int) -> None:
    """Count one request of ``principal``; 429 with Retry-After once it made ``limit`` in this minute."""
    if limit <= 0:
        return
    now = time.time()
    window = int(now // WINDOW_SECONDS)
    key = f"newsflow:ratelimit:{principal}:{window}"
    try:
        pipe = client.pipeline()
        pipe.incr(key)
        pipe.expire(key, WINDOW_SECONDS * 2)
        count, _ = pipe.execute()
    except redis.RedisError as exc:
        log.warning("rate limit not enforced (Redis: %s)", exc)
        return
    if int(count) > limit:
        retry_after = max(1, int((window + 1) * WINDOW_SECONDS - now) + 1)
        raise HTTPException(
            status.HTTP_429_TOO_MANY_REQUESTS,
            detail=f"rate limit of {limit} requests per minute exceeded",
            headers={"Retry-After": str(retry_after)},
        )
