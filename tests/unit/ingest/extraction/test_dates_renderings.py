"""Issue 15, tenth pass: the machine-readable renderings of a date that pages keep in attributes other than
``datetime``, and the article's own date on the day its URL names."""

from __future__ import annotations

import pytest
from newsflow_ingest.extraction import parse_article

from tests.unit.ingest.extraction.pages import FETCHED

PROSE = (
    "The city council voted on Tuesday to extend the bus network with four new lines linking the northern "
    "suburbs to the hospital district and the university campus, starting next spring."
)


def _page(byline: str, *, before: str = "", lang: str = "en") -> str:
    return (
        f"<html lang='{lang}'><head><title>New bus lines</title></head><body>{before}<article>"
        f"<h1>New bus lines</h1>{byline}<p>{PROSE}</p><p>{PROSE}</p></article></body></html>"
    )


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        # a <time> whose machine-readable value is in a data attribute, not in datetime (247sports)
        ("<time data-published='2016-12-09 09:13:00Z'>Dec 9, 2016</time>", "2016-12-09T09:13:00+00:00"),
        ("<time data-timestamp='2016-12-09T04:13:00-05:00'>Dec 9, 2016</time>", "2016-12-09T04:13:00-05:00"),
        # an attribute that does not name a date, or a value that is no timestamp, says nothing
        ("<time data-id='2016-12-09 09:13:00Z'>Dec 9, 2016</time>", "2016-12-09"),
        ("<time data-published='yes'>Dec 9, 2016</time>", "2016-12-09"),
        # an attribute on another day than the printed date: the printed day, as for datetime (the CMS's write)
        ("<time data-published='2016-12-20 09:13:00Z'>Dec 9, 2016</time>", "2016-12-09"),
    ],
)
def test_a_time_elements_date_attribute_is_its_machine_readable_value(byline: str, expected: str) -> None:
    assert parse_article(_page(byline), "https://paper.test/a/1", fetched_at=FETCHED).published_at == expected


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        # qdaily: the printed "2017-03-01 14:27:02" beside a script's zoned rendering of the same wall clock
        (
            "<span class='date smart-date' data-origindate='2017-03-01 14:27:02 +0800'></span>"
            "<span class='date'>2017-03-01 14:27:02</span>",
            "2017-03-01T14:27:02+08:00",
        ),
        # a <time datetime> with the offset, printed as a naive clock elsewhere first
        (
            "<p class='date'>March 1, 2017 2:27 PM</p><time datetime='2017-03-01T14:27:00-05:00'></time>",
            "2017-03-01T14:27:00-05:00",
        ),
        # another wall clock (another story's time, or UTC): no evidence, the naive time stays
        (
            "<span data-origindate='2017-03-01 09:00:00 +0800'></span><span class='date'>2017-03-01 14:27:02</span>",
            "2017-03-01T14:27:02",
        ),
        # a zero offset on the same wall clock is as often a local clock labelled UTC: left naive
        (
            "<span data-origindate='2017-03-01T14:27:02Z'></span><span class='date'>2017-03-01 14:27:02</span>",
            "2017-03-01T14:27:02",
        ),
    ],
)
def test_a_naive_time_takes_the_offset_of_a_zoned_rendering_of_its_wall_clock(
    byline: str, expected: str
) -> None:
    assert parse_article(_page(byline), "https://paper.test/a/1", fetched_at=FETCHED).published_at == expected


def test_the_url_day_takes_the_shown_time_of_that_day() -> None:
    # TMZ: a sidebar's class-marked stamps of other (later) stories come first; the URL names the article's
    # day, and the header prints "11/28/2016 11:00 AM PT" on it: that time, not the URL's bare day.
    sidebar = "<aside><span class='media-date'>8/10/2018 9:57 AM PT</span></aside>"
    page = _page("<h5>11/28/2016 11:00 AM PT</h5>", before=sidebar)
    url = "https://paper.test/2016/11/28/new-bus-lines/"
    assert parse_article(page, url, fetched_at=FETCHED).published_at == "2016-11-28T11:00:00-08:00"
    # nothing shown on the URL's day: the day alone, as before
    plain = _page("<h5>Posted by the desk</h5>", before=sidebar)
    assert parse_article(plain, url, fetched_at=FETCHED).published_at == "2016-11-28"


def _declared(script: str) -> str:
    ld = '{"@type":"NewsArticle","headline":"New bus lines","datePublished":"2020-02-18T02:18:11Z"}'
    head = f"<script type='application/ld+json'>{ld}</script><script>{script}</script>"
    return (
        f"<html lang='es'><head><title>New bus lines</title>{head}</head><body><article><h1>New bus lines</h1>"
        f"<time>| 17 de Febrero 2020</time><p>{PROSE}</p><p>{PROSE}</p></article></body></html>"
    )


@pytest.mark.parametrize(
    ("script", "expected"),
    [
        # La Prensa: the analytics script's naive "2020-02-17 21:18:11" is the declared 02:18:11Z at -05:00
        ('var publication_date = "2020-02-17 21:18:11";', "2020-02-17T21:18:11-05:00"),
        ('dataLayer.push({"publishDate": "2020-02-17T21:18:11"});', "2020-02-17T21:18:11-05:00"),
        # a variable that does not name the publication, or another clock (not a whole offset away): no evidence
        ('var render_time = "2020-02-17 21:18:11";', "2020-02-18T02:18:11+00:00"),
        ('var publication_date = "2020-02-17 21:05:40";', "2020-02-18T02:18:11+00:00"),
        # a clock whose difference is whole quarter hours but for a second is no offset (was "-05:14:59")
        ('var publication_date = "2020-02-17 21:03:12";', "2020-02-18T02:18:11+00:00"),
    ],
)
def test_a_scripts_publication_variable_reveals_the_declared_instants_offset(
    script: str, expected: str
) -> None:
    page = _declared(script)
    assert parse_article(page, "https://diario.test/a/1", fetched_at=FETCHED).published_at == expected


@pytest.mark.parametrize(
    ("url", "shown", "expected"),
    [
        # yam.md: lang="en" (the CMS's default) over "20 septembrie 2020 16:20", Romanian, Moldova's language
        ("https://news.paper.md/ro/story/1", "20 septembrie 2020 16:20", "2020-09-20T16:20:00+03:00"),
        # an English page on a German domain printing German months: German dates, Germany's offset
        ("https://paper.de/a/1", "30. Juli 2018, 10:30", "2018-07-30T10:30:00+02:00"),
        # no country (a generic domain), or English months: as before
        ("https://paper.com/a/1", "20 septembrie 2020 16:20", None),
        ("https://paper.de/a/1", "30 July 2018, 10:30", "2018-07-30T10:30:00"),
    ],
)
def test_a_page_declared_english_may_date_in_its_countrys_language(
    url: str, shown: str, expected: str | None
) -> None:
    page = _page(f"<p class='date'>{shown}</p>")
    assert parse_article(page, url, fetched_at=FETCHED).published_at == expected


@pytest.mark.parametrize(
    ("attribute", "expected"),
    [
        # a data attribute giving the declared instant with the publisher's offset
        ("<span class='stamp' data-date='2020-02-17T21:18:11-05:00'></span>", "2020-02-17T21:18:11-05:00"),
        # a naive data attribute is as likely another story's clock: not evidence here
        ("<span class='stamp' data-date='2020-02-17 21:18:11'></span>", "2020-02-18T02:18:11+00:00"),
    ],
)
def test_a_zoned_date_attribute_reveals_the_declared_instants_offset(attribute: str, expected: str) -> None:
    page = _declared("").replace("<time>", f"{attribute}<time>")
    assert parse_article(page, "https://diario.test/a/1", fetched_at=FETCHED).published_at == expected


@pytest.mark.parametrize(
    ("shown", "expected"),
    [
        # zone abbreviations of other regions than the US: German (MEZ/MESZ), South African, Malaysian, ...
        ("15.01.2018, 14:05 MEZ", "2018-01-15T14:05:00+01:00"),
        ("15.06.2018, 14:05 MESZ", "2018-06-15T14:05:00+02:00"),
        ("June 15, 2018 10:30 SAST", "2018-06-15T10:30:00+02:00"),
        ("June 15, 2018 10:30 MYT", "2018-06-15T10:30:00+08:00"),
        ("June 15, 2018 10:30 EAT", "2018-06-15T10:30:00+03:00"),
        ("June 15, 2018 10:30 WAT", "2018-06-15T10:30:00+01:00"),
        ("June 15, 2018 10:30 AWST", "2018-06-15T10:30:00+08:00"),
    ],
)
def test_more_zone_abbreviations(shown: str, expected: str) -> None:
    page = _page(f"<p class='date'>{shown}</p>", lang="de" if "MEZ" in shown or "MESZ" in shown else "en")
    assert parse_article(page, "https://paper.test/a/1", fetched_at=FETCHED).published_at == expected


@pytest.mark.parametrize(
    ("title", "shown", "expected"),
    [
        # no declared language: a headline in kana is Japanese, in Hangul Korean, in Han characters alone
        # Chinese; each written in one UTC offset (as when the language is declared)
        ("東京で新しいバス路線が始まる", "2019年04月13日 09時00分", "2019-04-13T09:00:00+09:00"),
        ("서울에 새 버스 노선", "2020년 7월 3일 오후 3:05", "2020-07-03T15:05:00+09:00"),
        ("北京开通新公交线路", "2017-03-01 14:27:02", "2017-03-01T14:27:02+08:00"),
        # a Latin headline: nothing to go by
        ("New bus lines", "2017-03-01 14:27:02", "2017-03-01T14:27:02"),
    ],
)
def test_a_page_without_a_declared_language_is_in_its_headlines_script(
    title: str, shown: str, expected: str
) -> None:
    page = (
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        f"<p class='date'>{shown}</p><p>{PROSE}</p><p>{PROSE}</p></article></body></html>"
    )
    assert parse_article(page, "https://paper.test/a/1", fetched_at=FETCHED).published_at == expected
