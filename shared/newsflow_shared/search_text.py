"""Text folding for full-text search, written once for both databases (issue 14).

PostgreSQL gets the same folding as SQL (``newsflow_normalize``, created by revision ``0007_change_feed`` from
:func:`sql_translate_arguments`); SQLite's FTS5 index and ``newsflow search`` call :func:`normalize` in Python.
The same fold is applied to the indexed text and to the query, so a reader typing ``مدرسة`` finds ``مدرسه``,
``الأمم`` finds ``الامم`` and a vowelled ``كَتَبَ`` finds ``كتب``.

Arabic: the alef forms (hamza above/below, madda, wasla) fold to a bare alef, hamza on waw/ya to waw/ya, ta
marbuta to ha, alef maksura to ya; diacritics (tanween, harakat, shadda, sukun, superscript alef, Quranic
marks) and the tatweel (kashida) are removed. Other scripts pass through unchanged (FTS5's ``unicode61``
tokenizer and PostgreSQL's parsers fold case and Latin diacritics themselves).
"""

from __future__ import annotations

# Folded letter → what it becomes.
ARABIC_FOLDS: dict[str, str] = {
    "\u0623": "\u0627",  # أ alef with hamza above
    "\u0625": "\u0627",  # إ alef with hamza below
    "\u0622": "\u0627",  # آ alef with madda
    "\u0671": "\u0627",  # ٱ alef wasla
    "\u0624": "\u0648",  # ؤ waw with hamza
    "\u0626": "\u064a",  # ئ ya with hamza
    "\u0629": "\u0647",  # ة ta marbuta → ha
    "\u0649": "\u064a",  # ى alef maksura → ya
}
# Removed: tatweel, tanween/harakat/shadda/sukun (U+064B–U+0652), madda/hamza marks (U+0653–U+0655),
# superscript alef (U+0670).
ARABIC_REMOVED = "\u0640" + "".join(chr(c) for c in range(0x064B, 0x0656)) + "\u0670"

_TABLE = str.maketrans({**ARABIC_FOLDS, **dict.fromkeys(ARABIC_REMOVED)})

# ISO 639-1 code → PostgreSQL text search configuration (stemming and stop words); any other language (and
# any configuration the server lacks) uses ``simple``: lower-cased words, no stemming.
POSTGRES_CONFIGS: dict[str, str] = {
    "ar": "arabic", "hy": "armenian", "eu": "basque", "ca": "catalan", "da": "danish", "nl": "dutch",
    "en": "english", "fi": "finnish", "fr": "french", "de": "german", "el": "greek", "hi": "hindi",
    "hu": "hungarian", "id": "indonesian", "ga": "irish", "it": "italian", "lt": "lithuanian",
    "ne": "nepali", "no": "norwegian", "nb": "norwegian", "nn": "norwegian", "pt": "portuguese",
    "ro": "romanian", "ru": "russian", "sr": "serbian", "es": "spanish", "sv": "swedish", "ta": "tamil",
    "tr": "turkish", "yi": "yiddish",
}  # fmt: skip


def normalize(text: str) -> str:
    """``text`` with Arabic letter variants folded and diacritics/tatweel removed."""
    return text.translate(_TABLE)


def sql_translate_arguments() -> tuple[str, str]:
    """The ``from`` and ``to`` arguments of SQL ``translate()`` doing :func:`normalize` (characters of
    ``from`` beyond the length of ``to`` are deleted)."""
    return "".join(ARABIC_FOLDS) + ARABIC_REMOVED, "".join(ARABIC_FOLDS.values())


def search_rowid(article_id: str) -> int:
    """The rowid of an article in SQLite's FTS5 ``article_search``: the first 60 bits of its SHA-256 hex id, so
    a rewrite finds (and replaces) its row without a scan."""
    return int(article_id[:15], 16)
