"""Issue 15: rules that hold on publishers never seen (schema.org types, bylines, kickers, dates)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from newsflow_ingest.extraction import parse_article
from newsflow_ingest.extraction.authors import classify_byline
from newsflow_ingest.extraction.jsonld import ARTICLE_TYPES

from tests.unit.ingest.extraction.pages import FETCHED, PROSE

# schema.org 29, https://schema.org/Article "More specific Types", followed down to the leaves.
SCHEMA_ORG_ARTICLE_TREE = {
    "Article": ["AdvertiserContentArticle", "NewsArticle", "Report", "SatiricalArticle", "ScholarlyArticle",
                "SocialMediaPosting", "TechArticle"],
    "NewsArticle": ["AnalysisNewsArticle", "AskPublicNewsArticle", "BackgroundNewsArticle", "OpinionNewsArticle",
                    "ReportageNewsArticle", "ReviewNewsArticle"],
    "ScholarlyArticle": ["MedicalScholarlyArticle"],
    "SocialMediaPosting": ["BlogPosting", "DiscussionForumPosting"],
    "BlogPosting": ["LiveBlogPosting"],
    "TechArticle": ["APIReference"],
}  # fmt: skip


def _descendants(name: str) -> set[str]:
    found = {name}
    for child in SCHEMA_ORG_ARTICLE_TREE.get(name, []):
        found |= _descendants(child)
    return found


def test_article_types_are_exactly_schema_orgs_article_subtypes() -> None:
    assert {t.lower() for t in _descendants("Article")} == ARTICLE_TYPES


def _ld_page(ld_type: str) -> str:
    ld = (
        f'{{"@context":"https://schema.org","@type":"{ld_type}","headline":"Night buses return",'
        '"datePublished":"2024-04-30T08:15:00+02:00","author":{"@type":"Person","name":"Ana Ruiz"}}'
    )
    return (
        f"<html><head><script type='application/ld+json'>{ld}</script><title>Home</title></head>"
        f"<body><article><p>{PROSE}</p><p>{PROSE}</p></article></body></html>"
    )


def test_a_reportage_news_article_declares_the_article() -> None:
    parsed = parse_article(_ld_page("ReportageNewsArticle"), "https://radio.test/a/1", fetched_at=FETCHED)
    assert parsed.title == "Night buses return"
    assert parsed.authors == ["Ana Ruiz"]
    assert parsed.published_at == "2024-04-30T08:15:00+02:00"
    assert parsed.provenance["published_at"] == "jsonld"


def _byline_page(byline: str, head: str = "") -> str:
    return (
        f"<html lang='de'><head><title>Busse | Anzeiger</title>{head}</head><body><article><h1>Busse fahren"
        f" wieder nachts</h1><div class='byline'>{byline}</div><p>{PROSE}</p><p>{PROSE}</p></article>"
        "</body></html>"
    )


def _meta_author(value: str) -> str:
    return f"<meta name='author' content='{value}'>"


@pytest.mark.parametrize(
    ("raw", "kinds"),
    [
        ("Image: Getty Images", [("Image: Getty Images", "dropped", "picture credit label")]),
        ("Foto: dpa/Picture Alliance", [("Foto: dpa/Picture Alliance", "dropped", "picture credit label")]),
        ("Bild: Keystone", [("Bild: Keystone", "dropped", "picture credit label")]),
        ("صورة: رويترز", [("صورة: رويترز", "dropped", "picture credit label")]),
        ("iStockphoto", [("iStockphoto", "dropped", "picture agency")]),
        ("Ritzau Scanpix", [("Ritzau Scanpix", "dropped", "picture agency")]),
        ("Quelle: sid", [("sid", "organisation", "source label")]),
        ("AFP", [("AFP", "organisation", "news agency")]),
        ("dpa", [("dpa", "organisation", "news agency")]),
        ("ku Frankfurt", [("ku Frankfurt", "dropped", "author initials and dateline")]),
        ("Elena Oberholzer (obe", [("Elena Oberholzer", "person", "")]),
        ("Elena Oberholzer (obe)", [("Elena Oberholzer", "person", "")]),
        ("신현주 기자", [("신현주", "person", "")]),
        ("신현주기자", [("신현주", "person", "")]),
        (
            "Von Anna Meier, Korrespondentin",
            [("Anna Meier", "person", ""), ("Korrespondentin", "dropped", "job title")],
        ),
        ("مراسل محمد علي", [("محمد علي", "person", "")]),
        ("By Jane Doe and Reuters", [("Jane Doe", "person", ""), ("Reuters", "organisation", "news agency")]),
        ("Ludwig van Beethoven", [("Ludwig van Beethoven", "person", "")]),
    ],
)
def test_every_byline_piece_is_a_person_an_organisation_or_dropped_with_a_reason(
    raw: str, kinds: list[tuple[str, str, str]]
) -> None:
    assert [(t.text, t.kind, t.reason) for t in classify_byline(raw)] == kinds


def test_a_picture_credit_in_the_byline_is_not_an_author_and_an_agency_is_the_organisation() -> None:
    credit = parse_article(
        _byline_page("Foto: Getty Images"), "https://anzeiger.test/a/1", fetched_at=FETCHED
    )
    assert credit.authors == []
    assert credit.organisation is None
    source = parse_article(
        _byline_page("x", head=_meta_author("Quelle: sid")), "https://anzeiger.test/a/2", fetched_at=FETCHED
    )
    assert (source.authors, source.organisation) == ([], "sid")


def _headline_page(h1: str, head: str = "", article: str = "") -> str:
    return (
        f"<html lang='de'><head><title>Seite</title>{head}</head><body><article><h1>{h1}</h1>{article}"
        f"<p>{PROSE}</p><p>{PROSE}</p></article></body></html>"
    )


def test_a_kicker_inside_the_headline_is_not_glued_to_it() -> None:
    by_class = _headline_page(
        "<span class='article-kicker'>Breakpoint</span><span>Hilfe, die Fundis kommen!</span>"
    )
    glued = _headline_page("<span>Akkutechnik</span><span>Hat der Lithium-Akku bald ausgedient?</span>")
    spaced = _headline_page("<em>Not</em> <span>a kicker, just emphasis in a headline</span>")
    assert parse_article(by_class, "https://zeitung.test/a/1", fetched_at=FETCHED).title == (
        "Hilfe, die Fundis kommen!"
    )
    assert parse_article(glued, "https://zeitung.test/a/2", fetched_at=FETCHED).title == (
        "Hat der Lithium-Akku bald ausgedient?"
    )
    assert parse_article(spaced, "https://zeitung.test/a/3", fetched_at=FETCHED).title == (
        "Not a kicker, just emphasis in a headline"
    )


def test_soft_hyphens_and_zero_width_characters_leave_the_title() -> None:
    page = _headline_page("Bundes\u00adverfassungs\u00adgericht urteilt\u200b über Wahl\u00adrecht")
    assert parse_article(page, "https://zeitung.test/a/4", fetched_at=FETCHED).title == (
        "Bundesverfassungsgericht urteilt über Wahlrecht"
    )


def test_a_date_in_a_picture_caption_is_not_the_publication_date() -> None:
    caption = "<figure><img src='/a.jpg'><figcaption>Die Brücke am 3. März 1998</figcaption></figure>"
    page = _headline_page(
        "Die Brücke wird abgerissen",
        article=f"{caption}<p class='date'>Veröffentlicht am 30. April 2024, 14:05 Uhr</p>",
    )
    parsed = parse_article(page, "https://zeitung.test/a/5", fetched_at=FETCHED)
    assert parsed.published_at is not None and parsed.published_at.startswith("2024-04-30")
    only_caption = _headline_page(
        "Die Brücke wird abgerissen",
        article="<figure><img src='/a.jpg'><figcaption><time datetime='1998-03-03'>3. März 1998</time>"
        "</figcaption></figure>",
    )
    assert parse_article(only_caption, "https://zeitung.test/a/6", fetched_at=FETCHED).published_at is None


def test_a_live_tickers_coverage_start_keeps_its_offset() -> None:
    ld = (
        '{"@context":"https://schema.org","@type":"LiveBlogPosting","headline":"Wahlabend im Ticker",'
        '"coverageStartTime":"2024-04-30T18:00:00+02:00"}'
    )
    page = _headline_page("Wahlabend im Ticker", head=f"<script type='application/ld+json'>{ld}</script>")
    parsed = parse_article(page, "https://zeitung.test/live/1", fetched_at=FETCHED)
    assert parsed.published_at == "2024-04-30T18:00:00+02:00"


def test_a_zoned_declared_time_wins_over_an_unzoned_visible_time_of_the_same_instant() -> None:
    head = "<meta property='article:published_time' content='2024-04-30T05:48:00+02:00'>"
    page = _headline_page(
        "Busse fahren wieder", head=head, article="<p class='date'>30.04.2024, 3:48 Uhr</p>"
    )
    parsed = parse_article(page, "https://zeitung.test/a/7", fetched_at=FETCHED)
    assert (parsed.published_at, parsed.provenance["published_at"]) == ("2024-04-30T05:48:00+02:00", "og")


def test_a_section_label_before_the_declared_title_gives_way_to_the_displayed_headline() -> None:
    head = "<meta property='og:title' content='College Sports | Five prospects who may be underrated'>"
    page = _headline_page("Five prospects who may be underrated", head=head)
    assert parse_article(page, "https://zeitung.test/a/8", fetched_at=FETCHED).title == (
        "Five prospects who may be underrated"
    )


@pytest.mark.parametrize(
    ("raw", "names"),
    [("ByTravis Haney", ["Travis Haney"]), ("More by Drew Dietsch", []), ("Author", [])],
)
def test_glued_prefixes_calls_to_action_and_labels_are_not_names(raw: str, names: list[str]) -> None:
    assert [t.text for t in classify_byline(raw) if t.kind == "person"] == names


def test_bylines_of_other_stories_in_a_related_list_are_not_authors() -> None:
    related = (
        "<aside><ul><li><a href='/b'>Other story</a><span class='byline'>By Sam Other</span></li></ul></aside>"
        "<div class='related-stories'><span class='author'>By Kim Else</span></div>"
    )
    page = _byline_page("By Jane Doe").replace("</article>", f"</article>{related}")
    assert parse_article(page, "https://anzeiger.test/a/3", fetched_at=FETCHED).authors == ["Jane Doe"]


# --- publication dates: declared in more places, written in more scripts ---


@pytest.mark.parametrize(
    "head",
    [
        "<meta name='OriginalPublicationDate' content='2024-04-30T16:54:02+00:00'>",
        "<meta property='rnews:datePublished' content='2024-04-30T16:54:02+00:00'>",
        "<meta name='dcterms.issued' content='2024-04-30T16:54:02+00:00'>",
        "<meta name='citation_publication_date' content='2024-04-30T16:54:02+00:00'>",
        "<meta name='cXenseParse:recs:publishtime' content='2024-04-30T16:54:02+00:00'>",
        # third pass: more CMS spellings
        "<meta property='article:post_date' content='2024-04-30T16:54:02+00:00'>",
        "<meta property='og:regdate' content='2024-04-30T16:54:02+00:00'>",
        "<meta name='dc:date' content='2024-04-30T16:54:02+00:00'>",
        "<meta name='publish_time' content='2024-04-30T16:54:02+00:00'>",
        "<meta name='ptime' content='2024-04-30T16:54:02+00:00'>",
        # the value in ``value=`` instead of ``content=``
        "<meta name='article:published_time' value='2024-04-30T16:54:02+00:00'>",
        # Parse.ly's JSON meta tag
        """<meta name='parsely-page' content='{"title": "x", "pub_date": "2024-04-30T16:54:02Z"}'>""",
        # JSON-LD in Unix milliseconds, and a WebPage node (no Article node) with its date
        '<script type="application/ld+json">{"@type":"NewsArticle","datePublished":1714496042000}</script>',
        '<script type="application/ld+json">{"@graph":[{"@type":"WebPage","datePublished":'
        '"2024-04-30T16:54:02+00:00"}]}</script>',
    ],
)
def test_publication_time_declared_by_other_schemes_is_read(head: str) -> None:
    page = _headline_page("Busse fahren wieder", head=head)
    parsed = parse_article(page, "https://zeitung.test/a/8", fetched_at=FETCHED)
    assert parsed.published_at is not None
    assert datetime.fromisoformat(parsed.published_at) == datetime(2024, 4, 30, 16, 54, 2, tzinfo=UTC)


@pytest.mark.parametrize(
    ("shown", "expected"),
    [
        ("2024年04月30日 09時05分", "2024-04-30T09:05:00"),
        ("2024年4月30日（火）", "2024-04-30"),
        ("2024년 4월 30일 오후 3:05", "2024-04-30T15:05:00"),
        ("2024년 4월 30일 오전 11:05", "2024-04-30T11:05:00"),
    ],
)
def test_cjk_dates_beside_the_headline_are_read(shown: str, expected: str) -> None:
    page = _headline_page("新しいバス路線", article=f"<p class='date'>{shown}</p>")
    assert parse_article(page, "https://shinbun.test/a/1", fetched_at=FETCHED).published_at == expected


def test_a_cjk_last_updated_date_is_not_the_publication() -> None:
    page = _headline_page("新しいバス路線", article="<p class='date'>最終更新日：2024年4月30日</p>")
    assert parse_article(page, "https://shinbun.test/a/2", fetched_at=FETCHED).published_at is None


def test_a_day_only_declaration_takes_the_time_of_a_later_source_on_the_same_day() -> None:
    head = "<meta name='date' content='2024-04-30'>"
    page = _headline_page(
        "Busse fahren wieder", head=head, article="<time datetime='2024-04-30T05:48:00+02:00'>"
    )
    parsed = parse_article(page, "https://zeitung.test/a/9", fetched_at=FETCHED)
    assert parsed.published_at == "2024-04-30T05:48:00+02:00"
    other_day = _headline_page("Busse", head=head, article="<time datetime='2024-04-29T05:48:00+02:00'>")
    assert (
        parse_article(other_day, "https://zeitung.test/a/10", fetched_at=FETCHED).published_at == "2024-04-30"
    )


# --- titles: an <h1> that is not the headline ---


def test_an_h1_sharing_nothing_with_the_title_tag_gives_way_to_it() -> None:
    widget = (
        "<html><head><title>Neue Buslinien ab Mai | Stadtanzeiger</title></head><body>"
        "<div class='popup'><h1>Original text</h1></div>"
        f"<article><p>{PROSE}</p><p>{PROSE}</p></article></body></html>"
    )
    assert (
        parse_article(widget, "https://stadtanzeiger.test/a/1", fetched_at=FETCHED).title
        == "Neue Buslinien ab Mai"
    )
    # an <h1> that shares a word with <title> stays the headline (the <title> is often an SEO variant)
    shown = widget.replace("Original text", "Buslinien: was sich im Mai ändert")
    parsed = parse_article(shown, "https://stadtanzeiger.test/a/2", fetched_at=FETCHED)
    assert parsed.title == "Buslinien: was sich im Mai ändert"


def test_cjk_h1_and_title_are_compared_by_character_pairs() -> None:
    page = (
        "<html lang='ja'><head><title>新しいバス路線が五月に開業</title></head><body><h1>好奇心日报</h1>"
        f"<article><p>{PROSE}</p></article></body></html>"
    )
    assert (
        parse_article(page, "https://shinbun.test/a/3", fetched_at=FETCHED).title
        == "新しいバス路線が五月に開業"
    )
    related = page.replace("好奇心日报", "バス路線が開業")
    assert parse_article(related, "https://shinbun.test/a/4", fetched_at=FETCHED).title == "バス路線が開業"


def test_a_logo_link_glued_into_the_h1_does_not_replace_the_declared_title() -> None:
    headline = "Anticorrupción decidirá en Madrid si recurre la imputación"
    page = (
        f"<html lang='es'><head><meta name='twitter:title' content='{headline}'></head><body>"
        f"<h1><span>{headline}</span><a href='/'>Ultima Hora Mallorca</a></h1>"
        f"<article><p>{PROSE}</p></article></body></html>"
    )
    assert parse_article(page, "https://diario.test/a/1", fetched_at=FETCHED).title == headline


def test_a_utc_declaration_takes_the_offset_of_a_time_element_rendering_the_same_instant() -> None:
    head = "<meta property='article:published_time' content='2023-11-09T02:11:03+00:00'>"
    article = "<time datetime='2023-11-08T21:11:03-05:00'>November 8, 2023</time>"
    page = _headline_page("Police investigating", head=head, article=article)
    parsed = parse_article(page, "https://news.test/a/1", fetched_at=FETCHED)
    assert parsed.published_at == "2023-11-08T21:11:03-05:00"
    # a <time> of another instant (a related story's) reveals nothing
    other = page.replace("21:11:03-05:00", "19:40:00-05:00")
    assert (
        parse_article(other, "https://news.test/a/2", fetched_at=FETCHED).published_at
        == "2023-11-09T02:11:03+00:00"
    )


# --- bylines: the rights holder is a company ---


def test_the_copyright_holder_in_an_author_tag_is_an_organisation() -> None:
    head = (
        "<meta name='copyright' content='Copyright (c) Condé Nast 2022. All rights reserved.'>"
        "<meta name='author' content='Condé Nast'>"
    )
    # (shown in the byline: a tag naming the site alone, with no byline on the page, is no credit; eighth pass)
    page = _headline_page("Neue Buslinien", head=head, article="<div class='byline'>Condé Nast</div>")
    parsed = parse_article(page, "https://magazine.test/a/1", fetched_at=FETCHED)
    assert (parsed.authors, parsed.organisation) == ([], "Condé Nast")


# --- body: a description-equal lead is article text unless it sits with the headline ---

LEAD = "Four new routes will link the northern suburbs with the hospital district by the end of next year."


def _lead_page(article: str) -> str:
    head = f"<title>Buses expand</title><meta name='description' content='{LEAD}'>"
    return f"<html lang='en'><head>{head}</head><body><article>{article}</article></body></html>"


def test_a_lead_paragraph_equal_to_the_description_stays_in_the_body() -> None:
    body = (
        f"<section class='post-body'><div><p>{LEAD}</p></div><div><p>{PROSE}</p><p>{PROSE} Again.</p></div>"
    )
    page = _lead_page(f"<header><h1>Buses expand</h1></header>{body}</section>")
    parsed = parse_article(page, "https://blog.test/2024/04/buses", fetched_at=FETCHED)
    assert parsed.body.split("\n\n")[0] == LEAD


def test_a_standfirst_in_the_headline_block_leaves_the_body() -> None:
    header = (
        f"<header><div class='hed'><h1>Buses expand</h1></div><div class='dek'><p>{LEAD}</p></div></header>"
    )
    page = _lead_page(f"{header}<div class='body'><p>{PROSE}</p><p>{PROSE} Again.</p></div>")
    parsed = parse_article(page, "https://news.test/2024/04/buses", fetched_at=FETCHED)
    assert parsed.body.split("\n\n") == [PROSE, f"{PROSE} Again."]


# --- titles (third pass): a section label inside the <h1>, a JSON-LD search headline ---


def test_a_section_label_ending_in_a_separator_inside_the_h1_is_not_the_headline() -> None:
    headline = "Four bus routes open next year"
    label = "<div class='entry-section'><a href='/local/'>Local News | </a></div>"
    page = _headline_page(f"{label}<span class='title'>{headline}</span>")
    assert parse_article(page, "https://daily.test/a/1", fetched_at=FETCHED).title == headline
    # a headline that merely has a colon in it keeps it
    colon = _headline_page("<span>Buses: </span><span>four routes open next year</span>")
    assert parse_article(colon, "https://daily.test/a/2", fetched_at=FETCHED).title == (
        "Buses: four routes open next year"
    )


def test_the_printed_headline_wins_when_og_title_agrees_with_it_and_json_ld_does_not() -> None:
    shown = "I Rode Every Night Bus in the City. Here Is What I Learned."
    ld = (
        '{"@context":"https://schema.org","@type":"NewsArticle","headline":"Opinion | Night buses: a review"}'
    )
    head = f"<script type='application/ld+json'>{ld}</script><meta property='og:title' content='Opinion | {shown}'>"
    page = _headline_page(shown, head=head)
    parsed = parse_article(page, "https://times.test/opinion/1", fetched_at=FETCHED)
    assert (parsed.title, parsed.provenance["title"]) == (shown, "html")
    # without a second declaration agreeing with the <h1>, the <h1> heading the text still wins (tenth pass):
    # the JSON-LD wording shares its subject ("night") and is printed nowhere
    alone = page.replace(f"<meta property='og:title' content='Opinion | {shown}'>", "")
    assert parse_article(alone, "https://times.test/opinion/2", fetched_at=FETCHED).title == shown
    # a JSON-LD headline sharing no subject word with the <h1> (a series' name, a promo in the heading) stays
    other = alone.replace("Opinion | Night buses: a review", "Opinion | Transit after dark")
    assert parse_article(other, "https://times.test/opinion/3", fetched_at=FETCHED).title == (
        "Opinion | Transit after dark"
    )


# --- bylines (third pass): English job titles, other stories' <article>s ---


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        ("Sam Stein Senior Politics Editor", ["Sam Stein"]),
        ("By Howard BlumeStaff Writer", ["Howard Blume"]),
        ("By Ana Ruiz, Chief Technology Officer and Head of Mobility Labs", ["Ana Ruiz"]),
        ("Games Editor", []),
        ("Jane Doe Reporter", ["Jane Doe"]),
        ("Mary Ann Smith", ["Mary Ann Smith"]),
    ],
)
def test_english_job_titles_after_a_name_are_not_names(raw: str, names: list[str]) -> None:
    assert [t.text for t in classify_byline(raw) if t.kind == "person"] == names


def test_bylines_outside_the_first_bylines_article_sign_other_stories() -> None:
    cards = "".join(
        f"<article class='c{i}'><h3><a href='/{i}'>Story {i}</a></h3><div class='byline'>By {name}</div></article>"
        for i, name in enumerate(["Sam Other", "Kim Else"])
    )
    page = _byline_page("By Jane Doe").replace("</article>", f"</article><div class='latest'>{cards}</div>")
    assert parse_article(page, "https://anzeiger.test/a/4", fetched_at=FETCHED).authors == ["Jane Doe"]
    # two bylines in the same <article> both stay
    two = _byline_page("By Jane Doe</div><div class='byline'>By Ana Ruiz")
    assert parse_article(two, "https://anzeiger.test/a/5", fetched_at=FETCHED).authors == [
        "Jane Doe",
        "Ana Ruiz",
    ]


# --- dates (third pass): the printed day of a <time>, the URL's day over a text date ---


def test_a_time_elements_printed_date_wins_over_a_datetime_days_away() -> None:
    shown = "<div class='time'><time datetime='2019-07-03T10:18:46Z'>Publié le 29 juin 2019</time></div>"
    page = _headline_page("Les bus de nuit reviennent", article=shown).replace("lang='de'", "lang='fr'")
    assert (
        parse_article(page, "https://luttes.test/bus-12355", fetched_at=FETCHED).published_at == "2019-06-29"
    )
    # the same day printed in local time: the machine value, with its time, stays
    same = page.replace("Publié le 29 juin 2019", "Publié le 3 juillet 2019")
    assert (
        parse_article(same, "https://luttes.test/bus-12356", fetched_at=FETCHED).published_at
        == "2019-07-03T10:18:46+00:00"
    )


def test_the_urls_day_wins_over_a_text_date_days_away_but_not_over_a_declared_one() -> None:
    later = "<div class='date'>December 24, 2023 1:05 PM EST</div>"
    page = _headline_page("Night buses return", article=later).replace("lang='de'", "lang='en'")
    url = "https://anime.test/feature/2023-12-19/night-buses/.205"
    parsed = parse_article(page, url, fetched_at=FETCHED)
    assert (parsed.published_at, parsed.provenance["published_at"]) == ("2023-12-19", "url")
    near = page.replace("December 24", "December 20")  # a day away: another zone's midnight, kept
    assert parse_article(near, url, fetched_at=FETCHED).published_at == "2023-12-20T13:05:00-05:00"
    declared = page.replace(
        "<title>", "<meta property='article:published_time' content='2023-12-24T18:05:00Z'><title>"
    )
    kept = parse_article(declared, url, fetched_at=FETCHED)  # the declared instant, in the offset shown
    assert (kept.published_at, kept.provenance["published_at"]) == ("2023-12-24T13:05:00-05:00", "og")


@pytest.mark.parametrize(
    ("lang", "shown", "expected"),
    [
        ("es", "Publicado el martes, 3 de marzo de 2024", "2024-03-03"),
        ("pt", "3 de março de 2024, 14:05", "2024-03-03T14:05:00"),
        ("es", "3 de marzo de 2024 - 14:05", "2024-03-03T14:05:00"),
        ("fr", "Publié le 3 mars 2024 à 14h05", "2024-03-03T14:05:00"),
        ("fr", "3 mars 2024 à 9 h 05", "2024-03-03T09:05:00"),
        ("it", "3 marzo 2024 ore 14:05", "2024-03-03T14:05:00"),
        ("de", "12. März 2024, 14:05 Uhr", "2024-03-12T14:05:00"),
    ],
)
def test_romance_language_dates_beside_the_headline_are_read(lang: str, shown: str, expected: str) -> None:
    page = _headline_page("Vuelven los autobuses nocturnos", article=f"<div class='meta'>{shown}</div>")
    parsed = parse_article(
        page.replace("lang='de'", f"lang='{lang}'"), "https://x.test/a/1", fetched_at=FETCHED
    )
    assert parsed.published_at == expected


def test_a_person_in_the_shown_byline_wins_over_tags_naming_only_the_publisher() -> None:
    ld = '{"@context":"https://schema.org","@type":"NewsArticle","author":{"@type":"Organization","name":"Gazette"}}'
    head = f"<script type='application/ld+json'>{ld}</script><meta property='og:site_name' content='Gazette'>"
    page = _byline_page("By <a rel='author' href='/staff/ana'>Ana Ruiz</a>", head=head)
    parsed = parse_article(page, "https://gazette.test/a/1", fetched_at=FETCHED)
    assert (parsed.authors, parsed.organisation, parsed.provenance["authors"]) == (["Ana Ruiz"], None, "html")
    assert "organisation" not in parsed.provenance
    # no person shown, the publisher shown: it stays the organisation byline
    alone = parse_article(_byline_page("Gazette", head=head), "https://gazette.test/a/2", fetched_at=FETCHED)
    assert (alone.authors, alone.organisation) == ([], "Gazette")


def test_a_name_with_its_affiliation_glued_on_gives_way_to_the_name_alone() -> None:
    byline = (
        "<div class='byline'><span>Ana Ruiz</span> <span>Cherry Hill Courier</span></div>"
        "<div class='author'>Ana Ruiz</div>"
    )
    page = _headline_page("Busse fahren wieder", article=byline)
    assert parse_article(page, "https://courier.test/a/1", fetched_at=FETCHED).authors == ["Ana Ruiz"]


def test_microdata_author_names_in_meta_tags_and_capitalised_byline_classes_are_read() -> None:
    microdata = (
        "<div itemprop='author' itemscope itemtype='https://schema.org/Person'>"
        "<meta itemprop='name' content='Ana Ruiz'></div>"
    )
    page = _headline_page("Busse fahren wieder", article=microdata)
    assert parse_article(page, "https://zeitung.test/a/1", fetched_at=FETCHED).authors == ["Ana Ruiz"]
    css = _headline_page(
        "Busse fahren wieder", article="<div class='css-1wkce1i-Byline'><span>Ana Ruiz</span></div>"
    )
    assert parse_article(css, "https://zeitung.test/a/2", fetched_at=FETCHED).authors == ["Ana Ruiz"]


def test_short_header_lines_above_the_headline_leave_the_body_with_it() -> None:
    header = "<p>Supported by</p><p>Guest Essay</p><h2>Night buses return to the city</h2>"
    page = _lead_page(
        f"<h1>Night buses return to the city</h1><div>{header}<p>{PROSE}</p><p>{PROSE} Again.</p></div>"
    )
    parsed = parse_article(page, "https://times.test/2024/04/buses", fetched_at=FETCHED)
    assert parsed.body.split("\n\n") == [PROSE, f"{PROSE} Again."]
    # a paragraph of prose before a line repeating the headline is article text: nothing is cut
    prose_first = page.replace("<p>Supported by</p><p>Guest Essay</p>", f"<p>{PROSE} First.</p>")
    body = parse_article(prose_first, "https://times.test/2024/04/buses2", fetched_at=FETCHED).body
    assert body.startswith(f"{PROSE} First.")


@pytest.mark.parametrize(
    ("shown", "expected"),
    [
        ("11/28/2016 04:23 pm ET", "2016-11-28T16:23:00-05:00"),  # "ET" known since the seventh pass
        ("11/28/2016 4:23 PM", "2016-11-28T16:23:00"),
        ("28.11.2016 16:23", "2016-11-28T16:23:00"),
        ("2016/11/28 9:05 p.m. EST", "2016-11-28T21:05:00-05:00"),
    ],
)
def test_a_numeric_date_keeps_the_clocks_half_of_the_day_and_its_zone(shown: str, expected: str) -> None:
    # HuffPost's "11/28/2016 04:23 pm ET" was read as 04:23, a time earlier than the declared publication
    # (16:23 -0500), so it replaced it: the numeric form read only "hh:mm", never "pm" or a zone after it.
    page = _headline_page("Buses run again", article=f"<p class='date'>{shown}</p>")
    assert parse_article(page, "https://paper.test/a/1", fetched_at=FETCHED).published_at == expected


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        ("谢若含2017-03-01 14:27:02", ["谢若含"]),
        ("山田太郎 2019年04月28日 08時00分", ["山田太郎"]),
        ("김철수2020년 7월 3일", ["김철수"]),
    ],
)
def test_a_date_glued_to_a_cjk_byline_is_cut_off(raw: str, names: list[str]) -> None:
    # A year written against CJK characters has no word boundary before or after it ("谢若含2017-03-01",
    # "2019年"), so the trailing-date cut, which looked for "\b2019\b", left the date in and the name was dropped.
    tokens = classify_byline(raw)
    assert [t.text for t in tokens if t.kind == "person"] == names


def test_a_naive_time_element_takes_the_zone_its_own_text_prints() -> None:
    # Politico: <time datetime="2022-10-17 16:01:26">10/17/2022 04:01 PM EDT</time>. The attribute is the
    # wall clock the text prints, so the text's zone is the attribute's offset (not UTC, not unknown).
    page = _headline_page(
        "Student debt relief draws applications",
        article="<p><time datetime='2022-10-17 16:01:26'>10/17/2022 04:01 PM EDT</time></p>",
    )
    parsed = parse_article(page, "https://paper.test/a/3", fetched_at=FETCHED)
    assert parsed.published_at == "2022-10-17T16:01:26-04:00"


# --- fifth pass (issue 15) ---


@pytest.mark.parametrize(
    ("title_tag", "h1s", "expected"),
    [
        # the first <h1> is the site's logo heading, the headline is a later <h1> and the <title>'s lead
        ("Buses run again on Sundays · Transit Blog", ["Transit Blog", "Buses run again on Sundays"],
         "Buses run again on Sundays"),
        ("Buses run again on Sundays — a blog about transit", ["a blog about transit", "Buses run again on Sundays¶"],
         "Buses run again on Sundays"),
        # the <title>'s lead ends in a full stop the printed headline does not have; a section <h1> first
        ("新しいバス路線が五月に開業。｜市営交通株式会社", ["ニュースリリース", "新しいバス路線が五月に開業"],
         "新しいバス路線が五月に開業"),
        # only the trailing segment is printed: the site's logo heading, not the headline
        ("Transit — Buses run again on Sundays — Transit Blog", ["Buses run again", "Transit Blog"],
         "Buses run again"),
    ],
)  # fmt: skip
def test_a_title_tag_segment_printed_as_an_h1_is_the_headline(
    title_tag: str, h1s: list[str], expected: str
) -> None:
    # No declared title: the <title> is "Headline <sep> Site" with a site name the page declares nowhere, and
    # the page prints the headline as an <h1> that is not its first (V8's blog, Mercurial's docs, Sanwa's
    # releases): the segment the page also prints as a heading is the headline.
    headings = "".join(f"<h1>{h}</h1>" for h in h1s)
    page = (
        f"<html><head><title>{title_tag}</title></head><body>{headings}"
        f"<article><p>{PROSE}</p><p>{PROSE}</p></article></body></html>"
    )
    assert parse_article(page, "https://blog.test/posts/buses", fetched_at=FETCHED).title == expected
    # the same when og:title only copies the <title> (a CMS default), spaced differently
    copied = title_tag.replace("｜", " | ")
    declared = page.replace("</title>", f"</title><meta property='og:title' content='{copied}'>")
    assert parse_article(declared, "https://blog.test/posts/buses", fetched_at=FETCHED).title == expected


def _listing(items: str, extra: str = "") -> str:
    return (
        "<html lang='de'><head><title>Startseite | Freistaat</title></head><body>"
        f"<p>Bewerbungsschluss ist am 15. November 2017. {PROSE}</p><ul>{items}</ul>{extra}</body></html>"
    )


def test_a_page_without_an_article_date_takes_its_newest_timestamp() -> None:
    # A home or listing page (bayern.de, stuttgart.de) declares and shows no article date, but stamps its news
    # items, or itself ("Stand: 09.10.2017, 01:40 Uhr"), with a date and a time of day: the newest such stamp
    # dates the page (its day only); dates in prose without a clock (a deadline) and readers' comments do not.
    items = "".join(
        f"<li><span>{stamp}</span> <a href='/n/{i}'>Meldung {i}</a></li>"
        for i, stamp in enumerate(["05.10.2017 14:18", "06.10.2017 11:15", "29.09.2017 14:32"])
    )
    comments = "<div class='comments'><p>07.10.2017 18:02 Leser: schön</p></div>"
    parsed = parse_article(_listing(items, comments), "https://freistaat.test/", fetched_at=FETCHED)
    assert parsed.published_at == "2017-10-06"
    assert parsed.provenance["published_at"] == "listing"
    stamped = _listing("", "<p>[Stand: 09.10.2017, 01:40 Uhr]</p>")
    assert parse_article(stamped, "https://stadt.test/", fetched_at=FETCHED).published_at == "2017-10-09"
    # a declared date is never replaced
    declared = _listing(items).replace(
        "</title>", "</title><meta property='article:published_time' content='2017-09-01T08:00:00+02:00'>"
    )
    assert parse_article(declared, "https://freistaat.test/", fetched_at=FETCHED).published_at.startswith(
        "2017-09-01"
    )


def test_a_writer_class_marks_a_byline() -> None:
    # CNET Japan, RBB Today: <span class="writer">松村太郎</span> beside the date, with no "byline" or "author"
    # in any class, rel or itemprop; a "typewriter" effect is not a writer.
    page = _headline_page(
        "新しいバス路線が五月に開業",
        article="<div><span class='writer'>松村太郎</span><span class='date'>2019年04月13日 09時00分</span></div>",
    ).replace("lang='de'", "lang='ja'")
    assert parse_article(page, "https://shinbun.test/a/5", fetched_at=FETCHED).authors == ["松村太郎"]
    effect = page.replace("class='writer'", "class='typewriter'")
    assert parse_article(effect, "https://shinbun.test/a/5", fetched_at=FETCHED).authors == []


def test_a_listing_date_does_not_make_a_page_an_article() -> None:
    # The "no article metadata and no date" status rule must still see no date: the newest timestamp of a
    # listing dates the page, it does not say the page is a story.
    items = "".join(
        f"<li><span>0{d}.10.2017 11:15</span> <a href='/n/{d}'>Meldung {d}</a></li>" for d in range(1, 4)
    )
    page = _listing(items, "".join(f"<p>Teil {n}: {PROSE}</p>" for n in range(3)))
    parsed = parse_article(page, "https://freistaat.test/themen/buerger", fetched_at=FETCHED)
    assert parsed.published_at == "2017-10-03"
    assert parsed.status == "not_article"


@pytest.mark.parametrize(
    ("raw", "kinds"),
    [
        ("《KT》", [("KT", "person", "")]),
        ("【松村太郎】", [("松村太郎", "person", "")]),
        ("《AFP》", [("AFP", "organisation", "news agency")]),
    ],
)
def test_cjk_brackets_around_a_byline_are_not_part_of_the_name(
    raw: str, kinds: list[tuple[str, ...]]
) -> None:
    # RBB Today signs "《KT》": the brackets frame the sign, as quotes would; an agency in them stays an agency.
    assert [(t.text, t.kind, t.reason) for t in classify_byline(raw)] == kinds


def test_a_link_to_an_author_page_is_a_byline() -> None:
    # mynavi: the byline is only <a href="/author/180/">Name</a>, no byline class, rel or itemprop; a link to
    # the list of all authors is not one, nor is an author link in the navigation.
    page = _headline_page(
        "Busse fahren wieder nachts", article="<p><a href='/author/180/'>Anna Meier</a></p>"
    )
    assert parse_article(page, "https://zeitung.test/a/7", fetched_at=FETCHED).authors == ["Anna Meier"]
    listing = page.replace("/author/180/", "/authors/")
    assert parse_article(listing, "https://zeitung.test/a/7", fetched_at=FETCHED).authors == []


# --- seventh pass: dates on unseen publishers (issue 15) ---


def test_json_ld_followed_by_stray_characters_still_declares_its_article() -> None:
    # avaz.ba: the NewsArticle block ends with one closing brace too many; a trailing ";" is as common. The
    # block's first JSON value is the declaration; json.loads refuses the whole and the date was lost to a
    # related story's "09.08.2020 u 10:52".
    ld = (
        '{"@context":"http://schema.org","@type":"NewsArticle","headline":"Direktor pozitivan",'
        '"datePublished":"2020-10-26T18:10:00+01:00"}'
    )
    for stray in ("}", ";", "\n}\n"):
        page = (
            f"<html lang='bs'><head><script type='application/ld+json'>{ld}{stray}</script></head><body>"
            f"<article><h1>Direktor pozitivan</h1><p>{PROSE}</p></article>"
            "<aside><p>Korona 09.08.2020 u 10:52</p></aside></body></html>"
        )
        parsed = parse_article(page, "https://novine.test/a/604722", fetched_at=FETCHED)
        assert parsed.published_at == "2020-10-26T18:10:00+01:00", stray
        assert parsed.provenance["published_at"] == "jsonld"


def test_a_commentary_section_is_not_a_comment_thread() -> None:
    # heritage.org: the article element's class is "node commentary …" (an opinion column). Dates inside
    # readers' comment threads are skipped, but "commentary" is not "comment": its byline date is the article's.
    page = (
        "<html lang='en'><head><title>Seite</title></head><body><div id='title'><h1>Bidenomics Defined</h1></div>"
        "<div><article class='node commentary node--type-commentary'><h1>Bidenomics Defined</h1>"
        f"<div class='article-general-info'>Dec 18, 2023 <span>3 min read</span></div><p>{PROSE}</p>"
        "<div class='comments'><p>Dec 20, 2023 Reader: nice</p></div></article></div></body></html>"
    )
    parsed = parse_article(page, "https://think.test/commentary/bidenomics", fetched_at=FETCHED)
    assert parsed.published_at == "2023-12-18"


@pytest.mark.parametrize(
    ("declared", "shown", "expected"),
    [
        # alarmeringen.nl: <meta name="language" content="Dutch">, a name, not a code
        ("<meta name='language' content='Dutch'>", "9 oktober 2020 11:12", "2020-10-09T11:12:00"),
        ("<meta name='language' content='Deutsch'>", "9. Oktober 2020, 11:12 Uhr", "2020-10-09T11:12:00"),
        # "05/10/2020" is day first on a page whose language is named "French"
        ("<meta name='language' content='French'>", "05/10/2020 11:12", "2020-10-05T11:12:00"),
    ],
)
def test_a_language_written_as_a_name_still_reads_the_dates(declared: str, shown: str, expected: str) -> None:
    page = (
        f"<html><head><title>Ambulance naar Hoge Zand</title>{declared}</head><body><h1>Ambulance naar Hoge Zand"
        f"</h1><p>{shown}</p><p>{PROSE}</p></body></html>"
    )
    assert parse_article(page, "https://melding.test/34192126", fetched_at=FETCHED).published_at == expected


def test_a_listing_beside_a_section_heading_does_not_replace_the_declared_date() -> None:
    # diariodelsur.com.co: the only <h1> is the section ("Fútbol"), not the headline; the text after it is a
    # list of other stories stamped "05/12/2020 - 15:10". A shown date earlier than the declared one replaces
    # it only when it is beside the element that displays the headline.
    title = "Sorprendente despedida de Cuadrado a Queiroz"
    page = (
        f"<html lang='es'><head><title>{title} | Diario</title><meta property='og:title' content='{title}'>"
        "<meta name='DC.date.issued' content='2020-12-06T12:32:58+00:00'></head><body><h1>Fútbol</h1>"
        "<ul><li>05/12/2020 - 15:10 Orquesta en vivo</li><li>04/12/2020 - 12:20 Jay-Z cumple</li></ul>"
        f"<div><p>{PROSE}</p><p>{PROSE}</p></div></body></html>"
    )
    parsed = parse_article(page, "https://diario.test/noticias/futbol/647581", fetched_at=FETCHED)
    assert parsed.published_at == "2020-12-06T12:32:58+00:00"
    # beside the headline itself, the earlier shown time still wins (a declared date that is the last save)
    shown = page.replace("<h1>Fútbol</h1>", f"<h1>{title}</h1>")
    parsed = parse_article(shown, "https://diario.test/noticias/futbol/647581", fetched_at=FETCHED)
    assert parsed.published_at == "2020-12-05T15:10:00"


def test_a_naive_time_element_of_another_story_does_not_reveal_the_offset() -> None:
    # Folha: JSON-LD "12:55:00Z", and <time datetime="2018-12-21 10:55:00"> on a related story two hours
    # earlier. A naive datetime is not a rendering of the declared instant in another zone; only one with an
    # offset is ("<time datetime> reveals the offset", third pass).
    ld = '{"@type":"NewsArticle","headline":"Tite diz que errou","datePublished":"2018-12-21T12:55:00Z"}'
    related = "".join(
        f"<li><time datetime='2018-12-21 {t}:00'>21.dez.2018</time> Outra</li>" for t in ("10:55", "12:00")
    )
    own = "<time datetime='2018-12-21 12:55:00'>21.dez.2018 às 12h55</time>"
    page = (
        f"<html lang='pt-BR'><head><script type='application/ld+json'>{ld}</script></head><body>"
        f"<article><h1>Tite diz que errou</h1><p>{own}</p><p>{PROSE}</p></article><ul>{related}</ul></body></html>"
    )
    parsed = parse_article(page, "https://folha.test/esporte/tite", fetched_at=FETCHED)
    assert parsed.published_at == "2018-12-21T12:55:00+00:00"
    # a <time datetime> with an offset still reveals it, and so does the page's first (its own) naive one
    zoned = page.replace("2018-12-21 10:55:00", "2018-12-21T10:55:00-02:00")
    assert parse_article(zoned, "https://folha.test/esporte/tite", fetched_at=FETCHED).published_at == (
        "2018-12-21T10:55:00-02:00"
    )
    first = page.replace(own, "<time datetime='2018-12-21 10:55:00'>vor 23 Minuten</time>")
    assert parse_article(first, "https://folha.test/esporte/tite", fetched_at=FETCHED).published_at == (
        "2018-12-21T10:55:00-02:00"
    )


def test_a_microdata_time_element_takes_the_zone_its_own_text_prints() -> None:
    # Politico's newsletters: <time itemprop="datePublished" datetime="2022-10-11 08:00:00">10/11/2022 08:00 AM
    # EDT</time>. Read through microdata the attribute was taken bare (naive); it is the text's wall clock.
    page = _headline_page(
        "Grim outlook for the meetings",
        article="<p><time itemprop='datePublished' datetime='2022-10-11 08:00:00'>10/11/2022 08:00 AM EDT</time></p>",
    ).replace("lang='de'", "lang='en'")
    parsed = parse_article(page, "https://paper.test/newsletters/money", fetched_at=FETCHED)
    assert parsed.published_at == "2022-10-11T08:00:00-04:00"


@pytest.mark.parametrize(
    ("shown", "expected"),
    [
        # TMZ: "PT" is Pacific time, standard in November, daylight in August
        ("11/28/2016 11:00 AM PT", "2016-11-28T11:00:00-08:00"),
        ("8/10/2022 9:57 AM PT", "2022-08-10T09:57:00-07:00"),
        ("11/28/2016 04:23 pm ET", "2016-11-28T16:23:00-05:00"),
        ("June 3, 2021 2:05 p.m. CT", "2021-06-03T14:05:00-05:00"),
    ],
)
def test_us_zone_names_without_standard_or_daylight_take_the_dates_offset(shown: str, expected: str) -> None:
    page = _headline_page("Buses run again", article=f"<p>{shown}</p>").replace("lang='de'", "lang='en'")
    assert parse_article(page, "https://paper.test/a/1", fetched_at=FETCHED).published_at == expected


@pytest.mark.parametrize(
    ("lang", "shown", "expected"),
    [
        ("ja", "2019-03-15 09:43", "2019-03-15T09:43:00+09:00"),
        ("ja", "2019年04月21日 12時00分", "2019-04-21T12:00:00+09:00"),
        ("ko", "2020년 7월 3일 오후 3:05", "2020-07-03T15:05:00+09:00"),
        ("zh-CN", "2017-03-01 14:27", "2017-03-01T14:27:00+08:00"),
        ("zh-TW", "2017/03/01 14:27", "2017-03-01T14:27:00+08:00"),
        # a language spoken across zones gives none; a day alone has nothing to place
        ("en", "2019-03-15 09:43", "2019-03-15T09:43:00"),
        ("ja", "2019年04月21日", "2019-04-21"),
    ],
)
def test_a_local_time_on_a_page_in_a_one_zone_language_takes_that_zone(
    lang: str, shown: str, expected: str
) -> None:
    # ossnews.jp "2019-03-15 09:43", ascii.jp "12:00": Japanese, Korean and Chinese are each written in one UTC
    # offset (Japan and Korea +09:00, the Chinese-writing regions +08:00, none with daylight saving now), so a
    # time without zone on such a page is in that offset.
    page = _headline_page("新しいバス路線", article=f"<p class='date'>{shown}</p>").replace(
        "lang='de'", f"lang='{lang}'"
    )
    assert parse_article(page, "https://shinbun.test/a/1", fetched_at=FETCHED).published_at == expected


def test_a_declared_time_twelve_hours_before_the_shown_one_lost_its_pm() -> None:
    # ACLU: JSON-LD "2018-04-05T06:00", the byline "April 5, 2018 | 6:00 PM": the same clock written without its
    # half of the day. A shown time later than the declared one is otherwise a modification and not taken.
    ld = '{"@type":"Article","headline":"Facebook is tracking me","datePublished":"2018-04-05T06:00"}'
    page = (
        f"<html lang='en'><head><script type='application/ld+json'>{ld}</script></head><body><article>"
        f"<h1>Facebook is tracking me</h1><p class='byline'>By Daniel Gillmor April 5, 2018 | 6:00 PM</p>"
        f"<p>{PROSE}</p></article></body></html>"
    )
    assert parse_article(page, "https://rights.test/blog/fb", fetched_at=FETCHED).published_at == (
        "2018-04-05T18:00:00"
    )
    # with the declaration's offset, the shown clock is read in it; one later by another amount is not taken
    zoned = page.replace('"2018-04-05T06:00"', '"2018-04-05T06:00-04:00"')
    parsed = parse_article(zoned, "https://rights.test/blog/fb", fetched_at=FETCHED)
    assert parsed.published_at == "2018-04-05T18:00:00-04:00"
    later = zoned.replace("6:00 PM", "7:00 PM")
    parsed = parse_article(later, "https://rights.test/blog/fb", fetched_at=FETCHED)
    assert parsed.published_at == "2018-04-05T06:00:00-04:00"


def test_a_utc_declaration_of_the_wall_clock_a_zoned_time_element_prints_is_local_time() -> None:
    # gizmodo.jp: article:published_time "2019-04-19T20:00:00.000Z", <time datetime="2019-04-19T20:00:00+09:00">
    # 2019.04.19 20:00</time>. The same wall clock twice, once with the publisher's offset: the "Z" labels local
    # time as UTC (a CMS writing its local clock with a Z); the zoned rendering is the instant.
    page = _headline_page(
        "Suicaのガシャポン",
        head="<meta property='article:published_time' content='2019-04-19T20:00:00.000Z'>",
        article="<p><time datetime='2019-04-19T20:00:00+09:00'>2019.04.19 20:00</time></p>",
    ).replace("lang='de'", "lang='ja'")
    parsed = parse_article(page, "https://gadget.test/2019/04/suica.html", fetched_at=FETCHED)
    assert parsed.published_at == "2019-04-19T20:00:00+09:00"
    # without the clock printed, the two renderings only disagree (necn.com: a theme writing the UTC clock with
    # the local offset): the declaration stays
    unprinted = page.replace(">2019.04.19 20:00<", ">2019.04.19<")
    parsed = parse_article(unprinted, "https://gadget.test/2019/04/suica.html", fetched_at=FETCHED)
    assert parsed.published_at == "2019-04-19T20:00:00+00:00"
    # a zoned rendering of the same instant keeps working as before (the UTC value is re-expressed)
    same = page.replace("2019-04-19T20:00:00+09:00", "2019-04-20T05:00:00+09:00").replace(
        "19 20:00", "20 05:00"
    )
    parsed = parse_article(same, "https://gadget.test/2019/04/suica.html", fetched_at=FETCHED)
    assert parsed.published_at == "2019-04-20T05:00:00+09:00"


def test_a_declared_title_that_is_the_sites_own_name_is_not_the_headline() -> None:
    # Yahoo News: og:title and twitter:title are "Yahoo News - Latest News & Headlines", the application-name
    # (the site's name) too; the <title> and the <h1> print the story's headline.
    site = "Daily Planet - Latest News &amp; Headlines"
    page = (
        f"<html lang='en'><head><title>Space ship breaks up over Siberia</title><meta property='og:title' "
        f"content='{site}'><meta name='twitter:title' content='{site}'><meta name='application-name' "
        f"content='{site}'></head><body><article><h1>Space ship breaks up over Siberia</h1><p>{PROSE}</p>"
        "</article></body></html>"
    )
    parsed = parse_article(page, "https://news.planet.test/space-ship-123.html", fetched_at=FETCHED)
    assert parsed.title == "Space ship breaks up over Siberia"
    # a page that declares and prints nothing but its name keeps it (a home page)
    home = page.replace("Space ship breaks up over Siberia", "Daily Planet - Latest News &amp; Headlines")
    assert parse_article(home, "https://news.planet.test/", fetched_at=FETCHED).title == (
        "Daily Planet - Latest News & Headlines"
    )


def test_a_feeds_language_with_an_underscore_still_reads_the_dates() -> None:
    # A feed hint "de_DE" (the page declares no language) reached dateparser as "de_de", which it refuses.
    page = (
        "<html><head><title>Busse fahren wieder</title></head><body><h1>Busse fahren wieder</h1>"
        f"<p>9. Oktober 2020, 11:12 Uhr</p><p>{PROSE}</p></body></html>"
    )
    parsed = parse_article(page, "https://zeitung.test/a/11", hints={"language": "de_DE"}, fetched_at=FETCHED)
    assert parsed.published_at == "2020-10-09T11:12:00"
