"""SSRF guard: which URLs the fetcher may connect to.

newsflow fetches URLs that strangers choose (seeds, links, redirects, sitemaps), so without a guard a crawl
could reach the metadata service (169.254.169.254), the Redis of the deployment, or anything else on the
private network. ``check_url`` refuses non-http(s) schemes, credentials in the URL, and every host that
resolves to an address that is not globally routable.

Limits (a later issue): the check resolves the name itself, and the HTTP client resolves it again when it
connects, so a DNS server that answers differently the second time (DNS rebinding) can still slip through.
``check_url`` returns the addresses it checked so that a transport adapter can pin the connection to them
later.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from newsflow_shared.errors import AddressRefused

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

ALLOWED_SCHEMES = ("http", "https")

# ipaddress' is_global misses a few ranges (multicast is "global" for it); these are refused explicitly.
_REFUSED_V4 = (
    ipaddress.IPv4Network("0.0.0.0/8"),  # "this network" (RFC 791); Linux connects 0.0.0.0 to localhost
    ipaddress.IPv4Network("100.64.0.0/10"),  # carrier-grade NAT (RFC 6598)
    ipaddress.IPv4Network("192.0.0.0/24"),  # IETF protocol assignments (RFC 6890)
    ipaddress.IPv4Network("198.18.0.0/15"),  # benchmarking (RFC 2544)
    ipaddress.IPv4Network("224.0.0.0/4"),  # multicast
    ipaddress.IPv4Network("240.0.0.0/4"),  # reserved, incl. broadcast
)
# Prefixes that embed an IPv4 address in their low 32 bits: NAT64 (RFC 6052) and its local-use variant (RFC
# 8215).
_NAT64 = (ipaddress.IPv6Network("64:ff9b::/96"), ipaddress.IPv6Network("64:ff9b:1::/48"))


def is_public_address(address: IPAddress) -> bool:
    """Whether ``address`` is a globally routable unicast address (IPv4-mapped and embedded IPv4
    unwrapped)."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(address)
        if embedded is not None:
            return is_public_address(embedded)
        if address.is_multicast or address.is_site_local:
            return False
    elif any(address in network for network in _REFUSED_V4):
        return False
    return bool(
        address.is_global
        and not (
            address.is_loopback
            or address.is_private
            or address.is_link_local
            or address.is_multicast
            or address.is_reserved
            or address.is_unspecified
        )
    )


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]  # the client address
    if any(address in network for network in _NAT64):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    # IPv4-compatible addresses (::a.b.c.d, deprecated by RFC 4291) still route to IPv4 on some stacks.
    if int(address) >> 32 == 0 and int(address) > 1:
        return ipaddress.IPv4Address(int(address))
    return None


def parse_numeric_host(host: str) -> IPAddress | None:
    """An IP literal in any form a resolver accepts: ``[::1]``, ``127.1``, ``0x7f000001``, ``2130706433``...

    Also octal parts such as ``0177.0.0.1``.
    inet_aton (and the WHATWG URL standard) read up to four dot-separated parts in decimal, octal (leading 0)
    or hex (0x), the last part filling the remaining bytes; browsers and libc both accept these forms.
    """
    host = host.strip("[]")
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    parts = host.rstrip(".").split(".")
    if not 1 <= len(parts) <= 4:
        return None
    numbers: list[int] = []
    for part in parts:
        try:
            if part.lower().startswith("0x"):
                numbers.append(int(part[2:] or "0", 16))
            elif len(part) > 1 and part.startswith("0"):
                numbers.append(int(part, 8))
            else:
                numbers.append(int(part, 10))
        except ValueError:
            return None
    *head, last = numbers
    if any(n > 255 for n in head) or last >= 256 ** (5 - len(numbers)):
        return None
    value = last
    for index, number in enumerate(head):
        value += number << (8 * (3 - index))
    return ipaddress.IPv4Address(value)


def resolve(host: str, port: int) -> list[IPAddress]:
    """Every address ``host`` resolves to (A and AAAA), in resolver order."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise AddressRefused(f"cannot resolve {host!r}: {exc}") from exc
    addresses: list[IPAddress] = []
    for _family, _type, _proto, _canon, sockaddr in infos:
        # An IPv6 sockaddr may carry a zone ("fe80::1%eth0"); the zone is not part of the address.
        address = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        if address not in addresses:
            addresses.append(address)
    return addresses


def check_url(url: str, *, allow_private: bool) -> list[IPAddress]:
    """Refuse ``url`` unless it is http(s), carries no userinfo and every address of its host is public.

    Returns the addresses that were checked (empty when ``allow_private`` skips resolution). Raises
    ``AddressRefused``. Every resolved address is checked, not only the first: the client may try them all.
    """
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise AddressRefused(f"malformed URL {url!r}: {exc}") from exc
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        raise AddressRefused(f"scheme {scheme or '(none)'!r} is not fetched: {url}")
    if "@" in parts.netloc:
        # Credentials in URLs leak into logs and are a classic parser-confusion trick (http://good@evil/).
        raise AddressRefused(f"URL carries userinfo: {url}")
    host = parts.hostname
    if not host:
        raise AddressRefused(f"URL has no host: {url}")
    if allow_private:
        return []
    port = port or (443 if scheme == "https" else 80)
    literal = parse_numeric_host(host)
    addresses = [literal] if literal is not None else resolve(host, port)
    if not addresses:
        raise AddressRefused(f"{host!r} resolves to no address")
    for address in addresses:
        if not is_public_address(address):
            raise AddressRefused(f"{host!r} resolves to non-public address {address}")
    return addresses
