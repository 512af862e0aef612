"""Issue 15, eleventh pass: date forms and declarations that htmldate reads and newsflow did not (learnt from
`dev` pages only): a bullet between a printed date and its clock, compact digit dates in meta tags, dotted
dates day first, a date in the page's ``<title>``, a JSON-LD creation date that an explicit publication date
outranks, hAtom's ``<abbr class="published">``, the image's upload day, and a naive clock's offset from the
page's other declared times."""

from __future__ import annotations

from datetime import datetime

import pytest
from newsflow_ingest.extraction import parse_article
from newsflow_ingest.extraction.dates import parse_date

from tests.unit.ingest.extraction.pages import FETCHED

PROSE = (
    "The city council voted on Tuesday to extend the bus network with four new lines linking the northern "
    "suburbs to the hospital district and the university campus, starting next spring."
)


def _page(byline: str = "", *, head: str = "", title: str = "New bus lines", lang: str = "en") -> str:
    return (
        f"<html lang='{lang}'><head><title>{title}</title>{head}</head><body><article>"
        f"<h1>New bus lines</h1>{byline}<p>{PROSE}</p><p>{PROSE}</p></article></body></html>"
    )


def _published(html: str, url: str = "https://paper.test/a/1") -> str | None:
    return parse_article(html, url, fetched_at=FETCHED).published_at


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a bullet between the day and the clock (Telegraph's "16 November 2017 • 2:15pm")
        ("16 November 2017 • 2:15pm", datetime(2017, 11, 16, 14, 15)),
        ("Nov 16, 2017 • 2:15 PM", datetime(2017, 11, 16, 14, 15)),
        # the forms already read stay read
        ("16 November 2017 · 2:15pm", datetime(2017, 11, 16, 14, 15)),
    ],
)
def test_a_bullet_between_a_date_and_its_clock(text: str, expected: datetime) -> None:
    parsed = parse_date(text, languages=["en"])
    assert parsed is not None and parsed.value == expected and parsed.has_time


def test_a_shown_date_with_a_bullet_is_read_beside_the_headline() -> None:
    byline = "<p class='article-date'>16 November 2017 • 2:15pm</p>"
    assert _published(_page(byline)) == "2017-11-16T14:15:00"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # compact digit dates: NYT's pdate "20190806" and ptime "20190806103251"
        ("20190806", datetime(2019, 8, 6)),
        ("20190806103251", datetime(2019, 8, 6, 10, 32, 51)),
        ("201908061032", datetime(2019, 8, 6, 10, 32)),
    ],
)
def test_a_compact_digit_date(text: str, expected: datetime) -> None:
    parsed = parse_date(text)
    assert parsed is not None and parsed.value == expected and parsed.has_time == (len(text) > 8)


@pytest.mark.parametrize("text", ["12345678", "20191306", "20190832", "18990806", "123456789012"])
def test_digits_that_are_no_date_stay_unread(text: str) -> None:
    assert parse_date(text) is None


def test_a_compact_meta_date_is_the_publication() -> None:
    head = "<meta name='pdate' content='20190806'>"
    assert _published(_page(head=head)) == "2019-08-06"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        # La Nacion: "Una solución no violenta para la cuestión mapuche - 07.12.2017 - LA NACION"
        ("Una solución no violenta - 07.12.2017 - LA NACION", "2017-12-07"),
        ("Pictures of the day: 21 November 2017", "2017-11-21"),
    ],
)
def test_a_date_in_the_title_when_nothing_else_dates_the_page(title: str, expected: str) -> None:
    assert _published(_page(title=title, lang="es")) == expected


def test_a_date_in_the_title_does_not_replace_a_declared_one() -> None:
    head = "<meta property='article:published_time' content='2017-12-08T10:00:00+00:00'>"
    assert _published(_page(head=head, title="Resumen - 07.12.2017")) == "2017-12-08T10:00:00+00:00"


def test_a_title_without_a_whole_date_dates_nothing() -> None:
    assert _published(_page(title="Budget 2017: the 10 measures")) is None


_LD_CREATED = (
    '<script type=\'application/ld+json\'>{"@type": "NewsArticle", "headline": "New bus lines", '
    '"dateCreated": "2017-11-17T10:41:09Z"}</script>'
)


def test_an_explicit_publication_date_outranks_a_json_ld_creation_date() -> None:
    # Telegraph: JSON-LD declares only dateCreated (a later write of the record); microdata declares the
    # publication, printed beside the headline
    byline = "<time itemprop='datePublished' datetime='2017-11-16T14:15+0000'>16 November 2017, 2:15pm</time>"
    assert _published(_page(byline, head=_LD_CREATED)) == "2017-11-16T14:15:00+00:00"


def test_a_json_ld_creation_date_alone_is_still_the_publication() -> None:
    assert _published(_page(head=_LD_CREATED)) == "2017-11-17T10:41:09+00:00"


@pytest.mark.parametrize(
    ("text", "languages", "expected"),
    [
        # dots between day, month and year are the day-first writing (German, Russian, Spanish in Argentina…):
        # US English writes slashes; read day first when the page declares no language or plain English
        ("07.12.2017", [], datetime(2017, 12, 7)),
        ("07.12.2017", ["en"], datetime(2017, 12, 7)),
        ("07.12.2017 10:30", [], datetime(2017, 12, 7, 10, 30)),
        # slashes on a page without language or in English stay month first (dateutil's default, US pages)
        ("07/12/2017", [], datetime(2017, 7, 12)),
        ("07/12/2017", ["en"], datetime(2017, 7, 12)),
        # a page that declares US English keeps month first even with dots
        ("07.12.2017", ["en-US"], datetime(2017, 7, 12)),
    ],
)
def test_a_dotted_numeric_date_is_day_first(text: str, languages: list[str], expected: datetime) -> None:
    parsed = parse_date(text, languages=languages)
    assert parsed is not None and parsed.value == expected


def test_a_dotted_date_in_the_title_of_a_page_without_language() -> None:
    html = _page(title="Una solución no violenta - 07.12.2017 - LA NACION").replace(" lang='en'", "")
    assert _published(html) == "2017-12-07"


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        # the hAtom microformat: the machine-readable value in an <abbr class="published">'s title, the text a
        # clock or a day alone (Blogger's "12:06 PM")
        (
            "<abbr class='published' title='2016-12-06T12:06:00-08:00'>12:06 PM</abbr>",
            "2016-12-06T12:06:00-08:00",
        ),
        (
            "<p>on <abbr class='published' title='2015-03-10T08:05:41-07:00'>March 10, 2015</abbr></p>",
            "2015-03-10T08:05:41-07:00",
        ),
        # an abbreviation's title that is no timestamp, or an abbr not marked as the publication, says nothing
        ("<abbr class='published' title='Pacific time'>March 10, 2015</abbr>", "2015-03-10"),
        ("<abbr title='2015-03-10T08:05:41-07:00'>PDT</abbr>", None),
    ],
)
def test_a_microformat_abbr_title_is_a_machine_readable_date(byline: str, expected: str | None) -> None:
    assert _published(_page(byline)) == expected


@pytest.mark.parametrize(
    ("image", "expected"),
    [
        # the CMS's upload folder of the page's image, when nothing else dates the page (htmldate reads it too)
        ("https://www.eff.org/files/2016/05/04/ar-2015-og.png", "2016-05-04"),
        # no whole date in the path: nothing
        ("https://cdn.test/images/2016/logo.png", None),
    ],
)
def test_the_day_in_the_pages_image_address_when_nothing_else_dates_it(
    image: str, expected: str | None
) -> None:
    head = f"<meta property='og:image' content='{image}'>"
    assert _published(_page(head=head)) == expected


def test_the_pages_image_day_does_not_replace_a_shown_date() -> None:
    head = "<meta property='og:image' content='https://cdn.test/2016/05/04/a.png'>"
    assert _published(_page("<p class='date'>March 10, 2017</p>", head=head)) == "2017-03-10"


@pytest.mark.parametrize(
    ("head", "byline", "expected"),
    [
        # a naive shown clock; the page's declared modification a day later carries the publisher's offset
        (
            "<meta property='article:modified_time' content='2016-12-02T09:00:00-05:00'>",
            "<p class='date'>December 1, 2016 1:01 PM</p>",
            "2016-12-01T13:01:00-05:00",
        ),
        (
            "<meta property='og:updated_time' content='2020-04-08T18:00:00+05:30'>",
            "<p class='date'>April 8, 2020 4:25 PM</p>",
            "2020-04-08T16:25:00+05:30",
        ),
        # offsets that disagree, a zero offset (a local clock labelled UTC as often as UTC), or a rendering
        # weeks away (another season's offset): no evidence, the clock stays naive
        (
            "<meta property='article:modified_time' content='2016-12-02T09:00:00-05:00'>"
            "<meta name='last-modified' content='2016-12-02T10:00:00-06:00'>",
            "<p class='date'>December 1, 2016 1:01 PM</p>",
            "2016-12-01T13:01:00",
        ),
        (
            "<meta property='article:modified_time' content='2016-12-02T09:00:00+00:00'>",
            "<p class='date'>December 1, 2016 1:01 PM</p>",
            "2016-12-01T13:01:00",
        ),
        (
            "<meta property='article:modified_time' content='2017-03-20T09:00:00-04:00'>",
            "<p class='date'>December 1, 2016 1:01 PM</p>",
            "2016-12-01T13:01:00",
        ),
    ],
)
def test_a_naive_clock_takes_the_one_offset_of_the_pages_nearby_zoned_times(
    head: str, byline: str, expected: str
) -> None:
    assert _published(_page(byline, head=head), "https://paper.test/a/1") == expected
