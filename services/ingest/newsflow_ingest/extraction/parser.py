"""``parse_article``: one HTML page in, one :class:`ParsedArticle` out, never an exception for bad HTML."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from newsflow_shared.messages import Block, BlockKind, PageStatus, ParsedArticle

from newsflow_ingest.extraction import joiners
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
from newsflow_ingest.extraction.dates import utc_reference
from newsflow_ingest.extraction.document import load_document
from newsflow_ingest.extraction.extras import field_lines, publisher_fields
from newsflow_ingest.extraction.fields import (
    FoundDate,
    PageFields,
    Title,
    read_authors,
    read_dates,
    read_description,
    read_section,
    read_site_name,
    read_tags,
    read_title,
)
from newsflow_ingest.extraction.images import ImageResult, extract_images, split_credit
from newsflow_ingest.extraction.jsonld import NON_ARTICLE_PAGE_TYPES, read_jsonld, text_value, urls
from newsflow_ingest.extraction.local_time import inline_scripts
from newsflow_ingest.extraction.metadata import read_page_meta
from newsflow_ingest.extraction.organisations import copyright_holder
from newsflow_ingest.profiles import active_profiles, read_fields, remove_elements

LOGGER = logging.getLogger(__name__)

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
        html, protected = joiners.protect(html)  # trafilatura drops them: Persian words would come out glued
        root = load_document(html)
        if root is not None:
            article = _parse(root, url, hints, reference)
            return joiners.restore(article) if protected else article
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
    # The fields are read in this order: each reader may lean on the ones before (the title on the site name,
    # the dates on the title), the provenance keeps the order, and the tree shrinks as readers finish with it.
    page = _read_declared(root, url, hints, reference)
    publisher = text_value(page.article.get("publisher"))
    site_name = read_site_name(page, publisher)
    canonical_url, page.provenance["canonical_url"] = choose_canonical_url(
        url,
        page.meta.canonical,
        page.meta.first("og:url"),
        is_amp=root.get("amp") is not None or "⚡" in root.attrib,
    )
    site_names = [n for n in (site_name, publisher) if n]
    title, h1 = read_title(page, site_names)
    # the rights holder of a copyright notice is the publishing company, never a byline's person ("Condé Nast")
    holder = copyright_holder(page.meta.first("copyright", "dc.rights", "dcterms.rights"))
    html_lang = page.pick(
        "html_lang", (page.meta.html_lang, page.meta.html_lang_source), (hints.get("language"), "feed")
    )
    authors, organisation = read_authors(page, [*site_names, holder] if holder else site_names)
    published, modified = read_dates(page, title, [html_lang] if html_lang else [])
    section = read_section(page, title)
    description = read_description(page)
    found_images, extras, drop = _images_and_extras(page)
    tags = read_tags(page)
    bylines = [*authors, organisation] if organisation else list(authors)
    extracted, dateline = _body_and_dateline(page, drop, title, h1, bylines)
    body = extracted.text
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
        status=_status(page, body, published),
        provenance=page.provenance,
        fetched_at=reference.isoformat(),
    )


def _read_declared(root: Any, url: str, hints: dict[str, str], reference: datetime) -> PageFields:
    """What the page declares (site profile selections, ``<meta>`` tags, JSON-LD), read before any reader
    changes the tree; the profile's unwanted elements are removed first."""
    profile = active_profiles().for_url(url)
    selected: dict[str, list[str]] = {}
    if profile is not None:
        remove_elements(profile, root)
        selected = read_fields(profile, root)
    meta = read_page_meta(root)
    ld = read_jsonld(root)
    scripts = inline_scripts(root)
    strip_code(root)  # every later reader walks a smaller tree
    return PageFields(root, url, hints, reference, meta, ld, ld.article or {}, selected, scripts)


def _images_and_extras(page: PageFields) -> tuple[ImageResult, dict[str, str], list[str]]:
    """The images and the publisher's labelled fields; then captions and the head leave the tree. Also returns
    the lines the body extractor must drop (captions, their credits, the fields' lines)."""
    root, meta, article, provenance = page.root, page.meta, page.article, page.provenance
    declared = [u for u in (meta.first("og:image"), *urls(article.get("image"))[:1]) if u]
    furniture = find_furniture(root)
    found_images = extract_images(root, page.url, declared, furniture.captions)
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
    return found_images, extras, drop


def _body_and_dateline(
    page: PageFields, drop: list[str], title: Title | None, h1: str | None, bylines: list[str]
) -> tuple[BodyText, str | None]:
    """The body (the profile's selection, else the general extractor's) and the dateline that opens it."""
    meta, selected = page.meta, page.selected
    extracted = _profile_body(selected.get("body", [])) or extract_body(
        page.root,
        page.url,
        drop=drop,
        headlines=[title[0] if title else None, h1, meta.first("og:title", "twitter:title"), meta.title_tag],
        descriptions=[
            meta.first("og:description"),
            meta.first("description"),
            meta.first("twitter:description"),
        ],
        bylines=bylines,
    )
    body = extracted.text
    if body:
        page.provenance["body"] = page.provenance["blocks"] = "profile" if "body" in selected else "html"
    dateline = find_dateline(body) if body else None
    if dateline:
        page.provenance["dateline"] = "html"
    return extracted, dateline


def _status(page: PageFields, body: str, published: FoundDate | None) -> PageStatus:
    """Article, paywalled, listing, …: the classifier's verdict on what the page declares and shows."""
    root, meta, ld, article = page.root, page.meta, page.ld, page.article
    og_type = (meta.first("og:type") or "").lower()
    declares_article = (
        bool(ld.article) or og_type.startswith("article") or bool(meta.first("article:published_time"))
    )
    features = PageFeatures(
        url=page.url,
        body=body,
        declares_article=declares_article,
        declares_non_article=og_type in _NON_ARTICLE_OG_TYPES or bool(ld.types & NON_ARTICLE_PAGE_TYPES),
        # a listing's newest timestamp, or its image's upload day, dates the page but does not make it a story
        has_date=published is not None and published[1] not in ("listing", "image"),
        paywall_flag=str(article.get("isAccessibleForFree", "")).lower() == "false"
        or (meta.first("article:content_tier") or "").lower() in ("locked", "metered"),
        js_shell=len(body) < 400 and looks_like_js_shell(root),
        link_density=0.0 if declares_article else link_density(root),
    )
    return classify_page(features)


def _profile_body(values: list[str]) -> BodyText | None:
    """The body a site profile selected (``"kind\ttext"`` values), or ``None`` to use the general extractor."""
    blocks: list[tuple[BlockKind, str]] = []
    for value in values:
        kind, _, text = value.partition("\t")
        if text:
            blocks.append((_PROFILE_KINDS.get(kind, "paragraph"), text))
    return BodyText(blocks) if blocks else None
