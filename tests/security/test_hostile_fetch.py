"""The fetcher against hostile servers and names, over real sockets: decompression bombs in every encoding urllib3
decodes (gzip, deflate, brotli, zstd), lying Content-Length, an endless chunked body, a one-byte-per-second
server, non-public address literals, and DNS rebinding (the connection goes to the address that was checked)."""

from __future__ import annotations

import gzip
import socket
import socketserver
import threading
import time
import tracemalloc
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import Any

import brotli  # type: ignore[import-untyped]
import pytest
import requests
from newsflow_ingest.fetching.fetcher import Fetcher
from newsflow_ingest.fetching.pinned_adapter import AddressPins, PinnedAdapter
from newsflow_shared.config import Settings
from newsflow_shared.errors import AddressRefused, TooLarge, TransientError

try:
    from compression import zstd  # type: ignore[import-not-found,unused-ignore]
except ImportError:
    from backports import zstd  # type: ignore[import-not-found,no-redef,unused-ignore]

from tests.support.http_server import Route, serve

CAP = 1_000_000
BOMB = b"\0" * 64_000_000  # 64 MB of zeros: a few tens of KB once compressed
ROBOTS = (200, {"Content-Type": "text/plain"}, b"User-agent: *\nAllow: /\n")


def settings(**overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "allow_private_addresses": True, "host_delay": 0.0, "fetch_max_bytes": CAP, "fetch_deadline": 5.0,
        "fetch_connect_timeout": 2.0, "fetch_read_timeout": 2.0,
    }  # fmt: skip
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


COMPRESSORS: dict[str, Callable[[bytes], bytes]] = {
    "gzip": lambda data: gzip.compress(data, 9),
    "deflate": lambda data: zlib.compress(data, 9),
    "br": lambda data: brotli.compress(data, quality=5),
    "zstd": lambda data: zstd.compress(data),
}


@pytest.mark.parametrize("encoding", sorted(COMPRESSORS))
def test_decompression_bombs_stop_at_the_cap_with_bounded_memory(encoding: str) -> None:
    bomb = COMPRESSORS[encoding](BOMB)
    assert len(bomb) < CAP  # small on the wire, 64 MB once decoded
    routes: dict[str, Route | tuple[int, dict[str, str], bytes]] = {
        "/robots.txt": ROBOTS,
        "/bomb": (200, {"Content-Type": "text/html", "Content-Encoding": encoding}, bomb),
    }
    with serve(routes) as site, Fetcher(settings()) as fetcher:
        tracemalloc.start()
        try:
            with pytest.raises(TooLarge):
                fetcher.fetch(site.url("/bomb"))
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert peak < 12 * CAP, f"{encoding}: peak {peak} bytes while decoding"


@pytest.mark.parametrize("encoding", sorted(COMPRESSORS))
def test_every_encoding_is_advertised_and_decoded(encoding: str) -> None:
    page = b"<html><body><p>" + b"news " * 2000 + b"</p></body></html>"
    seen: dict[str, str] = {}

    def route(path: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        seen.update(headers)
        return 200, {"Content-Type": "text/html", "Content-Encoding": encoding}, COMPRESSORS[encoding](page)

    with serve({"/robots.txt": ROBOTS, "/p": route}) as site, Fetcher(settings()) as fetcher:
        assert fetcher.fetch(site.url("/p")).content == page
    assert encoding in seen.get("Accept-Encoding", ""), seen


# --- raw servers that break HTTP on purpose ------------------------------------------------------------------


@contextmanager
def raw_server(respond: Callable[[socket.socket], None]) -> Iterator[str]:
    """A TCP server answering robots.txt normally and every other request with ``respond(sock)``."""

    class Handler(socketserver.BaseRequestHandler):
        def handle(self) -> None:
            sock: socket.socket = self.request
            request = b""
            while b"\r\n\r\n" not in request:
                data = sock.recv(4096)
                if not data:
                    return
                request += data
            if request.startswith(b"GET /robots.txt"):
                body = b"User-agent: *\nAllow: /\n"
                sock.sendall(
                    b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s"
                    % (len(body), body)
                )
                return
            with suppress(OSError):
                respond(sock)

    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/page"
    finally:
        server.shutdown()
        server.server_close()


def test_content_length_larger_than_the_cap_is_refused_before_reading() -> None:
    def respond(sock: socket.socket) -> None:
        sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 999999999\r\n\r\n")
        time.sleep(3)  # would time the test out if the fetcher waited for the body

    with raw_server(respond) as url, Fetcher(settings()) as fetcher:
        started = time.monotonic()
        with pytest.raises(TooLarge):
            fetcher.fetch(url)
        assert time.monotonic() - started < 2


def test_content_length_smaller_than_the_body_reads_only_what_was_declared() -> None:
    def respond(sock: socket.socket) -> None:
        sock.sendall(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 20\r\n\r\n" + b"x" * 5_000_000
        )

    with raw_server(respond) as url, Fetcher(settings()) as fetcher:
        assert len(fetcher.fetch(url).content) == 20


def test_content_length_promising_more_than_sent_is_a_transient_error() -> None:
    def respond(sock: socket.socket) -> None:
        sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5000\r\n\r\n<html>short")
        sock.shutdown(socket.SHUT_WR)

    with raw_server(respond) as url, Fetcher(settings()) as fetcher, pytest.raises(TransientError):
        fetcher.fetch(url)


def test_endless_chunked_body_stops_at_the_cap() -> None:
    def respond(sock: socket.socket) -> None:
        sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n")
        chunk = b"a" * 8192
        while True:
            sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))

    with raw_server(respond) as url, Fetcher(settings()) as fetcher:
        started = time.monotonic()
        with pytest.raises(TooLarge):
            fetcher.fetch(url)
        assert time.monotonic() - started < 5


def test_one_byte_per_second_server_hits_the_wall_clock_deadline() -> None:
    def respond(sock: socket.socket) -> None:
        sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n")
        for _ in range(100_000):
            sock.sendall(b"x")
            time.sleep(1)

    with raw_server(respond) as url, Fetcher(settings(fetch_deadline=2.0)) as fetcher:
        started = time.monotonic()
        with pytest.raises(TransientError) as caught:
            fetcher.fetch(url)
        assert caught.value.reason == "deadline"
        assert time.monotonic() - started < 4  # the read timeout (2 s per byte) alone would never end


# --- addresses ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://0x7f000001/", "http://2130706433/", "http://[::ffff:127.0.0.1]/", "http://169.254.169.254/latest/",
        "http://127.1/", "http://0177.0.0.1/", "http://[::1]/", "http://0.0.0.0/", "http://10.0.0.1/",
        "http://100.64.0.1/", "http://224.0.0.1/", "http://240.0.0.1/", "http://[fe80::1]/", "http://[fc00::1]/",
        "http://[64:ff9b::7f00:1]/", "http://[2002:7f00:1::]/", "http://localhost/", "http://user:pw@example.com/",
        "file:///etc/passwd", "ftp://example.com/", "gopher://127.0.0.1:6379/_INFO",
    ],
)  # fmt: skip
def test_fetcher_refuses_non_public_targets_before_any_request(url: str) -> None:
    with Fetcher(settings(allow_private_addresses=False)) as fetcher, pytest.raises(AddressRefused):
        fetcher.fetch(url)


def test_pinned_adapter_connects_to_the_pinned_address_whatever_dns_says() -> None:
    seen: list[str] = []

    def route(path: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        seen.append(headers.get("Host", ""))
        return 200, {"Content-Type": "text/plain"}, b"pinned"

    pins = AddressPins()
    session = requests.Session()
    session.mount("http://", PinnedAdapter(pins))
    with serve({"/": route}) as site:
        port = site.base_url.rsplit(":", 1)[1]
        pins.pin("no-such-host.invalid", ["127.0.0.1"])  # a name no resolver knows
        response = session.get(f"http://no-such-host.invalid:{port}/", timeout=5)
    assert response.text == "pinned"
    assert seen == [f"no-such-host.invalid:{port}"]  # the name still goes in the Host header


def test_dns_rebinding_cannot_reach_a_private_address(monkeypatch: pytest.MonkeyPatch) -> None:
    """The name resolves to a public address when checked, then to 127.0.0.1 (a rebinding DNS server): the
    fetcher must connect to the public address it checked (unreachable here), never to the local server."""
    real = socket.getaddrinfo
    answers = iter(["93.184.216.34"])

    def rebinding(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host == "rebind.example":
            return real(next(answers, "127.0.0.1"), port, *args, **kwargs)
        return real(host, port, *args, **kwargs)

    with serve(
        {"/robots.txt": ROBOTS, "/": (200, {"Content-Type": "text/html"}, b"<p>internal</p>")}
    ) as site:
        port = site.base_url.rsplit(":", 1)[1]
        monkeypatch.setattr(socket, "getaddrinfo", rebinding)
        fast = settings(allow_private_addresses=False, fetch_connect_timeout=1.0, fetch_deadline=3.0)
        with Fetcher(fast) as fetcher, pytest.raises(TransientError):
            fetcher.fetch(f"http://rebind.example:{port}/")
    assert site.requests == []  # neither robots.txt nor the page was fetched from 127.0.0.1
