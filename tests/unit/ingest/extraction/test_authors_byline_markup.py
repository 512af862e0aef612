"""Issue 15, tenth pass: bylines on publishers never seen (schema.org references, quoted speakers, a byline
element that names no one)."""

from __future__ import annotations

import json

from newsflow_ingest.extraction import parse_article

from tests.unit.ingest.extraction.pages import FETCHED, PROSE


def _page(body: str, head: str = "") -> str:
    return (
        f"<html lang='en'><head><title>Buses | Courier</title>{head}</head><body><article><h1>Buses run again"
        f" at night</h1>{body}<p>{PROSE}</p><p>{PROSE}</p></article></body></html>"
    )


def _ld(data: object) -> str:
    return f"<script type='application/ld+json'>{json.dumps(data)}</script>"


def _graph(name: str) -> dict[str, object]:
    return {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "Organization", "@id": "https://courier.test/#org", "name": "Courier"},
            {
                "@type": "Article",
                "@id": "https://courier.test/a/1#article",
                "headline": "Buses run again at night",
                "author": {"@id": "https://courier.test/#/schema/person/abc"},
                "publisher": {"@id": "https://courier.test/#org"},
            },
            {"@type": ["Person"], "@id": "https://courier.test/#/schema/person/abc", "name": name},
        ],
    }


def test_a_jsonld_author_given_by_reference_is_read_from_the_graph() -> None:
    """Yoast SEO and other plug-ins write ``"author": {"@id": "…#/schema/person/…"}`` in the Article node and the
    ``Person`` (with its name) as another node of the ``@graph``: the reference is resolved (here over other
    stories' bylines in a widget)."""
    body = (
        "<p class='meta'>by <a href='/profile/ana'>Ana Ruiz</a></p>"
        "<aside><p class='widget-author'>by Jon Roe</p></aside>"
    )
    parsed = parse_article(
        _page(body, head=_ld(_graph("Ana Ruiz"))), "https://courier.test/a/1", fetched_at=FETCHED
    )
    assert (parsed.authors, parsed.provenance.get("authors")) == (["Ana Ruiz"], "jsonld")


def test_a_referenced_author_the_page_never_shows_is_no_byline() -> None:
    """The plug-in's ``Person`` is the account that posted the story ("AS", an editor): without the name
    shown on the page it is not the writer."""
    page = _page("<p>AS - courier.test</p>", head=_ld(_graph("AS")))
    parsed = parse_article(page, "https://courier.test/a/1", fetched_at=FETCHED)
    assert (parsed.authors, parsed.organisation) == ([], None)


def test_an_unresolved_jsonld_reference_names_no_one() -> None:
    graph = {"@type": "Article", "headline": "Buses", "author": {"@id": "https://courier.test/#/person/x"}}
    page = _page("<p class='byline'>By Ana Ruiz</p>", head=_ld(graph))
    parsed = parse_article(page, "https://courier.test/a/1", fetched_at=FETCHED)
    assert parsed.authors == ["Ana Ruiz"]


def test_a_byline_element_holding_only_a_date_shows_no_byline() -> None:
    """Tags naming only the site, and a byline block whose only text is the time: the page shows no byline,
    so there is none (as when it has no byline element at all)."""
    article = {
        "@type": "NewsArticle",
        "headline": "Buses",
        "author": {"@type": "Organization", "name": "Courier"},
    }
    body = "<div class='article-author-name'><time datetime='2019-11-20T08:00'>20 Nov 2019 08:00 GMT</time></div>"
    head = _ld(article) + "<meta property='og:site_name' content='Courier'>"
    parsed = parse_article(_page(body, head=head), "https://courier.test/a/1", fetched_at=FETCHED)
    assert (parsed.authors, parsed.organisation) == ([], None)


def test_the_author_of_a_quoted_statement_is_not_a_byline() -> None:
    """Fact-check and quote blocks name who said something (``statement-author``, ``quote-author``,
    ``<blockquote>``…``<cite class=author>``): a speaker, not the writer."""
    statement = (
        "<div class='statement'><div class='statement-author'><h4 class='author'>The Russian and Syrian defense"
        " ministries</h4></div><p>They said things.</p></div>"
    )
    quote = "<blockquote><p>Words.</p><cite class='author'>Jane Doe</cite></blockquote>"
    for body in (statement, quote):
        parsed = parse_article(_page(body), "https://courier.test/a/1", fetched_at=FETCHED)
        assert (parsed.authors, parsed.organisation) == ([], None), body


def test_the_writer_beside_a_quote_block_is_still_found() -> None:
    body = (
        "<p class='byline'>By Ana Ruiz</p><div class='quote'><span class='quote-author'>Jane Doe</span></div>"
    )
    parsed = parse_article(_page(body), "https://courier.test/a/1", fetched_at=FETCHED)
    assert parsed.authors == ["Ana Ruiz"]


def test_bylines_in_latest_and_recirculation_lists_are_other_stories() -> None:
    """ "Latest" story lists, recirculation modules, "most read", "more from", "up next": other stories' bylines
    (their links to author pages too)."""
    for container in ("homepage-latest", "recirculation-module", "most-read", "more-from-section", "up-next"):
        body = (
            "<p class='byline'>By <a href='/author/ana-ruiz/'>Ana Ruiz</a></p>"
            f"<div class='{container}'><div class='byline'>By <a href='/author/jon-roe/'>Jon Roe</a></div></div>"
        )
        parsed = parse_article(_page(body), "https://courier.test/a/1", fetched_at=FETCHED)
        assert parsed.authors == ["Ana Ruiz"], container
    links = (
        "<p>by <a href='/author/ana-ruiz/'>Ana Ruiz</a></p><figure class='homepage-latest'><div class='latest-by'>"
        "By <a href='/author/jon-roe/'>Jon Roe</a></div></figure>"
    )
    parsed = parse_article(_page(links), "https://courier.test/a/1", fetched_at=FETCHED)
    assert parsed.authors == ["Ana Ruiz"]


def _declared(name: str) -> str:
    return _ld({"@type": "NewsArticle", "headline": "Buses", "author": {"@type": "Person", "name": name}})


def test_co_authors_the_declared_author_s_byline_lists_are_authors() -> None:
    """JSON-LD names the first writer; the byline element that names them lists two more."""
    body = "<p class='content__meta-byline'>By Stefan Becket, Kathryn Watson and Grace Segers</p>"
    parsed = parse_article(
        _page(body, head=_declared("Stefan Becket")), "https://courier.test/a/1", fetched_at=FETCHED
    )
    assert parsed.authors == ["Stefan Becket", "Kathryn Watson", "Grace Segers"]


def test_a_byline_line_with_an_affiliation_or_separate_author_links_adds_no_one() -> None:
    """Not a list of names: "Name | address | paper", "Name • Publisher"; nor the union of separate byline
    elements (other stories', photo credits)."""
    bodies = (
        "<p class='byline'>By Adam Lichtenstein | al@courier.test | South Florida Sun Sentinel</p>",
        "<p class='byline'>Kelly Quinlan • JacketsOnline Publisher</p>",
        "<p class='byline'>By <a rel='author'>Adam Lichtenstein</a></p><p><a rel='author'>Bengt Halvorson</a></p>",
        "<p class='byline'>By Adam Lichtenstein, Politics</p>",
    )
    for body in bodies:
        page = _page(body, head=_declared("Adam Lichtenstein"))
        parsed = parse_article(page, "https://courier.test/a/1", fetched_at=FETCHED)
        assert parsed.authors == ["Adam Lichtenstein"], body


def _tagged(*names: str) -> str:
    return "".join(f"<meta name='author' content='{name}'>" for name in names)


def test_author_tags_that_disagree_are_settled_by_the_byline() -> None:
    """One tag names the account that posted the story, another the writer the byline prints."""
    body = "<div><span class='single-header-byline'>By <a href='/looks/dj'>David Jeans</a></span></div>"
    page = _page(body, head=_tagged("Kevin Rebong", "David Jeans"))
    parsed = parse_article(page, "https://courier.test/a/1", fetched_at=FETCHED)
    assert parsed.authors == ["David Jeans"]


def test_declared_authors_the_byline_line_shows_all_stay() -> None:
    """Only the prefix and the last name are marked; the line holds every declared name. A byline that shows
    none of them settles nothing."""
    line = (
        "<p><span class='byline-prefix'>By </span><a href='/by/ms'>Marc Santora</a>, <a href='/by/wr'>William K."
        " Rashbaum</a> and <span class='last-byline'><a href='/by/ag'>Adam Goldman</a></span></p>"
    )
    names = ("Marc Santora", "William K. Rashbaum", "Adam Goldman")
    parsed = parse_article(_page(line, head=_tagged(*names)), "https://courier.test/a/1", fetched_at=FETCHED)
    assert parsed.authors == list(names)
    page = _page("<p class='byline'>By The Courier</p>", head=_tagged("Ana Ruiz", "Jon Roe"))
    parsed = parse_article(page, "https://courier.test/a/1", fetched_at=FETCHED)
    assert parsed.authors == ["Ana Ruiz", "Jon Roe"]


def test_rel_is_a_token_list_a_text_label_goes_and_comment_authors_are_commenters() -> None:
    """``rel`` holds space-separated tokens: ``rel="author noopener"`` marks an author; a label "Текст:" (text)
    before the name goes, as "Text:" does; an author in the comment thread is a commenter. (``itemprop`` as a
    token list, "author creator", was tried and withdrawn: it cost a held-out page.)"""
    body = (
        "<p class='article-info'><span itemprop='author'>Текст: Венера Ерофеева</span></p>"
        "<div class='comments'><div class='comment-item'><span itemprop='author'>Jon Roe</span></div></div>"
    )
    parsed = parse_article(_page(body), "https://courier.test/a/1", fetched_at=FETCHED)
    assert parsed.authors == ["Венера Ерофеева"]
    linked = "<p>By <a rel='author noopener' href='/p/ana'>Ana Ruiz</a></p>"
    parsed = parse_article(_page(linked), "https://courier.test/a/1", fetched_at=FETCHED)
    assert parsed.authors == ["Ana Ruiz"]


def test_a_guest_or_anonymous_account_is_no_name() -> None:
    for word in ("Гость", "Gast", "Invité", "Invitado", "Ospite", "Anonym", "Anónimo", "Аноним"):
        body = f"<p class='byline'>{word}</p>"
        parsed = parse_article(_page(body), "https://courier.test/a/1", fetched_at=FETCHED)
        assert parsed.authors == [], word


def test_author_elements_naming_no_one_do_not_end_the_search() -> None:
    """Only a comment's "Гость" (guest) carries ``itemprop=author``; the byline element names the writer."""
    body = (
        "<p class='article-info'><span class='article-info__authors'>Текст: Венера Ерофеева</span></p>"
        "<div class='comments'><span itemprop='author'>Гость</span></div>"
    )
    parsed = parse_article(_page(body), "https://courier.test/a/1", fetched_at=FETCHED)
    assert parsed.authors == ["Венера Ерофеева"]


def test_element_text_keeps_document_order() -> None:
    """A tail comes after its element's children ("Tariq Malik, Mike Wall", not ", Tariq Malik Mike Wall");
    a comment's tail is text, a script's content is not."""
    from lxml import html
    from newsflow_ingest.extraction.document import element_text

    line = html.fromstring("<p>By <span><a>Tariq Malik</a>, </span><span><a>Mike Wall</a></span> today</p>")
    assert element_text(line) == "By Tariq Malik, Mike Wall today"
    assert element_text(html.fromstring("<p>a <!-- c --> b <script>x</script> d<br>e</p>")) == "a b d e"


def test_co_authors_in_separate_spans_of_one_byline_are_read_in_order() -> None:
    body = (
        "<p class='byline'>By <span class='by-author'><a rel='author' href='/author/tm'>Tariq Malik</a>, </span>"
        "<span class='by-author'><a rel='author' href='/author/mw'>Mike Wall</a></span>"
        "<time>2019-11-18T22:05:36Z</time> <a class='category'>Spaceflight</a></p>"
    )
    page = _page(body, head=_declared("Tariq Malik"))
    parsed = parse_article(page, "https://courier.test/a/1", fetched_at=FETCHED)
    assert parsed.authors == ["Tariq Malik", "Mike Wall"]


def test_an_author_tag_naming_the_generator_is_the_template_s_credit() -> None:
    """``<meta name="author">`` equal to ``<meta name="generator">``: the site template's maker, written into
    every page, not the story's writer."""
    maker = "PMJS - Coordenadoria de TI"
    head = f"<meta name='author' content='{maker}'><meta name='generator' content='{maker}'>"
    parsed = parse_article(_page("", head=head), "https://courier.test/a/1", fetched_at=FETCHED)
    assert (parsed.authors, parsed.organisation) == ([], None)


def test_links_to_editor_and_contributor_pages_are_bylines_when_nothing_else_marks_one() -> None:
    for path in ("/about/editors/jon-fingas/", "/contributors/jon-fingas", "/periodistas/jon-fingas"):
        body = f"<div class='meta'><a href='{path}'>Jon Fingas</a></div>"
        parsed = parse_article(_page(body), "https://courier.test/a/1", fetched_at=FETCHED)
        assert parsed.authors == ["Jon Fingas"], path
    menu = (
        "<ul class='subMenu'><li><a href='/about/editors/josh-brodesky' role='menuitem'>Josh Brodesky</a></li></ul>"
        "<div class='meta'><a href='/about/editors/jon-fingas/'>Jon Fingas</a></div>"
    )
    parsed = parse_article(_page(menu), "https://courier.test/a/1", fetched_at=FETCHED)
    assert parsed.authors == ["Jon Fingas"]


def test_bylines_in_story_cards_after_the_headline_are_other_stories() -> None:
    """A list of ``<article>`` cards, each with its own byline, beside a story whose byline has no byline class:
    the cards sign other stories; the author link under the headline signs this one."""
    cards = "".join(
        f"<article class='w-stories__item'><h1><a href='/s/{n}'>Story {n}</a></h1>"
        f"<a class='byline' href='/author/mm'>Michael J. Mooney</a></article>"
        for n in range(3)
    )
    page = (
        "<html lang='en'><head><title>Payments | Courier</title></head><body><h1>Payments can begin</h1>"
        f"<div class='story__info'>By <a href='/author/kathy-wise'>Kathy Wise</a></div><p>{PROSE}</p>"
        f"<section>{cards}</section></body></html>"
    )
    parsed = parse_article(page, "https://courier.test/a/1", fetched_at=FETCHED)
    assert parsed.authors == ["Kathy Wise"]


def test_a_byline_in_the_one_article_after_a_header_headline_stays() -> None:
    page = (
        "<html lang='en'><head><title>Payments | Courier</title></head><body><header><h1>Payments can begin</h1>"
        f"</header><article><p class='byline'>By Kathy Wise</p><p>{PROSE}</p></article></body></html>"
    )
    parsed = parse_article(page, "https://courier.test/a/1", fetched_at=FETCHED)
    assert parsed.authors == ["Kathy Wise"]


def test_a_plain_text_byline_with_a_publishing_verb_before_the_sign() -> None:
    """ "Posted by", "Publicado por", "Escrito por", "Publié par", "Geschrieben von" sign bylines as "By" does."""
    for line in (
        "Posted by Ana Ruiz",
        "Publicado por: Ana Ruiz",
        "Escrito por Ana Ruiz",
        "Publié par Ana Ruiz",
        "Geschrieben von Ana Ruiz",
    ):
        parsed = parse_article(_page(f"<p>{line}</p>"), "https://courier.test/a/1", fetched_at=FETCHED)
        assert parsed.authors == ["Ana Ruiz"], line
