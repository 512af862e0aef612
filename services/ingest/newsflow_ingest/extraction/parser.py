"""``parse_article``: one HTML page in, one :class:`ParsedArticle` out, never an exception for bad HTML."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from newsflow_shared.messages import Block, BlockKind, ParsedArticle

from newsflow_ingest.extraction.authors import byline_texts, clean_author_names
from newsflow_ingest.extraction.body import (
    BodyText,
    drop_head_metadata,
    extract_body,
    find_furniture,
    remove_captions,
    strip_code,
)
from newsflow_ingest.extraction.canonical import choose_canonical_url
from newsflow_ingest.extraction.classify import PageFeatures, classify_page, link_density, looks_like_js_shell
from newsflow_ingest.extraction.dateline import find_dateline
from newsflow_ingest.extraction.dates import (
    choose_date,
    date_from_url,
    html_date_candidates,
    time_element_texts,
    utc_reference,
)
from newsflow_ingest.extraction.document import load_document, normalize_space
from newsflow_ingest.extraction.extras import field_lines, publisher_fields
from newsflow_ingest.extraction.images import extract_images, split_credit
from newsflow_ingest.extraction.jsonld import (
    NON_ARTICLE_PAGE_TYPES,
    JsonLd,
    names,
    read_jsonld,
    text_value,
    urls,
)
from newsflow_ingest.extraction.local_time import settle_published
from newsflow_ingest.extraction.metadata import PageMeta, read_page_meta
from newsflow_ingest.extraction.organisations import split_organisations
from newsflow_ingest.extraction.relative_dates import relative_publication
from newsflow_ingest.extraction.shown_dates import (
    ShownDate,
    dates_near_headline,
    headline_element,
    texts_near_headline,
)
from newsflow_ingest.extraction.tags import clean_tags, declared_tags
from newsflow_ingest.extraction.title import choose_title, displayed_headline, first_h1
from newsflow_ingest.profiles import active_profiles, read_fields, remove_elements

LOGGER = logging.getLogger(__name__)

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
)
_META_MODIFIED = ("datemodified", "dc.date.modified", "last-modified", "lastmod", "article.updated")
_META_AUTHORS = ("author", "article:author", "byl", "parsely-author", "sailthru.author", "dc.creator")
_PROFILE_KINDS: dict[str, BlockKind] = {
    "paragraph": "paragraph",
    "heading": "heading",
    "quote": "quote",
    "list_item": "list_item",
}
_NON_ARTICLE_OG_TYPES = ("website", "profile", "book", "music", "video.other", "product")


def parse_article(
    html: str, url: str, *, hints: dict[str, str] | None = None, fetched_at: datetime | None = None
) -> ParsedArticle:
    """Extract article fields from ``html`` fetched from ``url``.

    ``hints`` are facts from the feed or sitemap that listed the URL (``title``, ``published_at``,
    ``modified_at``, ``language``, ``author``, ``section``, ``description``): the lowest-priority candidates,
    provenance ``"feed"``. ``fetched_at`` (default now) bounds plausible dates and is returned in UTC.
    Bad input (empty, binary, hostile nesting) gives ``status="not_article"``, never an exception.
    """
    hints = hints or {}
    reference = utc_reference(fetched_at)
    try:
        root = load_document(html)
        if root is not None:
            return _parse(root, url, hints, reference)
    except Exception:  # the documented contract: a bad page is a status, not a crash of the ingest worker
        LOGGER.warning("extraction failed for %s", url, exc_info=True)
    return ParsedArticle(
        url=url,
        canonical_url=url,
        status="not_article",
        provenance={"canonical_url": "url"},
        fetched_at=reference.isoformat(),
    )


def _parse(root: Any, url: str, hints: dict[str, str], reference: datetime) -> ParsedArticle:
    profile = active_profiles().for_url(url)
    selected: dict[str, list[str]] = {}
    if profile is not None:
        remove_elements(profile, root)
        selected = read_fields(profile, root)

    def from_profile(field: str) -> str | None:
        values = selected.get(field)
        return values[0] if values else None

    meta = read_page_meta(root)
    ld = read_jsonld(root)
    strip_code(root)  # every later reader walks a smaller tree
    article = ld.article or {}
    provenance: dict[str, str] = {}

    def pick(field: str, *candidates: tuple[str | None, str]) -> str | None:
        for value, source in candidates:
            text = normalize_space(value)
            if text:
                provenance[field] = source
                return text
        return None

    publisher = text_value(article.get("publisher"))
    site_name = pick(
        "site_name",
        (meta.first("og:site_name"), "og"),
        (publisher, "jsonld"),
        (meta.first("application-name"), "meta"),
    )
    canonical_url, provenance["canonical_url"] = choose_canonical_url(
        url, meta.canonical, meta.first("og:url"), is_amp=root.get("amp") is not None or "⚡" in root.attrib
    )
    h1 = first_h1(root)
    title_candidates = [
        (from_profile("title"), "profile"),
        (text_value(article.get("headline")), "jsonld"),
        (meta.first("og:title"), "og"),
        (meta.first("twitter:title", "dc.title"), "meta"),
        (h1, "html"),
        (meta.title_tag, "html"),
        (hints.get("title"), "feed"),
    ]
    title = choose_title(title_candidates, [n for n in (site_name, publisher) if n], url=url, h1=h1)
    if title and title[1] != "profile" and h1 and displayed_headline(h1, title[0]):
        title = (h1, "html")  # the headline readers see, when the declared one is its SEO rewrite
    if title:
        provenance["title"] = title[1]
    html_lang = pick("html_lang", (meta.html_lang, meta.html_lang_source), (hints.get("language"), "feed"))
    languages = [html_lang] if html_lang else []

    authors, organisation = split_organisations(
        _authors(root, meta, article, hints, provenance, selected.get("authors", [])),
        [n for n in (site_name, publisher) if n],
        url,
    )
    if organisation and "authors" in provenance:
        provenance["organisation"] = provenance.pop("authors")
    headline = headline_element(root, title[0] if title else None)
    shown = dates_near_headline(headline)
    published = choose_date(
        _published_candidates(root, meta, article, hints, url, from_profile("published_at"), shown),
        reference,
        languages=languages,
    )
    modified = choose_date(
        _modified_candidates(meta, article, hints, from_profile("modified_at")),
        reference,
        languages=languages,
    )
    # the declared instant in the page's own offset, or the earlier publication time the page shows
    published = settle_published(
        published,
        modified[0] if modified else None,
        shown=shown,
        more_visible=lambda: time_element_texts(root),
        meta_tags=meta.tags,
        reference=reference,
        languages=languages,
    )
    if published is None:
        # only "3 hours ago" beside the headline: counted back from the fetch time
        relative = relative_publication(texts_near_headline(headline), reference)
        published = (relative, "relative") if relative else None
    for field, found in (("published_at", published), ("modified_at", modified)):
        if found:
            provenance[field] = found[1]
    section = pick(
        "section",
        (from_profile("section"), "profile"),
        (text_value(article.get("articleSection")), "jsonld"),
        (meta.first("article:section"), "og"),
        (_breadcrumb_section(ld, title), "jsonld"),
        (hints.get("section"), "feed"),
    )
    description = pick(
        "description",
        (from_profile("description"), "profile"),
        (meta.first("og:description"), "og"),
        (meta.first("description", "twitter:description"), "meta"),
        (text_value(article.get("description")), "jsonld"),
        (hints.get("description"), "feed"),
    )

    declared = [u for u in (meta.first("og:image"), *urls(article.get("image"))[:1]) if u]
    furniture = find_furniture(root)
    found_images = extract_images(root, url, declared, furniture.captions)
    if found_images.images:
        provenance["images"] = (
            "og" if meta.first("og:image") else "jsonld" if article.get("image") else "html"
        )
    extras = publisher_fields(root)
    if extras:
        provenance["extras"] = "html"
    drop = [*found_images.caption_texts, *field_lines(extras)]
    drop += [part for caption in found_images.caption_texts for part in split_credit(caption) if part]
    remove_captions(root, furniture)
    drop_head_metadata(root)  # every reader of the head ran; the body extractor copies the tree for nothing
    tags, tags_source = (
        (clean_tags(selected["tags"]), "profile") if "tags" in selected else declared_tags(meta, article)
    )
    if tags and tags_source:
        provenance["tags"] = tags_source
    extracted = _profile_body(selected.get("body", [])) or extract_body(
        root,
        url,
        drop=drop,
        headlines=[title[0] if title else None, h1, meta.first("og:title", "twitter:title"), meta.title_tag],
        descriptions=[
            meta.first("og:description"),
            meta.first("description"),
            meta.first("twitter:description"),
        ],
    )
    body = extracted.text
    if body:
        provenance["body"] = provenance["blocks"] = "profile" if "body" in selected else "html"
    dateline = find_dateline(body) if body else None
    if dateline:
        provenance["dateline"] = "html"

    og_type = (meta.first("og:type") or "").lower()
    declares_article = (
        bool(ld.article) or og_type.startswith("article") or bool(meta.first("article:published_time"))
    )
    features = PageFeatures(
        url=url,
        body=body,
        declares_article=declares_article,
        declares_non_article=og_type in _NON_ARTICLE_OG_TYPES or bool(ld.types & NON_ARTICLE_PAGE_TYPES),
        has_date=published is not None,
        paywall_flag=str(article.get("isAccessibleForFree", "")).lower() == "false"
        or (meta.first("article:content_tier") or "").lower() in ("locked", "metered"),
        js_shell=len(body) < 400 and looks_like_js_shell(root),
        link_density=0.0 if declares_article else link_density(root),
    )
    return ParsedArticle(
        url=url,
        canonical_url=canonical_url,
        title=title[0] if title else None,
        authors=authors,
        organisation=organisation,
        published_at=published[0] if published else None,
        modified_at=modified[0] if modified else None,
        section=section,
        dateline=dateline,
        description=description,
        body=body,
        blocks=[Block(type=kind, text=text) for kind, text in extracted.blocks],
        tags=tags,
        images=found_images.images,
        site_name=site_name,
        html_lang=html_lang,
        extras=extras,
        status=classify_page(features),
        provenance=provenance,
        fetched_at=reference.isoformat(),
    )


def _authors(
    root: Any,
    meta: PageMeta,
    article: dict[str, Any],
    hints: dict[str, str],
    provenance: dict[str, str],
    profile_names: list[str],
) -> list[str]:
    sources: list[tuple[list[str], str]] = [
        (profile_names, "profile"),
        (names(article.get("author")), "jsonld"),
        ([v for key in _META_AUTHORS for v in meta.all(key) if "://" not in v], "meta"),
    ]
    for raw_names, source in sources:
        cleaned = _clean_all(raw_names)
        if cleaned:
            provenance["authors"] = source
            return cleaned
    cleaned = _clean_all(byline_texts(root))
    if cleaned:
        provenance["authors"] = "html"
        return cleaned
    cleaned = _clean_all([hints.get("author") or hints.get("authors") or ""])
    if cleaned:
        provenance["authors"] = "feed"
    return cleaned


def _clean_all(raw_names: list[str]) -> list[str]:
    found: list[str] = []
    for raw in raw_names:
        for name in clean_author_names(raw):
            if name not in found:
                found.append(name)
    return found


def _published_candidates(
    root: Any,
    meta: PageMeta,
    article: dict[str, Any],
    hints: dict[str, str],
    url: str,
    profile: str | None,
    shown: list[ShownDate],
) -> Iterator[tuple[str | None, str]]:
    """Candidates in priority order; the HTML scan only runs when declared dates are missing or rejected."""
    yield profile, "profile"
    yield text_value(article.get("datePublished") or article.get("dateCreated")), "jsonld"
    yield meta.first("article:published_time"), "og"
    yield meta.first(*_META_PUBLISHED), "meta"
    for text in html_date_candidates(root, [date.text for date in shown if not date.updated]):
        yield text, "html"
    yield hints.get("published_at"), "feed"
    yield date_from_url(url), "url"


def _modified_candidates(
    meta: PageMeta, article: dict[str, Any], hints: dict[str, str], profile: str | None
) -> Iterator[tuple[str | None, str]]:
    yield profile, "profile"
    yield text_value(article.get("dateModified")), "jsonld"
    yield meta.first("article:modified_time", "og:updated_time"), "og"
    yield meta.first(*_META_MODIFIED), "meta"
    yield hints.get("modified_at"), "feed"


def _breadcrumb_section(ld: JsonLd, title: tuple[str, str] | None) -> str | None:
    """The breadcrumb entry above the article: the last one, or the one before when the last is the story."""
    crumbs = [c for c in ld.breadcrumb if c.lower() not in ("home", "homepage", "start")]
    if crumbs and title and crumbs[-1] == title[0]:
        crumbs = crumbs[:-1]
    return crumbs[-1] if crumbs else None


def _profile_body(values: list[str]) -> BodyText | None:
    """The body a site profile selected (``"kind\ttext"`` values), or ``None`` to use the general extractor."""
    blocks: list[tuple[BlockKind, str]] = []
    for value in values:
        kind, _, text = value.partition("\t")
        if text:
            blocks.append((_PROFILE_KINDS.get(kind, "paragraph"), text))
    return BodyText(blocks) if blocks else None
