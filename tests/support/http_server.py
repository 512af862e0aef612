"""A local HTTP server for tests (like Scrapy's mock server): real sockets on 127.0.0.1, no mocked requests."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# A route answers (status, headers, body); it gets the request path and the request headers.
Route = Callable[[str, dict[str, str]], tuple[int, dict[str, str], bytes]]


@dataclass
class LocalServer:
    base_url: str
    routes: dict[str, Route | tuple[int, dict[str, str], bytes]]
    requests: list[tuple[float, str]] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.base_url + path


@contextmanager
def serve(routes: dict[str, Route | tuple[int, dict[str, str], bytes]]) -> Iterator[LocalServer]:
    """Serve ``routes`` (path -> response or callable) on a free port of 127.0.0.1; 404 for anything else."""
    import time

    state = LocalServer(base_url="", routes=routes)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body go out in separate writes; without TCP_NODELAY, Nagle's algorithm and the client's
        # delayed ACK add ~40 ms to every keep-alive response.
        disable_nagle_algorithm = True

        def do_GET(self) -> None:
            state.requests.append((time.monotonic(), self.path))
            route = state.routes.get(self.path) or state.routes.get(self.path.split("?", 1)[0])
            if route is None:
                status, headers, body = 404, {"Content-Type": "text/plain"}, b"not found"
            elif callable(route):
                status, headers, body = route(self.path, dict(self.headers.items()))
            else:
                status, headers, body = route
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            if "Content-Length" not in headers:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
