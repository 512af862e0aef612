"""Issue 15, twelfth pass: body rules from the pages where trafilatura's body beat newsflow's, or where newsflow's
body held page furniture (metadata-dev's ``dev`` split and AEB's ``dev`` pages read page by page; the held-out
``check`` split measured as an aggregate only)."""

from __future__ import annotations

import pytest
from newsflow_ingest.extraction import parse_article
from newsflow_ingest.extraction.body import clean_lines, wants_full_cascade
from newsflow_ingest.extraction.boilerplate import drop_trailing_links
from newsflow_ingest.extraction.document import load_document
from newsflow_ingest.extraction.edge_lines import drop_closing_notes, drop_leading_date_lines

from tests.unit.ingest.extraction.pages import FETCHED, PROSE

_URL = "https://paper.test/news/council-votes"


def _body(page: str) -> str:
    return parse_article(page, _URL, fetched_at=FETCHED).body


def test_a_body_that_opens_with_the_site_menu_is_read_again_by_the_full_cascade() -> None:
    # Times of India (two pages) and Focus Taiwan on metadata-dev ``dev``: the fast extraction took the whole page,
    # 27 to 60 menu lines ("Edition", "IN", "US", "Maharashtra", "Delhi", …) above the story and rails below it;
    # the story's paragraphs are most of its text, so the prose-share test (below half) did not call the cascade,
    # which finds the story alone.
    menu = "".join(f"<div><a href='/section-{n}'>Section {n}</a></div>" for n in range(30))
    story = "".join(f"<div>{PROSE} Part {n}.</div>" for n in range(4))
    page = (
        "<html lang='en'><head><title>Council votes</title></head><body>"
        f"<div>{menu}</div><div><h1>Council votes</h1>{story}</div></body></html>"
    )
    body = _body(page)
    assert "Section 0" not in body and "Section 29" not in body
    assert body.count(PROSE) == 4


def test_the_menu_test_counts_the_short_lines_above_the_first_line_of_prose() -> None:
    prose = [f"{PROSE} Part {n}." for n in range(6)]
    menu = [f"Section {n}" for n in range(20)]
    assert wants_full_cascade(menu + prose)
    # an article's own header (kicker, headline, byline, date, a few labels) is not a menu
    header = ["World", "Council votes", "By Jane Doe", "May 1, 2024", "Share", "Comments"]
    assert not wants_full_cascade(header + prose)
    # short lines further down (a list, a table) are the article's
    assert not wants_full_cascade(prose[:1] + menu + prose[1:])
    # mostly short lines anywhere: the cascade, as before
    assert wants_full_cascade(prose[:1] + menu * 3)
    # no prose at all (a link list, a listing page): no cascade, it finds none either
    assert not wants_full_cascade(menu)


def _story(*closing: str) -> str:
    paragraphs = "".join(f"<p>{PROSE} Part {n}.</p>" for n in range(4))
    notes = "".join(f"<p>{line}</p>" for line in closing)
    return (
        "<html lang='en'><head><title>Council votes</title></head><body><h1>Council votes</h1>"
        f"<article><div class='story'>{paragraphs}{notes}</div></article></body></html>"
    )


@pytest.mark.parametrize(
    "note",
    [
        "Read the original article on Parents.",  # Yahoo and AOL's syndication footer (aol.com, dev)
        "paul.takahashi@chron.com",  # the reporter's address alone on a line (Hearst papers: chron.com, AEB)
        "twitter.com/paultakahashi",
        "@paultakahashi",
        "Contact Ian with AI stories via email, ian.krietzberg@thearenagroup.net",  # TheStreet, dev
    ],
)
def test_a_syndication_footer_or_the_writers_bare_address_at_the_end_is_a_closing_note(note: str) -> None:
    body = _body(_story(note))
    assert note not in body
    assert body.count(PROSE) == 4


@pytest.mark.parametrize(
    "line",
    [
        "To reach the council, email council@city.gov or call 555-0100.",  # a sentence with an address stays
        "Contact tracing with the new app starts on Monday across the northern suburbs.",
    ],
)
def test_a_sentence_holding_an_address_at_the_end_stays(line: str) -> None:
    assert line in _body(_story(line))


@pytest.mark.parametrize(
    "line",
    [
        "GET FOX BUSINESS ON THE GO BY CLICKING HERE",  # Fox Business (AEB and dev)
        "CLICK HERE TO READ MORE FROM THE WASHINGTON EXAMINER",  # Washington Examiner (dev)
        "CLICK HERE TO GET THE FOX NEWS APP",
    ],
)
def test_a_call_in_capitals_to_click_here_is_not_article_text(line: str) -> None:
    page = _story().replace("Part 1.</p>", f"Part 1.</p><p><a href='/app'>{line}</a></p>")
    body = _body(page)
    assert line not in body
    assert body.count(PROSE) == 4


def test_a_pointer_in_sentence_case_to_click_here_stays() -> None:
    # The Daily Reporter's "For Michigan's full 2023-24 schedule, click here." is kept by its reference; and AEB's
    # gold keeps "CLICK FOR FULL STATE SWIM RESULTS" (no "here": the tenth pass's capitals rule was withdrawn).
    for line in ("For Michigan's full 2023-24 schedule, click here.", "CLICK FOR FULL STATE SWIM RESULTS"):
        page = _story().replace("Part 1.</p>", f"Part 1.</p><p><a href='/more'>{line}</a></p>")
        assert line in _body(page)


@pytest.mark.parametrize(("outer", "inner"), [("{}", "<p>{}</p>"), ("<ul>{}</ul>", "<li>{}</li>")])
def test_a_run_of_linked_headlines_just_above_the_closing_note_goes(outer: str, inner: str) -> None:
    # Space.com (AEB, two pages): a list of other stories' linked headlines between the story's last paragraph
    # and the writer's closing note ("Mike Wall's book … is out now.", "Editor's note: This story was updated at
    # …"); the note is the story's and stays. Allure (dev): the same after "Now, see some more of our favorite
    # makeup:", above "Now, watch …".
    titles = ("Moon Rush: Private Lunar Lander Plans", "Keck Observatory: Twin Telescopes")
    links = outer.format("".join(inner.format(f"<a href='/other-{n}'>{t}</a>") for n, t in enumerate(titles)))
    note = "Editor's note: This story was updated at 5:45 p.m. ET to include details from the telecon."
    body = _body(_story().replace("Part 3.</p>", f"Part 3.</p>{links}<p>{note}</p>"))
    assert "Moon Rush" not in body and "Keck Observatory" not in body
    assert note in body and body.count(PROSE) == 4


def test_linked_headlines_followed_by_more_than_one_line_stay() -> None:
    # cleveland.com (dev): "Previously" and four linked earlier columns, then "See all columns" and the column's
    # biography; its reference keeps the links.
    links = "".join(
        f"<p><a href='/abby-{n}'>Dear Abby: letter number {n} about family</a></p>" for n in range(3)
    )
    closing = (
        "<p>See all columns by this writer on our site</p><p>Dear Abby is written by Abigail Van Buren.</p>"
    )
    body = _body(_story().replace("Part 3.</p>", f"Part 3.</p>{links}{closing}"))
    assert "Dear Abby: letter number 0 about family" in body


def test_the_click_to_tweet_button_after_a_quoted_sentence_goes_and_the_sentence_stays() -> None:
    # WordPress's "Better Click To Tweet" box (bigbrandsystem.com, AEB, two pages): the sentence and its button
    # are one link, so the line ends "…continuum.'Click To Tweet"; the gold keeps the sentence.
    quote = "Every online business exists in the 'space-time continuum.'"
    assert clean_lines([PROSE, f"{quote}Click To Tweet", "Click to tweet"]) == [PROSE, quote]
    assert clean_lines(["How to retweet"]) == ["How to retweet"]


def test_a_header_label_written_as_a_list_item_goes() -> None:
    # BBC News (dev): the header's "Published" label is a list item ("- Published" in the extractor's lines), so
    # the lone-label test of the tenth pass did not see it.
    assert drop_leading_date_lines(["- Published", PROSE]) == [PROSE]
    assert drop_closing_notes([PROSE, PROSE, "- Reporting by The Associated Press."]) == [PROSE, PROSE]


def test_an_update_stamp_below_the_text_goes() -> None:
    # The Hill (AEB): "Updated at 1:23 p.m." as the body's last line; the tenth pass only looked above the text.
    assert drop_closing_notes([PROSE, PROSE, "Updated at 1:23 p.m."]) == [PROSE, PROSE]
    assert drop_closing_notes([PROSE, "Updated figures show 40 routes were added."]) == [
        PROSE,
        "Updated figures show 40 routes were added.",
    ]


@pytest.mark.parametrize("label", ["Popular on IndieWire", "More:", "Recommended Videos", "Read More"])
def test_a_promotion_label_left_alone_at_the_end_goes(label: str) -> None:
    # IndieWire, Al Jazeera (AEB), The Escapist (dev): the label of a box whose links the page fills by script.
    root = load_document(f"<html><body><p>{PROSE}</p><p>{label}</p></body></html>")
    assert drop_trailing_links([PROSE, PROSE, label], root) == [PROSE, PROSE]


def test_a_last_line_that_only_mentions_popularity_stays() -> None:
    root = load_document(f"<html><body><p>{PROSE}</p></body></html>")
    line = "Popular on campus since 1962"
    assert drop_trailing_links([PROSE, line], root) == [PROSE, line]
