"""Conditional GET state: the ``ETag`` / ``Last-Modified`` a URL last answered with (RFC 9110 §13.1).

Kept for feeds and sitemaps, which recurring crawls fetch again and again: an unchanged feed then costs one
``304 Not Modified`` and yields nothing new. ``RedisValidators`` is shared by all ingest workers (30 days per
URL); ``MemoryValidators`` lives as long as one embedded run.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import threading
from typing import Protocol

import redis

TTL_SECONDS = 30 * 24 * 3600


def request_headers(validators: dict[str, str] | None) -> dict[str, str]:
    """The conditional request headers for what a URL last answered with."""
    if not validators:
        return {}
    headers = {}
    if validators.get("etag"):
        headers["If-None-Match"] = validators["etag"]
    if validators.get("last-modified"):
        headers["If-Modified-Since"] = validators["last-modified"]
    return headers


def validators_of(headers: dict[str, str]) -> dict[str, str]:
    """``etag`` and ``last-modified`` of a response's (lower-cased) headers, when present."""
    return {name: headers[name] for name in ("etag", "last-modified") if headers.get(name)}


class ValidatorStore(Protocol):
    def get(self, url: str) -> dict[str, str] | None: ...

    def put(self, url: str, validators: dict[str, str]) -> None: ...


class MemoryValidators:
    def __init__(self) -> None:
        self._data: dict[str, dict[str, str]] = {}
        self._lock = threading.Lock()

    def get(self, url: str) -> dict[str, str] | None:
        with self._lock:
            return self._data.get(url)

    def put(self, url: str, validators: dict[str, str]) -> None:
        if validators:
            with self._lock:
                self._data[url] = dict(validators)


class RedisValidators:
    def __init__(self, client: redis.Redis, *, prefix: str = "newsflow:validators:") -> None:
        self._client = client
        self._prefix = prefix

    def _key(self, url: str) -> str:
        return self._prefix + hashlib.sha256(url.encode("utf-8")).hexdigest()

    def get(self, url: str) -> dict[str, str] | None:
        try:
            raw = self._client.get(self._key(url))
        except redis.RedisError:
            return None  # without validators the fetch is unconditional: correct, only dearer
        if not isinstance(raw, bytes | str):
            return None
        value = json.loads(raw)
        return value if isinstance(value, dict) else None

    def put(self, url: str, validators: dict[str, str]) -> None:
        if validators:
            with contextlib.suppress(redis.RedisError):  # losing validators only costs a full fetch
                self._client.set(self._key(url), json.dumps(validators), ex=TTL_SECONDS)
