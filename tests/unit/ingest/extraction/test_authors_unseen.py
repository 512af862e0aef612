"""Issue 15, eighth pass: bylines on publishers never seen (desk credits, names with a bracketed middle, ...)."""

from __future__ import annotations

import pytest
from newsflow_ingest.extraction import parse_article
from newsflow_ingest.extraction.authors import classify_byline

from tests.unit.ingest.extraction.pages import FETCHED, PROSE


def _byline_page(byline: str, head: str = "", lang: str = "en") -> str:
    return (
        f"<html lang='{lang}'><head><title>Buses | Courier</title>{head}</head><body><article><h1>Buses run"
        f" again at night</h1><div class='byline'>{byline}</div><p>{PROSE}</p><p>{PROSE}</p></article>"
        "</body></html>"
    )


def _kinds(raw: str) -> list[tuple[str, str, str]]:
    return [(t.text, t.kind, t.reason) for t in classify_byline(raw)]


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("AOL Staff", "AOL Staff"),
        ("By National Desk", "National Desk"),
        ("BWW News Desk", "BWW News Desk"),
        ("Smart Shopping Team", "Smart Shopping Team"),
        ("Our Foreign Staff", "Our Foreign Staff"),
        ("ZDNet Japan Staff", "ZDNet Japan Staff"),
        ("Staff Reports", "Staff Reports"),
        ("JERUSALEM POST STAFF", "Jerusalem Post Staff"),
        ("TMZ STAFF", "TMZ Staff"),
    ],
)
def test_a_desk_or_staff_credit_is_an_organisation_as_displayed(raw: str, text: str) -> None:
    """The collective word is part of the credit: "AOL Staff" is the desk, not "AOL"."""
    assert _kinds(raw) == [(text, "organisation", "desk or staff credit")]


def test_a_desk_credit_alone_is_the_organisation_byline_and_beside_a_person_it_goes() -> None:
    alone = parse_article(
        _byline_page("By Our Foreign Staff"), "https://courier.test/a/1", fetched_at=FETCHED
    )
    assert (alone.authors, alone.organisation) == ([], "Our Foreign Staff")
    beside = parse_article(
        _byline_page("By Ana Ruiz and Our Foreign Staff"), "https://courier.test/a/2", fetched_at=FETCHED
    )
    assert (beside.authors, beside.organisation) == (["Ana Ruiz"], None)


@pytest.mark.parametrize("raw", ["Staff", "Editor", "Jane Doe, Staff Writer", "Games Editor"])
def test_a_lone_role_or_a_job_title_is_still_no_organisation(raw: str) -> None:
    assert all(t.kind != "organisation" for t in classify_byline(raw))


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("Richard (R.J.) Eskow", "Richard (R.J.) Eskow"),
        ("Bruno (Henrique Zecchin) Rodrigues", "Bruno (Henrique Zecchin) Rodrigues"),
        ("Elena Oberholzer (obe)", "Elena Oberholzer"),
        ("Jane Doe (Reuters)", "Jane Doe"),
    ],
)
def test_a_bracket_inside_a_name_is_kept_and_one_after_it_cut(raw: str, name: str) -> None:
    """A nickname or middle names in brackets sit between a first and a last name; a bracket at the end is a
    sign or an affiliation."""
    assert [t.text for t in classify_byline(raw) if t.kind == "person"] == [name]


@pytest.mark.parametrize(
    ("raw", "kinds"),
    [
        # an acronym is an affiliation, not a name to write in title case
        ("By Chip Mitchell | WBEZ", [("Chip Mitchell", "person", ""), ("WBEZ", "person", "")]),
        # a label before the name, Japanese and European
        ("著者：後藤大地", [("後藤大地", "person", "")]),
        ("Autor: Max Muster", [("Max Muster", "person", "")]),
        # a translator's and an editor's credit are not the author's
        (
            "Eric Freeman 著、嶋田 健志 監訳、木下 哲也 訳",
            [("Eric Freeman", "person", ""), ("嶋田 健志 監訳", "dropped", "other credit"),
             ("木下 哲也 訳", "dropped", "other credit")],
        ),
        (
            "Written by Rob Ewaschuk Edited by Betsy Beyer",
            [("Rob Ewaschuk", "person", ""), ("Edited by Betsy Beyer", "dropped", "other credit")],
        ),
        ("Photography by Whitney Hayes", [("Photography by Whitney Hayes", "dropped", "other credit")]),
        # co-authors in brackets after the first
        (
            "Martin Untersinger (avec Damien Leloup et Morgane Tual)",
            [("Martin Untersinger", "person", ""), ("Damien Leloup", "person", ""), ("Morgane Tual", "person", "")],
        ),
        # a link's "View all posts by" label
        ("View all posts by Will Macmaster", [("Will Macmaster", "person", "")]),
        # a date glued to the affiliation, which is cut off with it
        ("By Joe Davidson Washington PostDec 13, 2016 at 3:45 pm", [("Joe Davidson", "person", "")]),
        ("By Meg Wagner NEW YORK DAILY NEWSDec 16, 2016 at 1:38 pm", [("Meg Wagner", "person", "")]),
    ],
)  # fmt: skip
def test_byline_labels_credits_and_affiliations_around_names(
    raw: str, kinds: list[tuple[str, str, str]]
) -> None:
    assert _kinds(raw) == kinds


def test_an_acronym_beside_a_person_is_an_affiliation() -> None:
    parsed = parse_article(
        _byline_page("By Chip Mitchell | WBEZ"), "https://courier.test/a/3", fetched_at=FETCHED
    )
    assert (parsed.authors, parsed.organisation) == (["Chip Mitchell"], None)


def test_a_name_starting_with_the_is_an_organisation_and_the_shown_person_wins() -> None:
    ld = (
        '{"@context":"https://schema.org","@type":"NewsArticle",'
        '"author":{"@type":"Person","name":"The Worcester Telegram"}}'
    )
    head = f"<script type='application/ld+json'>{ld}</script>"
    page = _byline_page("Sarah Barnacle", head=head)
    parsed = parse_article(page, "https://eu.telegram.test/a/4", fetched_at=FETCHED)
    assert (parsed.authors, parsed.organisation) == (["Sarah Barnacle"], None)


@pytest.mark.parametrize(
    ("raw", "text"), [("The New York Times", "The New York Times"), ("Reuters Staff", "Reuters")]
)
def test_a_publication_or_an_agency_desk_keeps_its_name(raw: str, text: str) -> None:
    assert [t.text for t in classify_byline(raw)] == [text]


@pytest.mark.parametrize(
    ("raw", "kinds"),
    [
        # a picture credit in brackets, as a caption prints it
        ("(Image: Instagram/demimoore)", [("(Image: Instagram/demimoore)", "dropped", "picture credit label")]),
        # a handle: one word starting in lower case ("saffronotterMirror", a Facebook page's slug)
        ("saffronotterMirror", [("saffronotterMirror", "dropped", "not a name (role, handle, date or label)")]),
        # the writer's biography in the byline box is a sentence, not names
        (
            "Saima Sidik Author Saima Sidik is science journalist based in Somerville, Massachusetts.",
            [("Saima Sidik Author Saima Sidik is science journalist based in Somerville, Massachusetts.",
              "dropped", "biography")],
        ),
    ],
)  # fmt: skip
def test_picture_credits_handles_and_biographies_are_not_names(
    raw: str, kinds: list[tuple[str, str, str]]
) -> None:
    assert _kinds(raw) == kinds


def test_declared_co_authors_the_byline_credits_for_other_work_are_not_authors() -> None:
    ld = (
        '{"@context":"https://schema.org","@type":"NewsArticle","author":[{"@type":"Person","name":"Grace Dean"},'
        '{"@type":"Person","name":"Leon Hurley"},{"@type":"Person","name":"Whitney Hayes"}]}'
    )
    head = f"<script type='application/ld+json'>{ld}</script>"
    byline = (
        "By <a href='/author/grace-dean/'>Grace Dean</a> <span>Contributions from <a href='/author/leon'>Leon"
        " Hurley</a></span> <span>Photography by Whitney Hayes</span>"
    )
    parsed = parse_article(_byline_page(byline, head=head), "https://courier.test/a/5", fetched_at=FETCHED)
    assert parsed.authors == ["Grace Dean"]
    # co-authors the byline shows as such stay
    shown = _byline_page("By Grace Dean, Leon Hurley and Whitney Hayes", head=head)
    assert parse_article(shown, "https://courier.test/a/6", fetched_at=FETCHED).authors == [
        "Grace Dean", "Leon Hurley", "Whitney Hayes"
    ]  # fmt: skip


def test_a_byline_mentioning_an_update_is_no_biography() -> None:
    tokens = classify_byline("By Jane Doe | This story was updated at 5 pm")
    assert ("Jane Doe", "person") in [(t.text, t.kind) for t in tokens]
    assert all(t.reason != "biography" for t in tokens)


def test_a_meta_author_with_a_homepage_url_after_the_name_keeps_the_name() -> None:
    head = "<meta name='author' content='Bradley M. Kuhn (http://ebb.org/bkuhn/)'>"
    parsed = parse_article(_byline_page("", head=head), "https://ebb.test/a/7", fetched_at=FETCHED)
    assert parsed.authors == ["Bradley M. Kuhn"]
    # a bare URL is still no name
    bare = parse_article(
        _byline_page("", head="<meta name='author' content='https://www.facebook.com/courier'>"),
        "https://courier.test/a/8",
        fetched_at=FETCHED,
    )
    assert (bare.authors, bare.organisation) == ([], None)


@pytest.mark.parametrize("raw", ["TC Redazione", "Redaktion Wirtschaft", "La Rédaction"])
def test_an_editorial_desk_in_other_languages_is_an_organisation(raw: str) -> None:
    parsed = parse_article(_byline_page(raw), "https://courier.test/a/12", fetched_at=FETCHED)
    assert (parsed.authors, parsed.organisation) == ([], raw)


def test_tags_naming_only_the_site_with_no_byline_shown_give_no_byline() -> None:
    """A publisher field copied into ``author`` ("BBC", "The Economist") is no credit a reader sees."""
    ld = '{"@context":"https://schema.org","@type":"NewsArticle","author":{"@type":"Organization","name":"Gazette"}}'
    head = f"<script type='application/ld+json'>{ld}</script><meta property='og:site_name' content='Gazette'>"
    parsed = parse_article(_byline_page("", head=head), "https://gazette.test/a/13", fetched_at=FETCHED)
    assert (parsed.authors, parsed.organisation) == ([], None)
    # a personal site: the owner, typed Person, is the author although the site bears the name
    person = head.replace("Organization", "Person").replace("Gazette", "Haki Benita")
    owner = parse_article(_byline_page("", head=person), "https://hakibenita.test/a/14", fetched_at=FETCHED)
    assert "Haki Benita" in [*owner.authors, owner.organisation]


def test_an_orcid_link_label_is_not_part_of_a_name() -> None:
    names = [t.text for t in classify_byline("View ORCID ProfileElizabeth Raupach") if t.kind == "person"]
    assert names == ["Elizabeth Raupach"]


def test_a_declared_last_first_name_the_page_prints_first_last_is_turned_round() -> None:
    head = "<meta name='author' content='Gillman, Steve'>"
    parsed = parse_article(
        _byline_page("by Steve Gillman", head=head), "https://courier.test/a/15", fetched_at=FETCHED
    )
    assert parsed.authors == ["Steve Gillman"]
    # two people in a meta tag stay two people
    two = parse_article(
        _byline_page("", head="<meta name='author' content='Gillman, Steve'>"),
        "https://courier.test/a/16",
        fetched_at=FETCHED,
    )
    assert two.authors == ["Gillman", "Steve"]


def test_a_desk_credit_ending_in_news_keeps_it() -> None:
    """ "NBC News" in a JSON-LD author is the desk's name, not "NBC" with a role word."""
    ld = '{"@context":"https://schema.org","@type":"NewsArticle","author":{"@type":"Organization","name":"NBC News"}}'
    head = f"<script type='application/ld+json'>{ld}</script>"
    news = parse_article(_byline_page("By NBC News", head=head), "https://nbc.test/a/18", fetched_at=FETCHED)
    assert (news.authors, news.organisation) == ([], "NBC News")
