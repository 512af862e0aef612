from __future__ import annotations

import pytest
from newsflow_ingest.urls import host_of, normalize_url, origin_of, same_host


@pytest.mark.parametrize(
    ("url", "base", "expected"),
    [
        ("HTTP://Example.COM:80/a?b=1#frag", None, "http://example.com/a?b=1"),
        ("https://example.com:443", None, "https://example.com/"),
        ("https://example.com:8443/x", None, "https://example.com:8443/x"),
        ("../b/c?q=2", "https://news.example/a/x/y.html", "https://news.example/a/b/c?q=2"),
        ("/root", "https://news.example/a/x", "https://news.example/root"),
        ("//cdn.example/img", "https://news.example/", "https://cdn.example/img"),
        ("?page=2", "https://news.example/list?page=1", "https://news.example/list?page=2"),
        ("#top", "https://news.example/a", "https://news.example/a"),
        ("  https://example.com/a b \n", None, "https://example.com/a%20b"),
        ("https://bücher.example/", None, "https://xn--bcher-kva.example/"),
        ("https://example.com./x", None, "https://example.com/x"),
        ("http://[::1]:8080/x", None, "http://[::1]:8080/x"),
        ("mailto:someone@example.com", None, None),
        ("javascript:void(0)", "https://news.example/", None),
        ("tel:+123", None, None),
        ("data:text/html,hi", None, None),
        ("ftp://example.com/", None, None),
        ("", "https://news.example/", None),
        ("http://example.com:99999/", None, None),
        ("https:///nohost", None, None),
    ],
)
def test_normalize_url(url: str, base: str | None, expected: str | None) -> None:
    assert normalize_url(url, base) == expected


def test_normalize_keeps_query_order_and_userinfo() -> None:
    assert normalize_url("http://example.com/p?b=2&a=1") == "http://example.com/p?b=2&a=1"
    # Kept so that the SSRF guard sees (and refuses) it.
    assert normalize_url("http://u:p@Example.com/") == "http://u:p@example.com/"


def test_hosts() -> None:
    assert host_of("https://News.Example.com:8080/a") == "news.example.com"
    assert host_of("not a url") == ""
    assert same_host("http://example.com/a", "https://EXAMPLE.com/b")
    assert not same_host("http://www.example.com/", "http://example.com/")
    assert not same_host("", "")
    assert origin_of("HTTPS://Example.com:443/x?y") == "https://example.com"
    assert origin_of("http://example.com:8080/x") == "http://example.com:8080"
