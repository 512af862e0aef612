"""The SSRF guard refuses what it must without any network: literal IPs, numeric forms, localhost."""

from __future__ import annotations

import ipaddress

import pytest
from newsflow_ingest.fetching.addresses import check_url, is_public_address, parse_numeric_host
from newsflow_shared.errors import AddressRefused


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.com/file",
        "file:///etc/passwd",
        "gopher://example.com/",
        "javascript:alert(1)",
        "//example.com/no-scheme",
        "http:///no-host",
    ],
)
def test_refuses_other_schemes_and_hostless_urls(url: str) -> None:
    with pytest.raises(AddressRefused):
        check_url(url, allow_private=True)


@pytest.mark.parametrize(
    "url", ["http://user:pass@example.com/", "http://user@example.com/", "https://good.com@evil.com/"]
)
def test_refuses_userinfo_even_when_private_addresses_are_allowed(url: str) -> None:
    with pytest.raises(AddressRefused, match="userinfo"):
        check_url(url, allow_private=True)


@pytest.mark.parametrize(
    "host",
    [
        "127.0.0.1",
        "127.255.0.9",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",  # cloud metadata
        "100.64.0.1",  # carrier-grade NAT
        "0.0.0.0",
        "224.0.0.1",
        "240.0.0.1",
        "255.255.255.255",
        "198.18.0.1",
        "[::1]",
        "[::]",
        "[fe80::1]",
        "[fc00::1]",
        "[fd12:3456::1]",
        "[ff02::1]",
        "[::ffff:127.0.0.1]",
        "[::ffff:a9fe:a9fe]",  # mapped 169.254.169.254
        "[2002:7f00:1::]",  # 6to4 wrapping 127.0.0.1
        "[64:ff9b::a00:1]",  # NAT64 of 10.0.0.1
        "0x7f000001",
        "2130706433",
        "127.1",
        "0177.0.0.1",
        "017700000001",
        "0x7f.0.0.1",
        "localhost",
    ],
)
def test_refuses_non_public_hosts(host: str) -> None:
    with pytest.raises(AddressRefused, match="non-public"):
        check_url(f"http://{host}:8080/path", allow_private=False)


def test_allow_private_skips_resolution() -> None:
    assert check_url("http://localhost:1/", allow_private=True) == []
    assert check_url("http://127.0.0.1/", allow_private=True) == []


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://8.8.8.8/", "8.8.8.8"),
        ("https://[2606:4700:4700::1111]/x", "2606:4700:4700::1111"),
        ("http://134744072/", "8.8.8.8"),  # the decimal form of a public address is fine
    ],
)
def test_public_literals_pass_and_are_returned(url: str, expected: str) -> None:
    assert check_url(url, allow_private=False) == [ipaddress.ip_address(expected)]


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("0x7f000001", "127.0.0.1"),
        ("2130706433", "127.0.0.1"),
        ("127.1", "127.0.0.1"),
        ("10.1", "10.0.0.1"),
        ("0300.0250.0.1", "192.168.0.1"),
        ("[::1]", "::1"),
        ("example.com", None),
        ("1.2.3.4.5", None),
        ("256.1.1.1", None),
        ("4294967296", None),
    ],
)
def test_parse_numeric_host(host: str, expected: str | None) -> None:
    parsed = parse_numeric_host(host)
    assert (str(parsed) if parsed is not None else None) == expected


def test_is_public_address() -> None:
    assert is_public_address(ipaddress.ip_address("93.184.216.34"))
    assert is_public_address(ipaddress.ip_address("2a00:1450:4001:80b::200e"))
    assert not is_public_address(ipaddress.ip_address("::ffff:10.0.0.1"))
    assert not is_public_address(ipaddress.ip_address("100.127.255.255"))
