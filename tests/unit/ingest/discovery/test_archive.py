"""Archive walking: older-page links of listing pages and where a backfill stops."""

from __future__ import annotations

from datetime import date

from newsflow_ingest.discovery.archive import listing_dates, page_number, pagination_links, walk_continues

PAGE = "https://blog.example/page/2/"


def test_rel_next_and_older_entries_text() -> None:
    html = """<html><head><link rel="next" href="/page/3/"></head><body>
    <a href="/page/1/">Newer entries</a> <a href="/archive?before=123">« Older Entries</a>
    <a href="/about/">About</a></body></html>"""
    assert pagination_links(html, PAGE) == [
        "https://blog.example/page/3/",
        "https://blog.example/archive?before=123",
    ]


def test_numbered_bar_gives_only_the_next_page() -> None:
    html = "".join(f'<a href="/page/{n}/">{n}</a>' for n in range(1, 9))
    assert pagination_links(html, PAGE) == ["https://blog.example/page/3/"]
    assert pagination_links(
        '<a href="?page=4">4</a><a href="?page=2">2</a>', "https://n.example/list?page=3"
    ) == ["https://n.example/list?page=4"]
    assert page_number("https://n.example/news/page/12/") == 12 and page_number("https://n.example/x") is None


def test_links_to_the_current_page_and_articles_are_not_pagination() -> None:
    html = '<a href="/page/2/">2</a><a href="/2024/05/story-3/">Story 3</a><a rel="nofollow next" href="/page/3/">n</a>'
    assert pagination_links(html, PAGE) == ["https://blog.example/page/3/"]


def test_walk_stops_once_a_page_lists_nothing_newer_than_since() -> None:
    html = '<time datetime="2024-02-27T10:00:00Z">27 Feb</time><time datetime="2024-02-20">20 Feb</time>'
    days = listing_dates(html, ["https://n.example/2024/02/25/x"])
    assert max(days) == date(2024, 2, 27) and date(2024, 2, 25) in days
    assert walk_continues(days, date(2024, 2, 27))
    assert not walk_continues(days, date(2024, 3, 1))
    assert walk_continues([], date(2024, 3, 1))  # a page without dates: keep walking
    assert walk_continues(days, None)
