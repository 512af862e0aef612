"""The fetcher against real local HTTP servers: redirects, caps, deadline, status mapping, robots, SSRF."""

from __future__ import annotations

import gzip
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from newsflow_ingest.fetching.fetcher import Fetcher, is_markup, is_sitemap_type, parse_retry_after
from newsflow_shared.config import Settings
from newsflow_shared.errors import (
    AddressRefused,
    HttpStatusError,
    NotHtml,
    PermanentError,
    RobotsForbidden,
    TooLarge,
    TransientError,
)

from tests.support.http_server import Route, serve

Routes = dict[str, Route | tuple[int, dict[str, str], bytes]]

HTML = {"Content-Type": "text/html; charset=utf-8"}


def settings(**overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "allow_private_addresses": True,
        "host_delay": 0,
        "fetch_connect_timeout": 2.0,
        "fetch_read_timeout": 2.0,
        "fetch_deadline": 5.0,
    }
    values.update(overrides)
    return Settings(**values)


@contextmanager
def fetcher(**overrides: Any) -> Iterator[Fetcher]:
    with Fetcher(settings(**overrides)) as instance:
        yield instance


def redirect(location: str, status: int = 302) -> tuple[int, dict[str, str], bytes]:
    return status, {"Location": location}, b""


def test_fetches_html_with_lower_case_headers_and_decoded_text() -> None:
    body = "<html><body><p>Ünïcödé news</p></body></html>".encode()
    seen: dict[str, str] = {}

    def page(path: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        seen.update(headers)
        return 200, {**HTML, "X-Custom": "yes"}, body

    with serve({"/news": page}) as server, fetcher(user_agent="newsflow-test/1") as f:
        result = f.fetch(server.url("/news"))
    assert result.status == 200
    assert result.url == result.final_url == server.url("/news")
    assert result.content == body
    assert result.text is not None and "Ünïcödé news" in result.text
    assert result.encoding == "utf-8"
    assert result.content_type == "text/html"
    assert result.headers["x-custom"] == "yes"
    assert result.redirects == []
    assert result.elapsed > 0
    assert seen["User-Agent"] == "newsflow-test/1"


def test_follows_a_redirect_chain_hop_by_hop() -> None:
    routes: Routes = {
        "/a": redirect("/b", 301),
        "/b": redirect("/c?x=1#frag", 307),
        "/c": (200, HTML, b"<p>done</p>"),
    }
    with serve(routes) as server, fetcher() as f:
        result = f.fetch(server.url("/a"))
    assert result.final_url == server.url("/c?x=1")
    assert result.redirects == [server.url("/a"), server.url("/b")]
    assert result.text == "<p>done</p>"
    assert [path for _, path in server.requests if path != "/robots.txt"] == ["/a", "/b", "/c?x=1"]


def test_redirect_loop_is_detected() -> None:
    routes: Routes = {"/x": redirect("/y"), "/y": redirect("/x")}
    with serve(routes) as server, fetcher() as f, pytest.raises(PermanentError) as caught:
        f.fetch(server.url("/x"))
    assert caught.value.reason == "redirect_loop"


def test_redirects_are_capped() -> None:
    routes: Routes = {f"/{i}": redirect(f"/{i + 1}") for i in range(5)}
    with serve(routes) as server, fetcher(fetch_max_redirects=3) as f:
        with pytest.raises(PermanentError) as caught:
            f.fetch(server.url("/0"))
        assert caught.value.reason == "too_many_redirects"
        routes["/4"] = (200, HTML, b"ok")
        assert f.fetch(server.url("/1")).status == 200  # exactly three hops are fine


def test_every_redirect_hop_passes_the_ssrf_guard() -> None:
    with (
        serve({"/a": redirect("http://user:secret@127.0.0.1:1/")}) as server,
        fetcher() as f,
        pytest.raises(AddressRefused, match="userinfo"),
    ):
        f.fetch(server.url("/a"))
    with (
        serve({"/a": redirect("ftp://example.com/file")}) as server,
        fetcher() as f,
        pytest.raises(PermanentError) as caught,
    ):
        f.fetch(server.url("/a"))
    assert caught.value.reason == "bad_redirect"


def test_every_redirect_hop_passes_robots() -> None:
    routes: Routes = {
        "/robots.txt": (200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /private\n"),
        "/open": redirect("/private/page"),
    }
    with serve(routes) as server, fetcher() as f:
        with pytest.raises(RobotsForbidden):
            f.fetch(server.url("/open"))
        assert [path for _, path in server.requests] == ["/robots.txt", "/open"]


def test_private_addresses_are_refused_before_any_request() -> None:
    with serve({"/": (200, HTML, b"x")}) as server, fetcher(allow_private_addresses=False) as f:
        with pytest.raises(AddressRefused):
            f.fetch(server.url("/"))
        with pytest.raises(AddressRefused):
            f.fetch(server.url("/").replace("127.0.0.1", "localhost"))
        assert server.requests == []


def test_body_cap_with_content_length() -> None:
    with (
        serve({"/big": (200, HTML, b"x" * 5000)}) as server,
        fetcher(fetch_max_bytes=1000) as f,
        pytest.raises(TooLarge),
    ):
        f.fetch(server.url("/big"))


def test_body_cap_counts_decompressed_bytes_gzip_bomb() -> None:
    bomb = gzip.compress(b"\0" * 50_000_000, compresslevel=9)
    assert len(bomb) < 100_000
    headers = {**HTML, "Content-Encoding": "gzip"}
    with serve({"/bomb": (200, headers, bomb)}) as server, fetcher(fetch_max_bytes=1_000_000) as f:
        started = time.monotonic()
        with pytest.raises(TooLarge):
            f.fetch(server.url("/bomb"))
        assert time.monotonic() - started < 3


def test_gzip_body_is_decompressed() -> None:
    page = b"<html><body>" + b"<p>compressed news</p>" * 200 + b"</body></html>"
    headers = {**HTML, "Content-Encoding": "gzip"}
    with (
        serve({"/gz": (200, headers, gzip.compress(page))}) as server,
        fetcher(fetch_max_bytes=len(page)) as f,
    ):
        result = f.fetch(server.url("/gz"))
    assert result.content == page


@contextmanager
def trickle_server(stall: bool = False) -> Iterator[str]:
    """Sends headers at once, then one body byte every 0.1 s (or nothing at all when ``stall``)."""
    stop = threading.Event()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            if self.path == "/robots.txt":
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.wfile.flush()
            for _ in range(1000):
                if stop.wait(0.1):
                    return
                if not stall:
                    try:
                        self.wfile.write(b"x")
                        self.wfile.flush()
                    except OSError:
                        return

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/slow"
    finally:
        stop.set()
        server.shutdown()
        server.server_close()


def test_wall_clock_deadline_stops_a_trickling_server() -> None:
    with trickle_server() as url, fetcher(fetch_deadline=1.0, fetch_read_timeout=5.0) as f:
        started = time.monotonic()
        with pytest.raises(TransientError) as caught:
            f.fetch(url)
        elapsed = time.monotonic() - started
    assert caught.value.reason == "deadline"
    assert 0.9 < elapsed < 1.6


def test_deadline_also_bounds_a_stalled_body() -> None:
    with trickle_server(stall=True) as url, fetcher(fetch_deadline=0.8, fetch_read_timeout=5.0) as f:
        started = time.monotonic()
        with pytest.raises(TransientError):
            f.fetch(url)
        assert time.monotonic() - started < 1.5


CLIENT_ERRORS = [400, 401, 403, 404, 410, 451]
TRANSIENT = [408, 429, 500, 502, 503, 504]


@pytest.fixture(scope="module")
def status_server() -> Iterator[str]:
    """One server answering /<status> with that status (one server for all cases keeps the tests fast)."""
    routes: dict[str, Any] = {
        f"/{code}": (code, {**HTML, "Retry-After": "120"}, b"no") for code in CLIENT_ERRORS
    }
    routes.update({f"/{code}": (code, {**HTML, "Retry-After": "120"}, b"later") for code in TRANSIENT})
    with serve(routes) as server:
        yield server.base_url


@pytest.mark.parametrize("status", CLIENT_ERRORS)
def test_client_errors_are_permanent(status_server: str, status: int) -> None:
    with fetcher() as f, pytest.raises(HttpStatusError, match=str(status)) as caught:
        f.fetch(f"{status_server}/{status}")
    assert caught.value.reason == "http_status"


@pytest.mark.parametrize("status", TRANSIENT)
def test_overload_and_server_errors_are_transient(status_server: str, status: int) -> None:
    with fetcher() as f, pytest.raises(TransientError) as caught:
        f.fetch(f"{status_server}/{status}")
    assert caught.value.reason == f"http_{status}"
    assert caught.value.retry_after == 120.0


def test_retry_after_http_date() -> None:
    in_a_minute = formatdate(time.time() + 60, usegmt=True)
    with (
        serve({"/p": (503, {"Retry-After": in_a_minute}, b"")}) as server,
        fetcher() as f,
        pytest.raises(TransientError) as caught,
    ):
        f.fetch(server.url("/p"))
    assert caught.value.retry_after is not None and 55 <= caught.value.retry_after <= 61
    assert parse_retry_after("garbage") is None
    assert parse_retry_after(formatdate(time.time() - 60, usegmt=True)) == 0.0


def test_connection_refused_is_transient() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with fetcher() as f, pytest.raises(TransientError) as caught:
        f.fetch(f"http://127.0.0.1:{port}/")
    # robots.txt is asked first and cannot be fetched either: retried later, never a permanent robots refusal.
    assert caught.value.reason == "robots_unreachable"
    assert caught.value.retry_after is not None and caught.value.retry_after > 0


def test_connection_errors_on_the_page_are_transient() -> None:
    # The server drops the connection on the page (robots.txt answers normally).
    def drop(path: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        return 200, {**HTML, "Content-Length": "100000"}, b"short"

    with (
        serve({"/p": drop}) as server,
        fetcher(fetch_read_timeout=0.5) as f,
        pytest.raises(TransientError) as caught,
    ):
        f.fetch(server.url("/p"))
    assert caught.value.reason in ("timeout", "connection")


def test_robots_server_error_is_transient_for_the_page() -> None:
    with serve({"/robots.txt": (503, {}, b""), "/p": (200, HTML, b"x")}) as server, fetcher() as f:
        with pytest.raises(TransientError) as caught:
            f.fetch(server.url("/p"))
        assert caught.value.reason == "robots_unreachable"
        assert [path for _, path in server.requests] == ["/robots.txt"]


def test_non_markup_is_refused_without_reading_it() -> None:
    routes: Routes = {"/img": (200, {"Content-Type": "image/png"}, b"\x89PNG" + b"\0" * 100)}
    with serve(routes) as server, fetcher() as f, pytest.raises(NotHtml):
        f.fetch(server.url("/img"))


def test_callers_may_accept_gzip_sitemaps() -> None:
    archive = gzip.compress(b"<urlset/>")
    routes: Routes = {"/s.xml.gz": (200, {"Content-Type": "application/x-gzip"}, archive)}
    with serve(routes) as server, fetcher() as f:
        result = f.fetch(server.url("/s.xml.gz"), accept=is_sitemap_type)
    assert result.content == archive  # not a Content-Encoding: the file itself stays compressed
    assert result.text is None


def test_content_type_predicates() -> None:
    for kind in (
        "text/html; charset=x",
        "application/xhtml+xml",
        "application/rss+xml",
        "application/atom+xml",
        "text/xml",
        "application/xml",
        "application/feed+json",
        "application/json",
        None,
    ):
        assert is_markup(kind), kind
    for kind in ("image/png", "application/pdf", "video/mp4", "application/zip"):
        assert not is_markup(kind), kind
    assert is_sitemap_type("text/plain") and is_sitemap_type("application/gzip")


def test_robots_disallow_is_enforced_before_the_request() -> None:
    routes: Routes = {
        "/robots.txt": (200, {}, b"User-agent: newsflow\nDisallow: /secret\n\nUser-agent: *\nDisallow:\n"),
        "/secret": (200, HTML, b"x"),
    }
    with serve(routes) as server, fetcher() as f:
        with pytest.raises(RobotsForbidden):
            f.fetch(server.url("/secret"))
        assert [path for _, path in server.requests] == ["/robots.txt"]


def test_crawl_delay_spaces_requests_to_one_host() -> None:
    routes: Routes = {
        "/robots.txt": (200, {}, b"User-agent: *\nCrawl-delay: 0.3\n"),
        "/a": (200, HTML, b"a"),
        "/b": (200, HTML, b"b"),
    }
    with serve(routes) as server, fetcher() as f:
        f.fetch(server.url("/a"))
        f.fetch(server.url("/b"))
        times = {path: when for when, path in server.requests}
    assert times["/b"] - times["/a"] >= 0.29


def test_host_delay_spaces_requests_too() -> None:
    with serve({"/a": (200, HTML, b"a")}) as server, fetcher(host_delay=0.25) as f:
        f.fetch(server.url("/a"))
        f.fetch(server.url("/a"))
        pages = [when for when, path in server.requests if path == "/a"]
    assert pages[1] - pages[0] >= 0.24
