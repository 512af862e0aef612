"""Issue 15, ninth pass: bylines written as plain text, in no byline markup ("By Jane Doe", "Von …", "Por …",
"Par …", "Texte : …", "بقلم …"), read from the lines under the headline when nothing else names an author."""

from __future__ import annotations

import json

import pytest
from newsflow_ingest.extraction import parse_article
from newsflow_ingest.extraction.authors import classify_byline, clean_author_names

from tests.unit.ingest.extraction.pages import FETCHED

PROSE = (
    "The council voted on Tuesday to expand the city's bus network, adding four routes that will connect the "
    "northern suburbs with the hospital district and the university campus by the end of next year, officials said."
)


def _page(after_h1: str, *, head: str = "", lang: str = "en", h1_tail: str = "", end: str = "") -> str:
    """An article whose byline, if any, is in no element marked as one (no byline/author class, no rel)."""
    return (
        f"<html lang='{lang}'><head><title>Buses | Courier</title>{head}</head><body><div class='page'>"
        f"<div class='head'><h1>Buses run again at night</h1>{h1_tail}{after_h1}</div>"
        f"<div class='text'><p>{PROSE}</p><p>{PROSE}</p>{end}</div></div></body></html>"
    )


def _authors(html: str) -> tuple[list[str], str | None]:
    article = parse_article(html, "https://courier.test/a/1", fetched_at=FETCHED)
    return article.authors, article.organisation


@pytest.mark.parametrize(
    ("line", "lang", "names"),
    [
        ("<p>By Jane Doe</p>", "en", ["Jane Doe"]),
        ("<h4>By <span class='x1'>Jane Doe</span></h4><h4>5 days ago</h4>", "en", ["Jane Doe"]),
        ("<p>By <a href='/staff/jd/'>Jane Doe</a>, <a href='/staff/jr/'>John Roe</a> <span>on Monday, "
         "November 18th, 2019</span></p>", "en", ["Jane Doe", "John Roe"]),
        ("<div>Written by <a href='/team'>Jane Doe</a> on November 14, 2019</div>", "en", ["Jane Doe"]),
        ("<p>Photos and Story By Jane Doe</p>", "en", ["Jane Doe"]),
        ("<p>Von Max Muster und Erika Mustermann</p>", "de", ["Max Muster", "Erika Mustermann"]),
        ("<p>Por Ana Ruiz</p>", "es", ["Ana Ruiz"]),
        ("<p>Par Jean Dupont, publié le 3 mars 2024</p>", "fr", ["Jean Dupont"]),
        ("<p>Texte : Claire Martin</p>", "fr", ["Claire Martin"]),
        ("<p>Door Piet de Vries</p>", "nl", ["Piet de Vries"]),
        ("<p>بقلم أحمد علي</p>", "ar", ["أحمد علي"]),
    ],
)  # fmt: skip
def test_a_plain_text_byline_under_the_headline_names_the_authors(
    line: str, lang: str, names: list[str]
) -> None:
    assert _authors(_page(line, lang=lang)) == (names, None)


def test_the_byline_may_be_the_text_right_after_the_headline_in_its_own_block() -> None:
    """The text after the ``<h1>`` and the inline elements after it are one line: ``<h1>…</h1> by
    MrAJCosplay, <small><time>Dec 19th 2023</time></small>``."""
    tail = " by MrAJCosplay, <small><time datetime='2023-12-19'>Dec 19th 2023</time></small>"
    assert _authors(_page("", h1_tail=tail)) == (["MrAJCosplay"], None)


def test_an_agency_in_a_plain_text_byline_is_the_organisation() -> None:
    assert _authors(_page("<p>By Associated Press</p>")) == ([], "Associated Press")


@pytest.mark.parametrize(
    "line",
    [
        "<p>By the numbers: four routes, ten buses</p>",
        "<p>by 2030 the network will double</p>",
        "<p>Photos by Jane Doe</p>",
        "<figure><img src='a.jpg'><figcaption>By Jane Doe</figcaption></figure>",
        "<p class='photo-credit'>By Jane Doe</p>",
        f"<p>{PROSE} By Jane Doe</p>",
    ],
)
def test_lines_that_are_no_byline_name_no_one(line: str) -> None:
    """A sentence starting "By" followed by a lower-case word or a number, a photo credit, a caption, and a "By"
    inside prose are not bylines."""
    assert _authors(_page(line)) == ([], None)


def test_a_by_line_after_the_prose_has_started_is_not_read_as_the_byline() -> None:
    """The byline sits between the headline and the first paragraph; a "By" line below the prose is the
    next story's, a quoted book's, or a caption's."""
    html = _page("", end="<p>By Jane Doe</p>").replace(
        "<div class='text'>", f"<div class='text'><p>{PROSE}</p>"
    )
    assert _authors(html) == ([], None)


def test_declared_and_marked_bylines_still_come_first() -> None:
    declared = _page("<p>By Jane Doe</p>", head="<meta name='author' content='Ana Ruiz'>")
    assert _authors(declared) == (["Ana Ruiz"], None)
    marked = _page("<p>By Jane Doe</p><p class='byline'>By John Roe</p>")
    assert _authors(marked) == (["John Roe"], None)


def test_a_shown_organisation_replaces_the_site_declared_as_author() -> None:
    """JSON-LD names the site itself as author (a publisher field copied over); the page shows "By
    Associated Press": the reader's credit is the agency, not the site and not nothing."""
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "Buses run again at night",
        "author": {"@type": "Organization", "name": "Courier"},
        "publisher": {"@type": "Organization", "name": "Courier"},
    }
    ld_script = f"<script type='application/ld+json'>{json.dumps(ld)}</script>"
    head = f"<meta property='og:site_name' content='Courier'>{ld_script}"
    assert _authors(_page("<h4>By <span>Associated Press</span></h4>", head=head)) == ([], "Associated Press")
    assert _authors(_page("", head=head)) == ([], None)


def test_a_full_width_slash_before_a_date_goes_with_the_date() -> None:
    """CJK pages write "／" (U+FF0F) between a name and a date; inside a name (the same name in two scripts,
    "NeoL／ネオエル") it stays, as references keep it."""
    assert clean_author_names("ライトハウス国際特許事務所 ／ 2016.12.01") == ["ライトハウス国際特許事務所"]
    assert clean_author_names("NeoL／ネオエル") == ["NeoL／ネオエル"]


def test_every_name_of_a_microdata_author_block_is_read() -> None:
    """One ``itemprop=author`` element may hold a ``itemprop=name`` per writer, glued with no space between
    them ("Paul WisemanFatima Hussein"): each name is a byline of its own."""
    block = (
        "<div itemprop='author' itemscope itemtype='http://schema.org/Person'><span itemprop='name'>Jane Doe"
        "</span><span itemprop='name'>John Roe, The Associated Press</span></div>"
    )
    assert _authors(_page(block)) == (["Jane Doe", "John Roe"], None)


@pytest.mark.parametrize(
    ("raw", "place"),
    [("Reuters, Washington,", "Washington"), ("PTI, New Delhi", "New Delhi"), ("AFP, Paris", "Paris")],
)
def test_a_place_after_a_news_agency_is_the_dateline_not_a_person(raw: str, place: str) -> None:
    """Agency copy is credited "AGENCY, Place" with its dateline: the place is no writer."""
    tokens = classify_byline(raw)
    assert [(t.kind, t.reason) for t in tokens if t.text == place] == [("dropped", "dateline place")]
    assert tokens[0].kind == "organisation"


def test_a_person_before_an_agency_is_still_a_person() -> None:
    assert [t.kind for t in classify_byline("Jane Doe, Reuters")] == ["person", "organisation"]


def test_an_agency_and_its_dateline_in_two_sibling_byline_elements_are_read_as_one_line() -> None:
    """``<a class="author">Reuters, </a><span class="author"> Washington, </span>``: the first ends with a
    comma, so the page shows one list, "Reuters, Washington" — the agency and the place it filed from."""
    byline = (
        "<div><a class='article-author__name' href='/author/reuters'>Reuters, </a>"
        "<span class='article-author__name'> Washington, </span></div>"
    )
    assert _authors(_page(byline)) == ([], "Reuters")
    apart = "<div><span class='author'>Jane Doe</span><span class='author'>John Roe</span></div>"
    assert _authors(_page(apart)) == (["Jane Doe", "John Roe"], None)


LONG_PROSE = PROSE + " " + PROSE


@pytest.mark.parametrize(
    ("credit", "expected"),
    [
        ("<p><i>Reporting by The Associated Press.</i></p>", ([], "The Associated Press")),
        ("<p>Written by Jane Doe</p>", (["Jane Doe"], None)),
        ("<p>— Jane Doe</p>", (["Jane Doe"], None)),
    ],
)
def test_a_credit_closing_the_article_names_the_authors(
    credit: str, expected: tuple[list[str], str | None]
) -> None:
    """With no byline under the headline, the short line right after the last paragraph may credit the
    writer: "Reporting by …", "Written by …", a signature "— Jane Doe"."""
    assert _authors(_page("", end=credit)) == expected


@pytest.mark.parametrize(
    "end",
    [
        "<blockquote><p>Stay hungry, stay foolish.</p><p>— Steve Jobs</p></blockquote>",
        "<p>Additional reporting by Jane Doe.</p>",
        "<p>— Read more about the buses, the routes and the timetable in our guide to the city's transport</p>",
        "<ul><li>Short item</li><li>— Jane Doe</li></ul>",
    ],
)
def test_lines_that_close_no_article_credit_no_one(end: str) -> None:
    """A quotation's attribution, a second hand's "Additional reporting", a dash before a sentence, and a dash
    line after no paragraph of prose are not the closing credit."""
    assert _authors(_page("", end=end)) == ([], None)


@pytest.mark.parametrize(
    "byline",
    [
        "By Jane Doe | Politik",
        "Jane Doe, Futurism",
        "By Jane Doe and John Roe · Culture",
    ],
)
def test_a_single_word_beside_full_names_is_no_writer(byline: str) -> None:
    """A byline that names people by first and last name does not name one of them by a single word: a lone
    capitalised word beside them is a section, a place or a publication ("Politik", "Futurism")."""
    authors, _ = _authors(_page(f"<p class='byline'>{byline}</p>"))
    assert authors and all(" " in name for name in authors)


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("By Anmol", ["Anmol"]),
        ("By Surur and Rahul", ["Surur", "Rahul"]),
        ("山田太郎、Jane Doe", ["山田太郎", "Jane Doe"]),
    ],
)
def test_single_word_names_stay_when_no_full_name_stands_beside_them(byline: str, names: list[str]) -> None:
    """Writers known by one name (or whose script writes no space in a name) are still names."""
    assert _authors(_page(f"<p class='byline'>{byline}</p>")) == (names, None)


@pytest.mark.parametrize(
    "byline",
    [
        "By Jane Doe. Photos by John Roe",
        "By Jane Doe | Photo by John Roe",
        "Written by Jane Doe, Medically reviewed by John Roe, MD",
        "Jane Doe Fact checked by John Roe",
        "By Jane Doe; Graphics by John Roe",
        "Jane Doe, Reviewed by John Roe",
        "By Jane Doe with illustrations by John Roe",
        "Jane Doe Design by John Roe",
    ],
)
def test_credits_for_pictures_reviews_and_design_beside_the_writer_are_no_authorship(byline: str) -> None:
    """Photos, graphics, design, a medical review or a fact check credit other work than the writing."""
    assert clean_author_names(byline) == ["Jane Doe"]


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("Written by Rachael Link, MS, RD", ["Rachael Link"]),
        ("Jane Doe, PhD, and John Roe, M.D.", ["Jane Doe", "John Roe"]),
        ("By Ana Ruiz, RN", ["Ana Ruiz"]),
    ],
)
def test_degrees_after_a_name_are_not_pieces_of_the_byline(byline: str, names: list[str]) -> None:
    """Health and science sites write the writer's degrees after the name, split by commas: "MS", "RD", "PhD"
    are no organisations and no people."""
    assert clean_author_names(byline) == names
