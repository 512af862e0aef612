"""A generated fixture web: many news hosts on distinct loopback addresses, each with a request log.

Every address of 127.0.0.0/8 is loopback on Linux, so host ``i`` listens on ``127.0.0.<first + i>`` — a
distinct host for robots.txt, the throttle and the SSRF guard, and politeness can be checked from the server
side (request timestamps per host), not from the crawler's own counters.

Each host serves a generated news site (``newsflow.generated_site``: articles with JSON-LD and dates, numbered
listings ``/``, ``/page/N/`` with ``rel=next``, ``/sitemap.xml``) plus:

- ``/feed.xml`` (RSS 2.0, newest 20) advertised by ``<link rel=alternate>`` on ``/feeds/``;
- ``/sitemap_index.xml`` → ``/sitemap-articles.xml.gz`` (gzip) and ``/news-sitemap.xml`` (Google News tags);
- ``/robots.txt`` answering as the host's ``robots`` behaviour says: ``200`` (with ``Sitemap:`` lines and an
  optional ``Crawl-delay``), ``404``, ``500``, ``429`` or ``timeout`` (sleeps past the client's timeout);
- ``/redirect/chain/N`` (N hops to the home page), ``/redirect/loop/a`` ↔ ``/redirect/loop/b``;
- ``/copy/<k>/``: the body of article ``k`` under another URL, without a canonical link (an exact duplicate);
- an ``ETag`` on every file, answered with ``304 Not Modified`` to a matching ``If-None-Match``;
- ``/syndicated/<k>/`` on the *next* host: article ``k`` of this host with its last paragraph changed (a
  near-duplicate, like wire copy republished by another site).
"""

from __future__ import annotations

import gzip
import hashlib
import itertools
import json
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from newsflow.generated_site import ARTICLES_PER_PAGE, article_paths, generate_site
from newsflow.sample_server import BASE_PLACEHOLDER, SiteFile, SiteFiles

_HTML = "text/html; charset=utf-8"


@dataclass
class FixtureHost:
    """One host of the fixture web: its files, behaviours and request log."""

    address: str
    files: SiteFiles
    robots: str = "200"  # 200 | 404 | 500 | 429 | timeout
    crawl_delay: float | None = None
    port: int = 0
    # (time.monotonic(), path) per request, in arrival order.
    requests: list[tuple[float, str]] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def base_url(self) -> str:
        return f"http://{self.address}:{self.port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def record(self, path: str) -> None:
        with self._lock:
            self.requests.append((time.monotonic(), path))

    def request_log(self) -> list[tuple[float, str]]:
        with self._lock:
            return list(self.requests)

    def min_gap(self) -> float | None:
        """Shortest time between two consecutive requests to this host, seconds."""
        times = [t for t, _ in self.request_log()]
        gaps = [b - a for a, b in itertools.pairwise(times)]
        return min(gaps) if gaps else None

    def article_paths(self) -> list[str]:
        return article_paths(self.files)


@dataclass
class FixtureWeb:
    hosts: list[FixtureHost]

    def all_requests(self) -> list[tuple[float, str, str]]:
        """(time, host address, path) of every request to every host, in time order."""
        return sorted((t, h.address, p) for h in self.hosts for t, p in h.request_log())


def _rss(files: SiteFiles, paths: list[str]) -> bytes:
    items = []
    for path in paths[:20]:
        items.append(
            f"<item><title>{path.strip('/').rsplit('/', 1)[-1]}</title><link>{{{{BASE}}}}{path}</link></item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Fixture news</title>'
        f"<link>{{{{BASE}}}}/</link>{''.join(items)}</channel></rss>\n"
    ).encode()


def _news_sitemap(paths: list[str], dates: dict[str, str]) -> bytes:
    entries = "".join(
        f"<url><loc>{{{{BASE}}}}{p}</loc><news:news><news:publication><news:name>Fixture</news:name>"
        f"<news:language>en</news:language></news:publication>"
        f"<news:publication_date>{dates[p]}</news:publication_date>"
        f"<news:title>{p.strip('/').rsplit('/', 1)[-1]}</news:title></news:news></url>"
        for p in paths[:10]
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{entries}</urlset>\n'
    ).encode()


def _published(files: SiteFiles, path: str) -> str:
    body = files[path].body.decode("utf-8")
    start = body.index('"datePublished": "') + len('"datePublished": "')
    return body[start : body.index('"', start)]


def build_host_files(n_articles: int, seed: int) -> SiteFiles:
    """The files of one fixture host (see the module docstring)."""
    files = generate_site(n_articles, seed=seed)
    paths = article_paths(files)
    dates = {p: _published(files, p) for p in paths}
    files["/feed.xml"] = SiteFile("application/rss+xml", _rss(files, paths))
    files["/feeds/"] = SiteFile(
        _HTML,
        b'<!DOCTYPE html><html><head><title>Feeds</title><link rel="alternate" type="application/rss+xml" '
        b'href="/feed.xml"></head><body><p>Our feeds.</p></body></html>',
    )
    urlset = files["/sitemap.xml"].body
    files["/sitemap-articles.xml.gz"] = SiteFile("application/gzip", urlset)  # gzipped when served
    files["/news-sitemap.xml"] = SiteFile("application/xml", _news_sitemap(paths, dates))
    files["/sitemap_index.xml"] = SiteFile(
        "application/xml",
        b'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<sitemap><loc>{{BASE}}/sitemap-articles.xml.gz</loc></sitemap>"
        b"<sitemap><loc>{{BASE}}/news-sitemap.xml</loc></sitemap></sitemapindex>\n",
    )
    if paths:
        original = files[paths[0]].body
        start, end = (
            original.index(b'<link rel="canonical"'),
            original.index(b">", original.index(b'<link rel="canonical"')),
        )
        files["/copy/0/"] = SiteFile(_HTML, original[:start] + original[end + 1 :])
    return files


def _syndicated(files: SiteFiles) -> bytes | None:
    """Article 0 of ``files`` republished elsewhere: no canonical link, its last paragraph replaced."""
    paths = article_paths(files)
    if not paths:
        return None
    body = files[paths[0]].body
    start = body.index(b'<link rel="canonical"')
    body = body[:start] + body[body.index(b">", start) + 1 :]
    content_end = body.index(b"</div>", body.index(b'class="entry-content"'))
    last = body.rindex(b"<p>", 0, content_end)
    wire = b"<p>This story was distributed by a wire service and edited for length by our desk.</p>"
    return body[:last] + wire + body[body.index(b"</p>", last) + 4 :]


def _handler_for(host: FixtureHost, syndicated: bytes | None) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # see newsflow.sample_server
        server_version = "FixtureWeb/1.0"

        def do_GET(self) -> None:
            host.record(self.path)
            status, headers, body = self._route(urlsplit(self.path).path)
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _route(self, path: str) -> tuple[int, dict[str, str], bytes]:
            html = {"Content-Type": _HTML}
            if path == "/robots.txt":
                return self._robots()
            if path.startswith("/redirect/chain/"):
                hops = int(path.rsplit("/", 1)[-1] or 0)
                target = "/" if hops <= 1 else f"/redirect/chain/{hops - 1}"
                return 302, {"Location": target}, b""
            if path == "/redirect/loop/a":
                return 301, {"Location": "/redirect/loop/b"}, b""
            if path == "/redirect/loop/b":
                return 301, {"Location": "/redirect/loop/a"}, b""
            if path == "/syndicated/0/" and syndicated is not None:
                return 200, html, syndicated.replace(BASE_PLACEHOLDER, host.base_url.encode())
            site_file = host.files.get(path)
            if site_file is None:
                return 404, html, b"<h1>404 Not Found</h1>"
            body = site_file.body.replace(BASE_PLACEHOLDER, host.base_url.encode())
            etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
            if self.headers.get("If-None-Match") == etag:
                return 304, {"ETag": etag}, b""
            headers = {"Content-Type": site_file.content_type, "ETag": etag}
            if path.endswith(".gz"):
                body = gzip.compress(body, mtime=0)
            return 200, headers, body

        def _robots(self) -> tuple[int, dict[str, str], bytes]:
            text = {"Content-Type": "text/plain; charset=utf-8"}
            if host.robots == "404":
                return 404, text, b"not found"
            if host.robots == "500":
                return 500, text, b"oops"
            if host.robots == "429":
                return 429, {**text, "Retry-After": "1"}, b"slow down"
            if host.robots == "timeout":
                time.sleep(3)
                return 200, text, b"User-agent: *\nAllow: /\n"
            lines = ["User-agent: *", "Disallow: /private/"]
            if host.crawl_delay is not None:
                lines.append(f"Crawl-delay: {host.crawl_delay}")
            lines += ["", f"Sitemap: {host.base_url}/sitemap_index.xml", ""]
            return 200, text, "\n".join(lines).encode()

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


def loopback_address(k: int) -> str:
    """Host ``k``'s address: ``127.0.0.k`` up to 254 (as always), then ``127.0.<k // 250>.<k % 250 + 1>``."""
    return f"127.0.0.{k}" if k <= 254 else f"127.0.{k // 250}.{k % 250 + 1}"


@contextmanager
def fixture_web(
    n_hosts: int,
    *,
    articles_per_host: int = ARTICLES_PER_PAGE,
    first_address: int = 2,
    robots: dict[int, str] | None = None,
    crawl_delay: dict[int, float] | None = None,
) -> Iterator[FixtureWeb]:
    """Serve ``n_hosts`` fixture hosts on ``127.0.0.<first_address + i>`` (``loopback_address`` beyond 254);
    ``robots``/``crawl_delay`` set the robots.txt behaviour of some hosts by index."""
    if not first_address > 0 and first_address + n_hosts <= 250 * 250:
        raise ValueError("the fixture web needs one 127.0.x.y address per host")
    hosts = [
        FixtureHost(
            address=loopback_address(first_address + i),
            files=build_host_files(articles_per_host, seed=i),
            robots=(robots or {}).get(i, "200"),
            crawl_delay=(crawl_delay or {}).get(i),
        )
        for i in range(n_hosts)
    ]
    with ExitStack() as stack:
        for i, host in enumerate(hosts):
            previous = hosts[i - 1] if n_hosts > 1 else None
            syndicated = _syndicated(previous.files) if previous is not None else None
            server = ThreadingHTTPServer((host.address, 0), _handler_for(host, syndicated))
            server.daemon_threads = True
            host.port = int(server.server_address[1])
            thread = threading.Thread(
                target=server.serve_forever, name=f"fixture-{host.address}", daemon=True
            )
            thread.start()
            stack.callback(thread.join, 5)
            stack.callback(server.server_close)
            stack.callback(server.shutdown)
        yield FixtureWeb(hosts=hosts)


@dataclass
class RemoteHost:
    """A fixture host served by another process (see :func:`fixture_web_process`)."""

    address: str
    port: int
    paths: list[str]
    web: RemoteFixtureWeb

    @property
    def base_url(self) -> str:
        return f"http://{self.address}:{self.port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def article_paths(self) -> list[str]:
        return list(self.paths)

    def request_log(self) -> list[tuple[float, str]]:
        return [(t, p) for t, a, p in self.web.all_requests() if a == self.address]


@dataclass
class RemoteFixtureWeb:
    """The fixture web in a child process, so the crawler under test never shares a GIL with the servers.
    ``time.monotonic`` is the system-wide CLOCK_MONOTONIC on Linux, so timestamps compare across processes."""

    process: subprocess.Popen[str]
    hosts: list[RemoteHost] = field(default_factory=list)

    def all_requests(self) -> list[tuple[float, str, str]]:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write("log\n")
        self.process.stdin.flush()
        return [(float(t), a, p) for t, a, p in json.loads(self.process.stdout.readline())]


@contextmanager
def fixture_web_process(
    n_hosts: int, *, articles_per_host: int, first_address: int = 2
) -> Iterator[RemoteFixtureWeb]:
    """:func:`fixture_web` served by a child process (``python -m tests.support.fixture_web``)."""
    command = [
        sys.executable, "-m", "tests.support.fixture_web", str(n_hosts), str(articles_per_host), str(first_address)
    ]  # fmt: skip
    root = str(Path(__file__).resolve().parents[2])
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=root)
    try:
        assert process.stdout is not None
        web = RemoteFixtureWeb(process=process)
        for item in json.loads(process.stdout.readline()):
            web.hosts.append(RemoteHost(item["address"], item["port"], item["paths"], web))
        yield web
    finally:
        process.terminate()
        process.wait(timeout=10)


def _serve_forever(argv: list[str]) -> None:
    n_hosts, articles, first = (int(x) for x in argv)
    with fixture_web(n_hosts, articles_per_host=articles, first_address=first) as web:
        hosts = [{"address": h.address, "port": h.port, "paths": h.article_paths()} for h in web.hosts]
        print(json.dumps(hosts), flush=True)
        for line in sys.stdin:
            if line.strip() == "log":
                print(json.dumps(web.all_requests()), flush=True)


if __name__ == "__main__":
    _serve_forever(sys.argv[1:4])
