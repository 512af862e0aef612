"""URL normalisation for discovery and deduplication.

Deliberately conservative (RFC 3986 §6.2.2/§6.2.3 syntax- and scheme-based normalisation only): the scheme and
host are lower-cased, the default port and the fragment dropped, an empty path becomes ``/``. The query is
kept as is (its order and tracking parameters can matter to the server); canonicalisation beyond that is the
parser's job (``<link rel=canonical>``).
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit, urlunsplit

_DEFAULT_PORTS = {"http": 80, "https": 443}
# Characters WHATWG strips from both ends of an href before parsing (C0 controls and space).
_STRIP = "".join(chr(c) for c in range(0x21))


def normalize_url(url: str, base: str | None = None) -> str | None:
    """``url`` resolved against ``base`` and normalised, or None when it is not an http(s) URL.

    ``mailto:``, ``javascript:``, ``data:``, ``tel:`` and other schemes give None, as do URLs without a host
    or with an invalid port.
    """
    url = url.strip(_STRIP).replace("\t", "").replace("\n", "").replace("\r", "")
    if not url:
        return None
    try:
        absolute = urljoin(base, url) if base else url
        parts = urlsplit(absolute)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return None
    host = _normalize_host(parts.hostname)
    if host is None:
        return None
    netloc = f"[{host}]" if ":" in host else host
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        netloc = f"{netloc}:{port}"
    userinfo, at, _ = parts.netloc.rpartition("@")
    if at:
        # Kept, not dropped: the SSRF guard must see it to refuse the URL (addresses.check_url).
        netloc = f"{userinfo}@{netloc}"
    path = (parts.path or "/").replace(" ", "%20")
    query = parts.query.replace(" ", "%20")
    return urlunsplit((scheme, netloc, path, query, ""))


def _normalize_host(host: str) -> str | None:
    host = host.lower().rstrip(".")
    if not host:
        return None
    if host.isascii():
        return host
    try:
        # Internationalised names travel as punycode (RFC 5891), as in the Host header.
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return None


def host_of(url: str) -> str:
    """The normalised host of ``url`` (lower case, punycode, no port), or ``""`` when there is none."""
    try:
        hostname = urlsplit(url.strip()).hostname
    except ValueError:
        return ""
    if not hostname:
        return ""
    return _normalize_host(hostname) or ""


def same_host(a: str, b: str) -> bool:
    """Whether two URLs name the same host. ``www.example.com`` and ``example.com`` are different hosts."""
    host = host_of(a)
    return bool(host) and host == host_of(b)


def origin_of(url: str) -> str:
    """``scheme://host[:port]`` of an http(s) URL (the scope of robots.txt, RFC 9309 §2.3), or ``""``."""
    normalized = normalize_url(url)
    if normalized is None:
        return ""
    parts = urlsplit(normalized)
    return f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}"
