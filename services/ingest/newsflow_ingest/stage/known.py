"""Articles already parsed by an earlier crawl, so that a crawl with ``skip_known`` (recurring crawls, by
default) does not fetch a discovered article URL again: a recurring feed crawl sends down the pipeline only the
entries it has not seen. Crawls without ``skip_known`` fetch everything they discover (a recrawl).

``RedisKnownUrls`` is shared by every ingest worker: one Redis set of 128-bit URL digests (about 100 bytes per
URL in Redis, so ~100 MB per million articles). Seeds are always fetched; only discovered URLs are checked.
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
from typing import Protocol

import redis
from newsflow_shared.messages import FetchTask

KNOWN_KEY = "newsflow:known-articles"


def _digest(url: str) -> str:
    return hashlib.sha256(url.encode("utf-8")).hexdigest()[:32]


def is_known_skip(task: FetchTask, known: KnownUrls) -> bool:
    """Whether ``task`` is a discovered article an earlier crawl parsed, in a crawl that skips those."""
    return task.skip_known and task.depth > 0 and task.role == "article" and known.is_known(task.url)


class KnownUrls(Protocol):
    def is_known(self, url: str) -> bool: ...

    def remember(self, *urls: str) -> None: ...


class MemoryKnownUrls:
    def __init__(self) -> None:
        self._seen: set[str] = set()
        self._lock = threading.Lock()

    def is_known(self, url: str) -> bool:
        with self._lock:
            return _digest(url) in self._seen

    def remember(self, *urls: str) -> None:
        with self._lock:
            self._seen.update(_digest(u) for u in urls if u)


class RedisKnownUrls:
    def __init__(self, client: redis.Redis, *, key: str = KNOWN_KEY) -> None:
        self._client = client
        self._key = key

    def is_known(self, url: str) -> bool:
        try:
            return bool(self._client.sismember(self._key, _digest(url)))
        except redis.RedisError:
            return False  # unknown means fetched: correct, only dearer

    def remember(self, *urls: str) -> None:
        digests = [_digest(u) for u in urls if u]
        if digests:
            with contextlib.suppress(redis.RedisError):  # forgetting only costs a fetch next time
                self._client.sadd(self._key, *digests)
