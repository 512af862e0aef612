"""What gets translated, and a cache so the same text is never paid for twice.

Policy (settings): which source languages (``NEWSFLOW_TRANSLATE_SOURCES``, empty = all but the target), into
which target (``NEWSFLOW_TRANSLATE_TARGET``), which fields (``NEWSFLOW_TRANSLATE_FIELDS``: title, body,
description), how many characters of each (``NEWSFLOW_TRANSLATE_MAX_CHARS``). The cache is keyed by the
SHA-256 of provider, language pair and text: a re-crawled or re-enriched article with unchanged text, or a
wire story republished by many sites, costs no second request. It lives per process (bounded LRU).
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass

from newsflow_shared.config import Settings

from newsflow_enrich.language_codes import normalize_language_code

TRANSLATABLE_FIELDS = ("title", "body")
CACHE_ENTRIES = 2_000


def _codes(value: str) -> frozenset[str]:
    return frozenset(code for part in value.split(",") if (code := normalize_language_code(part)))


@dataclass(frozen=True)
class TranslationPolicy:
    """The translation settings, parsed once."""

    target: str
    sources: frozenset[str]
    fields: tuple[str, ...]
    max_chars: int
    model: str | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> TranslationPolicy:
        """The policy of ``settings``; unknown field names are ignored."""
        fields = tuple(
            field
            for part in settings.translate_fields.split(",")
            if (field := part.strip()) in TRANSLATABLE_FIELDS
        )
        return cls(
            target=normalize_language_code(settings.translate_target) or "en",
            sources=_codes(settings.translate_sources),
            fields=fields,
            max_chars=settings.translate_max_chars,
            model=settings.translate_model,
        )

    def applies_to(self, language: str | None) -> bool:
        """Whether an article in ``language`` is translated."""
        if language is None or language == self.target or not self.fields:
            return False
        return not self.sources or language in self.sources


def content_hash(provider: str, source: str, target: str, texts: list[str]) -> str:
    """SHA-256 hex of what a translation request depends on."""
    digest = hashlib.sha256()
    for part in (provider, source, target, *texts):
        digest.update(part.encode("utf-8"))
        digest.update(b"\x00")
    return digest.hexdigest()


class TranslationCache:
    """A thread-safe LRU of translations by content hash."""

    def __init__(self, entries: int = CACHE_ENTRIES) -> None:
        self.entries = entries
        self._items: OrderedDict[str, list[str]] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0

    def get(self, key: str) -> list[str] | None:
        """The cached translations for ``key``, marking them recently used."""
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
                self.hits += 1
            return list(found) if found is not None else None

    def put(self, key: str, translations: list[str]) -> None:
        """Remember ``translations``; the least recently used entry goes when full."""
        with self._lock:
            self._items[key] = list(translations)
            self._items.move_to_end(key)
            while len(self._items) > self.entries:
                self._items.popitem(last=False)
