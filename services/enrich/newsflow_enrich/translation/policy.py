"""What gets translated, and a cache so the same text is never paid for twice.

Policy (settings): which source languages (``NEWSFLOW_TRANSLATE_SOURCES``, empty = all but the target), into
which target (``NEWSFLOW_TRANSLATE_TARGET``), which fields (``NEWSFLOW_TRANSLATE_FIELDS``: title, body,
description), how many characters of each (``NEWSFLOW_TRANSLATE_MAX_CHARS``).

Caching: every translation is keyed by ``content_hash``, the SHA-256 of provider, model, language pair, field
names and texts sent; the hash travels with the translation and is stored with it (``translations.content_hash``). A
re-crawled or re-enriched article with unchanged text, or a wire story republished by many sites, costs no
second request: the enricher looks in its own process's LRU (``TranslationCache``) first, then in a
``SharedTranslationCache`` when it was given one (the stored ``translations`` rows, in the enrich workers,
``newsflow crawl`` and ``newsflow reprocess``: ``newsflow_enrich.translation.stored.StoredTranslations``).
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from newsflow_shared.config import Settings

from newsflow_enrich.language.codes import normalize_language_code

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


def content_hash(
    provider: str,
    source: str,
    target: str,
    texts: list[str],
    fields: Sequence[str] = (),
    model: str | None = None,
) -> str:
    """SHA-256 hex of what a translation depends on: provider, language pair, texts and, when given, the field
    each text is (a stored translation is found again by its fields) and the provider's model (another model
    is another translation)."""
    digest = hashlib.sha256()
    for part in (provider, source, target, *texts):
        digest.update(part.encode("utf-8"))
        digest.update(b"\x00")
    if fields:
        digest.update(("fields=" + ",".join(fields)).encode("utf-8"))
    if model:
        digest.update(b"\x00model=" + model.encode("utf-8"))
    return digest.hexdigest()


class SharedTranslationCache(Protocol):
    """Translations found again by content hash beyond one process (e.g. the store's ``translations`` table).

    ``get`` answers the translated texts of ``fields`` in order, or None; it may raise, and the enricher then
    treats it as a miss. ``put`` is called after a translation was made (a store that keeps translations with
    their articles may do nothing there)."""

    def get(self, key: str, fields: tuple[str, ...]) -> list[str] | None:
        """The translations made under ``key``, one per field, or None."""
        ...

    def put(self, key: str, fields: tuple[str, ...], translations: list[str]) -> None:
        """Remember ``translations`` (one per field) under ``key``."""
        ...


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
