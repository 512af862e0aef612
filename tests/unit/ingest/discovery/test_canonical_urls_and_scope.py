"""URL canonicalisation before the frontier's seen-check, and the crawl's scope filters."""

from __future__ import annotations

from datetime import date

import pytest
from newsflow_ingest.discovery.canonical_urls import canonical_url, is_tracking_parameter
from newsflow_ingest.discovery.scope import date_in_url, host_allowed, in_date_range, iso_day, pattern_allowed
from newsflow_shared.messages import FetchTask


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTP://Example.COM:80/a", "http://example.com/a"),
        ("https://example.com:443", "https://example.com/"),
        ("https://example.com:8443/a#frag", "https://example.com:8443/a"),
        ("https://example.com/a?utm_source=x&utm_medium=y&b=2&a=1", "https://example.com/a?a=1&b=2"),
        ("https://example.com/a?fbclid=abc", "https://example.com/a"),
        ("https://example.com/a?gclid=1&id=7&msclkid=2&_ga=3", "https://example.com/a?id=7"),
        ("https://example.com/a;jsessionid=ABC123?x=1", "https://example.com/a?x=1"),
        ("https://bücher.example/straße", "https://xn--bcher-kva.example/stra%C3%9Fe"),
        ("https://example.com/a?tag=b&tag=a&page=2", "https://example.com/a?page=2&tag=b&tag=a"),
        ("https://example.com/a?empty=&x=1", "https://example.com/a?empty=&x=1"),
        ("mailto:someone@example.com", None),
        ("javascript:void(0)", None),
    ],
)
def test_canonical_url(url: str, expected: str | None) -> None:
    assert canonical_url(url) == expected


def test_relative_links_resolve_against_the_page() -> None:
    assert (
        canonical_url("../b?utm_campaign=z#x", base="https://Example.com/news/a/")
        == "https://example.com/news/b"
    )


def test_spellings_of_one_page_meet_in_the_seen_set() -> None:
    spellings = [
        "https://news.example/story?id=5&utm_source=twitter",
        "HTTPS://NEWS.EXAMPLE:443/story?id=5#comments",
        "https://news.example/story?fbclid=IwAR0&id=5",
    ]
    assert len({canonical_url(u) for u in spellings}) == 1


def test_tracking_parameters() -> None:
    assert is_tracking_parameter("UTM_Source") and is_tracking_parameter("fbclid")
    assert not is_tracking_parameter("id") and not is_tracking_parameter("page")


def _task(**fields: object) -> FetchTask:
    return FetchTask(crawl_id="c", url="https://news.example/", **fields)  # type: ignore[arg-type]


def test_scope_hosts_and_patterns() -> None:
    task = _task(allowed_domains=["cdn.example"], include=[r"/20\d\d/"], exclude=[r"/tag/"])
    assert host_allowed("https://news.example/x", task)
    assert host_allowed("https://img.cdn.example/x", task)  # a subdomain of an allowed domain
    assert not host_allowed("https://www.news.example/x", task)  # www. is another host
    assert not host_allowed("https://evil.example/x", task)
    assert pattern_allowed("https://news.example/2024/05/a", task)
    assert not pattern_allowed("https://news.example/about", task)  # include given: must match one
    assert not pattern_allowed("https://news.example/2024/tag/x", task)  # excluded


def test_date_range() -> None:
    task = _task(since=date(2024, 3, 1), until=date(2024, 3, 31))
    assert date_in_url("https://n.example/2024/03/12/story") == date(2024, 3, 12)
    assert date_in_url("https://n.example/news/20240312-story") == date(2024, 3, 12)
    assert date_in_url("https://n.example/2024/02/30/story") is None  # no such day
    assert date_in_url("https://n.example/id/12345678") is None
    assert in_date_range(date(2024, 3, 1), task) and in_date_range(date(2024, 3, 31), task)
    assert not in_date_range(date(2024, 2, 29), task) and not in_date_range(date(2024, 4, 1), task)
    assert in_date_range(None, task)  # unknown dates are fetched; the parsed date decides
    assert iso_day("2024-03-12T23:30:00-05:00") == date(2024, 3, 12)
    assert iso_day("not a date") is None
