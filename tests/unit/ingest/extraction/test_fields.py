"""Issue 3 fields: typed body blocks, tags, organisation bylines, AMP → canonical, the body cleaning rules."""

from __future__ import annotations

import pytest
from newsflow_ingest.extraction import parse_article
from newsflow_ingest.extraction.boilerplate import drop_link_lines
from newsflow_ingest.extraction.canonical import non_amp_url
from newsflow_ingest.extraction.document import load_document
from newsflow_ingest.extraction.lead import strip_headlines
from newsflow_ingest.extraction.local_time import localise
from newsflow_ingest.extraction.organisations import split_organisations

from tests.unit.ingest.extraction.pages import FETCHED, PROSE


def _page(head: str = "", article: str = "", after: str = "") -> str:
    return (
        f"<html lang='en'><head><title>Buses | Gazette</title><meta property='og:type' content='article'>{head}"
        f"</head><body><nav><a href='/'>Home</a></nav><article><h1>Buses expand</h1>{article}</article>{after}"
        "</body></html>"
    )


def test_blocks_keep_headings_lists_and_quotes_and_make_the_body() -> None:
    article = (
        f"<p>{PROSE} One.</p><h2>What changes for riders</h2><p>{PROSE} Two.</p>"
        "<ul><li>Route 12 runs every ten minutes from the station to the hospital.</li>"
        "<li>Route 14 gets night buses on Fridays and on Saturdays all year.</li></ul>"
        f"<blockquote><p>We listened to riders for a year before we drew these routes.</p></blockquote><p>{PROSE}</p>"
    )
    parsed = parse_article(
        _page(article=article), "https://gazette.test/2024/04/buses-expand", fetched_at=FETCHED
    )
    kinds = [block.type for block in parsed.blocks]
    assert kinds == ["paragraph", "heading", "paragraph", "list_item", "list_item", "quote", "paragraph"]
    assert parsed.blocks[3].text.startswith("Route 12")  # no "- " bullet in the block text
    assert parsed.body.split("\n\n")[0] == parsed.blocks[0].text
    assert len(parsed.body.split("\n\n")) == len(parsed.blocks)
    assert parsed.provenance["blocks"] == "html"
    assert "Buses expand" not in parsed.body  # the headline is not body text


def test_tags_from_jsonld_then_og_then_meta() -> None:
    jsonld = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "keywords": "Transport, City,transport"}'
        "</script>"
    )
    og = "<meta property='article:tag' content='Buses'><meta property='article:tag' content='Council'>"
    meta = "<meta name='keywords' content='a; b'>"
    url = "https://gazette.test/2024/04/buses-expand"
    parsed = parse_article(_page(jsonld + og + meta, f"<p>{PROSE}</p>"), url, fetched_at=FETCHED)
    assert parsed.tags == ["Transport", "City"] and parsed.provenance["tags"] == "jsonld"
    parsed = parse_article(_page(og + meta, f"<p>{PROSE}</p>"), url, fetched_at=FETCHED)
    assert parsed.tags == ["Buses", "Council"] and parsed.provenance["tags"] == "og"
    parsed = parse_article(_page(meta, f"<p>{PROSE}</p>"), url, fetched_at=FETCHED)
    assert parsed.tags == ["a", "b"] and parsed.provenance["tags"] == "meta"


@pytest.mark.parametrize(
    ("names", "people", "organisation"),
    [
        (["Reuters"], [], "Reuters"),
        (["Telegraph Sport"], [], "Telegraph Sport"),
        (["Staff Reports"], [], "Staff Reports"),
        (["Gazette"], [], "Gazette"),  # the site's own name
        (["Tom Krisher", "AP Auto"], ["Tom Krisher"], None),
        (["Sandee LaMotte", "CNN"], ["Sandee LaMotte"], None),
        (["Catherine", "Colin Rust commented"], ["Catherine"], None),
        (["Jane Doe", "John Smith"], ["Jane Doe", "John Smith"], None),
    ],
)
def test_people_and_organisations(names: list[str], people: list[str], organisation: str | None) -> None:
    assert split_organisations(names, ["Gazette"], "https://gazette.test/a") == (people, organisation)


def test_organisation_byline_in_a_parse() -> None:
    head = "<meta name='author' content='By Reuters Staff'>"
    parsed = parse_article(
        _page(head, f"<p>{PROSE}</p>"), "https://gazette.test/2024/04/x", fetched_at=FETCHED
    )
    assert parsed.authors == [] and parsed.organisation == "Reuters"
    assert parsed.provenance["organisation"] == "meta" and "authors" not in parsed.provenance


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://x.test/a/story/amp/", "https://x.test/a/story/"),
        ("https://x.test/a/story.amp.html", "https://x.test/a/story.html"),
        ("https://x.test/a/story?amp=1&id=3", "https://x.test/a/story?id=3"),
        ("https://x.test/amp-guide/", "https://x.test/amp-guide/"),
    ],
)
def test_non_amp_url(url: str, expected: str) -> None:
    assert non_amp_url(url) == expected


def test_amp_page_points_at_its_canonical() -> None:
    amp = f"<html amp lang='en'><head><title>Buses</title></head><body><p>{PROSE}</p></body></html>"
    parsed = parse_article(amp, "https://x.test/2024/04/buses/amp/", fetched_at=FETCHED)
    assert parsed.canonical_url == "https://x.test/2024/04/buses/"
    declared = amp.replace("<title>", "<link rel='canonical' href='https://x.test/buses-story'><title>")
    assert (
        parse_article(declared, "https://x.test/2024/04/buses/amp/").canonical_url
        == "https://x.test/buses-story"
    )


def test_related_rails_standfirst_and_link_lines_stay_out_of_the_body() -> None:
    dek = "Four new routes will link the northern suburbs with the hospital district next year."
    head = f"<meta property='og:description' content='{dek}'>"
    article = (
        f"<div class='dek'>{dek}</div><div class='article-body'><p>{PROSE}</p>"
        "<p>READ MORE: <a href='/x'>Council approves the budget</a></p>"
        f"<p>{PROSE} Again.</p></div>"
    )
    after = "<div class='latest-news-box'><ul><li><a href='/y'>Another story about the council</a></li></ul></div>"
    parsed = parse_article(
        _page(head, article, after), "https://gazette.test/2024/04/buses", fetched_at=FETCHED
    )
    assert parsed.body.split("\n\n") == [PROSE, f"{PROSE} Again."]


def test_rules_unit() -> None:
    assert strip_headlines(["Buses expand!", "Text"], ["Buses expand | Gazette", "Buses expand"]) == ["Text"]
    root = load_document(
        "<html><body><a href='/1'>Council approves the budget</a><a href='/2'>a story</a></body>"
    )
    lines = [
        "Read more: Council approves the budget",
        "Council approves the budget [VIDEO]",
        "a story",
        "Prose.",
    ]
    assert drop_link_lines(lines, root) == ["a story", "Prose."]  # a bare linked line may be a paragraph
    assert drop_link_lines(["Read more: an unlinked story"], root) == ["Read more: an unlinked story"]


@pytest.mark.parametrize(
    ("declared", "visible", "expected"),
    [
        ("2019-11-19T07:03:25+00:00", ["November 18, 2019 11:03 PM"], "2019-11-18T23:03:25-08:00"),
        ("2019-11-19T02:24:00", ["Nov 18, 2019 at 9:24 pm"], "2019-11-18T21:24:00-05:00"),
        ("2019-11-20T01:50:59.403", ["Nov. 19, 2019 5:50 PM"], "2019-11-19T17:50:59.403000-08:00"),
        ("2019-11-19T07:03:25+00:00", ["November 18, 2019"], None),  # no time shown: no offset to infer
        ("2019-11-19T07:03:25+00:00", ["November 18, 2019 11:17 PM"], None),  # not a quarter-hour offset
        ("2019-11-19T07:03:25-05:00", ["November 18, 2019 11:03 PM"], None),  # already local
    ],
)
def test_declared_utc_shown_in_local_time(declared: str, visible: list[str], expected: str | None) -> None:
    assert localise(declared, visible) == expected


def test_local_time_in_a_parse() -> None:
    head = "<meta property='article:published_time' content='2019-11-19T07:03:25Z'>"
    article = f"<div class='byline'>By Jane Doe</div><span class='date'>November 18, 2019 11:03 PM</span><p>{PROSE}</p>"
    parsed = parse_article(_page(head, article), "https://gazette.test/buses", fetched_at=FETCHED)
    assert parsed.published_at == "2019-11-18T23:03:25-08:00" and parsed.provenance["published_at"] == "og"


def test_visible_date_near_the_headline_when_nothing_is_declared() -> None:
    html = (
        "<html lang='de'><body><div class='kopf'><p>Von Moritz Bachmann, publiziert am 25. September 2018</p>"
        f"<h1>Busse fahren öfter</h1></div><p>{PROSE}</p><p>{PROSE}</p></body></html>"
    )
    parsed = parse_article(html, "https://zeitung.test/busse-fahren-oefter-im-norden", fetched_at=FETCHED)
    assert parsed.published_at == "2018-09-25" and parsed.provenance["published_at"] == "html"
