"""The page's declared metadata: ``<meta>`` tags (OpenGraph, ``article:*``, ``name=...``), ``<link rel>``,
``<html lang>`` and ``<title>``, read in one pass over the tree."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from newsflow_ingest.extraction.document import element_text, normalize_space


@dataclass
class PageMeta:
    """Declared metadata of a page. ``tags`` maps a lower-cased ``property``/``name``/``itemprop`` to its
    values in document order."""

    tags: dict[str, list[str]] = field(default_factory=dict)
    canonical: str | None = None
    html_lang: str | None = None
    html_lang_source: str = "html"
    title_tag: str | None = None

    def first(self, *keys: str) -> str | None:
        """The first non-empty value among ``keys`` (in the order given)."""
        for key in keys:
            for value in self.tags.get(key, ()):
                if value:
                    return value
        return None

    def all(self, key: str) -> list[str]:
        """Every non-empty value of ``key``."""
        return [value for value in self.tags.get(key, ()) if value]


def read_page_meta(root: Any) -> PageMeta:
    """Collect ``<meta>``, canonical link, language and ``<title>`` of the document rooted at ``root``."""
    meta = PageMeta()
    for element in root.iter("meta"):
        # some pages (and tools that re-save pages, such as Postlight's fixtures) write the value in ``value=``
        content = normalize_space(element.get("content") or element.get("value"))
        if not content:
            continue
        for attribute in ("property", "name", "itemprop", "http-equiv"):
            key = element.get(attribute)
            if key:
                meta.tags.setdefault(key.strip().lower(), []).append(content)
    for link in root.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        if "canonical" in rel and link.get("href") and meta.canonical is None:
            meta.canonical = link.get("href").strip()
    lang = normalize_space(root.get("lang") or root.get("xml:lang"))
    if not lang:
        meta.html_lang_source = "og" if meta.first("og:locale") else "meta"
        lang = normalize_space(meta.first("og:locale", "content-language", "dc.language", "language"))
    meta.html_lang = lang.replace("_", "-") or None
    title = root.find(".//title")
    if title is not None:
        meta.title_tag = element_text(title) or None
    return meta
