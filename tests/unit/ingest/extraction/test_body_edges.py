"""Issue 15, tenth pass: page furniture written as plain lines at the edges of the body (the date line above the
text, credit notes, biographies and follow prompts below it), found on metadata-dev's ``dev`` split and AEB,
whose references leave them out."""

from __future__ import annotations

import pytest
from newsflow_ingest.extraction import parse_article
from newsflow_ingest.extraction.boilerplate import drop_link_lines, drop_trailing_links
from newsflow_ingest.extraction.document import load_document
from newsflow_ingest.extraction.edge_lines import (
    drop_closing_notes,
    drop_leading_date_lines,
    is_follow_prompt,
)

from tests.unit.ingest.extraction.pages import FETCHED, PROSE

MORE = (
    "Officials said the new routes would cost about twelve million dollars a year to run, paid for by the "
    "regional transport levy that voters approved in a referendum two years ago."
)


def _page(article: str, *, byline: str = "") -> str:
    author = f"<meta name='author' content='{byline}'>" if byline else ""
    return (
        f"<html lang='en'><head><title>Council votes</title>{author}</head><body><h1>Council votes</h1>"
        f"<article>{article}</article><footer><p>© The Paper</p></footer></body></html>"
    )


@pytest.mark.parametrize(
    "line",
    [
        "December 20, 2023",
        "Sunday 17 December 2023 17:23, UK",
        "9/8/2015 12:15 PM PT",
        "UPDATED: Tue., Nov. 19, 2019",
        "Published 18 November 2019",
        "기사입력 :[ 2018-08-25 15:24 ]",
        "Published",
        "segunda-feira, 22 de janeiro de 2018 às 0:13",  # eight words, all of them the date
    ],
)
def test_a_date_line_above_the_text_goes(line: str) -> None:
    # bleacherreport.com, news.sky.com, tmz.com, bbc.com (``dev``); spokesman.com, snopes.com, entermedia.co.kr
    # (AEB): the header's date, kept by the extractor because it sits in the article element.
    assert drop_leading_date_lines([line, PROSE, MORE]) == [PROSE, MORE]


def test_a_date_line_with_the_byline_goes() -> None:
    # egotasticsports.com (``dev``): "Tex Hollywood - December 21, 2023", the byline's name and the date.
    lines = ["Tex Hollywood - December 21, 2023", PROSE]
    assert drop_leading_date_lines(lines, ["Tex Hollywood"]) == [PROSE]


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("By Gregory Day", ["Gregory Day"]),  # smh.com.au (``dev``)
        ("by MrAJCosplay,", ["MrAJCosplay"]),  # animenewsnetwork.com (``dev``)
        ("Staff Reports", ["Staff Reports"]),  # therepublic.com (AEB)
        ("Tempo de leitura: 2 minutos", []),  # comoeducarseusfilhos.com.br (AEB)
        ("5 min read", []),
        ("Reading time: 3 minutes", []),
    ],
)
def test_a_byline_or_reading_time_line_above_the_text_goes(line: str, names: list[str]) -> None:
    assert drop_leading_date_lines([line, PROSE], names) == [PROSE]


def test_a_heading_that_is_not_the_byline_stays() -> None:
    assert drop_leading_date_lines(["Gregory Day", PROSE], ["Robyn Annear"]) == ["Gregory Day", PROSE]


@pytest.mark.parametrize(
    "line",
    [
        "OSS×クラウド最新TOPICS 2019年3月15日 09:43",  # a section label in a script without spaces
        "The vote on March 3, 2024 changed the city's plans",  # a heading that mentions a date
        "Results",
    ],
)
def test_other_short_lines_at_the_top_stay(line: str) -> None:
    assert drop_leading_date_lines([line, PROSE]) == [line, PROSE]


def test_a_date_line_below_the_first_paragraph_stays() -> None:
    assert drop_leading_date_lines([PROSE, "December 20, 2023", MORE]) == [PROSE, "December 20, 2023", MORE]


@pytest.mark.parametrize(
    "note",
    [
        "Reporting by The Associated Press.",
        "Includes information from The Associated Press",
        "(Reporting by Greg Roumeliotis, Joshua Franklin; editing by Martin Howell.)",
        "Additional reporting by Joseph Hudak",
        "This piece originally appeared in The Ripon Society",
        "This post originally appeared on HuffPost.",
        "Cross-posted from the Boston Globe.",
        "[Image via MEGA/WENN]",
        "Source images by Stephen Simpson and Maskot/Getty Images.",
        "Image Source: Nicole Cohen",
        "[Featured Image by Joe Raedle/Getty Images]",
    ],
)
def test_a_credit_note_at_the_end_goes(note: str) -> None:
    # foxsports.com, usatoday.com, heritage.org, buzzfeed.com, blogs.berkeley.edu (``dev``); Reuters copy (AEB)
    assert drop_closing_notes([PROSE, MORE, note]) == [PROSE, MORE]


@pytest.mark.parametrize(
    "note",
    [
        "Keith Bradsher contributed reporting from Hong Kong.",
        "Associated Press writers Alan Fram and Zeke Miller contributed to this report.",
        "SOURCE: News agencies",
        "Have a tip? Amy Kuperinsky may be reached at akuperinsky@example.com.",
        "Reach the reporters on Twitter at http://twitter.com/example",
        "Email Tariq Malik at tmalik@example.com or follow him @tariqjmalik.",
        "Comments",
        "Post Your Comment",
        "Tell us what YOU think...",
        "Filed under: Khawarij |",
        "Explore further",
    ],
)
def test_contributors_contacts_and_comment_labels_at_the_end_go(note: str) -> None:
    # fastcompany.com, intouchweekly.com, forbesindia.com (``dev``); nytimes.com, AP copy, nj.com, space.com,
    # aljazeera.com, morebikes.co.uk, phys.org (AEB): the story's notes and the comment section's label.
    assert drop_closing_notes([PROSE, MORE, note]) == [PROSE, MORE]


def test_an_ending_sentence_about_contacting_officials_stays() -> None:
    lines = [PROSE, "Contact tracing teams at the clinic said on Friday that the outbreak was contained."]
    assert drop_closing_notes(lines) == lines


def test_an_ending_sentence_about_pictures_stays() -> None:
    lines = [PROSE, "Photos taken by the drone show the flooded fields."]
    assert drop_closing_notes(lines) == lines


def test_a_credit_note_in_the_middle_stays() -> None:
    lines = [PROSE, "Reporting by the city's transport office shows delays.", MORE, MORE, MORE]
    assert drop_closing_notes(lines) == lines


@pytest.mark.parametrize(
    ("names", "biography"),
    [
        (
            ["Caroline Delbert"],
            "Caroline Delbert is a writer, avid reader, and contributing editor at Pop Mech.",
        ),
        (["Kaitlyn McCormick"], "Kaitlyn McCormick writes about trending issues and community news."),
        (["Rose Minutaglio"], "Rose is a Senior Editor at ELLE overseeing features and projects."),
        (["Patrick Healy"], "Mr. Healy is the deputy Opinion editor."),
    ],
)
def test_the_writers_biography_at_the_end_goes(names: list[str], biography: str) -> None:
    # popularmechanics.com, thedailyjournal.com, elle.com, nytimes.com (``dev``); ign.com (AEB)
    assert drop_closing_notes([PROSE, MORE, biography], names) == [PROSE, MORE]


def test_a_sentence_about_someone_else_at_the_end_stays() -> None:
    lines = [PROSE, "Jane Doe is the council's transport chair and backed the plan."]
    assert drop_closing_notes(lines, ["John Smith"]) == lines


def test_a_body_of_notes_only_stays() -> None:
    assert drop_closing_notes(["Reporting by The Associated Press."]) == [
        "Reporting by The Associated Press."
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Follow the New York Times Opinion section on Facebook, Instagram, TikTok, X and Threads.", True),
        ("Follow Deputy Editor Nicolas Stecher on Instagram at @nickstecher.", True),
        ("Follow Newsbeat on Instagram, Facebook, Twitter and YouTube.", True),
        ("Follow the money, the investigators said on Tuesday, and the trail leads abroad.", False),
    ],
)
def test_follow_prompts(line: str, expected: bool) -> None:
    assert is_follow_prompt(line) is expected


def test_the_body_loses_its_edges() -> None:
    # The whole path: the date line in the article's header, the writer's biography and a follow prompt below.
    article = (
        "<div class='meta'><span>December 20, 2023</span></div>"
        f"<p>{PROSE}</p><p>{MORE}</p>"
        "<p>Follow the Paper's metro desk on Facebook and Instagram.</p>"
        "<p>Jane Roe covers transport and city hall for the Paper.</p>"
    )
    parsed = parse_article(
        _page(article, byline="Jane Roe"), "https://paper.example/news/council-votes", fetched_at=FETCHED
    )
    assert parsed.body.split("\n\n") == [PROSE, MORE]


@pytest.mark.parametrize(
    ("line", "anchor"),
    [
        # the label inside the link: pbs.org, perezhilton.com (``dev``), remember8090.it (AEB)
        ("READ MORE: Stolen Banksy work found in Italy", "READ MORE: Stolen Banksy work found in Italy"),
        ("Related: Gigi Hadid supports the food truck!", "Related: Gigi Hadid supports the food truck!"),
        (
            "(Leggi anche su: I Cavalieri dello Zodiaco –FOTO)",
            "Leggi anche su: I Cavalieri dello Zodiaco –FOTO",
        ),
        # labels of other words: weather.com, thedailyreporter.com, parade.com (``dev``), zdnet.com, rt.com (AEB)
        ("(MORE: Iceland Volcano Eruption: What We Know)", "Iceland Volcano Eruption: What We Know"),
        (
            "REQUIRED READING: Howard cleared to return as head coach",
            "Howard cleared to return as head coach",
        ),
        (
            "Next: Miley Cyrus Shares Passionate Cover of a Carol",
            "Miley Cyrus Shares Passionate Cover of a Carol",
        ),
        ("Also: See Black Friday coverage at CNET", "See Black Friday coverage at CNET"),
        ("Related post: Pickled Brussels Sprouts Recipe", "Pickled Brussels Sprouts Recipe"),
        (
            "Also on rt.com Journalists threatened with arrests",
            "Also on rt.com Journalists threatened with arrests",
        ),
    ],
)
def test_a_labelled_link_to_another_story_goes(line: str, anchor: str) -> None:
    root = load_document(f"<html><body><p>{PROSE}</p><p><a href='/other'>{anchor}</a></p></body></html>")
    assert drop_link_lines([PROSE, line, MORE], root) == [PROSE, MORE]


def test_a_labelled_line_whose_link_is_a_word_stays() -> None:
    # only the line's whole remainder (or the whole line) as a link's text marks a link to another story
    root = load_document(
        "<html><body><p>Next: the council <a href='/c'>votes</a> again in May.</p></body></html>"
    )
    line = "Next: the council votes again in May."
    assert drop_link_lines([PROSE, line], root) == [PROSE, line]


def _linked(*texts: str) -> str:
    return "".join(f"<p><a href='/s{n}'>{text}</a></p>" for n, text in enumerate(texts))


def test_a_trailing_run_of_linked_headlines_goes_with_its_label() -> None:
    # cleveland.com (AEB): "You may also like..." and three other stories' headlines after the article
    links = ("Who will make the Rock Hall in 2020?", "Dave Matthews Band takes over the fan vote")
    root = load_document(f"<html><body><p>{PROSE}</p>{_linked(*links)}</body></html>")
    lines = [PROSE, MORE, "You may also like...", *links]
    assert drop_trailing_links(lines, root) == [PROSE, MORE]


def test_one_linked_line_at_the_end_stays() -> None:
    root = load_document(f"<html><body><p>{PROSE}</p>{_linked('Read the full report')}</body></html>")
    assert drop_trailing_links([PROSE, MORE, "Read the full report"], root) == [
        PROSE,
        MORE,
        "Read the full report",
    ]


def test_linked_lines_in_the_middle_stay() -> None:
    links = ("The budget", "The vote")
    root = load_document(f"<html><body>{_linked(*links)}</body></html>")
    lines = [PROSE, *links, MORE]
    assert drop_trailing_links(lines, root) == lines
