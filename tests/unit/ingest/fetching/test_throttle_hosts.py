"""Host health as the fetcher sees it, on a real local server: a 429/503 Retry-After pauses the whole host, a
host failing again and again is paused and reported, and requests are spaced from the previous answer."""

from __future__ import annotations

import contextlib
import itertools
import time

import pytest
from newsflow_ingest.fetching.fetcher import Fetcher
from newsflow_ingest.fetching.throttle import HostBusy, MemoryHostThrottle
from newsflow_shared.config import Settings
from newsflow_shared.errors import TransientError

from tests.support.http_server import Route, serve

Response = tuple[int, dict[str, str], bytes]
Routes = dict[str, Route | Response]

OK: Response = (200, {"Content-Type": "text/html"}, b"<html><body><p>ok</p></body></html>")
ROBOTS: Response = (404, {}, b"")


def _settings(**overrides: object) -> Settings:
    values: dict[str, object] = {"allow_private_addresses": True, "host_delay": 0.0}
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


def test_retry_after_pauses_the_host_for_every_url() -> None:
    routes: Routes = {"/robots.txt": ROBOTS, "/busy": (503, {"Retry-After": "3"}, b"busy"), "/other": OK}
    with serve(routes) as server, Fetcher(_settings()) as fetcher:
        with pytest.raises(TransientError) as failed:
            fetcher.fetch(server.url("/busy"))
        assert failed.value.retry_after == 3.0
        with pytest.raises(HostBusy) as busy:  # another URL of the host defers instead of hammering it
            fetcher.fetch(server.url("/other"), defer_after=0.1)
        assert 2.0 < busy.value.wait <= 3.0
        assert fetcher.paused_hosts.get("127.0.0.1", 0) > time.time() + 2
        assert [p for _, p in server.requests].count("/other") == 0


def test_a_host_failing_again_and_again_is_paused() -> None:
    routes: Routes = {"/robots.txt": ROBOTS, "/broken": (500, {}, b"oops"), "/fine": OK}
    settings = _settings(host_failure_threshold=3, host_pause_seconds=60.0)
    with serve(routes) as server, Fetcher(settings) as fetcher:
        for _ in range(3):
            with pytest.raises(TransientError):
                fetcher.fetch(server.url("/broken"))
        with pytest.raises(HostBusy) as busy:
            fetcher.fetch(server.url("/fine"), defer_after=1.0)
    assert busy.value.wait > 55
    assert "127.0.0.1" in fetcher.paused_hosts


def test_a_success_ends_the_failure_streak() -> None:
    routes: Routes = {"/robots.txt": ROBOTS, "/broken": (500, {}, b"oops"), "/fine": OK}
    settings = _settings(host_failure_threshold=2, host_pause_seconds=60.0)
    with serve(routes) as server, Fetcher(settings) as fetcher:
        for path in ("/broken", "/fine", "/broken"):
            with contextlib.suppress(TransientError):
                fetcher.fetch(server.url(path))
        assert fetcher.fetch(server.url("/fine"), defer_after=0.1).status == 200  # never paused
    assert fetcher.paused_hosts == {}


def test_crawl_delay_of_robots_txt_wins_over_a_smaller_host_delay() -> None:
    robots = (200, {"Content-Type": "text/plain"}, b"User-agent: *\nCrawl-delay: 0.3\n")
    with serve({"/robots.txt": robots, "/a": OK, "/b": OK, "/c": OK}) as server:
        with Fetcher(_settings(host_delay=0.1), throttle=MemoryHostThrottle()) as fetcher:
            for path in ("/a", "/b", "/c"):
                fetcher.fetch(server.url(path))
        times = [t for t, p in server.requests if p != "/robots.txt"]
    assert min(b - a for a, b in itertools.pairwise(times)) >= 0.3
