"""The polite, defensive HTTP fetcher of the ingest stage.

Every request, including each redirect hop, goes through the same gate: the SSRF guard (``addresses``),
robots.txt (``robots``) and the per-host throttle (``throttle``), in that order. Bodies are streamed and
counted after decompression, so a small gzip bomb cannot fill memory; a wall-clock deadline bounds the whole
fetch, so a server that trickles bytes cannot hold a worker (read timeouts alone only bound the gap between
two bytes).

Errors (``newsflow_shared.errors``): ``AddressRefused``, ``RobotsForbidden``, ``NotHtml``, ``TooLarge``,
``HttpStatusError`` and ``PermanentError`` (reasons ``too_many_redirects``, ``redirect_loop``,
``bad_redirect``, ``content_decoding``, ``tls_error``) are permanent; ``TransientError`` (408, 429, 5xx,
timeouts, connection errors, reason ``deadline`` when the wall clock runs out) carries ``retry_after`` from a
Retry-After header.
"""

from __future__ import annotations

import math
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from types import TracebackType
from urllib.parse import urlsplit

import requests
import urllib3
from newsflow_shared.config import Settings
from newsflow_shared.errors import (
    HttpStatusError,
    NotHtml,
    PermanentError,
    RobotsForbidden,
    TooLarge,
    TransientError,
)

from newsflow_ingest.fetching.addresses import check_url
from newsflow_ingest.fetching.charset import decode_html
from newsflow_ingest.fetching.pinned_adapter import AddressPins, PinnedAdapter
from newsflow_ingest.fetching.robots import UNREACHABLE_TTL, RobotsPolicy, RobotsRules
from newsflow_ingest.fetching.throttle import NO_LIMIT, HostThrottle, MemoryHostThrottle, acquire_slot
from newsflow_ingest.fetching.validators import request_headers
from newsflow_ingest.urls import host_of, normalize_url

MAX_CRAWL_DELAY = 30.0  # the default of NEWSFLOW_MAX_CRAWL_DELAY (a larger Crawl-delay stalls a crawl)
# Statuses after which the whole host backs off for its Retry-After (RFC 9110 §15.5.30, §15.6.4).
HOST_BACKOFF_STATUSES = frozenset({429, 503})
CHUNK_BYTES = 64 * 1024
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
TRANSIENT_STATUSES = frozenset({408, 425, 429})

MARKUP_TYPES = frozenset(
    {
        "text/html",
        "application/xhtml+xml",
        "application/xml",
        "text/xml",
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/feed+json",
        "application/json",
    }
)
# Sitemaps may also come as plain text (one URL a line) or gzip files served under archive types.
SITEMAP_EXTRA_TYPES = frozenset(
    {"text/plain", "application/gzip", "application/x-gzip", "application/octet-stream"}
)


def media_type(content_type: str | None) -> str | None:
    """The lower-cased media type of a Content-Type value, without parameters (``text/html``)."""
    if not content_type:
        return None
    value = content_type.split(";", 1)[0].strip().lower()
    return value or None


def is_markup(content_type: str | None) -> bool:
    """Whether a Content-Type is a document the ingest stage parses: HTML, XML (feeds, sitemaps), JSON feeds.

    A missing Content-Type is accepted: many servers omit it, and the parsers sniff the body.
    """
    kind = media_type(content_type)
    return kind is None or kind in MARKUP_TYPES or kind.endswith("+xml")


def is_sitemap_type(content_type: str | None) -> bool:
    """Whether a Content-Type may hold a sitemap (markup, plain text, or a gzip file)."""
    return is_markup(content_type) or media_type(content_type) in SITEMAP_EXTRA_TYPES


def _is_text(content_type: str | None) -> bool:
    kind = media_type(content_type)
    return (
        kind is None or kind.startswith("text/") or kind in MARKUP_TYPES or kind.endswith(("+xml", "+json"))
    )


@dataclass
class FetchResult:
    """One fetched document. ``redirects`` lists the URLs that answered with a redirect, in order."""

    url: str
    final_url: str
    status: int
    headers: dict[str, str]
    content: bytes
    text: str | None
    encoding: str | None
    content_type: str | None
    elapsed: float
    redirects: list[str] = field(default_factory=list)


def parse_retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After value: delta-seconds or an HTTP date (RFC 9110 §10.2.3)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    return max(when.timestamp() - time.time(), 0.0)


class Fetcher:
    """Fetches one URL at a time, politely and safely; see the module docstring. Close it (or use
    ``with``)."""

    def __init__(
        self,
        settings: Settings,
        *,
        robots: RobotsPolicy | None = None,
        throttle: HostThrottle | None = None,
    ) -> None:
        self.settings = settings
        self.session = requests.Session()
        # Proxies, .netrc and CA bundles from the environment would bypass Settings (and the SSRF guard's
        # view).
        self.session.trust_env = False
        # Connect to the addresses the SSRF guard checked, not to a second DNS answer (pinned_adapter).
        self.pins = AddressPins()
        for prefix in ("http://", "https://"):
            self.session.mount(prefix, PinnedAdapter(self.pins))
        self.session.headers["User-Agent"] = settings.user_agent
        self.session.headers["Accept"] = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
        self.throttle: HostThrottle = throttle if throttle is not None else MemoryHostThrottle()
        self.robots = (
            robots if robots is not None else RobotsPolicy(settings, self.session, throttle=self.throttle)
        )
        # robots.txt requests of a host go to the same pinned addresses (the gate pins the host before them).
        robots_session = getattr(self.robots, "_session", None)
        if isinstance(robots_session, requests.Session) and robots_session is not self.session:
            for prefix in ("http://", "https://"):
                robots_session.mount(prefix, PinnedAdapter(self.pins))
        # Hosts this fetcher paused, and until when (epoch seconds), for the crawl's operator view.
        self.paused_hosts: dict[str, float] = {}

    def close(self) -> None:
        """Close the pooled connections."""
        self.session.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def fetch(
        self,
        url: str,
        *,
        accept: Callable[[str | None], bool] = is_markup,
        defer_after: float | None = None,
        booked: bool = False,
        conditional: dict[str, str] | None = None,
    ) -> FetchResult:
        """Fetch ``url``, following redirects one checked hop at a time; raise a newsflow error on failure.

        ``accept`` decides which Content-Types are wanted (default: ``is_markup``); others raise ``NotHtml``
        before the body is downloaded. Waiting for the host throttle does not count against the deadline.
        With ``defer_after``, a first hop whose host slot is further away raises ``throttle.HostBusy`` (the slot
        is booked) instead of sleeping; ``booked`` says the caller comes for a slot booked that way.
        ``conditional`` holds the ``etag``/``last-modified`` the URL last answered with: a ``304 Not Modified``
        is then returned as a result with status 304 and no body.
        """
        started = time.monotonic()
        deadline = started + self.settings.fetch_deadline
        current = normalize_url(url) or url
        seen = {current}
        redirects: list[str] = []
        while True:
            first = not redirects
            max_wait = defer_after if first and defer_after is not None else NO_LIMIT
            waited, token = self._gate(current, max_wait=max_wait, booked=booked and first)
            deadline += waited
            hop = current
            try:
                response = self._send_counted(current, deadline, request_headers(conditional))
                with response:
                    status = response.status_code
                    if status == 304 and conditional:
                        return _not_modified(url, current, response, started, redirects)
                    if status in REDIRECT_STATUSES:
                        redirects.append(current)
                        current = self._next_hop(
                            current, response.headers.get("Location"), seen, len(redirects)
                        )
                        continue
                    content_type, content, headers = self._wanted_body(current, response, accept, deadline)
            finally:
                # The host's concurrency place is held until the body is read (or the hop is abandoned).
                self.throttle.release(host_of(hop), token)
            return _document(url, current, status, headers, content, content_type, started, redirects)

    def _wanted_body(
        self,
        url: str,
        response: requests.Response,
        accept: Callable[[str | None], bool],
        deadline: float,
    ) -> tuple[str | None, bytes, dict[str, str]]:
        """The Content-Type, body and (lower-cased) headers of a final answer, after its status and type passed;
        an unwanted type raises ``NotHtml`` before the body is downloaded."""
        _raise_for_status(url, response)
        content_type = response.headers.get("Content-Type")
        if not accept(content_type):
            raise NotHtml(f"{url}: content type {media_type(content_type)!r} is not wanted")
        content = _read_body(response, self.settings.fetch_max_bytes, deadline, url)
        headers = {key.lower(): value for key, value in response.headers.items()}
        return content_type, content, headers

    def _gate(self, url: str, *, max_wait: float = NO_LIMIT, booked: bool = False) -> tuple[float, str]:
        """Refuse or delay a request: SSRF guard, robots.txt, throttle. Returns the seconds spent waiting and
        the throttle token to release once the response is in."""
        checked = check_url(url, allow_private=self.settings.allow_private_addresses)
        self.pins.pin(urlsplit(url).hostname or "", checked)
        rules = self.robots.rules(url)
        if rules.unreachable:
            # "Disallow all" while robots.txt is unreachable (RFC 9309 §2.3.1.4) is a verdict for now, not for
            # ever: the page is retried later instead of being failed for good.
            raise TransientError(
                f"robots.txt of {url} is unreachable",
                reason="robots_unreachable",
                retry_after=UNREACHABLE_TTL,
            )
        if not self.robots.allowed(url):
            raise RobotsForbidden(f"robots.txt disallows {url}")
        host, delay = host_of(url), self.host_delay(rules)
        concurrency = self.settings.host_max_concurrency
        before = time.monotonic()
        if math.isinf(max_wait):
            grant = acquire_slot(self.throttle, host, delay, concurrency=concurrency)
        else:
            grant = self.throttle.start(
                host, delay, max_wait=max_wait, booked=booked, concurrency=concurrency
            )
            if grant.wait > 0:
                time.sleep(grant.wait)
        return time.monotonic() - before, grant.token

    def host_delay(self, rules: RobotsRules) -> float:
        """Seconds between two requests to a host: the larger of HOST_DELAY and its capped Crawl-delay."""
        crawl_delay = min(rules.crawl_delay() or 0.0, self.settings.max_crawl_delay)
        return max(self.settings.host_delay, crawl_delay)

    def _send_counted(
        self, url: str, deadline: float, headers: dict[str, str] | None = None
    ) -> requests.Response:
        """``_send``, then the host's health: a Retry-After on 429/503 pauses the host for that long, and a
        host failing ``host_failure_threshold`` times in a row (connection errors, 5xx) is paused for
        ``host_pause_seconds``, so its other URLs wait instead of hammering it."""
        host = host_of(url)
        try:
            response = self._send(url, deadline, headers)
        except TransientError:
            self._host_failed(host)
            raise
        # The next request to the host is spaced from this answer, not from our planned start (see throttle).
        self.throttle.answered(host)
        status = response.status_code
        if status in HOST_BACKOFF_STATUSES:
            retry_after = parse_retry_after(response.headers.get("Retry-After"))
            if retry_after is not None:
                self._pause(host, min(retry_after, self.settings.retry_backoff_max))
        if status >= 500 or status == 429:
            self._host_failed(host)
        else:
            self.throttle.record_success(host)
        return response

    def _host_failed(self, host: str) -> None:
        if self.throttle.record_failure(host) >= self.settings.host_failure_threshold:
            self._pause(host, self.settings.host_pause_seconds)

    def _pause(self, host: str, seconds: float) -> None:
        self.throttle.pause(host, seconds)
        self.paused_hosts[host] = max(self.paused_hosts.get(host, 0.0), time.time() + seconds)

    def _send(self, url: str, deadline: float, headers: dict[str, str] | None = None) -> requests.Response:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TransientError(
                f"{url}: deadline of {self.settings.fetch_deadline}s exceeded", reason="deadline"
            )
        timeout = (
            min(self.settings.fetch_connect_timeout, remaining),
            min(self.settings.fetch_read_timeout, remaining),
        )
        try:
            return self.session.get(url, stream=True, allow_redirects=False, timeout=timeout, headers=headers)
        except requests.exceptions.SSLError as exc:
            # A bad certificate does not fix itself within our retry window.
            raise PermanentError(f"{url}: TLS error: {exc}", reason="tls_error") from exc
        except requests.exceptions.Timeout as exc:
            raise TransientError(f"{url}: timed out: {exc}", reason="timeout") from exc
        except (requests.exceptions.InvalidURL, requests.exceptions.MissingSchema) as exc:
            raise PermanentError(f"{url}: invalid URL: {exc}", reason="invalid_url") from exc
        except requests.RequestException as exc:
            raise TransientError(f"{url}: connection failed: {exc}", reason="connection") from exc

    def _next_hop(self, current: str, location: str | None, seen: set[str], hops: int) -> str:
        target = normalize_url(location, base=current) if location else None
        if target is None:
            raise PermanentError(
                f"{current}: redirect to unusable location {location!r}", reason="bad_redirect"
            )
        if target in seen:
            raise PermanentError(f"{current}: redirect loop back to {target}", reason="redirect_loop")
        if hops > self.settings.fetch_max_redirects:
            raise PermanentError(
                f"{current}: more than {self.settings.fetch_max_redirects} redirects",
                reason="too_many_redirects",
            )
        seen.add(target)
        return target


def _not_modified(
    url: str, final_url: str, response: requests.Response, started: float, redirects: list[str]
) -> FetchResult:
    """The result of a ``304 Not Modified``: the answer's headers, no body."""
    return FetchResult(
        url=url,
        final_url=final_url,
        status=304,
        headers={k.lower(): v for k, v in response.headers.items()},
        content=b"",
        text=None,
        encoding=None,
        content_type=None,
        elapsed=time.monotonic() - started,
        redirects=redirects,
    )


def _document(
    url: str,
    final_url: str,
    status: int,
    headers: dict[str, str],
    content: bytes,
    content_type: str | None,
    started: float,
    redirects: list[str],
) -> FetchResult:
    """The result of a fetched document; a text type is decoded too."""
    text: str | None = None
    encoding: str | None = None
    if _is_text(content_type):
        text, encoding = decode_html(content, content_type)
    return FetchResult(
        url=url,
        final_url=final_url,
        status=status,
        headers=headers,
        content=content,
        text=text,
        encoding=encoding,
        content_type=media_type(content_type),
        elapsed=time.monotonic() - started,
        redirects=redirects,
    )


def _raise_for_status(url: str, response: requests.Response) -> None:
    status = response.status_code
    if 200 <= status < 300:
        return
    if status in TRANSIENT_STATUSES or status >= 500:
        raise TransientError(
            f"{url}: HTTP {status}",
            reason=f"http_{status}",
            retry_after=parse_retry_after(response.headers.get("Retry-After")),
        )
    raise HttpStatusError(f"{url}: HTTP {status}")


def _read_body(response: requests.Response, limit: int, deadline: float, url: str) -> bytes:
    """The decompressed body, at most ``limit`` bytes (else ``TooLarge``), read before ``deadline``."""
    length = response.headers.get("Content-Length", "")
    encoding = response.headers.get("Content-Encoding", "identity").strip().lower()
    if length.isdigit() and int(length) > limit and encoding in ("", "identity"):
        raise TooLarge(f"{url}: Content-Length {length} exceeds {limit} bytes")
    chunks: list[bytes] = []
    size = 0
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TransientError(f"{url}: deadline exceeded while reading the body", reason="deadline")
            _limit_socket_wait(response, remaining)
            # read1 returns what one socket read gives, so a trickling server cannot keep us past the
            # deadline; urllib3 >= 2.6 caps the decompressed output of a read at the amount asked for
            # (CVE-2025-66471).
            chunk = response.raw.read1(CHUNK_BYTES, decode_content=True)
            if not chunk:
                break
            size += len(chunk)
            if size > limit:
                raise TooLarge(f"{url}: body exceeds {limit} bytes after decompression")
            chunks.append(chunk)
    except urllib3.exceptions.DecodeError as exc:
        raise PermanentError(f"{url}: undecodable body: {exc}", reason="content_decoding") from exc
    except (urllib3.exceptions.ReadTimeoutError, TimeoutError) as exc:
        if time.monotonic() >= deadline:
            raise TransientError(
                f"{url}: deadline exceeded while reading the body", reason="deadline"
            ) from exc
        raise TransientError(f"{url}: read timed out: {exc}", reason="timeout") from exc
    except (urllib3.exceptions.HTTPError, OSError) as exc:
        raise TransientError(f"{url}: connection broke while reading: {exc}", reason="connection") from exc
    return b"".join(chunks)


def _limit_socket_wait(response: requests.Response, remaining: float) -> None:
    """Shorten the socket's read timeout to what is left of the deadline (best effort).

    The read timeout is set once per request; without this a server that stalls just before the deadline could
    hold us up to a full read timeout beyond it.
    """
    connection = getattr(response.raw, "connection", None)
    sock = getattr(connection, "sock", None)
    if isinstance(sock, socket.socket):
        current = sock.gettimeout()
        sock.settimeout(min(current, remaining) if current is not None else remaining)
