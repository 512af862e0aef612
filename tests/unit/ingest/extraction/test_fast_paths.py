"""Shortcuts taken for speed must decide exactly what the rule they stand in front of decides."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from newsflow_ingest.extraction.body import (
    clean_lines,
    drop_head_metadata,
    extract_body,
    find_furniture,
    is_boilerplate_line,
)
from newsflow_ingest.extraction.boilerplate import _TEASER_CLASS, is_teaser
from newsflow_ingest.extraction.document import element_text, load_document, normalize_space, text_of
from newsflow_ingest.extraction.extras import publisher_fields
from newsflow_ingest.extraction.images import extract_images

PROSE_LINE = "The council voted on Tuesday to expand the city's bus network by four routes."
_NAME_PARTS = st.sampled_from(
    ["latest", "LATEST", "Latest-news", "promo", "PromoBox", "newsletter", "sign-up", "SignUp", "subscribe",
     "most-read", "MostPopular", "most_viewed", "trending", "ſubscribe", "sıgnup", "latest-news", "box", "nav",
     "-", "_", " ", "x", "é", "Ā"]
)  # fmt: skip


def _element(classes: str, ident: str, tag: str = "div") -> lxml.html.HtmlElement:
    element = lxml.html.Element(tag)
    if classes:
        element.set("class", classes)
    if ident:
        element.set("id", ident)
    return element


@given(
    classes=st.lists(_NAME_PARTS, max_size=5).map("".join),
    ident=st.lists(_NAME_PARTS, max_size=3).map("".join),
)
@settings(max_examples=400, deadline=None)
def test_teaser_shortcut_agrees_with_the_pattern(classes: str, ident: str) -> None:
    expected = bool(_TEASER_CLASS.search(f"{classes} {ident}"))
    assert is_teaser(_element(classes, ident)) is expected
    assert is_teaser(_element(classes, ident), classes, ident) is expected


@pytest.mark.parametrize(
    ("classes", "ident", "expected"),
    [
        ("Most-Read box", "", True),
        ("", "LATEST_news", True),
        ("ſubscribe-box", "", True),  # the pattern is case-insensitive beyond ASCII
        ("mostly-harmless", "", False),
        ("sidebar", "signature", False),
        ("", "", False),
    ],
)
def test_teaser_names(classes: str, ident: str, expected: bool) -> None:
    assert is_teaser(_element(classes, ident)) is expected


def test_protected_tags_are_never_teasers() -> None:
    assert not is_teaser(_element("latest-news", "", tag="article"))


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ("<p>Media ID: 55361307</p>", {"Media ID": "55361307"}),
        ("<p><strong>Media ID:</strong> 55361307</p>", {"Media ID": "55361307"}),
        ("<p><b>Case Reference</b>\n: AB-1234</p>", {"Case Reference": "AB-1234"}),
        ("<div><span>Order No.</span><span>#</span> <em>77</em></div>", {"Order No.": "77"}),
        ("<p>Media ID 55361307</p>", {}),
        ("<p>The ID card: issued</p>", {}),
    ],
)
def test_publisher_fields_found_behind_the_text_check(markup: str, expected: dict[str, str]) -> None:
    root = load_document(f"<html><body><article><p>{'Text. ' * 20}</p>{markup}</article></body></html>")
    assert publisher_fields(root) == expected


_FIGURES_PAGE = """<html><body>
<div class="wp-caption&#10;alignleft"><img src="/a.jpg"><p class="wp-caption-text">A caption (AP Photo)</p></div>
<div class="wp-caption-text"><img src="/not-a-figure.jpg"></div>
<figure><img data-src="/b.jpg"><figcaption>Second <span class="credit">Jane Doe</span></figcaption></figure>
<aside><figure><img src="/thumb.jpg"><figcaption>Other story</figcaption></figure></aside>
<div class="photo-credit"><img src="/c.jpg"></div>
<article><p>Text</p><figure><figure><img src="/d.jpg"></figure><figcaption>Nested</figcaption></figure></article>
</body></html>"""


def test_figures_picked_from_the_furniture_walk_are_the_searched_ones() -> None:
    root = load_document(_FIGURES_PAGE)
    searched = extract_images(root, "https://example.com/story", ["https://example.com/b.jpg"])
    picked = extract_images(
        root, "https://example.com/story", ["https://example.com/b.jpg"], find_furniture(root).captions
    )
    assert picked == searched
    assert [image.url for image in picked.images] == [
        "https://example.com/b.jpg",
        "https://example.com/a.jpg",
        "https://example.com/d.jpg",
    ]


def test_text_of_is_text_content() -> None:
    root = load_document(
        "<html><head><title>T &amp; t</title></head><body><div id='a'>Lead <b>bold</b> tail &nbsp;&eacute;"
        "<p>One<br>two<!-- hidden --></p>after p<script type='application/ld+json'>{\"a\": 1}</script>"
        "<noscript>Enable JS</noscript><table><tr><td>cell</td></tr></table>\u2028x</div>end</body></html>"
    )
    assert root is not None
    for element in root.iter():
        assert text_of(element) == element.text_content()
    assert text_of(root.get_element_by_id("a")).startswith("Lead bold tail \xa0é")


# The single pattern clean_lines used before the phrase search got its substring test (the reference).
_BOILERPLATE_REFERENCE = re.compile(
    r"^(?:select page|menu|skip to (?:main )?content|share(?: (?:this|on \w+|via \w+)(?: \w+)?)?|tweet|"
    r"email this(?: story| article)?|print(?: this)?(?: article)?|advertisement|caption:?|"
    r"(?:follow|like) us on .{1,40}|sign up for .{1,80}|subscribe to .{1,80}|"
    r"(?:this (?:site|website) uses|we use) cookies.*|.*\baccept (?:all )?cookies\b.*|"
    r".*\b(?:enable|turn on|activate) javascript\b.*)$",
    re.I,
)
_LINE_PARTS = st.sampled_from(
    ["Share", "share on X", "menu", "Accept", "accept all ", "cookies", "COOKIES", "ſ", "We use", "this site uses",
     " ", "Please ", "enable", "JavaScript", "javaſcript", "turn on", "to continue.", "Follow us on", "Subscribe to",
     "the newsletter", "x", "é", "-", "Advertisement", "caption:"]
)  # fmt: skip


@given(st.lists(_LINE_PARTS, min_size=1, max_size=6).map("".join))
@settings(max_examples=600, deadline=None)
def test_boilerplate_line_shortcut_agrees_with_the_single_pattern(raw: str) -> None:
    line = normalize_space(raw)
    assert is_boilerplate_line(line) is bool(_BOILERPLATE_REFERENCE.match(line))


@pytest.mark.parametrize(
    "line",
    [
        "Please enable JavaScript to view the comments.",
        "Click to Accept all cookies",
        "Share on Facebook",
        "Menu",
    ],
)
def test_boilerplate_lines(line: str) -> None:
    assert is_boilerplate_line(line)
    assert clean_lines([PROSE_LINE, line]) == [PROSE_LINE]


_HEAD_PAGE = (
    "<html lang='en'><head><meta charset='utf-8'><title>Buses | Gazette</title><base href='/'>"
    "<meta property='og:title' content='Buses'><link rel='canonical' href='https://example.com/buses'>"
    '<script type=\'application/ld+json\'>{"@type": "NewsArticle", "headline": "Buses"}</script>'
    "<noscript>Please enable JavaScript</noscript></head><body><article><h1>Buses</h1>"
    + "".join(f"<p>{PROSE_LINE} Paragraph {i}.</p>" for i in range(4))
    + "</article></body></html>"
)


def test_head_metadata_dropped_before_the_body_extractor_changes_nothing_it_reads() -> None:
    kept, dropped = load_document(_HEAD_PAGE), load_document(_HEAD_PAGE)
    assert dropped is not None
    drop_head_metadata(dropped)
    assert [element.tag for element in dropped.find("head")] == ["script", "noscript"]
    assert extract_body(dropped, "https://example.com/buses") == extract_body(
        kept, "https://example.com/buses"
    )
    assert extract_body(dropped, "https://example.com/buses").text.count("Paragraph") == 4


# Issue 15, tenth pass (speed): each shortcut below against the plain computation it replaces.
_SPACE_PARTS = st.sampled_from(
    ["word", "Wörd", " ", "  ", "\n", "\t", "\xa0", "\u2003", "\u00ad", "\u200b", "\u200c", "\u200d", "\u2060",
     "\ufeff", "é", "中文", "-", "x", "دانش", "क्"]
)  # fmt: skip


@given(st.lists(_SPACE_PARTS, max_size=8).map("".join))
@settings(max_examples=600, deadline=None)
def test_normalize_space_translates_only_when_it_changes_something(raw: str) -> None:
    from newsflow_ingest.extraction.document import _ALWAYS_INVISIBLE, clean_joiners

    assert normalize_space(raw) == " ".join(clean_joiners(raw.translate(_ALWAYS_INVISIBLE)).split())


def test_normalize_space_drops_invisible_characters_beside_other_non_ascii() -> None:
    assert normalize_space(" Soft\u00adhyphen\xa0é\u200b ") == "Softhyphen é"
    assert normalize_space("plain  ascii\n") == "plain ascii"


_BYLINE_PARTS = st.sampled_from(
    ["byline", "ByLine", "AUTHOR", "author", "writer", "typewriter", "Writer", "-", "_", " ", "x", "name", "é",
     "ı", "İ", "ſ", "/", "/authors/", "/Autor/", "/writers", "jane-doe", "?a=1", "#", "auteur/", "/autores/",
     "/EDITORS/", "/journalist/", "/reporters/", "/contributor/", "/periodistas/", "/giornalisti/", "/columnists/"]
)  # fmt: skip


@given(st.lists(_BYLINE_PARTS, max_size=6).map("".join))
@settings(max_examples=600, deadline=None)
def test_byline_shortcuts_agree_with_their_patterns(value: str) -> None:
    from newsflow_ingest.extraction.authors import (
        _AUTHOR_PAGE,
        _BYLINE_CLASS,
        _links_author_page,
        _names_byline,
    )

    assert _names_byline(value) is (_BYLINE_CLASS.search(value) is not None)
    assert _links_author_page(value) is (_AUTHOR_PAGE.search(value) is not None)


def _top_level_alternatives(group: str) -> list[str]:
    """The ``|``-separated alternatives of a regex group's body, nested groups kept whole."""
    parts, depth, start = [], 0, 0
    for index, char in enumerate(group):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "|" and depth == 0:
            parts.append(group[start:index])
            start = index + 1
    return [*parts, group[start:]]


def test_author_page_stems_cover_every_alternative_of_the_pattern() -> None:
    from newsflow_ingest.extraction.authors import _AUTHOR_PAGE, _AUTHOR_PAGE_STEMS

    pattern = _AUTHOR_PAGE.pattern
    assert pattern.startswith("/(?:")
    body = pattern[len("/(?:") : pattern.index(")/[")]
    for alternative in _top_level_alternatives(body):
        literal = re.match(r"[a-z]+", alternative)
        assert literal and any(("/" + literal.group(0)).startswith(stem) for stem in _AUTHOR_PAGE_STEMS)


_SCRIPT_PARTS = st.sampled_from(
    ["publi", "PUBLI", "publish_date", "pubDate", "pub_date", "date_published", "datePublished", "DATEPUBLISHED",
     "publıcation", "publİsh", "pubdate", "ſ", "é", "ı", '"', "'", ":", "=", " ", "2020-02-17 21:18:11",
     "2020-02-17T21:18:11Z", "2021-01-01t10:00+0100", "12020-01-01 10:00", "var x", "{", "}"]
)  # fmt: skip


@given(st.lists(_SCRIPT_PARTS, max_size=10).map("".join))
@settings(max_examples=800, deadline=None)
def test_publication_assignments_are_the_patterns_matches(script: str) -> None:
    from newsflow_ingest.extraction.local_time import _PUBLICATION_ASSIGNMENT, _publication_assignments

    expected = [(m.span(), m.group(1)) for m in _PUBLICATION_ASSIGNMENT.finditer(script)]
    assert [(m.span(), m.group(1)) for m in _publication_assignments(script)] == expected


@pytest.mark.parametrize(
    "script",
    [
        'var publication_date = "2020-02-17 21:18:11";',
        '{"datePublished":"2020-02-17T21:18:11Z","PubDate":\'2021-01-01 10:00\'}',
        'publipublish_date="2020-02-17 21:18:11" é pub_date = "1999-01-01 00:00"',
        'é publıshedAt: "2020-02-17 21:18:11"',  # dotless i: matched by the case-insensitive pattern only
    ],
)
def test_publication_assignments_examples(script: str) -> None:
    from newsflow_ingest.extraction.local_time import _PUBLICATION_ASSIGNMENT, _publication_assignments

    expected = [m.group(1) for m in _PUBLICATION_ASSIGNMENT.finditer(script)]
    assert expected
    assert [m.group(1) for m in _publication_assignments(script)] == expected


def test_skipped_chunks_of_a_blank_class_kind_are_still_found() -> None:
    from newsflow_ingest.extraction.continuation import add_skipped_chunks

    first, second = f"{PROSE_LINE} " * 3, f"{PROSE_LINE} Again. " * 3
    root = load_document(
        f"<html><body><div class=' '><p>{first}</p></div><div class='ad'>Ad</div>"
        f"<div class='x'><p>{second}</p></div></body></html>"
    )
    lines, added = add_skipped_chunks(root, [normalize_space(first)])
    assert lines == [normalize_space(first), normalize_space(second)]
    assert added == {normalize_space(second)}


_CLASS_PARTS = st.sampled_from(
    ["quote", "PullQuote", "block-quote", "statement", "claim", "testimonials", "related", "Recommended", "menu",
     "most-read", "mostread", "more-from", "up-next", "comments", "commentary", "date", "Time", "publish", "posted",
     "byline", "post-meta", "entry-meta", "article-meta", "ſ", "ı", "é", "-", "_", " ", "x"]
)  # fmt: skip


@given(st.lists(_CLASS_PARTS, max_size=6).map("".join))
@settings(max_examples=600, deadline=None)
def test_kept_class_answers_and_joined_hints_agree_with_their_rules(value: str) -> None:
    from newsflow_ingest.extraction.authors import (
        _ANY_AUTHOR_PAGE_STEM,
        _AUTHOR_PAGE_STEMS,
        _ELSEWHERE_CLASS,
        _QUOTE_CLASS,
        _names_elsewhere,
        _names_quote,
    )
    from newsflow_ingest.extraction.dates import _ANY_DATE_CLASS_HINT, _DATE_CLASS_HINTS

    for _ in range(2):  # the first answer is computed, the second kept
        assert _names_quote(value) is (_QUOTE_CLASS.search(value) is not None)
        assert _names_elsewhere(value) is (_ELSEWHERE_CLASS.search(value) is not None)
    lowered = value.lower()
    assert (_ANY_DATE_CLASS_HINT.search(lowered) is not None) is any(h in lowered for h in _DATE_CLASS_HINTS)
    assert (_ANY_AUTHOR_PAGE_STEM.search(lowered) is not None) is any(
        s in lowered for s in _AUTHOR_PAGE_STEMS
    )


def test_byline_markup_read_once_gives_what_each_fresh_walk_gives(monkeypatch: pytest.MonkeyPatch) -> None:
    from newsflow_ingest.extraction import authors

    root = load_document(
        "<html><body><h1>Title</h1><p class='byline'>By <a rel='author' href='/author/jane-doe'>Jane Doe</a>"
        " and <span class='last-byline'>John Roe</span></p><aside class='related'><span class='author'>Ann Poe"
        "</span></aside><p>Text.</p></body></html>"
    )
    fresh_texts, fresh_lines = authors.byline_texts(root), authors.byline_lines(root)
    walks = []
    walk = authors._byline_elements
    monkeypatch.setattr(authors, "_byline_elements", lambda tree: walks.append(tree) or walk(tree))
    markup = authors.BylineMarkup(root)
    assert authors.byline_texts(root, markup) == fresh_texts
    assert authors.byline_lines(root, markup) == fresh_lines
    assert authors.byline_texts(root, markup) == fresh_texts
    assert walks == [root]


@given(st.text(alphabet=st.sampled_from([" ", "\n", "\t", "\r", "\u00a0", "\u2009", "\u3000", "\x0b"])))
@settings(max_examples=200, deadline=None)
def test_text_of_only_whitespace_normalises_to_nothing(text: str) -> None:
    # plain_bylines._Lines._flush skips normalize_space for such a text
    assert text.isspace() is bool(text)
    assert normalize_space(text) == ""


@pytest.mark.parametrize("zone", ["America/Chicago", "Europe/Berlin", "Asia/Kolkata", "Not/AZone"])
def test_zones_read_once_give_dateutil_s_offsets(zone: str) -> None:
    from datetime import datetime

    from dateutil import tz
    from newsflow_ingest.extraction.country_zones import _zone

    fresh = tz.gettz(zone)
    assert (_zone(zone) is None) is (fresh is None)
    for value in (datetime(2024, 1, 15, 12), datetime(2024, 7, 15, 12), datetime(2024, 3, 10, 2, 30)):
        if fresh is not None:
            assert value.replace(tzinfo=_zone(zone)).utcoffset() == value.replace(tzinfo=fresh).utcoffset()


# Issue 15, eleventh pass (speed): each shortcut below against the computation it replaced.
@given(st.lists(_SPACE_PARTS, max_size=10).map("".join))
@settings(max_examples=400, deadline=None)
def test_invisible_character_test_is_the_generator_it_replaced(text: str) -> None:
    from newsflow_ingest.extraction.document import _INVISIBLE_CHARS, _holds_invisible

    assert _holds_invisible(text) is any(char in text for char in _INVISIBLE_CHARS)


def test_invisible_character_test_names_every_invisible_character() -> None:
    from newsflow_ingest.extraction.document import _INVISIBLE_CHARS, _holds_invisible

    assert all(_holds_invisible(f"é{char}x") for char in _INVISIBLE_CHARS)
    assert not _holds_invisible("é\xa0\u2003中文x")


_WORDS_TEXT = st.lists(
    st.sampled_from(["word", " ", "  ", "\n", "\n\n", "\t", "\xa0", "é"]), max_size=40
).map("".join)


@given(_WORDS_TEXT, st.integers(min_value=0, max_value=12))
@settings(max_examples=400, deadline=None)
def test_word_count_up_to_a_cap_compares_as_the_full_count(text: str, cap: int) -> None:
    from newsflow_ingest.extraction.classify import _words_up_to

    counted = _words_up_to(text, cap)
    for threshold in range(cap + 1):
        assert (counted < threshold) is (len(text.split()) < threshold)


@given(
    st.lists(st.sampled_from(["By", "word", "text"]), min_size=1, max_size=300).map(" ".join),
    st.sampled_from(["", "\n\n"]),
    st.booleans(),
    st.booleans(),
    st.booleans(),
    st.booleans(),
)
@settings(max_examples=300, deadline=None)
def test_classify_page_is_the_rules_on_full_counts(
    words: str, gap: str, declares: bool, declares_non: bool, paywall: bool, shell: bool
) -> None:
    from newsflow_ingest.extraction import classify

    body = gap.join([words, words[: len(words) // 3]]) if gap else words
    features = classify.PageFeatures(
        url="https://example.com/news/a-b-c-d",
        body=body,
        declares_article=declares,
        declares_non_article=declares_non,
        has_date=True,
        paywall_flag=paywall,
        js_shell=shell,
        link_density=0.0,
    )
    assert classify.classify_page(features) == _classified_on_full_counts(features)


def _classified_on_full_counts(features: Any) -> str:
    """``classify_page`` as it was before the eleventh pass: both counts over the whole body, up front."""
    from newsflow_ingest.extraction import classify as c

    body = features.body
    words = len(body.split())
    long_paragraphs = sum(1 for p in body.split("\n\n") if len(p.split()) >= c.LONG_PARAGRAPH_WORDS)
    if not body.strip():
        return "js_required" if features.js_shell else "not_article"
    if features.js_shell and words < c.THIN_WORDS:
        return "js_required"
    path = urlsplit(features.url).path
    if not features.declares_article:
        if c._NON_ARTICLE_PATH.search(path) or path in ("", "/"):
            return "not_article"
        if features.declares_non_article and long_paragraphs < 3:
            return "not_article"
        if features.link_density > 0.5:
            return "not_article"
        if not features.has_date and not (c._SLUG.search(path) and long_paragraphs >= 3):
            return "not_article"
    if features.paywall_flag and words < c.PAYWALL_WORDS:
        return "paywalled"
    if words < c.THIN_WORDS and len(body) < c.THIN_CHARS:
        return "thin"
    return "article"


@given(
    st.sets(st.sampled_from(["", "a", "body", "text", "x y"]), min_size=1, max_size=3),
    st.lists(st.sampled_from(["body", "text", "a", " ", "x", "-"]), max_size=6).map("".join),
)
@settings(max_examples=300, deadline=None)
def test_first_word_test_is_the_generator_it_replaced(words: set[str], classes: str) -> None:
    from newsflow_ingest.extraction.continuation import _holds_any

    assert _holds_any(words)(classes) is any(word in classes for word in words)


_TREE_PARTS = st.sampled_from(
    ["<div class='date'>", "<div id='x'>", "<div>", "</div>", "<span class=''>", "</span>", "<p>", "</p>",
     "<time datetime='2020-01-02T10:00:00+01:00'>2 Jan</time>", "<time>Jan 3, 2020</time>",
     "<time datetime=''>x</time>",
     "<time data-published='2016-12-09 09:13:00Z'>Dec 9</time>", "<time data-x='1'>y</time>",
     "<meta itemprop='datePublished' content='2020-01-01'>", "<span itemprop='datePublished'>May 1, 2021</span>",
     "<figure><time datetime='2019-01-01'>old</time></figure>", "<div class='comments'><time datetime='2018-01-01'>c"
     "</time></div>", "text ", "<body class='b'>"]
)  # fmt: skip


@given(st.lists(_TREE_PARTS, max_size=14).map("".join), st.booleans())
@settings(max_examples=300, deadline=None)
def test_date_walks_select_what_their_xpaths_selected(markup: str, in_head: bool) -> None:
    from newsflow_ingest.extraction import dates

    head = "<head><time datetime='2001-01-01'>h</time></head>" if in_head else ""
    root = load_document(f"<html>{head}<body>{markup}</body></html>")
    assert root is not None
    xpath_times = "//time[@datetime] | //time[not(@datetime)][@*[starts-with(name(), 'data-')]]"
    machine_readable = [t for t in root.xpath(xpath_times) if t.get("datetime") or dates.date_attribute(t)]
    assert [t for t in root.iter("time") if t.get("datetime") or dates.date_attribute(t)] == machine_readable
    assert list(dates._named_body_elements(root)) == root.xpath("//body//*[@class or @id]")
    assert list(dates._declared_published(root)) == root.xpath(
        "//*[@itemprop='datePublished'][not(self::meta)]"
    )
    assert dates.time_element_datetimes(root) == _time_datetimes_by_xpath(root)
    texts = [element_text(t, limit=200) for t in root.xpath("//body//time")[:3]]
    assert dates.time_element_texts(root) == texts


def _time_datetimes_by_xpath(root: Any) -> list[str]:
    from newsflow_ingest.extraction import dates

    times = root.xpath("//time[@datetime]")[:6]
    values = [t.get("datetime") for t in times if not dates._in_comments(t) and not dates._in_media(t)][:3]
    return [value for index, value in enumerate(values) if index == 0 or dates._UTC_OFFSET.search(value)]


_BLOCK_PARTS = st.sampled_from(
    ["<div>", "</div>", "<p>", "</p>", "<span>", "</span>", "<section>", "</section>", "<b>", "</b>", "Lead",
     " line", "\xa0line", "\n", "Lead line", "other", "Lead\u00adline"]
)  # fmt: skip


@given(
    st.lists(_BLOCK_PARTS, max_size=16).map("".join), st.sampled_from(["Lead line", "Lead", "line", "other"])
)
@settings(max_examples=400, deadline=None)
def test_standfirst_walk_finds_what_the_plain_walk_found(markup: str, line: str) -> None:
    from newsflow_ingest.extraction.lead import _STANDFIRST_TAGS, _innermost_with_text

    root = load_document(f"<html><body>{markup}</body></html>")
    assert root is not None
    match = None
    for element in root.iter(*_STANDFIRST_TAGS):
        if normalize_space(text_of(element)) == line:
            match = element
    assert _innermost_with_text(root, line) is match


_PROBE_PARTS = st.sampled_from(
    ["<div>", "</div>", "<p>", "</p>", "<span>", "</span>", "<body>", "<b>", "</b>", "Lead", " line", "\xa0line",
     "\n", "\t", "  ", "Lead line", "Lead\nline", "other", "li", "ne"]
)  # fmt: skip


@given(
    st.lists(_PROBE_PARTS, max_size=16).map("".join),
    st.sampled_from(
        ["Lead line", "Lead", "line", "Lead\tline", "ne", "", " Lead", "Lead li", "Lead\xa0line"]
    ),
)
@settings(max_examples=400, deadline=None)
def test_standfirst_probe_selects_what_the_plain_xpath_selected(markup: str, probe: str) -> None:
    from newsflow_ingest.extraction.lead import _TEXT_STARTING

    root = load_document(f"<html><head><title>Lead line</title></head><body>{markup}</body></html>")
    assert root is not None
    plain = root.xpath("//body//text()[starts-with(normalize-space(.), $probe)]", probe=probe)
    found = _TEXT_STARTING(root, probe=probe, head=probe.split(" ", 1)[0])
    # the same text nodes: equal strings, at the same place in the tree
    assert [(str(n), n.getparent(), n.is_tail) for n in found] == [
        (str(n), n.getparent(), n.is_tail) for n in plain
    ]
