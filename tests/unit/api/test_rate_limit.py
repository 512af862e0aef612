"""The per-token rate limit (``newsflow_api.rate_limit``): off at 0, open when Redis does not answer, and a
fixed one-minute window counted in a real Redis (integration)."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Iterator

import pytest
import redis
from fastapi import HTTPException
from newsflow_api.rate_limit import WINDOW_SECONDS, enforce_rate_limit


@pytest.fixture
def unreachable() -> Iterator[redis.Redis]:
    client = redis.Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=1)  # nothing listens
    yield client
    client.close()


def test_a_limit_of_zero_counts_nothing(unreachable: redis.Redis, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="newsflow_api.rate_limit"):
        for _ in range(5):
            enforce_rate_limit(unreachable, "env", 0)
    assert caplog.records == []  # Redis was never asked


def test_without_redis_requests_are_served(
    unreachable: redis.Redis, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="newsflow_api.rate_limit"):
        for _ in range(3):
            enforce_rate_limit(unreachable, "env", 1)
    assert "rate limit not enforced" in caplog.text


@pytest.fixture
def live(redis_url: str) -> Iterator[redis.Redis]:
    client = redis.Redis.from_url(redis_url)
    # The window is the clock's minute: start early enough in one that the test ends in it.
    if time.time() % WINDOW_SECONDS > WINDOW_SECONDS - 3:
        time.sleep(WINDOW_SECONDS - time.time() % WINDOW_SECONDS + 0.05)
    yield client
    for key in client.scan_iter("newsflow:ratelimit:test-*"):
        client.delete(key)
    client.close()


@pytest.mark.integration
def test_the_request_over_the_limit_gets_429_with_retry_after(live: redis.Redis) -> None:
    principal = f"test-{uuid.uuid4().hex}"
    for _ in range(3):
        enforce_rate_limit(live, principal, 3)
    with pytest.raises(HTTPException) as caught:
        enforce_rate_limit(live, principal, 3)
    assert caught.value.status_code == 429
    assert caught.value.detail == "rate limit of 3 requests per minute exceeded"
    assert caught.value.headers is not None
    assert 1 <= int(caught.value.headers["Retry-After"]) <= WINDOW_SECONDS + 1
    # Another token has a budget of its own.
    enforce_rate_limit(live, f"test-{uuid.uuid4().hex}", 3)


@pytest.mark.integration
def test_the_count_lives_in_redis_and_expires(live: redis.Redis) -> None:
    principal = f"test-{uuid.uuid4().hex}"
    enforce_rate_limit(live, principal, 10)
    enforce_rate_limit(live, principal, 10)
    window = int(time.time() // WINDOW_SECONDS)
    key = f"newsflow:ratelimit:{principal}:{window}"
    assert live.get(key) == b"2"
    ttl = live.ttl(key)
    assert isinstance(ttl, int)
    assert WINDOW_SECONDS < ttl <= 2 * WINDOW_SECONDS
