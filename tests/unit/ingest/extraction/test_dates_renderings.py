"""Issue 15, tenth pass: the machine-readable renderings of a date that pages keep in attributes other than
``datetime``, and the article's own date on the day its URL names."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from newsflow_ingest.extraction import parse_article

FETCHED = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
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
