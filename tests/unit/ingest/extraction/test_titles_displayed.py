"""Issue 15, tenth pass: the displayed headline over declared titles written for search engines and social
cards, on publishers never seen."""

from __future__ import annotations

from datetime import UTC, datetime

from newsflow_ingest.extraction import parse_article

FETCHED = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
PROSE = (
    "The council voted on Tuesday to expand the city's bus network, adding four routes that will connect the "
    "northern suburbs with the hospital district and the university campus by the end of next year."
)


def _parse(page: str, path: str = "a/1") -> str | None:
    return parse_article(page, f"https://stadtanzeiger.test/{path}", fetched_at=FETCHED).title


def test_a_declaration_equal_to_the_h1_but_for_its_quote_marks_counts_as_declaring_it() -> None:
    # JSON-LD carries the search headline; og:title is the printed <h1> typed with straight quotes where the
    # page prints curly ones: the two agree on the displayed headline
    search = "Timetable glitches blamed on heavy demand by transport chief Anna Weber"
    page = (
        f"<html><head><title>{search} - Stadtanzeiger</title>"
        "<meta property='og:title' content=\"'We had some issues,' council says on timetable glitches\">"
        f'<script type=\'application/ld+json\'>{{"@type": "NewsArticle", "headline": "{search}"}}'
        "</script></head><body>"
        "<div class='head'><h1>‘We had some issues,’ council says on timetable glitches</h1></div>"
        f"<div class='story'><p>{PROSE}</p></div>"
        "</body></html>"
    )
    assert _parse(page) == "‘We had some issues,’ council says on timetable glitches"


def test_the_h1_heading_the_text_wins_over_declarations_that_agree_on_a_search_title() -> None:
    # og:title, twitter:title and the <title> agree on the wording written for search engines; the page
    # prints another headline over the text, and readers know the story by that one
    seo = "13 Ways To Expand The Bus Network In The Most Useful Way Possible"
    page = (
        f"<html><head><title>{seo} | Stadtanzeiger</title>"
        f"<meta property='og:title' content='{seo}'><meta name='twitter:title' content='{seo}'>"
        "<meta property='og:site_name' content='Stadtanzeiger'></head><body>"
        "<header><a href='/'>Stadtanzeiger</a></header>"
        f"<main><h1>The Quiet Power Of A Better Bus Network</h1><p>{PROSE}</p><p>{PROSE}</p></main></body></html>"
    )
    assert _parse(page) == "The Quiet Power Of A Better Bus Network"


def test_a_declared_title_printed_as_a_heading_stays_over_another_story_in_the_h1() -> None:
    # an aggregator's page: the <h1> is the top story of a list (with its teaser), the article's own
    # headline, which og:title declares, is printed as an <h2> further down
    headline = "The Early Reviews For The New Bus Routes Are Here"
    page = (
        f"<html><head><title>{headline} - Stadtanzeiger</title>"
        f"<meta property='og:title' content='{headline} - Stadtanzeiger'></head><body>"
        f"<div class='top'><h1 class='headline'>Why Don't You Take The Tram?</h1><p>{PROSE}</p></div>"
        f"<article><h2 class='headline'>{headline}</h2><p>{PROSE}</p><p>{PROSE}</p></article></body></html>"
    )
    assert _parse(page) == headline

