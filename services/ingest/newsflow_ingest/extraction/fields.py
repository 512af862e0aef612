"""The metadata fields of ``parse_article``: each chosen from its candidates in priority order, with its provenance."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from typing import Any

from newsflow_ingest.extraction.authors import (
    BylineMarkup,
    byline_lines,
    byline_texts,
    clean_author_names,
    credited_for_other_work,
    is_desk_credit,
)
from newsflow_ingest.extraction.cobylines import with_cobylined
from newsflow_ingest.extraction.country_zones import date_languages, shows_clock, zoned_by_country
from newsflow_ingest.extraction.dates import (
    HAS_TIME,
    attribute_datetimes,
    choose_date,
    date_from_url,
    html_date_candidates,
    is_plausible,
    language_codes,
    language_of_script,
    microdata_published,
    parse_date,
    publication_dates_in,
    time_element_datetimes,
    time_element_texts,
    zoned_by_language,
)
from newsflow_ingest.extraction.document import normalize_space
from newsflow_ingest.extraction.jsonld import JsonLd, names, text_value
from newsflow_ingest.extraction.listing_dates import labelled_day, newest_timestamp
from newsflow_ingest.extraction.local_time import (
    declared_renderings,
    script_renderings,
    settle_published,
    zoned_by_neighbours,
    zoned_by_rendering,
    zoned_by_scripts,
)
from newsflow_ingest.extraction.metadata import PageMeta
from newsflow_ingest.extraction.organisations import names_the_site, split_organisations
from newsflow_ingest.extraction.plain_bylines import closing_credit, credited_after_time, plain_byline
from newsflow_ingest.extraction.relative_dates import relative_publication
from newsflow_ingest.extraction.shown_dates import (
    ShownDate,
    dates_near_headline,
    displays_title,
    headline_element,
    texts_near_headline,
)
from newsflow_ingest.extraction.tags import clean_tags, declared_tags
from newsflow_ingest.extraction.title import (
    choose_title,
    copies_title_tag,
    displayed_headline,
    first_h1,
    heading_byline,
    heads_text,
    names_site,
    printed_as_heading,
    printed_segment,
    shares_wording,
    title_key,
    unrelated_to,
)
from newsflow_ingest.extraction.yearless_dates import yearless_publication

_META_PUBLISHED = (
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "date",
    "dc.date.issued",
    "dc.date",
    "sailthru.date",
    "parsely-pub-date",
    "og:published_time",
    "article.published",
    # further names publishers' CMSs and metadata schemes use for the first publication (Dublin Core terms,
    # Highwire/Google Scholar citation tags, rNews, cXense, and the plain variants of "published date")
    "article:published",
    "article_date_original",
    "og:article:published_time",
    "rnews:datepublished",
    "originalpublicationdate",
    "publication_date",
    "publish_date",
    "published_date",
    "published-date",
    "date_published",
    "datecreated",
    "dcterms.issued",
    "dcterms.created",
    "dcterms.date",
    "dc.date.created",
    "dc.created",
    "citation_publication_date",
    "citation_date",
    "cxenseparse:recs:publishtime",
    # third pass: more CMS and analytics spellings of the first publication (WordPress themes, Open Graph
    # variants, Korean CMSs' og:regdate, ShareThis/Shareaholic, Japanese/Chinese "ptime")
    "article:post_date",
    "article:published_date",
    "article:publicationdate",
    "article.created",
    "og:datepublished",
    "og:pubdate",
    "og:publish_date",
    "og:regdate",
    "dc.date.publication",
    "dc:date",
    "dc:created",
    "date_created",
    "dateposted",
    "displaydate",
    "content_create_date",
    "publish_time",
    "published_time",
    "publisheddate",
    "pdate",
    "ptime",
    "bt:pubdate",
    "mediator_published_time",
    "shareaholic:article_published_time",
    "twt-published-at",
    "vr:published_time",
    "analyticsattributes.articledate",
)
_META_MODIFIED = ("datemodified", "dc.date.modified", "last-modified", "lastmod", "article.updated")
_META_AUTHORS = ("author", "article:author", "byl", "parsely-author", "sailthru.author", "dc.creator")
# An author tag holding a profile URL rather than a name ("https://www.facebook.com/…"); a name followed by its
# homepage ("Bradley M. Kuhn (http://ebb.org/bkuhn/)") is a name, the URL removed by the cleaning
_BARE_URL = re.compile(r"\s*(?:https?://|www\.)\S*\s*$")

Title = tuple[str, str]  # (headline, source)
FoundDate = tuple[str, str]  # (ISO 8601 value, source)


@dataclass
class PageFields:
    """One page being parsed: its tree, what it declares, and the provenance of each field chosen so far.

    ``provenance`` is filled in the order the fields are read, and the record keeps that order.
    """

    root: Any
    url: str
    hints: dict[str, str]  # facts from the feed or sitemap that listed the URL (see ``parse_article``)
    reference: datetime  # the fetch time, UTC
    meta: PageMeta
    ld: JsonLd
    article: dict[str, Any]  # the JSON-LD article object, ``{}`` when the page declares none
    selected: dict[str, list[str]]  # what the site's profile selected, by field; empty without a profile
    scripts: list[str] = field(default_factory=list)  # inline scripts' texts (the tree loses them early)
    provenance: dict[str, str] = field(default_factory=dict)

    def from_profile(self, name: str) -> str | None:
        """The first value the site profile selected for field ``name``."""
        values = self.selected.get(name)
        return values[0] if values else None

    def pick(self, name: str, *candidates: tuple[str | None, str]) -> str | None:
        """The first candidate with text (spaces normalised); its source becomes the provenance of ``name``."""
        for value, source in candidates:
            text = normalize_space(value)
            if text:
                self.provenance[name] = source
                return text
        return None


def read_site_name(page: PageFields, publisher: str | None) -> str | None:
    return page.pick(
        "site_name",
        (page.meta.first("og:site_name"), "og"),
        (publisher, "jsonld"),
        (page.meta.first("application-name"), "meta"),
    )


def read_title(page: PageFields, site_names: list[str]) -> tuple[Title | None, str | None]:
    """The headline with its source, and the page's first ``<h1>`` (the body extractor drops it too)."""
    meta = page.meta
    h1 = first_h1(page.root)
    title_candidates = [
        (page.from_profile("title"), "profile"),
        (text_value(page.article.get("headline")), "jsonld"),
        (meta.first("og:title"), "og"),
        (meta.first("twitter:title", "dc.title"), "meta"),
        (h1, "html"),
        (meta.title_tag, "html"),
        (page.hints.get("title"), "feed"),
    ]
    title = choose_title(title_candidates, site_names, url=page.url, h1=h1)
    if title and h1:
        title = _displayed_over_declared(title, h1, page, site_names, title_candidates[1:4])
    declared = [text for text, source in title_candidates[:4] if text and normalize_space(text)]
    if title and all(copies_title_tag(text, meta.title_tag) for text in declared):
        # nothing declares a title but the <title> (declarations, if any, copy it): a "Headline <sep> Site"
        # <title> whose headline the page prints as an <h1>
        segment = printed_segment(meta.title_tag, page.root)
        title = (segment, "html") if segment and segment != title[0] else title
    if title:
        page.provenance["title"] = title[1]
    return title, h1


def _displayed_over_declared(
    title: Title, h1: str, page: PageFields, site_names: list[str], declared: list[tuple[str | None, str]]
) -> Title:
    """The ``<h1>`` when it, not the declared ``title``, is the headline readers see (each case below says
    how the page shows it), else ``title``; ``declared`` are JSON-LD ``headline``, og:title and
    twitter:title."""
    meta = page.meta
    if title[1] != "profile" and displayed_headline(h1, title[0]):
        return h1, "html"  # the headline readers see, when the declared one is its SEO rewrite
    if title[1] == "jsonld" and title[0] != h1 and _declared_elsewhere(h1, page, site_names):
        return h1, "html"  # another declaration agrees with the displayed headline: the JSON-LD one is SEO
    if title[1] != "profile" and title[0] != h1 and _title_tag_prints(h1, page, site_names):
        return h1, "html"  # the <title> and the <h1> print one headline; the declaration is a social card's
    if (
        title[1] in ("jsonld", "og", "meta")
        and title[0] != h1
        and _declarations_disagree(declared, page, site_names)
        and heads_text(page.root, h1)
        and not names_site(h1, site_names, meta.title_tag)
    ):
        return h1, "html"  # retitled per channel: the heading printed over the text is the one readers see
    if title[1] != "profile" and _heads_text_unprinted_title(title[0], h1, page, site_names):
        return h1, "html"  # declarations agree on a search title the page never prints; readers see the <h1>
    if (
        title == (h1, "html")
        and meta.title_tag
        and unrelated_to(h1, meta.title_tag)
        and not heads_text(page.root, h1)
    ):
        # nothing declared the title and the <h1> shares nothing with <title> nor heads any text: a logo's or
        # a widget's heading, not the headline
        return choose_title([(meta.title_tag, "html")], site_names, url=page.url) or title
    return title


# a word naming a subject, not a function word ("the", "and", "how", "der", "les" share nothing of a story)
_SUBJECT_WORD = 4


def _heads_text_unprinted_title(title: str, h1: str, page: PageFields, site_names: list[str]) -> bool:
    """Whether the ``<h1>`` heading the article's text is the headline over a declared ``title`` that the page
    never prints as a heading: og:title, twitter:title and the ``<title>`` agreeing on a wording written for
    search engines ("13 Ways To Compliment Women In The Most Empowering…" over a printed "The Transformative
    Power Of Feminist Compliments"), sharing a word of four letters or more with it (an ``<h1>`` sharing none
    names a series or a promo, not this story). A declared title printed as a heading elsewhere (an
    aggregator's ``<h2>`` under another story's ``<h1>``) is shown to readers too, and stays."""
    return (
        title_key(title) != title_key(h1)
        and shares_wording(h1, title, min_length=_SUBJECT_WORD)
        and heads_text(page.root, h1)
        and not names_site(h1, site_names, page.meta.title_tag)
        and not printed_as_heading(page.root, title)
    )


def _title_tag_prints(h1: str, page: PageFields, site_names: list[str]) -> bool:
    """Whether the ``<title>``, its site suffix removed, is the ``<h1>``: two renderings the page prints agree
    on the headline, so a declaration that differs (og:title "Schrödinger's Hack" on a headline "Hacking,
    Cryptography, and the Countdown to Quantum Computing", og:title and application-name both the site's name
    "Yahoo News - Latest News & Headlines") is a social card's or the site's, not the headline."""
    title_tag = page.meta.title_tag
    printed = choose_title([(title_tag, "html")], site_names, url=page.url) if title_tag else None
    return printed is not None and printed[0] == h1


_MIN_TITLE_WORDS = 3


def _declarations_disagree(
    declared: list[tuple[str | None, str]], page: PageFields, site_names: list[str]
) -> bool:
    """Whether the page's declared titles (JSON-LD ``headline``, og:title, twitter:title, the ``<title>``), site
    suffixes removed, word two or more different headlines (case, spacing and punctuation aside): the story was
    retitled, or titled apart for search and for social cards, so no declaration is *the* headline."""
    texts = [text for text, _source in declared if text and normalize_space(text)]
    keys = set()
    for text in [*texts, page.meta.title_tag]:
        chosen = choose_title([(text, "html")], site_names, url=page.url) if text else None
        # a one- or two-word <title> ("Seite", "Home") is a placeholder or the site's name, not a wording
        if chosen and (text != page.meta.title_tag or len(chosen[0].split()) >= _MIN_TITLE_WORDS):
            keys.add(title_key(chosen[0]))
    return len(keys) > 1


def _declared_elsewhere(h1: str, page: PageFields, site_names: list[str]) -> bool:
    """Whether a title other than the JSON-LD ``headline`` (og:title, twitter:title, JSON-LD
    ``alternativeHeadline``), its site suffix or section label removed, is the ``<h1>`` itself: two
    declarations differ and the page prints one of them, so that one is the headline (a newspaper's JSON-LD
    carrying the search headline, its og:title "Opinion | " plus the printed one)."""
    others = (
        page.meta.first("og:title"),
        page.meta.first("twitter:title"),
        text_value(page.article.get("alternativeHeadline")),
    )
    for text in others:
        chosen = choose_title([(text, "og")], site_names, url=page.url, h1=h1) if text else None
        # quote marks typed straight in a tag and curly on the page ("'We had…'" and "‘We had…’") are one wording
        if chosen and title_key(chosen[0]) == title_key(h1):
            return True
    return False


def read_authors(page: PageFields, site_names: list[str]) -> tuple[list[str], str | None]:
    """The people who wrote the article, and the organisation named as its author instead, if any."""
    article = _without_unshown_references(page.article, page.ld.referenced_authors, page.root)
    markup = BylineMarkup(page.root)  # the byline markup, walked once for every reading below
    authors, organisation = split_organisations(
        _authors(markup, page.meta, article, page.hints, page.provenance, page.selected.get("authors", [])),
        site_names,
        page.url,
    )
    if organisation and "authors" in page.provenance:
        page.provenance["organisation"] = page.provenance.pop("authors")
        if page.provenance["organisation"] in ("jsonld", "meta"):
            return _shown_over_declared(page, markup, site_names, organisation)
    return authors, organisation


def _without_unshown_references(article: dict[str, Any], referenced: list[str], root: Any) -> dict[str, Any]:
    """``article`` without the authors given by reference (a ``Person`` node of the ``@graph``) whose name the
    page shows nowhere as an element of its own (a link, a span): a CMS plug-in's node names the account that
    posted the story, often a login ("AS") or an editor, and is the writer only when the byline shows it."""
    body = root.find("body")
    hidden = [name for name in referenced if body is None or not _shown_alone(body, name)]
    if not hidden:
        return article
    authors = article.get("author")
    items = authors if isinstance(authors, list) else [authors]
    kept = [item for item in items if not (isinstance(item, dict) and text_value(item.get("name")) in hidden)]
    return {**article, "author": kept}


def _shown_alone(body: Any, name: str) -> bool:
    """Whether an element of ``body`` has ``name`` as its whole text."""
    return bool(body.xpath(".//*[normalize-space(.)=$name][not(self::script)]", name=name))


def _shown_over_declared(
    page: PageFields, markup: BylineMarkup, site_names: list[str], organisation: str
) -> tuple[list[str], str | None]:
    """The byline the reader sees, over tags that name only an organisation: the people it names; failing
    them, when the tags name the site itself, the other organisation it names ("By Associated Press" under a
    JSON-LD author "The Weather Channel"), or no byline at all when it shows none."""
    # a byline element whose text names no one (only the time, in an "author" block) shows no byline
    shown = _clean_all(byline_texts(page.root, markup)) or _clean_all(_plain_text_byline(page.root))
    names_site = names_the_site(organisation, site_names, page.url)
    if (
        not shown
        and names_site
        and not _person_typed(page.article)
        and not credited_after_time(headline_element(page.root, None), organisation)
    ):
        # only the tags credit the site itself, and the page shows no byline: no byline at all (a publisher
        # field copied into "author", not a credit a reader sees; a JSON-LD ``Person`` of the site's name is a
        # personal site's owner, and stays)
        del page.provenance["organisation"]
        return [], None
    people, shown_organisation = split_organisations(shown, site_names, page.url)
    if people:
        # the tags name only the publisher, the byline the reader sees names the people who wrote it (and an
        # organisation beside people goes, as in ``split_organisations``)
        del page.provenance["organisation"]
        page.provenance["authors"] = "html"
        return people, None
    # the site, or a newsroom's desk or staff credit ("Science X staff"), gives way to the source the byline shows
    replaceable = names_site or (
        is_desk_credit(organisation) and (shown_organisation or "").casefold() not in organisation.casefold()
    )
    if replaceable and shown_organisation and not names_the_site(shown_organisation, site_names, page.url):
        page.provenance["organisation"] = "html"
        return [], shown_organisation
    return [], organisation


def _plain_text_byline(root: Any) -> list[str]:
    """The byline written as plain text under the headline (or as the headline's own last line), else the
    credit closing the article, as a one-item list of raw bylines (or none)."""
    headline = headline_element(root, None)
    found = plain_byline(headline) or heading_byline(headline) or closing_credit(headline)
    return [found] if found else []


def _person_typed(article: dict[str, Any]) -> bool:
    """Whether the JSON-LD article's ``author`` is typed ``Person`` (one of them, in a list)."""
    authors = article.get("author")
    entries = authors if isinstance(authors, list) else [authors]
    return any(isinstance(entry, dict) and "Person" in str(entry.get("@type")) for entry in entries)


def read_dates(
    page: PageFields, title: Title | None, languages: list[str]
) -> tuple[FoundDate | None, FoundDate | None]:
    """The publication and modification times, each with its source."""
    headline = headline_element(page.root, title[0] if title else None)
    shown = dates_near_headline(headline)
    printed = lambda: [date.text for date in shown] + time_element_texts(page.root)  # noqa: E731
    languages = _date_languages(page, title, languages, printed)
    published = choose_date(
        _published_candidates(
            page.root,
            page.meta,
            page.article,
            page.hints,
            page.url,
            page.from_profile("published_at"),
            shown,
            page.ld.page or {},
            languages,
        ),
        page.reference,
        languages=languages,
    )
    modified = choose_date(
        _modified_candidates(page.meta, page.article, page.hints, page.from_profile("modified_at")),
        page.reference,
        languages=languages,
    )
    # the declared instant in the page's own offset, or the earlier publication time the page shows
    published = settle_published(
        published,
        modified[0] if modified else None,
        shown=shown,
        more_visible=lambda: time_element_texts(page.root),
        more_declared=cache(lambda: _machine_readable(page)),  # read once: two rules may ask for it
        beside_headline=displays_title(headline, title[0] if title else None),
        meta_tags=page.meta.tags,
        reference=page.reference,
        languages=languages,
    )
    near = [date.text for date in shown if not date.updated]
    on_page = lambda: html_date_candidates(page.root, near, languages=languages)  # noqa: E731
    published = _url_day_over_text_date(published, page.url, page.reference, on_page, languages)
    if published is None:
        published = _without_article_date(page, headline, languages)
    # last of all: a day printed without its year ("12 March, 14:30"), in the fetch's year
    if published is None:
        yearless = yearless_publication(headline, page.root, page.url, page.reference, languages)
        published = (yearless, "yearless") if yearless else None
    published = _zoned(published, modified, page, languages, printed)
    published = _in_page_offset(published, page.url, languages, printed)
    modified = _in_page_offset(modified, page.url, languages, printed)
    for name, found in (("published_at", published), ("modified_at", modified)):
        if found:
            page.provenance[name] = found[1]
    return published, modified


def _zoned(
    published: FoundDate | None,
    modified: FoundDate | None,
    page: PageFields,
    languages: list[str],
    printed: Callable[[], Sequence[str]],
) -> FoundDate | None:
    """The publication time with the zone the page's other timestamps reveal: a time without zone takes the
    offset of a zoned rendering of its wall clock (a meta value, a data attribute), else the one offset of the
    page's other declared times that week (its modification, meta values; not the body's <time> elements and
    data attributes, which may be other stories' clocks); a UTC instant the one offset of the page's scripts'
    timestamps that week (before the country's, ``_in_page_offset``)."""
    if not published:
        return published
    iso = zoned_by_rendering(published[0], lambda: _zoned_renderings(page))
    nearby = lambda: [*declared_renderings(page.meta.tags), *(modified[:1] if modified else ())]  # noqa: E731
    iso = zoned_by_neighbours(iso, nearby)
    iso = zoned_by_scripts(iso, page.scripts, lambda value: shows_clock(value, printed(), languages))
    return iso, published[1]


def _without_article_date(page: PageFields, headline: Any, languages: list[str]) -> FoundDate | None:
    """A page with no article date: "3 hours ago" beside the headline, counted back from the fetch time; else
    (a home or listing page) the newest date-and-time it prints, its day only; else a date a publication word
    labels anywhere on the page ("Stand: 15.06.2018" in a footer); else the day of the CMS's upload folder in
    its image's address (htmldate reads it too)."""
    relative = relative_publication(texts_near_headline(headline), page.reference)
    if relative:
        return relative, "relative"
    newest = newest_timestamp(page.root, page.reference, languages)
    if newest:
        return newest, "listing"
    labelled = labelled_day(page.root, page.reference, languages)
    if labelled:
        return labelled, "labelled"
    image_day = date_from_url(page.meta.first("og:image") or "")
    return (image_day, "image") if image_day else None


_URL_DAY_TOLERANCE = 1  # days: a time near midnight in another zone than the server's


def _date_languages(
    page: PageFields, title: Title | None, languages: list[str], printed: Callable[[], Sequence[str]]
) -> list[str]:
    """The languages the page's dates are read in: a CJK headline's (``language_of_script``) when the page
    declares none; a country's language before a declared English (``date_languages``)."""
    if not language_codes(tuple(languages)):
        described = page.meta.first("description", "og:description") or ""
        languages = list(language_of_script(f"{title[0] if title else ''} {described}"))
    return date_languages(page.url, languages, printed)


def _in_page_offset(
    found: FoundDate | None, url: str, languages: list[str], printed: Callable[[], Sequence[str]]
) -> FoundDate | None:
    """A time without zone on a page in a language written in one UTC offset (Japanese, Korean, Chinese) in that
    offset; else a time without zone, or a UTC instant, in the one offset of the page's country (its domain and
    language)."""
    if found is None:
        return None
    iso = zoned_by_language(found[0], languages)
    return zoned_by_country(iso, url, languages, printed), found[1]


def _machine_readable(page: PageFields) -> tuple[str, ...]:
    """Machine-readable date values besides the meta tags: ``<time datetime>``, zoned date data attributes,
    inline scripts' publication variables."""
    return (
        *time_element_datetimes(page.root),
        *attribute_datetimes(page.root, zoned=True),
        *script_renderings(page.scripts),
    )


def _zoned_renderings(page: PageFields) -> Iterator[str]:
    """The page's machine-readable date values that may carry an offset: meta tags, ``<time datetime>``, date
    data attributes; lazily, the cheapest first."""
    yield from declared_renderings(page.meta.tags)
    yield from time_element_datetimes(page.root)
    yield from attribute_datetimes(page.root)


def _url_day_over_text_date(
    published: FoundDate | None,
    url: str,
    reference: datetime,
    on_page: Callable[[], Iterable[str]],
    languages: Sequence[str],
) -> FoundDate | None:
    """The day in the URL path (``/2023/12/19/``) instead of a date read from the page's text (``html``) that is
    more than a day away from it: the CMS writes the path when the story is first published, while the text's
    first date may be an update, a comment or another story's; a declared date (meta, JSON-LD) is kept. A time
    the page shows on that day (``on_page``: the page's date texts in candidate order) is that day told more
    precisely ("11/28/2016 11:00 AM PT" in the header, after a sidebar's stamps of later stories)."""
    url_day = date_from_url(url)
    if published is None or published[1] != "html" or url_day is None:
        return published
    try:
        shown = date.fromisoformat(published[0][:10])
    except ValueError:
        return published
    day = date.fromisoformat(url_day)
    if day <= reference.date() and abs((shown - day).days) > _URL_DAY_TOLERANCE:
        return _shown_on_day(day, on_page(), reference, languages) or (url_day, "url")
    return published


def _shown_on_day(
    day: date, texts: Iterable[str], reference: datetime, languages: Sequence[str]
) -> FoundDate | None:
    """The first of ``texts`` giving a time of day on ``day`` (its own wall clock's day), as ``(iso, "html")``."""
    for text in texts:
        if not text or not HAS_TIME.search(text):
            continue
        parsed = parse_date(text, languages=languages)
        if parsed and parsed.has_time and parsed.value.date() == day and is_plausible(parsed, reference):
            return parsed.iso(), "html"
    return None


def read_section(page: PageFields, title: Title | None) -> str | None:
    return page.pick(
        "section",
        (page.from_profile("section"), "profile"),
        (text_value(page.article.get("articleSection")), "jsonld"),
        (page.meta.first("article:section"), "og"),
        (_breadcrumb_section(page.ld, title), "jsonld"),
        (page.hints.get("section"), "feed"),
    )


def read_description(page: PageFields) -> str | None:
    meta = page.meta
    return page.pick(
        "description",
        (page.from_profile("description"), "profile"),
        (meta.first("og:description"), "og"),
        (meta.first("description", "twitter:description"), "meta"),
        (text_value(page.article.get("description")), "jsonld"),
        (page.hints.get("description"), "feed"),
    )


def read_tags(page: PageFields) -> list[str]:
    """The profile's tags when it selects some, else the keywords the page declares."""
    tags, tags_source = (
        (clean_tags(page.selected["tags"]), "profile")
        if "tags" in page.selected
        else declared_tags(page.meta, page.article)
    )
    if tags and tags_source:
        page.provenance["tags"] = tags_source
    return tags


def _authors(
    markup: BylineMarkup,
    meta: PageMeta,
    article: dict[str, Any],
    hints: dict[str, str],
    provenance: dict[str, str],
    profile_names: list[str],
) -> list[str]:
    root = markup.root
    sources: list[tuple[list[str], str]] = [
        (profile_names, "profile"),
        (names(article.get("author")), "jsonld"),
        (_author_tags(meta), "meta"),
    ]
    for raw_names, source in sources:
        cleaned = _clean_all(_first_names_first(raw_names, markup) if source == "meta" else raw_names)
        if len(cleaned) > 1 and source != "profile":
            other_work = credited_for_other_work(root, cleaned)
            cleaned = [name for name in cleaned if name not in other_work]
        if cleaned and source != "profile":
            cleaned = _settled_by_byline(cleaned, markup)
        if cleaned:
            provenance["authors"] = source
            return cleaned
    cleaned = _clean_all(byline_texts(root, markup))
    if cleaned:
        provenance["authors"] = "html"
        return cleaned
    cleaned = _clean_all([hints.get("author") or hints.get("authors") or ""])
    if cleaned:
        provenance["authors"] = "feed"
        return cleaned
    cleaned = _clean_all(_plain_text_byline(root))
    if cleaned:
        provenance["authors"] = "html"
    return cleaned


def _author_tags(meta: PageMeta) -> list[str]:
    """The values of the author meta tags, without a profile URL alone and without the name the page gives as
    its ``generator`` (a site template's maker, written into every page's ``author`` tag too)."""
    generator = (meta.first("generator") or "").casefold().strip()
    tagged = [
        value
        for key in _META_AUTHORS
        for value in meta.all(key)
        if not _BARE_URL.match(value) and value.casefold().strip() != generator
    ]
    return tagged or _citation_authors(meta)


def _citation_authors(meta: PageMeta) -> list[str]:
    """Highwire's ``citation_author`` tags (the ones Google Scholar reads, on scholarly papers): one tag per
    author, so a comma in one is "Last, First" ("Markus, Havell" is Havell Markus), never two people."""
    turned = []
    for value in meta.all("citation_author"):
        match = _LAST_FIRST.match(value)
        turned.append(f"{match.group(2)} {match.group(1)}" if match else value)
    return turned


def _settled_by_byline(declared: list[str], markup: BylineMarkup) -> list[str]:
    """Declared authors checked against the byline the page shows (one walk of its markup): of several, those
    it shows; beside one, the co-authors its byline element lists."""
    lines = byline_lines(markup.root, markup)
    if len(declared) > 1:
        declared = _shown_in_byline(declared, lines.whole)
    return with_cobylined(declared, lines.own)


def _shown_in_byline(declared: list[str], whole_lines: list[str]) -> list[str]:
    """Of several declared authors, those the byline shows when it shows some of them: author tags that
    disagree (one names the account that posted the story, another the writer the byline prints) are settled
    by the byline. The byline is read as its lines (``byline_lines``: a byline element's parent holds the whole
    line when only its prefix or last name is marked, "<span class=byline-prefix>By</span> A, B and <span
    class=last-byline>C</span>"). A byline showing none of them settles nothing (a page may print no byline)."""
    shown = " ".join(whole_lines).casefold()
    confirmed = [name for name in declared if name.casefold() in shown]
    return confirmed if confirmed else declared


# "Gillman, Steve": a library-style "Last, First" in an author tag
_LAST_FIRST = re.compile(r"^\s*([^\W\d_][\w'’-]+),\s*([^\W\d_][\w'’.-]*(?:\s[^\W\d_][\w'’.-]*)?)\s*$")


def _first_names_first(raw_names: list[str], markup: BylineMarkup) -> list[str]:
    """Author tags written "Last, First" turned round when the byline prints "First Last": without that
    evidence the comma may as well separate two people."""
    turned = []
    for raw in raw_names:
        match = _LAST_FIRST.match(raw)
        if match:
            shown = " ".join(byline_texts(markup.root, markup))
            candidate = f"{match.group(2)} {match.group(1)}"
            raw = candidate if candidate in shown else raw
        turned.append(raw)
    return turned


def _clean_all(raw_names: list[str]) -> list[str]:
    found: list[str] = []
    for raw in raw_names:
        for name in clean_author_names(raw):
            if name not in found:
                found.append(name)
    found = [name for name in found if not any(_extends(name, other) for other in found)]
    return _without_lone_words(found)


def _without_lone_words(names: list[str]) -> list[str]:
    """``names`` without single capitalised words when a full name (two words or more) stands beside them: a
    byline that names its writers by first and last name does not name one of them by one word, which is a
    section, a place or a publication ("Jane Doe | Politik", "Jane Doe, Futurism"). Scripts without case
    ("山田太郎") write names without spaces, and stay."""
    if not any(len(name.split()) >= 2 for name in names):
        return names
    return [name for name in names if len(name.split()) >= 2 or not _cased(name)]


def _cased(text: str) -> bool:
    return all(ch.isupper() or ch.islower() for ch in text if ch.isalpha())


def _extends(name: str, other: str) -> bool:
    """Whether ``name`` is ``other`` followed by more words ("Elizabeth Flores USA TODAY" beside "Elizabeth
    Flores"): a byline element's name plus its affiliation or desk, when another element gives the name alone."""
    return len(other.split()) >= 2 and name.startswith(other + " ")


def _published_candidates(
    root: Any,
    meta: PageMeta,
    article: dict[str, Any],
    hints: dict[str, str],
    url: str,
    profile: str | None,
    shown: list[ShownDate],
    ld_page: dict[str, Any],
    languages: list[str],
) -> Iterator[tuple[str | None, str]]:
    """Candidates in priority order; the HTML scan only runs when declared dates are missing or rejected."""
    yield profile, "profile"
    yield text_value(article.get("datePublished")), "jsonld"
    # a live blog (LiveBlogPosting) may declare only when its coverage started, with the publisher's offset
    yield text_value(article.get("coverageStartTime")), "jsonld"
    yield meta.first("article:published_time"), "og"
    yield meta.first(*_META_PUBLISHED), "meta"
    yield _parsely_pub_date(meta.first("parsely-page")), "meta"
    yield text_value(ld_page.get("datePublished")), "jsonld"
    # JSON-LD's creation date, declared without its publication date, after a declared publication in the
    # body's microdata: a CMS's later write of the record (Telegraph: "dateCreated" the day after the
    # microdata "datePublished" printed beside the headline)
    if article.get("dateCreated"):
        for text in microdata_published(root, languages):
            yield text, "html"
        yield text_value(article.get("dateCreated")), "jsonld"
    near = [date.text for date in shown if not date.updated]
    for text in html_date_candidates(root, near, languages=languages):
        yield text, "html"
    yield hints.get("published_at"), "feed"
    yield date_from_url(url), "url"
    yield _title_date(meta.title_tag), "title"


def _title_date(title: str | None) -> str | None:
    """A whole date the ``<title>`` writes ("Una solución no violenta - 07.12.2017 - LA NACION"): the page's
    own, when nothing else dates it (htmldate reads titles too)."""
    text = title or ""
    written = publication_dates_in(text) if any(c.isdigit() for c in text) else []
    return written[0] if written else None


def _parsely_pub_date(value: str | None) -> str | None:
    """``pub_date`` of Parse.ly's ``parsely-page`` meta tag, a JSON object (its older form of
    ``parsely-pub-date``)."""
    if not value or "pub_date" not in value:
        return None
    try:
        data = json.loads(value)
    except ValueError:
        return None
    return text_value(data.get("pub_date")) if isinstance(data, dict) else None


def _modified_candidates(
    meta: PageMeta, article: dict[str, Any], hints: dict[str, str], profile: str | None
) -> Iterator[tuple[str | None, str]]:
    yield profile, "profile"
    yield text_value(article.get("dateModified")), "jsonld"
    yield meta.first("article:modified_time", "og:updated_time"), "og"
    yield meta.first(*_META_MODIFIED), "meta"
    yield hints.get("modified_at"), "feed"


def _breadcrumb_section(ld: JsonLd, title: Title | None) -> str | None:
    """The breadcrumb entry above the article: the last one, or the one before when the last is the story."""
    crumbs = [c for c in ld.breadcrumb if c.lower() not in ("home", "homepage", "start")]
    if crumbs and title and crumbs[-1] == title[0]:
        crumbs = crumbs[:-1]
    return crumbs[-1] if crumbs else None
