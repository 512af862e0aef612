"""robots.txt: whether newsflow may fetch a URL, and how slowly (RFC 9309, parsed by Protego).

One robots.txt applies to one scheme/host/port (RFC 9309 §2.3) and is cached per origin. What a fetch outcome
means (RFC 9309 §2.3.1):

* 2xx: the file is parsed; only the first 500 KiB are read (§2.5 lets crawlers stop at 500 KiB).
* 3xx: followed, at most five hops (§2.3.1.2); more than that counts as "unavailable".
* 4xx, "unavailable": no rules, everything allowed (§2.3.1.3). 429 is the exception: like Google we read
  "too many requests" as the server being overloaded, i.e. unreachable.
* 5xx, 429, network errors, timeouts, and refused addresses, "unreachable": everything disallowed
  (§2.3.1.4). That verdict is cached only ``UNREACHABLE_TTL`` seconds, so the site is retried soon.

Results are cached ``robots_cache_ttl`` seconds, never more than 24 hours (§2.4). robots.txt requests go
through the SSRF guard and the host throttle like any other request. With a Redis client, the cache is shared
by every ingest worker (``newsflow:robots:<origin>``, expiring with the verdict), so a host's robots.txt is
fetched once per TTL by the whole deployment, not once per worker process.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import redis
import requests
import urllib3
from newsflow_shared.config import Settings
from newsflow_shared.errors import AddressRefused
from protego import Protego

from newsflow_ingest.fetching.addresses import check_url
from newsflow_ingest.fetching.throttle import HostThrottle
from newsflow_ingest.urls import host_of, origin_of

USER_AGENT_TOKEN = "newsflow"
MAX_ROBOTS_BYTES = 500 * 1024
MAX_ROBOTS_REDIRECTS = 5
UNREACHABLE_TTL = 60.0
MAX_CACHE_TTL = 24 * 3600.0
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True)
class RobotsRules:
    """The verdict for one origin: parsed rules, or allow-all / disallow-all when there are none."""

    parser: Protego | None = None
    allow_all: bool = True
    # robots.txt could not be fetched (5xx, network): callers should retry later rather than give up.
    unreachable: bool = False
    expires: float = 0.0
    sitemaps: list[str] = field(default_factory=list)
    text: str = ""  # the robots.txt body the parser read, so the verdict can be shared

    def to_json(self, ttl: float) -> str:
        kind = "parsed" if self.parser is not None else "unreachable" if self.unreachable else "allow_all"
        return json.dumps({"kind": kind, "text": self.text, "ttl": ttl})

    @classmethod
    def from_json(cls, raw: str | bytes, remaining: float) -> RobotsRules:
        data = json.loads(raw)
        expires = time.monotonic() + remaining
        if data["kind"] == "parsed":
            parser = Protego.parse(data["text"])
            return cls(parser=parser, expires=expires, sitemaps=list(parser.sitemaps), text=data["text"])
        if data["kind"] == "unreachable":
            return cls(allow_all=False, unreachable=True, expires=expires)
        return cls(allow_all=True, expires=expires)

    def allowed(self, url: str) -> bool:
        if self.parser is None:
            return self.allow_all
        return bool(self.parser.can_fetch(url, USER_AGENT_TOKEN))

    def crawl_delay(self) -> float | None:
        if self.parser is None:
            return None
        delay = self.parser.crawl_delay(USER_AGENT_TOKEN)
        return float(delay) if delay is not None else None


class RobotsPolicy:
    """robots.txt rules per origin, fetched on first use and cached. Safe to share between threads."""

    def __init__(
        self,
        settings: Settings,
        session: requests.Session,
        *,
        throttle: HostThrottle | None = None,
        shared: redis.Redis | None = None,
    ) -> None:
        self._settings = settings
        self._session = session
        self._throttle = throttle
        self._shared = shared
        self._cache: dict[str, RobotsRules] = {}
        self._lock = threading.Lock()

    def allowed(self, url: str) -> bool:
        """Whether robots.txt lets newsflow fetch ``url``. robots.txt itself is always allowed (§2.2.2)."""
        if urlsplit(url).path == "/robots.txt":
            return True
        return self.rules(url).allowed(url)

    def crawl_delay(self, url: str) -> float | None:
        """The Crawl-delay (seconds) robots.txt asks of newsflow on ``url``'s host, if any (not in RFC
        9309)."""
        return self.rules(url).crawl_delay()

    def sitemaps(self, url: str) -> list[str]:
        """The ``Sitemap:`` URLs of the robots.txt of ``url``'s origin."""
        return list(self.rules(url).sitemaps)

    def cached(self, url: str) -> RobotsRules | None:
        """The rules of ``url``'s origin if this process holds them unexpired; never fetches."""
        with self._lock:
            rules = self._cache.get(origin_of(url))
        return rules if rules is not None and rules.expires > time.monotonic() else None

    def rules(self, url: str) -> RobotsRules:
        """The cached rules of ``url``'s origin, fetching robots.txt when missing or expired."""
        origin = origin_of(url)
        if not origin:
            return RobotsRules(allow_all=False)
        with self._lock:
            cached = self._cache.get(origin)
        if cached is not None and cached.expires > time.monotonic():
            return cached
        rules = self._shared_rules(origin)
        if rules is None:
            # Two threads may fetch the same robots.txt at once; harmless, and simpler than per-origin locks.
            rules = self._fetch(origin)
            self._share(origin, rules)
        with self._lock:
            self._cache[origin] = rules
        return rules

    def _shared_rules(self, origin: str) -> RobotsRules | None:
        if self._shared is None:
            return None
        key = "newsflow:robots:" + origin
        try:
            pipe = self._shared.pipeline()
            pipe.get(key)
            pipe.pttl(key)
            raw, ttl_ms = pipe.execute()
        except redis.RedisError:
            return None  # the shared cache is an optimisation: fetch instead
        if raw is None or ttl_ms is None or ttl_ms <= 0:
            return None
        return RobotsRules.from_json(raw, ttl_ms / 1000)

    def _share(self, origin: str, rules: RobotsRules) -> None:
        remaining = rules.expires - time.monotonic()
        if self._shared is None or remaining <= 0:
            return
        # The shared cache is an optimisation: a Redis error only means other workers fetch it too.
        with contextlib.suppress(redis.RedisError):
            self._shared.set("newsflow:robots:" + origin, rules.to_json(remaining), px=int(remaining * 1000))

    def _fetch(self, origin: str) -> RobotsRules:
        ttl = min(self._settings.robots_cache_ttl, MAX_CACHE_TTL)
        unreachable = RobotsRules(
            allow_all=False, unreachable=True, expires=time.monotonic() + min(UNREACHABLE_TTL, ttl)
        )
        unavailable = RobotsRules(allow_all=True, expires=time.monotonic() + ttl)
        url = origin + "/robots.txt"
        deadline = time.monotonic() + self._settings.fetch_deadline
        for _hop in range(MAX_ROBOTS_REDIRECTS + 1):
            try:
                check_url(url, allow_private=self._settings.allow_private_addresses)
            except AddressRefused:
                return unreachable
            if self._throttle is not None:
                self._throttle.acquire(host_of(url), self._settings.host_delay)
            try:
                response = self._session.get(
                    url,
                    stream=True,
                    allow_redirects=False,
                    headers={"User-Agent": self._settings.user_agent},
                    timeout=(self._settings.fetch_connect_timeout, self._settings.fetch_read_timeout),
                )
            except requests.RequestException:
                return unreachable
            if self._throttle is not None:
                self._throttle.answered(host_of(url))
            with response:
                status = response.status_code
                location = response.headers.get("Location")
                if status in _REDIRECT_STATUSES and location:
                    url = urljoin(url, location)
                    continue
                if 200 <= status < 300:
                    try:
                        body = _read_prefix(response, MAX_ROBOTS_BYTES, deadline)
                    except (requests.RequestException, urllib3.exceptions.HTTPError, OSError):
                        return unreachable
                    text = body.decode("utf-8", errors="replace")
                    parser = Protego.parse(text)
                    return RobotsRules(
                        parser=parser,
                        expires=time.monotonic() + ttl,
                        sitemaps=list(parser.sitemaps),
                        text=text,
                    )
                if status == 429 or status >= 500:
                    return unreachable
                return unavailable
        return unavailable


def _read_prefix(response: requests.Response, limit: int, deadline: float) -> bytes:
    """Up to ``limit`` decompressed bytes of the body; stops at the limit or when ``deadline`` passes."""
    chunks: list[bytes] = []
    size = 0
    while size < limit:
        if time.monotonic() > deadline:
            raise requests.Timeout("robots.txt deadline exceeded")
        chunk = response.raw.read1(min(64 * 1024, limit - size), decode_content=True)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)[:limit]
