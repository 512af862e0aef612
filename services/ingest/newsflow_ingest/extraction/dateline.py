"""The dateline that opens a news story: "Ankara, Moscow – Ankara has..." → "Ankara, Moscow".

Only the place part is returned; the body keeps the dateline as published. A name followed by a dash
("Kim Jong-un – the leader...") looks the same as a place without a gazetteer, so the rules demand the usual
dateline shape: a few capitalised words right at the start, then a dash (or a colon after an upper-case
place).
"""

from __future__ import annotations

import re

_SEPARATOR = re.compile(r"\s+(?:[–—]|--?)\s+|\s*[–—]\s+|:\s+")
# "(AP)", "(Reuters)", "(dpa)": the agency credit between place and dash is not part of the place.
_AGENCY = re.compile(r"\s*\((?:[A-Z][\w.&/ -]{0,20}|[a-z]{2,5})\)\s*$")
_CONNECTORS = frozenset(
    {"de", "del", "la", "le", "el", "al", "of", "upon", "am", "an", "der", "di", "da", "do"}
)
# Kickers that open a paragraph like a dateline but are not places.
_KICKERS = frozenset(
    {
        "breaking",
        "update",
        "updated",
        "exclusive",
        "watch",
        "live",
        "analysis",
        "opinion",
        "editor's note",
        "editor’s note",
        "note",
        "correction",
        "video",
        "photos",
        "read more",
    }
)
_MAX_PLACE_CHARS = 60
_MAX_PLACE_WORDS = 6
_MAX_UNCASED_WORDS = 4


def find_dateline(body: str) -> str | None:
    """The place dateline at the start of ``body`` (first paragraph only), or ``None``."""
    first = body.lstrip().split("\n", 1)[0]
    match = _SEPARATOR.search(first, 0, _MAX_PLACE_CHARS + 25)
    if not match or match.start() == 0:
        return None
    place = _AGENCY.sub("", first[: match.start()]).strip(" ,")
    colon = match.group(0).strip().startswith(":")
    if not place or len(place) > _MAX_PLACE_CHARS or place.lower() in _KICKERS:
        return None
    if any(mark in place for mark in '!?;"“”«»'):
        return None
    words = place.replace(",", " ").replace("/", " ").split()
    if len(words) > _MAX_PLACE_WORDS:
        return None
    if not any(ch.isalpha() for ch in place):
        return None
    if not any(ch.isupper() for ch in place):
        # scripts without letter case (Arabic, Hebrew, CJK...): keep short dash/colon-separated openers
        return place if len(words) <= _MAX_UNCASED_WORDS and not any(ch.islower() for ch in place) else None
    if colon and not place.isupper():
        # "Update: ...", "Analysis: ..." are kickers; colon datelines are written in capitals ("LONDON:")
        return None
    if all(word[0].isupper() or word.lower() in _CONNECTORS for word in words):
        return place
    return None
