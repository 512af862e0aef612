"""Issue 15, eleventh pass: where the body starts. The page header run into the first line of text (kicker,
headline, dek, byline and date printed in one block with the lead), and header lines holding a clock, found on
metadata-dev's ``dev`` split and AEB."""

from __future__ import annotations

import pytest
from newsflow_ingest.extraction import parse_article
from newsflow_ingest.extraction.body_start import cut_run_in_header, drop_leading_crumbs
from newsflow_ingest.extraction.edge_lines import drop_leading_date_lines

from tests.unit.ingest.extraction.pages import FETCHED

LEAD = (
    "Earlier this month, the agency announced the newest milestone in the development of its long-awaited "
    "rocket, and workers at the assembly plant completed the installation of the four engines."
)
MORE = (
    "Officials said the new engines would be tested through the spring, and that the first flight could come "
    "before the end of next year if the tests go as planned."
)
HEADLINE = "Seeking a bigger role for a big rocket"


@pytest.mark.parametrize(
    "header",
    [
        f"| | {HEADLINE} by Jeff Foust Monday, November 18, 2019 ",
        f"| {HEADLINE} November 20, 2019 - 11:28 ",
        f"Space {HEADLINE} The agency waits. Engines are in. By Kathy Wise Published in Launchpad "
        "December 14, 2016 2:24 pm ",
    ],
)
def test_a_header_run_into_the_first_line_is_cut_off(header: str) -> None:
    assert cut_run_in_header([header + LEAD, MORE], [HEADLINE]) == [LEAD, MORE]


@pytest.mark.parametrize(
    "lines",
    [
        # the first sentence repeats the headline's words but is not a header: no date follows
        [f"{HEADLINE} is what the agency wants, its chief said, and workers have begun the work.", MORE],
        # a date deep in the lead, far from the headline
        [f"{HEADLINE}: {LEAD} {MORE} It was announced on Monday, November 18, 2019 in Washington.", MORE],
        # the headline is not at the start of the line
        [f"Officials said that {HEADLINE} on November 18, 2019 was the plan. {LEAD}", MORE],
        # the lead sentence itself opens with the headline's words and dates its event
        [f"{HEADLINE} was announced on November 18, 2019. {LEAD}", MORE],
        [f"{HEADLINE} was announced at the briefing, November 18, 2019. {LEAD}", MORE],
        # nothing like prose after the date
        [f"{HEADLINE} by Jeff Foust Monday, November 18, 2019 Share", MORE],
    ],
)
def test_other_first_lines_stay(lines: list[str]) -> None:
    assert cut_run_in_header(lines, [HEADLINE]) == lines


def test_a_page_whose_header_block_runs_into_the_text_starts_at_the_lead() -> None:
    html = (
        f"<html lang='en'><head><title>{HEADLINE}</title></head><body><table><tr><td>"
        f"<h1>{HEADLINE}</h1> by <b>Jeff Foust</b><br>Monday, November 18, 2019<br><br>{LEAD}<br><br>"
        f"{MORE}<br><br>{MORE.replace('Officials', 'Engineers')}</td></tr></table></body></html>"
    )
    parsed = parse_article(html, "https://example.com/article/3834/1", fetched_at=FETCHED)
    assert parsed.body.startswith("Earlier this month")


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("5:45 AM PST 11/19/2019 by Patrick Shanley", ["Patrick Shanley"]),  # hollywoodreporter.com (AEB)
        ("10:30 AM ET by Jane Roe", ["Jane Roe"]),
        ("Updated 14:05 GMT | December 3, 2019", []),
    ],
)
def test_a_header_line_with_a_clock_above_the_text_goes(line: str, names: list[str]) -> None:
    # A clock printed before the date (or alone beside the byline) is header, as the date is.
    assert drop_leading_date_lines([line, LEAD, MORE], names) == [LEAD, MORE]


@pytest.mark.parametrize(
    "line",
    ["At 5:45 the doors opened", "Doors open at 10:30 AM for the rally"],
)
def test_a_short_line_with_a_clock_and_words_stays(line: str) -> None:
    assert drop_leading_date_lines([line, LEAD], []) == [line, LEAD]


def _story(before_first: str, *, paragraphs: int = 3) -> str:
    body = "".join(f"<p>{LEAD if i == 0 else MORE}</p>" for i in range(paragraphs))
    return (
        "<html lang='en'><head><title>Engines in</title></head><body><h1>Engines in</h1>"
        f"<div class='story'>{before_first}{body}</div></body></html>"
    )


@pytest.mark.parametrize(
    "dateline",
    [
        "<b class='place_cont'>Washington/ New Delhi: </b>",  # ndtv.com (``dev``)
        "<strong>NEW ORLEANS —</strong> ",
        "<span>Houston - </span>",
    ],
)
def test_a_dateline_in_its_own_element_before_the_first_paragraph_opens_it(dateline: str) -> None:
    parsed = parse_article(_story(dateline), "https://example.com/news/engines", fetched_at=FETCHED)
    place = dateline.split(">")[1].split("<")[0].strip()
    assert parsed.body.startswith(f"{place} {LEAD[:20]}")


@pytest.mark.parametrize(
    ("before_first", "label"),
    [
        # a sentence, not a place
        ("<b>And here is the story of the engines, told by those who built them:</b>", "built them:"),
        ("<span>Tags:</span><a href='/t/rockets'>rockets</a>", "rockets"),  # not right before the paragraph
        ("<strong>Washington:</strong> said the agency.", "said the agency."),  # text between
    ],
)
def test_other_elements_before_the_first_paragraph_are_left_alone(before_first: str, label: str) -> None:
    parsed = parse_article(_story(before_first), "https://example.com/news/engines", fetched_at=FETCHED)
    assert f"{label} {LEAD[:20]}" not in parsed.body


@pytest.mark.parametrize(
    "furniture",
    [
        # jnsa.org (``dev``)
        ["HOME ＞ イベント・セミナー情報 ＞ Network Security Forum ＞ NSF 2019 in Kansai"],
        ["| | |", "| |", "| トップ > ニュースリリース > 薄型キーボード |"],  # elecom.co.jp (``dev``), a table
        ["-"],  # an empty list item: bloomberg.com (``dev``)
        ["--", "Home › News › Science"],
    ],
)
def test_a_breadcrumb_or_a_line_without_words_above_the_text_goes(furniture: list[str]) -> None:
    assert drop_leading_crumbs([*furniture, LEAD, MORE]) == [LEAD, MORE]


@pytest.mark.parametrize(
    "lines",
    [
        [LEAD, "-", MORE],  # below the first line of prose
        ["Input > Output", LEAD],  # one arrow: a formula, a comparison, not a trail
        [f"Step one > step two > step three is how the {LEAD}", MORE],  # prose
    ],
)
def test_arrows_in_text_and_lines_below_the_lead_stay(lines: list[str]) -> None:
    assert drop_leading_crumbs(lines) == lines


@pytest.mark.parametrize(
    "line",
    [
        "Updated on September 19 at 3:15 p.m.",  # theatlantic.com (``dev``)
        "Updated: 9.45pm",  # breakingnews.ie (``dev``)
        "Updated: Jan 23, 2020, 10.45 AM IST",  # an htmldate page (``dev``)
        "Published: 18 Nov",
    ],
)
def test_a_labelled_date_line_above_the_text_goes(line: str) -> None:
    assert drop_leading_date_lines([line, LEAD, MORE]) == [LEAD, MORE]


@pytest.mark.parametrize(
    "line",
    ["Updated guidance for travellers", "Posted by the editors in 2019 after a long and heated debate"],
)
def test_a_line_opening_with_a_date_label_but_no_date_stays(line: str) -> None:
    assert drop_leading_date_lines([line, LEAD]) == [line, LEAD]
