"""Publication dates: what the page shows beside its headline, the publisher's offset, the shown earlier date.

Each rule is one a news page in general follows (no site is named in the code): the byline date under the
headline, "Updated …" lines, zones written after a time, numeric dates read in the page's language, another
rendering of the declared instant revealing the local offset, and a shown first publication earlier than the
declared one.
"""

from __future__ import annotations

import pytest
from newsflow_ingest.extraction import parse_article
from newsflow_ingest.extraction.dates import parse_date, publication_dates_in, written_dates
from newsflow_ingest.extraction.document import load_document
from newsflow_ingest.extraction.local_time import (
    declared_renderings,
    earlier_shown_publication,
    localise,
)
from newsflow_ingest.extraction.shown_dates import ShownDate, dates_near_headline, headline_element

from tests.unit.ingest.extraction.pages import FETCHED, PROSE


@pytest.mark.parametrize(
    ("text", "languages", "expected"),
    [
        # JavaScript's Date.toString: "GMT-0500" is UTC-5 (dateutil alone reads it as UTC+5)
        ("Tue Nov 19 2019 03:05:46 GMT-0500", [], "2019-11-19T03:05:46-05:00"),
        ("2019-11-19 10:00 GMT+3", [], "2019-11-19T10:00:00+03:00"),
        ("November 18, 2019 at 2:26 PM HST", ["en"], "2019-11-18T14:26:00-10:00"),
        ("11:26 pm EST, Tuesday, November 19, 2019", ["en"], "2019-11-19T23:26:00-05:00"),
        ("November 18th, 2019 at 11:08 a.m.", ["en"], "2019-11-18T11:08:00"),
        ("05/10/2018", ["pt-BR"], "2018-10-05"),  # day first outside US English
        ("05/10/2018", ["en-GB"], "2018-10-05"),
        ("05/10/2018", ["en-US"], "2018-05-10"),
        ("25.08.2018 15:24", ["de"], "2018-08-25T15:24:00"),
        ("٢٦ أكتوبر ٢٠١٦", ["ar"], "2016-10-26"),  # Arabic month name, Arabic-Indic digits
    ],
)
def test_parse_date_zones_orders_and_locales(text: str, languages: list[str], expected: str) -> None:
    parsed = parse_date(text, languages=languages)
    assert parsed is not None and parsed.iso() == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Chris Davies - Nov 19, 2019, 10:31 pm CST 0 comments", [("Nov 19, 2019, 10:31 pm CST", False)]),
        (
            "Updated 10:01 pm PST, Tuesday, November 19, 2019",
            [("10:01 pm PST, Tuesday, November 19, 2019", True)],
        ),
        ("By Jane | November 18, 2019 -- 19:14 GMT (19:14 GMT)", [("November 18, 2019 -- 19:14 GMT", False)]),
        ("Published 11:34 PM EST Nov 19, 2019", [("11:34 PM EST Nov 19, 2019", False)]),
        ("기사입력 :[ 2018-08-25 15:24 ]", [("2018-08-25 15:24", False)]),
        ("05/10/2018 - Publicado por: Clarissa", [("05/10/2018", False)]),
        (
            "March 3, 2019 at 9:00 AM - Updated March 4, 2019 at 1:00 PM",
            [("March 3, 2019 at 9:00 AM", False), ("March 4, 2019 at 1:00 PM", True)],
        ),
    ],
)
def test_written_dates_keep_time_zone_and_update_words(text: str, expected: list[tuple[str, bool]]) -> None:
    assert written_dates(text) == expected


def test_dates_an_update_word_introduces_are_not_publication_dates() -> None:
    text = "Last Updated : Nov 20, 2019 01:41 PM IST | First Published on Nov 20, 2019 01:38 pm"
    assert publication_dates_in(text) == ["Nov 20, 2019 01:38 pm"]


def _shown(html: str, title: str | None) -> list[ShownDate]:
    root = load_document(html)
    assert root is not None
    return dates_near_headline(headline_element(root, title))


def test_byline_date_under_a_headline_whose_block_holds_the_whole_article() -> None:
    html = (
        "<html><body><div class='content'><h1>Buses expand</h1><div class='wrapper'>"
        "<figure><figcaption>The new route 12 bus at the depot.</figcaption></figure>"
        "<div class='byline'>By <a>Meg James</a> Staff Writer<div class='day'>Nov. 19, 2019</div>"
        f"<div class='time'>5:50 PM</div></div>{('<p>' + PROSE + '</p>') * 20}</div></div></body></html>"
    )
    assert _shown(html, "Buses expand") == [ShownDate("Nov. 19, 2019 5:50 PM", updated=False)]


def test_the_date_below_the_headline_wins_over_a_quoted_claim_date_above_it() -> None:
    html = (
        "<html><body><div><p>“$53 million a week.” — a congressman on Sunday, October 13th, 2019</p>"
        "<h1>What is the value of drugs at the border?</h1>"
        "<p>By Matthew Digby on Monday, November 18th, 2019 at 11:08 a.m.</p>"
        f"<p>{PROSE}</p></div></body></html>"
    )
    assert [d.text for d in _shown(html, None)] == ["November 18th, 2019 at 11:08 a.m."]


def test_headline_outside_h1_is_found_by_the_title_when_the_h1_is_a_logo() -> None:
    html = (
        "<html><body><h1>Gazette</h1><ul><li>News</li><li>Sport</li></ul>"
        "<p class='titulo'>Atendimento registra arrombamento</p><small>05/10/2018 - Publicado por: Clarissa</small>"
        f"<p>{PROSE}</p></body></html>"
    )
    root = load_document(html)
    assert root is not None
    headline = headline_element(root, "Atendimento registra arrombamento")
    assert headline is not None and headline.tag == "p"
    assert [d.text for d in dates_near_headline(headline)] == ["05/10/2018"]


def test_a_kicker_date_above_the_headline_when_none_is_below() -> None:
    html = f"<html><body><p>Published 1 day ago</p><p>March 3, 2019</p><h1>Buses</h1><p>{PROSE}</p></body></html>"
    assert [d.text for d in _shown(html, "Buses")] == ["March 3, 2019"]


@pytest.mark.parametrize(
    ("declared", "renderings", "modified", "shown", "expected"),
    [
        # another declared rendering of the same instant, with its offset ("sailthru.date")
        ("2019-11-20T05:57:50+00:00", ["2019-11-19 21:57:00 -0800"], None, [], "2019-11-19T21:57:50-08:00"),
        # the page shows only its update time, in its zone: the offset of the modification is the page's
        (
            "2019-11-20T05:14:35+00:00",
            [],
            "2019-11-20T05:21:59+00:00",
            ["11:21 pm CST, Tuesday, November 19, 2019"],
            "2019-11-19T23:14:35-06:00",
        ),
        # a declared rendering of the modification with its offset (og:updated_time)
        (
            "2019-11-19T03:05:46+00:00",
            ["2019-11-18T22:15:39-05:00"],
            "2019-11-19T03:15:39+00:00",
            [],
            "2019-11-18T22:05:46-05:00",
        ),
        # the page shows the UTC time itself: nothing changes, even if a later text would suggest an offset
        ("2019-11-19T10:00:00+00:00", [], None, ["Nov 19, 2019 10:00", "Nov 19, 2019 05:00"], None),
        # half an hour is no time zone (an update shown 30 minutes later)
        ("2019-11-19T10:00:00+00:00", [], None, ["Nov 19, 2019 10:30"], None),
        # seconds shown must match: 22:15:39 is not a rendering of 03:05:46
        ("2019-11-19T03:05:46+00:00", ["2019-11-18 22:05:12"], None, [], None),
    ],
)
def test_localise_from_other_renderings(
    declared: str, renderings: list[str], modified: str | None, shown: list[str], expected: str | None
) -> None:
    assert localise(declared, renderings, modified_iso=modified, shown=shown) == expected


def test_embedded_timestamps_of_meta_json_are_renderings() -> None:
    tags = {
        "contextly-page": ['{"title":"x","pub_date":"2019-11-18 23:50:22","mod_date":"2019-11-18 23:54:08"}'],
        "article:published_time": ["2019-11-19T04:50:22+00:00"],
        "description": ["A story from 2019-11-18 about the moon"],
    }
    renderings = list(declared_renderings(tags))
    assert renderings == ["2019-11-19T04:50:22+00:00", "2019-11-18 23:50:22", "2019-11-18 23:54:08"]
    assert localise("2019-11-19T04:50:22+00:00", renderings) == "2019-11-18T23:50:22-05:00"


@pytest.mark.parametrize(
    ("declared", "shown", "expected"),
    [
        # shown first publication a day before the declared (last-save) time
        (
            "2019-11-19T19:31:39",
            [ShownDate("November 18, 2019 -- 19:14 GMT", False)],
            "2019-11-18T19:14:00+00:00",
        ),
        # the shown time with its zone is 82 minutes before the declared instant
        (
            "2019-11-19T01:48:03+00:00",
            [ShownDate("November 18, 2019 at 2:26 PM HST", False)],
            "2019-11-18T14:26:00-10:00",
        ),
        # a declared offset that contradicts the shown time and zone
        (
            "2019-11-20T04:31:13-06:00",
            [ShownDate("Nov 19, 2019, 10:31 pm CST", False)],
            "2019-11-19T22:31:00-06:00",
        ),
        # the same publication, rounded to the minute: the declared instant stays
        ("2019-11-19T20:15:49-06:00", [ShownDate("Nov 19, 2019, 8:15 pm CST", False)], None),
        # a shown date later than the declared publication is its modification: not taken
        ("2018-10-07T09:00:35-08:00", [ShownDate("November 12, 2018 5:36 PM", False)], None),
        # an "Updated" time is never the publication
        ("2019-11-20T10:00:00+00:00", [ShownDate("Nov 18, 2019 10:00 GMT", True)], None),
        # a naive shown time within any time zone's reach of the declared instant
        ("2019-11-20T01:50:59+00:00", [ShownDate("Nov. 19, 2019 5:50 PM", False)], None),
        # more than a week earlier: an older event's time (a caption), not a save of this story
        ("2019-11-20T10:00:00+00:00", [ShownDate("Nov 10, 2019 3:00 PM GMT", False)], None),
        # a day without a time is not compared
        ("2019-11-20T10:00:00+00:00", [ShownDate("November 12, 2019", False)], None),
    ],
)
def test_earlier_shown_publication(declared: str, shown: list[ShownDate], expected: str | None) -> None:
    assert earlier_shown_publication(declared, shown, FETCHED, languages=["en"]) == expected


def _page(head: str, article: str, lang: str = "en") -> str:
    return (
        f"<html lang='{lang}'><head><title>Buses expand | Gazette</title><meta property='og:type' "
        f"content='article'>{head}</head><body><nav><a href='/'>Home</a></nav><article><h1>Buses expand</h1>"
        f"{article}<p>{PROSE}</p><p>{PROSE}</p></article></body></html>"
    )


def test_parse_keeps_the_publishers_day_when_the_declaration_is_utc() -> None:
    head = (
        '<script type=\'application/ld+json\'>{"@type":"NewsArticle","headline":"Buses expand",'
        '"datePublished":"2019-11-20T01:50:59.403Z"}</script>'
    )
    article = (
        "<figure><figcaption>The new route 12 bus at the depot.</figcaption></figure>"
        "<div class='byline'>By Meg James</div><div><div>Nov. 19, 2019</div><div>5:50 PM</div></div>"
    )
    parsed = parse_article(_page(head, article), "https://gazette.test/buses", fetched_at=FETCHED)
    assert parsed.published_at == "2019-11-19T17:50:59.403000-08:00"
    assert parsed.provenance["published_at"] == "jsonld"


def test_parse_takes_the_shown_time_over_a_contradicting_declared_offset() -> None:
    head = "<meta property='article:published_time' content='2019-11-20T04:31:13-06:00'>"
    article = "<p class='byline'>Chris Davies - Nov 19, 2019, 10:31 pm CST</p>"
    parsed = parse_article(_page(head, article), "https://gazette.test/buses", fetched_at=FETCHED)
    assert (parsed.published_at, parsed.provenance["published_at"]) == ("2019-11-19T22:31:00-06:00", "html")


def test_parse_never_takes_a_shown_modification_for_the_publication() -> None:
    head = (
        "<meta property='article:published_time' content='2018-10-07T09:00:35-08:00'>"
        "<meta property='article:modified_time' content='2018-11-12T17:36:26-08:00'>"
    )
    article = "<time datetime='2018-11-12T17:36:26-08:00'>November 12, 2018</time>"
    parsed = parse_article(_page(head, article), "https://gazette.test/buses", fetched_at=FETCHED)
    assert parsed.published_at == "2018-10-07T09:00:35-08:00"
    assert parsed.modified_at == "2018-11-12T17:36:26-08:00"


def test_parse_reads_a_numeric_date_in_the_pages_language_beside_a_headline_outside_h1() -> None:
    html = (
        "<html lang='pt-BR'><head><title>Atendimento registra arrombamento</title></head><body><h1>Prefeitura</h1>"
        "<p class='titulo'>Atendimento registra arrombamento</p><small>05/10/2018 - Publicado por: Clarissa</small>"
        f"<p>{PROSE}</p><p>{PROSE}</p></body></html>"
    )
    parsed = parse_article(html, "https://cidade.test/news/atendimento", fetched_at=FETCHED)
    assert (parsed.published_at, parsed.provenance["published_at"]) == ("2018-10-05", "html")


def test_parse_never_returns_a_future_shown_date() -> None:
    head = "<meta property='article:published_time' content='2024-04-30T10:00:00Z'>"
    article = "<p class='byline'>By Jane Doe - May 3, 2031, 10:31 pm CST</p>"
    parsed = parse_article(_page(head, article), "https://gazette.test/buses", fetched_at=FETCHED)
    assert parsed.published_at == "2024-04-30T10:00:00+00:00"


def test_a_comment_date_is_never_the_publication() -> None:
    article = (
        f"<p>{PROSE}</p><section id='comments'><ol class='comment-list'><li>Great!"
        "<time datetime='2019-03-04T10:00:00+00:00'>March 4, 2019 at 10:00 am</time></li></ol></section>"
    )
    html = f"<html lang='en'><body><h1>Buses</h1>{article}<p>{PROSE}</p></body></html>"
    parsed = parse_article(html, "https://gazette.test/buses/", fetched_at=FETCHED)
    assert parsed.published_at is None


def test_a_time_marked_as_the_modification_comes_after_the_published_one() -> None:
    times = (
        "<time class='updated' datetime='2019-03-09T10:00:00+00:00'>March 9</time>"
        "<time class='entry-date published' datetime='2019-03-04T08:00:00+00:00'>March 4</time>"
    )
    html = f"<html lang='en'><body><h1>Buses</h1><div class='meta'>{times}</div><p>{PROSE}</p></body></html>"
    parsed = parse_article(html, "https://gazette.test/buses/", fetched_at=FETCHED)
    assert parsed.published_at == "2019-03-04T08:00:00+00:00"


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("3 hours ago", "2024-05-01T09:00:00+00:00"),
        ("an hour ago", "2024-05-01T11:00:00+00:00"),
        ("45 mins ago", "2024-05-01T11:15:00+00:00"),
        ("2 days ago", "2024-04-29"),
        ("منذ 3 ساعات", "2024-05-01T09:00:00+00:00"),
        ("منذ ساعتين", "2024-05-01T10:00:00+00:00"),
        ("منذ ٥ أيام", "2024-04-26"),
    ],
)
def test_a_relative_time_beside_the_headline_counts_back_from_the_fetch(label: str, expected: str) -> None:
    article = f"<div class='byline'>By Meg James</div><span class='time'>{label}</span>"
    parsed = parse_article(_page("", article), "https://gazette.test/buses", fetched_at=FETCHED)
    assert (parsed.published_at, parsed.provenance.get("published_at")) == (expected, "relative")


def test_an_absolute_date_wins_over_a_relative_one() -> None:
    article = "<span class='time'>3 hours ago</span><p class='byline'>Nov 19, 2019, 10:31 pm CST</p>"
    parsed = parse_article(_page("", article), "https://gazette.test/buses", fetched_at=FETCHED)
    assert parsed.provenance.get("published_at") != "relative"


@pytest.mark.parametrize(
    "article",
    [
        # prose, not a label: the sentence says when something happened, not when the page was published
        "<p>Residents said the buses stopped running 3 days ago after the depot flooded in the storm.</p>",
        "<p>قال السكان إن المحتجين معتصمون أمام المبنى منذ 3 أيام دون أن يتلقوا أي رد من البلدية.</p>",
        # older than four weeks: a listing's age label, not a publication time worth keeping
        "<span class='time'>9 weeks ago</span>",
    ],
)
def test_relative_times_in_prose_or_too_old_are_not_publication_times(article: str) -> None:
    parsed = parse_article(_page("", article), "https://gazette.test/buses", fetched_at=FETCHED)
    assert parsed.published_at is None
