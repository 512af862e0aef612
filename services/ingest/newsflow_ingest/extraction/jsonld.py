"""schema.org JSON-LD: find the article object (also inside ``@graph``), the page type and the breadcrumb."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from newsflow_ingest.extraction.document import normalize_space

# schema.org Article and every subtype of it (https://schema.org/Article, "More specific Types", recursively;
# schema.org 29): a page that declares any of them declares one article. The full tree, not a hand-picked list:
# "ReportageNews" (for ReportageNewsArticle) once made a public broadcaster's JSON-LD invisible.
ARTICLE_TYPES = frozenset(
    t.lower()
    for t in (
        "Article",
        "AdvertiserContentArticle",
        "NewsArticle",
        "AnalysisNewsArticle",
        "AskPublicNewsArticle",
        "BackgroundNewsArticle",
        "OpinionNewsArticle",
        "ReportageNewsArticle",
        "ReviewNewsArticle",
        "Report",
        "SatiricalArticle",
        "ScholarlyArticle",
        "MedicalScholarlyArticle",
        "SocialMediaPosting",
        "BlogPosting",
        "LiveBlogPosting",
        "DiscussionForumPosting",
        "TechArticle",
        "APIReference",
    )
)
# Page types that are not one article (https://schema.org/WebPage subtypes).
NON_ARTICLE_PAGE_TYPES = frozenset(
    t.lower()
    for t in (
        "CollectionPage",
        "AboutPage",
        "ContactPage",
        "ProfilePage",
        "SearchResultsPage",
        "FAQPage",
        "CheckoutPage",
        "ItemList",
        "QAPage",
        "MediaGallery",
    )
)
# Publishers sometimes leave a trailing comma or JS comment in their JSON-LD; json.loads refuses both.
_TRAILING_COMMA = re.compile(r",\s*([}\]])")
_MAX_OBJECTS = 200
_DECODER = json.JSONDecoder()


@dataclass
class JsonLd:
    """What the JSON-LD of a page says about it."""

    article: dict[str, Any] | None = None
    types: set[str] = field(default_factory=set)
    breadcrumb: list[str] = field(default_factory=list)
    # the first WebPage-type node (WebPage, ItemPage, AboutPage, ...) that declares a publication date: Yoast and
    # other CMS plug-ins describe a page that is not typed an Article this way
    page: dict[str, Any] | None = None
    # names of the article's authors given only by reference to another node (``{"@id": …}``), resolved
    referenced_authors: list[str] = field(default_factory=list)


def read_jsonld(root: Any) -> JsonLd:
    """Read every ``<script type="application/ld+json">`` of the page; broken blocks are skipped."""
    result = JsonLd()
    by_id: dict[str, dict[str, Any]] = {}
    for script in root.iter("script"):
        if "ld+json" not in (script.get("type") or "").lower() or not script.text:
            continue
        data = _loads(script.text)
        for obj in _objects(data):
            if isinstance(obj.get("@id"), str) and obj.get("name"):
                by_id.setdefault(obj["@id"], obj)
            types = {t.lower() for t in _types(obj)}
            result.types |= types
            if types & ARTICLE_TYPES and (result.article is None or _richer(obj, result.article)):
                result.article = obj
            elif "breadcrumblist" in types and not result.breadcrumb:
                result.breadcrumb = _breadcrumb_names(obj)
            elif result.page is None and any(t.endswith("page") for t in types) and obj.get("datePublished"):
                result.page = obj
    if result.article is not None:
        result.article, result.referenced_authors = _authors_resolved(result.article, by_id)
    return result


def _authors_resolved(
    article: dict[str, Any], by_id: dict[str, dict[str, Any]]
) -> tuple[dict[str, Any], list[str]]:
    """``article`` with each ``author`` given only by reference (``{"@id": "…#/schema/person/…"}``, as Yoast SEO
    and other plug-ins write it, the ``Person`` a node of its own in the ``@graph``) replaced by the node it
    names, and the names so found; a reference to no node of the page stays, and names no one."""
    authors = article.get("author")
    items: list[Any] = authors if isinstance(authors, list) else [authors]
    resolved = [by_id.get(item["@id"], item) if _reference(item) else item for item in items]
    targets = [node for node, item in zip(resolved, items, strict=True) if node is not item]
    if not targets:
        return article, []
    return {**article, "author": resolved if isinstance(authors, list) else resolved[0]}, names(targets)


def _reference(item: Any) -> bool:
    """Whether a JSON-LD value is a bare node reference: an ``@id`` and no name of its own."""
    return isinstance(item, dict) and isinstance(item.get("@id"), str) and not item.get("name")


def text_value(value: Any) -> str | None:
    """A JSON-LD value as one string: a string, the first of a list, or an object's ``name``/``@value``."""
    if isinstance(value, str):
        return normalize_space(value) or None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, list):
        for item in value:
            text = text_value(item)
            if text:
                return text
        return None
    if isinstance(value, dict):
        return text_value(value.get("name") or value.get("@value"))
    return None


def names(value: Any, *, persons_only: bool = False) -> list[str]:
    """Names of a JSON-LD ``author``-like value (strings, Person/Organization objects or lists of them)."""
    found: list[str] = []
    items = value if isinstance(value, list) else [value]
    for item in items:
        if isinstance(item, str):
            name = normalize_space(item)
        elif isinstance(item, dict):
            if persons_only and "person" not in {t.lower() for t in _types(item)}:
                continue
            name = text_value(item.get("name")) or ""
        else:
            continue
        if name and name not in found:
            found.append(name)
    return found


def urls(value: Any) -> list[str]:
    """URLs of a JSON-LD ``image``-like value (string, ImageObject, list)."""
    found: list[str] = []
    items = value if isinstance(value, list) else [value]
    for item in items:
        url = (
            item
            if isinstance(item, str)
            else item.get("url") or item.get("contentUrl")
            if isinstance(item, dict)
            else None
        )
        if isinstance(url, list):
            url = url[0] if url else None
        if isinstance(url, str) and url.strip():
            found.append(url.strip())
    return found


def _loads(text: str) -> Any:
    text = text.strip()
    if text.startswith("<![CDATA["):
        text = text[9:].removesuffix("]]>")
    try:
        return json.loads(text)
    except ValueError:
        pass
    return _first_value(text) or _first_value(_TRAILING_COMMA.sub(r"\1", text))


def _first_value(text: str) -> Any:
    """The block's first JSON value when stray characters follow it (one closing brace too many, a ``;``): the
    declaration is complete, only what comes after it is not JSON."""
    try:
        value, _end = _DECODER.raw_decode(text)
    except ValueError:
        return None
    return value


def _objects(data: Any) -> Iterator[dict[str, Any]]:
    """Every JSON-LD node of a block: top-level objects, lists and ``@graph`` members, breadth first."""
    queue = [data]
    seen = 0
    while queue and seen < _MAX_OBJECTS:
        item = queue.pop(0)
        if isinstance(item, list):
            queue.extend(item)
        elif isinstance(item, dict):
            seen += 1
            if "@graph" in item:
                queue.append(item["@graph"])
            if isinstance(item.get("mainEntity"), dict):
                queue.append(item["mainEntity"])
            yield item


def _types(obj: dict[str, Any]) -> list[str]:
    value = obj.get("@type")
    if isinstance(value, str):
        return [value.split("/")[-1]]
    if isinstance(value, list):
        return [v.split("/")[-1] for v in value if isinstance(v, str)]
    return []


def _richer(candidate: dict[str, Any], current: dict[str, Any]) -> bool:
    """Prefer the article object that carries a body or a headline (pages list teasers as Article too)."""

    def score(obj: dict[str, Any]) -> int:
        return sum(1 for key in ("headline", "datePublished", "author", "articleBody") if obj.get(key))

    return score(candidate) > score(current)


def _breadcrumb_names(obj: dict[str, Any]) -> list[str]:
    items = obj.get("itemListElement")
    if not isinstance(items, list):
        return []
    ordered = sorted(
        (item for item in items if isinstance(item, dict)),
        key=lambda item: int(item["position"]) if isinstance(item.get("position"), int) else 0,
    )
    found: list[str] = []
    for item in ordered:
        name = text_value(item.get("name")) or text_value(item.get("item"))
        if name:
            found.append(name)
    return found
