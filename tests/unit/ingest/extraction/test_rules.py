"""Field rules of the extractor, one module at a time: titles, authors, dates, datelines, captions, URLs."""

from __future__ import annotations

import pytest
from newsflow_ingest.extraction import parse_article
from newsflow_ingest.extraction.authors import clean_author_names
from newsflow_ingest.extraction.body import clean_lines
from newsflow_ingest.extraction.canonical import choose_canonical_url
from newsflow_ingest.extraction.dateline import find_dateline
from newsflow_ingest.extraction.dates import choose_date, date_from_url, parse_date
from newsflow_ingest.extraction.images import split_credit
from newsflow_ingest.extraction.title import strip_site_suffix

from tests.unit.ingest.extraction.pages import FETCHED, PROSE


def _article(head: str = "", body_top: str = "", paragraphs: int = 4) -> str:
    body = "".join(f"<p>{PROSE} Paragraph {i}.</p>" for i in range(paragraphs))
    return (
        f"<html lang='en'><head><title>Buses | Example Gazette</title>{head}</head><body>"
        f"<nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article>{body_top}<h1>Buses</h1>{body}"
        f"</article></body></html>"
    )


@pytest.mark.parametrize(
    ("title", "sites", "expected"),
    [
        ("Story of the day | Example News", ["Example News"], "Story of the day"),
        ("Story of the day - Example News", ["example news"], "Story of the day"),
        ("Example News – Story of the day", ["Example News"], "Story of the day"),
        ("Story - Part 2 | Example", ["Example"], "Story - Part 2"),
        ("Story | ASHARQ AL-AWSAT English Archive 2005 -2017", ["Asharq Al-Awsat"], "Story"),
        ("Reuters poll shows gains | Reuters", ["Reuters"], "Reuters poll shows gains"),
        ("Story of the day | Daily Planet", [], "Story of the day | Daily Planet"),
        ("Story of the day | Example News", [], "Story of the day"),  # "example" is in the host name
        ("Story | example.com", [], "Story"),  # the host name names the site too
    ],
)
def test_title_suffix(title: str, sites: list[str], expected: str) -> None:
    assert strip_site_suffix(title, sites, url="https://www.example.com/a") == expected


def test_title_uses_h1_to_find_an_unknown_suffix() -> None:
    html = "<html><head><title>Big Storm Hits Coast :: Daily Planet Online</title></head><body>"
    html += f"<h1>Big Storm Hits Coast</h1><p>{PROSE}</p></body></html>"
    parsed = parse_article(html, "https://planet.test/storm", fetched_at=FETCHED)
    assert parsed.title == "Big Storm Hits Coast"
    assert parsed.provenance["title"] == "html"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("By Jane Doe and John Smith", ["Jane Doe", "John Smith"]),
        ("By JANE DOE, Staff Writer", ["Jane Doe"]),
        ("Jane Doe | Email the author", ["Jane Doe"]),
        ("Jane Doe @janedoe", ["Jane Doe"]),
        ("By Jane Doe Published 10:30 AM EDT Sep 15, 2016", ["Jane Doe"]),
        ("Jane Doe, Senior Correspondent; Omar Khalil", ["Jane Doe", "Omar Khalil"]),
        ("Written by: Jane Doe https://twitter.com/janedoe", ["Jane Doe"]),
        ("by Jane Doe & Jane Doe", ["Jane Doe"]),
        ("Staff", []),
        ("admin", []),
        ("", []),
    ],
)
def test_author_cleaning(raw: str, expected: list[str]) -> None:
    assert clean_author_names(raw) == expected


def test_authors_from_meta_and_from_feed_hint() -> None:
    html = _article(head="<meta name='author' content='By Jane Doe, Reporter'>")
    parsed = parse_article(html, "https://gazette.test/buses", fetched_at=FETCHED)
    assert (parsed.authors, parsed.provenance["authors"]) == (["Jane Doe"], "meta")
    parsed = parse_article(_article(), "https://gazette.test/buses", hints={"author": "Omar Khalil"})
    assert (parsed.authors, parsed.provenance["authors"]) == (["Omar Khalil"], "feed")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2016-10-26T10:15:00+03:00", "2016-10-26T10:15:00+03:00"),
        ("2016-10-26T07:15:00Z", "2016-10-26T07:15:00+00:00"),
        ("Wed, 26 Oct 2016 10:15:00 +0300", "2016-10-26T10:15:00+03:00"),
        ("Oct 26, 2016", "2016-10-26"),
        ("26 October 2016", "2016-10-26"),
        ("September 15, 2016 10:30 AM EDT", "2016-09-15T10:30:00-04:00"),
        ("2016-10-26", "2016-10-26"),
        ("2016", None),
        ("yesterday", None),
    ],
)
def test_parse_date_keeps_timezone(text: str, expected: str | None) -> None:
    parsed = parse_date(text, languages=["en"])
    assert (parsed.iso() if parsed else None) == expected


def test_future_dates_are_rejected_and_fetch_time_is_never_a_date() -> None:
    candidates = [("2024-06-01T00:00:00+00:00", "jsonld"), ("2024-04-30T09:00:00+02:00", "og")]
    assert choose_date(candidates, FETCHED) == ("2024-04-30T09:00:00+02:00", "og")
    assert choose_date([("2024-05-03", "html")], FETCHED) is None
    assert choose_date([("1438-01-25", "html"), (None, "meta")], FETCHED) is None
    html = _article(head="<meta property='article:published_time' content='2031-01-01T00:00:00Z'>")
    parsed = parse_article(html, "https://gazette.test/buses", fetched_at=FETCHED)
    assert parsed.published_at is None and "published_at" not in parsed.provenance


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://x.test/2016/09/15/storm-hits/", "2016-09-15"),
        ("https://x.test/news/2016-09-15-storm", "2016-09-15"),
        ("https://x.test/20160915/storm", "2016-09-15"),
        ("https://x.test/2016/13/45/storm", None),
        ("https://x.test/story/123456789", None),
        ("https://x.test/storm?d=2016/09/15", None),
    ],
)
def test_date_from_url(url: str, expected: str | None) -> None:
    assert date_from_url(url) == expected


def test_date_priority_url_and_feed() -> None:
    url = "https://gazette.test/2016/09/15/buses/"
    parsed = parse_article(_article(), url, fetched_at=FETCHED)
    assert (parsed.published_at, parsed.provenance["published_at"]) == ("2016-09-15", "url")
    parsed = parse_article(
        _article(), url, hints={"published_at": "2016-09-15T08:00:00-04:00"}, fetched_at=FETCHED
    )
    assert (parsed.published_at, parsed.provenance["published_at"]) == ("2016-09-15T08:00:00-04:00", "feed")
    html = _article(body_top="<time datetime='2016-09-14T22:00:00+01:00'>14 Sep</time>")
    parsed = parse_article(html, url, hints={"published_at": "2016-09-15"}, fetched_at=FETCHED)
    assert (parsed.published_at, parsed.provenance["published_at"]) == ("2016-09-14T22:00:00+01:00", "html")


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Ankara, Moscow – Ankara has been granted the green light.", "Ankara, Moscow"),
        ("WASHINGTON (AP) — The Senate voted on Tuesday.", "WASHINGTON"),
        ("LONDON: Prices rose again in March.", "LONDON"),
        ("Rio de Janeiro - Police said on Monday.", "Rio de Janeiro"),
        ("أنقرة: منحت واشنطن أنقرة الضوء الأخضر", "أنقرة"),
        ("The council voted – narrowly – to expand the network.", None),
        ("Update: the council voted to expand the network.", None),
        ("BREAKING: the council voted.", None),
        ("Prices rose again in March, the office said.", None),
        ("", None),
    ],
)
def test_dateline(body: str, expected: str | None) -> None:
    assert find_dateline(body) == expected


def test_article_without_dateline_keeps_none() -> None:
    parsed = parse_article(_article(), "https://gazette.test/buses", fetched_at=FETCHED)
    assert parsed.dateline is None and "dateline" not in parsed.provenance
    assert parsed.body.startswith("The council voted on Tuesday")


@pytest.mark.parametrize(
    ("caption", "expected"),
    [
        ("Caption: Leaders meet in Ankara (AP Photo/ Pool)", ("Leaders meet in Ankara", "AP Photo/ Pool")),
        (
            "Leaders meet in Ankara. Photo: Jane Doe/Reuters",
            ("Leaders meet in Ankara", "Photo: Jane Doe/Reuters"),
        ),
        ("Leaders meet in Ankara (Getty Images)", ("Leaders meet in Ankara", "Getty Images")),
        ("Leaders meet in Ankara (left to right)", ("Leaders meet in Ankara (left to right)", None)),
    ],
)
def test_caption_credit(caption: str, expected: tuple[str, str | None]) -> None:
    assert split_credit(caption) == expected


def test_figure_caption_becomes_image_and_leaves_body() -> None:
    figure = (
        "<figure><img src='/img/bus.jpg' alt=''><figcaption>A new bus on route 7. "
        "<span class='credit'>City of Example</span></figcaption></figure>"
    )
    parsed = parse_article(_article(body_top=figure), "https://gazette.test/news/buses", fetched_at=FETCHED)
    assert [(i.url, i.caption, i.credit) for i in parsed.images] == [
        ("https://gazette.test/img/bus.jpg", "A new bus on route 7.", "City of Example")
    ]
    assert "A new bus on route 7" not in parsed.body and "City of Example" not in parsed.body


def test_canonical_url_resolution() -> None:
    url = "https://x.test/news/a?utm=1"
    assert choose_canonical_url(url, "/news/a", None) == ("https://x.test/news/a", "html")
    assert choose_canonical_url(url, None, "https://x.test/news/a") == ("https://x.test/news/a", "og")
    # a template that points every page at the home page is ignored
    assert choose_canonical_url(url, "https://x.test/", None) == (url, "url")
    assert choose_canonical_url(url, "javascript:void(0)", None) == (url, "url")


def test_boilerplate_lines_and_related_tail() -> None:
    lines = [
        "Select Page",
        PROSE,
        "Share on Facebook",
        "Story text two.",
        "Related Articles",
        "Other one",
        "Two",
    ]
    assert clean_lines(lines) == [PROSE, "Story text two."]


def test_thin_and_paywalled_pages() -> None:
    short = "<html><head><meta property='og:type' content='article'></head><body><article><h1>T</h1>"
    short += "<p>Only one short sentence stands here.</p></article></body></html>"
    assert parse_article(short, "https://x.test/a/short-story-here-now").status == "thin"
    ld = '<script type="application/ld+json">'
    ld += '{"@type":"NewsArticle","headline":"Buses","isAccessibleForFree":false}'
    paywalled = _article(head=ld + "</script>", paragraphs=1)
    assert parse_article(paywalled, "https://x.test/buses").status == "paywalled"
    assert (
        parse_article(_article(head=ld + "</script>", paragraphs=12), "https://x.test/buses").status
        == "article"
    )


def test_javascript_shell() -> None:
    html = (
        "<html><body><noscript>You need to enable JavaScript to run this app.</noscript><div id='root'></div>"
    )
    html += "<script>window.boot()</script></body></html>"
    assert parse_article(html, "https://x.test/news/a").status == "js_required"
