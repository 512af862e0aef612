"""Tags (keywords, topics) the publisher declares: JSON-LD ``keywords``, ``article:tag``, ``news_keywords`` and
``keywords`` meta tags. Declared only: tags are never guessed from the text."""

from __future__ import annotations

from typing import Any

from newsflow_ingest.extraction.document import normalize_space
from newsflow_ingest.extraction.metadata import PageMeta

_MAX_TAGS = 50
_MAX_TAG_CHARS = 100


def declared_tags(meta: PageMeta, article: dict[str, Any]) -> tuple[list[str], str | None]:
    """``(tags, source)`` from the first source that has any, in the order JSON-LD, OpenGraph, meta."""
    sources: list[tuple[list[str], str]] = [
        (_split(article.get("keywords")), "jsonld"),
        ([tag for value in meta.all("article:tag") for tag in _split(value)], "og"),
        (_split(meta.first("news_keywords", "keywords")), "meta"),
    ]
    for tags, source in sources:
        cleaned = clean_tags(tags)
        if cleaned:
            return cleaned, source
    return [], None


def clean_tags(tags: list[str]) -> list[str]:
    """Trimmed, de-duplicated (case-insensitively) tags, order kept, at most 50."""
    found: list[str] = []
    seen: set[str] = set()
    for tag in tags:
        text = normalize_space(tag).strip(" ,;#")
        if text and len(text) <= _MAX_TAG_CHARS and text.casefold() not in seen:
            seen.add(text.casefold())
            found.append(text)
    return found[:_MAX_TAGS]


def _split(value: Any) -> list[str]:
    """A keywords value: a list, or a string separated by commas (or semicolons)."""
    if isinstance(value, list):
        return [str(v) for v in value if isinstance(v, str | int | float)]
    if isinstance(value, str):
        separator = "," if "," in value else ";"
        return value.split(separator)
    return []
