"""Serves a static news site (the bundled sample site or a generated one) on localhost.

Used by ``make demo``, the end-to-end tests and the pipeline benchmark. The server is a plain
``ThreadingHTTPServer`` speaking HTTP/1.1 with ``Content-Length`` (so clients can keep connections alive),
and it keeps a log of every request so tests can check crawl politeness from the server's side.

Absolute URLs in the site files are written with the placeholder ``{{BASE}}``; it is replaced by the
server's real base URL (``http://127.0.0.1:<port>``) when a file is served, because the port is only known
once the socket is bound.
"""

from __future__ import annotations

import argparse
import itertools
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any
from urllib.parse import unquote, urlsplit

# The site model lives in newsflow.site_files (shared with newsflow.generated_site); re-exported here for the
# callers that import it from the server.
from newsflow.site_files import BASE_PLACEHOLDER as BASE_PLACEHOLDER
from newsflow.site_files import SiteFile as SiteFile
from newsflow.site_files import SiteFiles as SiteFiles

EXPECTED_FILE = "EXPECTED.json"

# Content types by file name suffix; the RSS feed gets its own registered type (RFC 4287 does not cover
# RSS; application/rss+xml is the de-facto type feed readers and feedparser expect).
_CONTENT_TYPES: dict[str, str] = {
    ".html": "text/html; charset=utf-8",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".json": "application/json",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".svg": "image/svg+xml",
}
RSS_CONTENT_TYPE = "application/rss+xml"
# Only text bodies carry the {{BASE}} placeholder.
_TEMPLATED_PREFIXES = ("text/", "application/xml", "application/rss+xml", "application/json", "image/svg+xml")


def content_type_for(name: str) -> str:
    """Content-Type for a file name: by suffix, with RSS feeds (``feed*.xml``) as application/rss+xml."""
    suffix = name[name.rfind(".") :] if "." in name else ""
    if suffix == ".xml" and name.rsplit("/", 1)[-1].startswith("feed"):
        return RSS_CONTENT_TYPE
    return _CONTENT_TYPES.get(suffix, "application/octet-stream")


def url_path_for(file_path: str) -> str:
    """URL path that serves the site file at ``file_path`` ("news/x/index.html" -> "/news/x/")."""
    if file_path == "index.html":
        return "/"
    if file_path.endswith("/index.html"):
        return "/" + file_path[: -len("index.html")]
    return "/" + file_path


def _sample_root() -> Traversable:
    return resources.files("newsflow").joinpath("sample_site")


def _walk(node: Traversable, prefix: str) -> Iterator[tuple[str, Traversable]]:
    for child in node.iterdir():
        name = f"{prefix}{child.name}"
        if child.is_dir():
            yield from _walk(child, name + "/")
        else:
            yield name, child


def load_sample_site() -> SiteFiles:
    """Read the bundled Gulf Ledger sample site (package data) into memory; EXPECTED.json is not served."""
    files: SiteFiles = {}
    for name, node in _walk(_sample_root(), ""):
        if name == EXPECTED_FILE or name.endswith(".py") or "__pycache__" in name:
            continue
        files[url_path_for(name)] = SiteFile(content_type_for(name), node.read_bytes())
    return files


def load_expected() -> dict[str, Any]:
    """The sample site's ground truth (articles with title/date/language/authors/entities, non-article
    pages, the robots-forbidden page, the duplicate pair); see newsflow/sample_site/EXPECTED.json."""
    data: dict[str, Any] = json.loads(_sample_root().joinpath(EXPECTED_FILE).read_text(encoding="utf-8"))
    return data


@dataclass
class SiteServer:
    """A running site server: its base URL and the log of requests it received."""

    base_url: str
    files: SiteFiles
    # (time.monotonic(), request path incl. query) in arrival order; guarded by _lock.
    requests: list[tuple[float, str]] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def url(self, path: str) -> str:
        """Absolute URL of ``path`` on this server."""
        return self.base_url + path

    def record(self, path: str) -> None:
        """Append one request to the log (called by the handler threads)."""
        with self._lock:
            self.requests.append((time.monotonic(), path))

    def request_log(self) -> list[tuple[float, str]]:
        """A snapshot of the request log."""
        with self._lock:
            return list(self.requests)

    def requested_paths(self) -> list[str]:
        """Paths requested so far, in order (with repeats)."""
        return [path for _, path in self.request_log()]

    def min_request_gap(self) -> float | None:
        """Shortest time between two consecutive requests, seconds (None with fewer than two requests)."""
        times = [t for t, _ in self.request_log()]
        gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
        return min(gaps) if gaps else None

    def render(self, path: str) -> SiteFile | None:
        """The file served for a request path, with ``{{BASE}}`` replaced; None when there is none."""
        clean = unquote(urlsplit(path).path) or "/"
        site_file = self.files.get(clean)
        if site_file is None and clean.endswith("/index.html"):
            site_file = self.files.get(clean[: -len("index.html")])
        if site_file is None:
            return None
        if site_file.content_type.startswith(_TEMPLATED_PREFIXES):
            body = site_file.body.replace(BASE_PLACEHOLDER, self.base_url.encode("ascii"))
            return SiteFile(site_file.content_type, body)
        return site_file


def _handler_for(state: SiteServer) -> type[BaseHTTPRequestHandler]:
    class SiteHandler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body go out in separate writes; without TCP_NODELAY, Nagle's algorithm and the client's
        # delayed ACK add ~40 ms to every keep-alive response.
        disable_nagle_algorithm = True
        server_version = "GulfLedgerSample/1.0"

        def do_GET(self) -> None:
            self._respond(with_body=True)

        def do_HEAD(self) -> None:
            self._respond(with_body=False)

        def _respond(self, *, with_body: bool) -> None:
            state.record(self.path)
            site_file = state.render(self.path)
            redirect = None
            if site_file is None:
                # Like WordPress/Apache: a directory URL without its slash redirects to the slashed form.
                bare = urlsplit(self.path).path
                if not bare.endswith("/") and bare + "/" in state.files:
                    redirect = state.url(bare + "/")
            if redirect is not None:
                status, content_type, body = 301, "text/plain; charset=utf-8", b"moved\n"
            elif site_file is None:
                status, content_type, body = 404, "text/html; charset=utf-8", b"<h1>404 Not Found</h1>\n"
            else:
                status, content_type, body = 200, site_file.content_type, site_file.body
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            if redirect is not None:
                self.send_header("Location", redirect)
            self.end_headers()
            if with_body:
                self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            # The in-memory request log replaces stderr logging (tests stay quiet).
            pass

    return SiteHandler


@contextmanager
def run_site_server(
    files: SiteFiles | None = None, host: str = "127.0.0.1", port: int = 0
) -> Iterator[SiteServer]:
    """Serve ``files`` (default: the sample site); yields the server, which keeps the request log."""
    state = SiteServer(base_url="", files=files if files is not None else load_sample_site())
    server = ThreadingHTTPServer((host, port), _handler_for(state))
    server.daemon_threads = True
    bound_host, bound_port = server.server_address[0], server.server_address[1]
    state.base_url = f"http://{bound_host!s}:{bound_port}"
    thread = threading.Thread(target=server.serve_forever, name="sample-site-server", daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@contextmanager
def serve_site(files: SiteFiles | None = None, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Serve ``files`` (default: the sample site); yields the base URL, e.g. ``http://127.0.0.1:43121``.

    Use :func:`run_site_server` instead when the request log is needed.
    """
    with run_site_server(files, host, port) as state:
        yield state.base_url


def main(argv: list[str] | None = None) -> None:
    """``python -m newsflow.sample_server [--port 8080] [--generated N]``: serve until Ctrl-C."""
    parser = argparse.ArgumentParser(description="Serve the bundled sample news site (or a generated one).")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080, help="0 picks a free port")
    parser.add_argument("--generated", type=int, metavar="N", help="serve a synthetic site of N articles")
    parser.add_argument("--seed", type=int, default=0, help="seed of the synthetic site")
    args = parser.parse_args(argv)
    files = None
    if args.generated is not None:
        from newsflow.generated_site import generate_site

        files = generate_site(args.generated, seed=args.seed)
    with run_site_server(files, args.host, args.port) as state:
        print(f"Serving {len(state.files)} files at {state.base_url}/ (Ctrl-C to stop)", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            print(f"\nStopped after {len(state.request_log())} requests.")


if __name__ == "__main__":
    main()
