"""Connection pinning: the fetcher connects to the very addresses the SSRF guard checked.

``addresses.check_url`` resolves a host and refuses it unless every address is public. Left to itself, urllib3
would resolve the name a second time when it connects, and a DNS server that answers differently the second
time (DNS rebinding: a public address for the check, 127.0.0.1 or 169.254.169.254 for the connection) would
walk through the guard. ``PinnedAdapter`` makes urllib3 connect to the checked addresses instead; the URL's host
name is still what goes into the Host header, TLS SNI and certificate verification.

The fetcher pins a host before each hop (``AddressPins.pin``); a host with no pin (private addresses allowed,
so nothing was resolved) connects normally.
"""

from __future__ import annotations

import threading
from typing import Any

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import NewConnectionError


class AddressPins:
    """The checked addresses of each host (lower-case name), shared by a fetcher and its adapter."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pins: dict[str, tuple[str, ...]] = {}

    def pin(self, host: str, addresses: list[Any]) -> None:
        """Connect to ``host`` only through ``addresses`` from now on (an empty list removes the pin)."""
        with self._lock:
            if addresses:
                self._pins[host.lower()] = tuple(str(address) for address in addresses)
            else:
                self._pins.pop(host.lower(), None)

    def get(self, host: str) -> tuple[str, ...]:
        with self._lock:
            return self._pins.get(host.lower().strip("[]"), ())


class _PinnedMixin:
    pins: AddressPins
    host: str
    _dns_host: str

    def _new_conn(self) -> Any:
        addresses = self.pins.get(self.host)
        if not addresses:
            return super()._new_conn()  # type: ignore[misc]
        error: Exception | None = None
        for address in addresses:  # like the resolver path: the next address if one refuses
            # urllib3 connects to _dns_host and keeps self.host for the Host header, SNI and the certificate.
            self._dns_host = address
            try:
                return super()._new_conn()  # type: ignore[misc]
            except NewConnectionError as exc:
                error = exc
        assert error is not None
        raise error


def _pool_classes(pins: AddressPins) -> dict[str, type[HTTPConnectionPool]]:
    http_conn = type("PinnedHTTPConnection", (_PinnedMixin, HTTPConnection), {"pins": pins})
    https_conn = type("PinnedHTTPSConnection", (_PinnedMixin, HTTPSConnection), {"pins": pins})
    return {
        "http": type("PinnedHTTPConnectionPool", (HTTPConnectionPool,), {"ConnectionCls": http_conn}),
        "https": type("PinnedHTTPSConnectionPool", (HTTPSConnectionPool,), {"ConnectionCls": https_conn}),
    }


class PinnedAdapter(HTTPAdapter):
    """A requests transport adapter whose connections go to the addresses in ``pins``."""

    def __init__(self, pins: AddressPins, **kwargs: Any) -> None:
        self.pins = pins
        super().__init__(**kwargs)

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = _pool_classes(self.pins)
