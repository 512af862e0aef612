"""Issue 15, eighth pass: titles on publishers never seen — which of the page's renderings is the headline."""

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


# --- an <h1> sharing no word with the <title>: a heading over the text, or a widget's/logo's ---


def test_an_h1_heading_the_article_text_stays_the_headline_beside_an_unrelated_title_tag() -> None:
    # the <title> names the document ("Daring Fireball: Colophon", a book's name on a chapter page); the
    # <h1> right above the article's paragraphs is what readers see as its headline
    page = (
        "<html><head><title>Stadtanzeiger: Impressum und Kontakt</title></head><body>"
        "<div id='nav'><a href='/'>Start</a></div>"
        f"<div class='article'><h1>About This Site</h1><p class='byline'>Written by Ann Lee</p><p>{PROSE}</p>"
        "</div></body></html>"
    )
    assert _parse(page) == "About This Site"
    # the <article> element holding the heading holds the text (paragraphs inside a wrapper of their own)
    fixture = (
        "<html><head><title>Basic tag cleaning test</title></head><body>"
        f"<article><h1>Lorem</h1><div><p>{PROSE}</p><p>{PROSE}</p></div></article></body></html>"
    )
    assert _parse(fixture, "a/3") == "Lorem"


def test_an_unrelated_h1_in_a_widget_or_logo_still_gives_way_to_the_title_tag() -> None:
    popup = (
        "<html><head><title>Neue Buslinien ab Mai | Stadtanzeiger</title></head><body>"
        "<div class='popup'><div class='top'><h1>Original text</h1></div>"
        "<div class='bottom'><span>Contribute a better translation</span></div></div>"
        f"<article><p>{PROSE}</p><p>{PROSE}</p></article></body></html>"
    )
    assert _parse(popup) == "Neue Buslinien ab Mai"
    logo = (
        "<html><head><title>Neue Buslinien ab Mai | Stadtanzeiger</title></head><body>"
        "<div id='header'><a href='/'><h1>Enter Media</h1></a><ul><li><a href='/n'>News</a></li></ul></div>"
        f"<div id='main'><h2>Neue Buslinien ab Mai</h2><p>{PROSE}</p></div></body></html>"
    )
    assert _parse(logo, "a/2") == "Neue Buslinien ab Mai"


# --- a social title beside a <title> that prints the <h1> ---


def test_the_h1_wins_over_og_title_when_the_title_tag_prints_that_h1() -> None:
    # og:title is the social card's wording ("Schrödinger's Hack"); the <title>, its site suffix removed, and
    # the <h1> agree on the headline the page shows
    headline = "Hacking, Cryptography, and the Countdown to Quantum Computing"
    page = (
        f"<html><head><title>{headline} | The Weekly Review</title>"
        "<meta property='og:title' content='Schrödinger’s Hack'>"
        "<meta property='og:site_name' content='The Weekly Review'></head><body>"
        f"<article><h1>{headline}</h1><p>{PROSE}</p></article></body></html>"
    )
    assert _parse(page) == headline


def test_og_title_stays_when_the_title_tag_does_not_print_the_h1() -> None:
    page = (
        "<html><head><title>Cryptography news | The Weekly Review</title>"
        "<meta property='og:title' content='Schrödinger’s Hack'></head><body>"
        f"<article><h1>The Weekly Review</h1><p>{PROSE}</p></article></body></html>"
    )
    assert _parse(page) == "Schrödinger’s Hack"
