"""Issue 15, eighth pass: titles on publishers never seen — which of the page's renderings is the headline."""

from __future__ import annotations

from newsflow_ingest.extraction import parse_article

from tests.unit.ingest.extraction.pages import FETCHED, PROSE


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


# --- declarations that word different headlines: the story was retitled ---


def test_the_printed_h1_wins_when_the_declared_titles_disagree_with_each_other() -> None:
    # JSON-LD and <title> say one thing, og:title another: titled apart for search and for social cards (or
    # retitled since); the heading printed over the text is the one readers see
    page = (
        "<html><head><title>Get a rare look at how the show is made - Polygon</title>"
        "<meta property='og:title' content='The documentary sweats the small stuff'>"
        '<script type=\'application/ld+json\'>{"@type": "NewsArticle", '
        '"headline": "Get a rare look at how the show is made"}</script></head><body>'
        f"<article><h1>Documentary reveals the artist behind the show</h1><p>{PROSE}</p></article></body></html>"
    )
    assert _parse(page) == "Documentary reveals the artist behind the show"


def test_agreeing_declarations_stay_ahead_of_a_different_h1() -> None:
    # every declaration words one headline: an <h1> that shares little with it (a series name, a promo) is not
    # taken, even over prose
    page = (
        "<html><head><title>Get a rare look at how the show is made - Polygon</title>"
        "<meta property='og:title' content='Get a rare look at how the show is made'>"
        "<meta property='og:site_name' content='Polygon'></head><body>"
        f"<article><h1>Behind the scenes: our series</h1><p>{PROSE}</p></article></body></html>"
    )
    assert _parse(page) == "Get a rare look at how the show is made"
    # punctuation alone does not make two wordings ("Germanys" / "Germany's")
    same = page.replace(
        "content='Get a rare look at how the show is made'",
        "content='Get a Rare Look, at How the Show Is Made'",
    )
    assert _parse(same, "a/2") == "Get a Rare Look, at How the Show Is Made"


# --- an <h1> kept off the screen ---


def test_an_h1_for_screen_readers_only_is_not_the_headline() -> None:
    # the site's name repeated as an <h1> for screen readers (class "--visuallyHidden", "sr-only") before the
    # printed headline; og:title quotes the film's name, the printed headline does not
    shown = "Fantastic Beasts: A Nice Place to Visit"
    page = (
        "<html><head><meta property='og:title' content='‘Fantastic Beasts’: A Nice Place to Visit'></head><body>"
        "<header><h1 class='--visuallyHidden'>The New Republic</h1></header>"
        f"<article><h1 class='article-headline'>{shown}</h1><p>{PROSE}</p></article></body></html>"
    )
    assert _parse(page) == shown
    shown_again = page.replace("--visuallyHidden", "not-sr-only")  # Tailwind's class that shows it again
    assert _parse(shown_again, "a/2") == "‘Fantastic Beasts’: A Nice Place to Visit"
