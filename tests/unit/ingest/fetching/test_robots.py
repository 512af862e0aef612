"""RobotsPolicy against a real local server: RFC 9309 outcomes, caching, caps, redirects, SSRF."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from newsflow_ingest.fetching.robots import MAX_ROBOTS_BYTES, RobotsPolicy
from newsflow_shared.config import Settings

from tests.support.http_server import Route, serve

Routes = dict[str, Route | tuple[int, dict[str, str], bytes]]
TEXT = {"Content-Type": "text/plain"}
RULES = b"""
User-agent: *
Disallow: /private/

User-agent: newsflow
Disallow: /no-newsflow/
Allow: /no-newsflow/but-this
Crawl-delay: 2.5

Sitemap: https://example.com/sitemap.xml
Sitemap: https://example.com/news-sitemap.xml
"""


@pytest.fixture
def session() -> Iterator[requests.Session]:
    with requests.Session() as s:
        yield s


def policy(session: requests.Session, **overrides: Any) -> RobotsPolicy:
    values: dict[str, Any] = {
        "allow_private_addresses": True,
        "host_delay": 0,
        "fetch_read_timeout": 1.0,
        "fetch_deadline": 3.0,
    }
    values.update(overrides)
    return RobotsPolicy(Settings(**values), session)


def robots_requests(server: Any) -> int:
    return sum(1 for _, path in server.requests if path == "/robots.txt")


def test_rules_for_newsflow_are_applied_and_cached(session: requests.Session) -> None:
    with serve({"/robots.txt": (200, TEXT, RULES)}) as server:
        robots = policy(session)
        assert not robots.allowed(server.url("/no-newsflow/page"))
        assert robots.allowed(server.url("/no-newsflow/but-this"))
        # The newsflow group replaces the * group (RFC 9309 §2.2.1): /private/ is not in it.
        assert robots.allowed(server.url("/private/x"))
        assert robots.allowed(server.url("/news/1"))
        assert robots.crawl_delay(server.url("/")) == 2.5
        assert robots.sitemaps(server.url("/")) == [
            "https://example.com/sitemap.xml",
            "https://example.com/news-sitemap.xml",
        ]
        assert robots_requests(server) == 1


def test_other_agents_rules_do_not_apply(session: requests.Session) -> None:
    body = b"User-agent: googlebot\nDisallow: /\n\nUser-agent: *\nDisallow: /private\n"
    with serve({"/robots.txt": (200, TEXT, body)}) as server:
        robots = policy(session)
        assert robots.allowed(server.url("/news"))
        assert not robots.allowed(server.url("/private"))
        assert robots.crawl_delay(server.url("/")) is None


@pytest.mark.parametrize("status", [401, 403, 404, 410])
def test_client_error_means_allow_all(session: requests.Session, status: int) -> None:
    with serve({"/robots.txt": (status, TEXT, b"User-agent: *\nDisallow: /\n")}) as server:
        robots = policy(session)
        assert robots.allowed(server.url("/anything"))
        assert robots.rules(server.url("/")).unreachable is False


@pytest.mark.parametrize("status", [429, 500, 503])
def test_server_error_means_disallow_all_for_a_short_time(session: requests.Session, status: int) -> None:
    with serve({"/robots.txt": (status, TEXT, b"")}) as server:
        robots = policy(session)
        assert not robots.allowed(server.url("/anything"))
        rules = robots.rules(server.url("/"))
        assert rules.unreachable
        assert rules.expires - time.monotonic() <= 60


def test_timeout_means_disallow_all(session: requests.Session) -> None:
    def slow(path: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        time.sleep(1.5)
        return 200, TEXT, b""

    with serve({"/robots.txt": slow}) as server:
        robots = policy(session, fetch_read_timeout=0.3)
        started = time.monotonic()
        assert not robots.allowed(server.url("/x"))
        assert time.monotonic() - started < 1.0
        assert robots.rules(server.url("/")).unreachable


def test_robots_txt_itself_is_always_allowed(session: requests.Session) -> None:
    with serve({"/robots.txt": (200, TEXT, b"User-agent: *\nDisallow: /\n")}) as server:
        robots = policy(session)
        assert not robots.allowed(server.url("/"))
        assert robots.allowed(server.url("/robots.txt"))


def test_redirects_are_followed_up_to_five(session: requests.Session) -> None:
    routes: Routes = {
        "/robots.txt": (301, {"Location": "/r1"}, b""),
        "/r1": (302, {"Location": "/real-robots.txt"}, b""),
        "/real-robots.txt": (200, TEXT, b"User-agent: *\nDisallow: /hidden\n"),
    }
    with serve(routes) as server:
        assert not policy(session).allowed(server.url("/hidden"))

    endless: Routes = {"/robots.txt": (302, {"Location": "/r0"}, b"")}
    endless.update({f"/r{i}": (302, {"Location": f"/r{i + 1}"}, b"") for i in range(10)})
    endless["/r9"] = (200, TEXT, b"User-agent: *\nDisallow: /\n")
    with serve(endless) as server:
        # More than five hops: robots.txt counts as unavailable, so everything is allowed (§2.3.1.2).
        assert policy(session).allowed(server.url("/hidden"))
        assert robots_requests(server) == 1
        assert [path for _, path in server.requests][1:] == ["/r0", "/r1", "/r2", "/r3", "/r4"]


def test_only_the_first_500_kib_are_parsed(session: requests.Session) -> None:
    padding = b"# " + b"x" * 1000 + b"\n"
    body = b"User-agent: *\nDisallow: /early\n" + padding * (MAX_ROBOTS_BYTES // len(padding) + 10)
    body += b"Disallow: /late\n"
    assert len(body) > MAX_ROBOTS_BYTES
    with serve({"/robots.txt": (200, TEXT, body)}) as server:
        robots = policy(session)
        assert not robots.allowed(server.url("/early"))
        assert robots.allowed(server.url("/late"))


def test_cache_ttl(session: requests.Session) -> None:
    with serve({"/robots.txt": (200, TEXT, b"User-agent: *\nDisallow: /x\n")}) as server:
        robots = policy(session, robots_cache_ttl=0)
        robots.allowed(server.url("/a"))
        robots.allowed(server.url("/b"))
        assert robots_requests(server) == 2
        cached = policy(session, robots_cache_ttl=3600)
        cached.allowed(server.url("/a"))
        cached.allowed(server.url("/b"))
        assert robots_requests(server) == 3


def test_robots_fetch_goes_through_the_ssrf_guard(session: requests.Session) -> None:
    with serve({"/robots.txt": (200, TEXT, b"")}) as server:
        robots = policy(session, allow_private_addresses=False)
        assert not robots.allowed(server.url("/page"))
        assert robots.rules(server.url("/page")).unreachable
        assert server.requests == []


def test_origins_are_separate(session: requests.Session) -> None:
    with (
        serve({"/robots.txt": (200, TEXT, b"User-agent: *\nDisallow: /\n")}) as closed,
        serve({}) as open_site,
    ):
        robots = policy(session)
        assert not robots.allowed(closed.url("/a"))
        assert robots.allowed(open_site.url("/a"))
