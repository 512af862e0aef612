"""How a page's extracted fields are compared with a metadata-dev reference (README of the set, "How to use").

- title: exact after whitespace is collapsed and invisible characters (soft hyphen, zero-width) removed;
  ``title_lenient`` also ignores case and punctuation.
- authors: F1 of the two sets of names per page (casefolded, spaces collapsed). The prediction is the person
  authors plus the organisation byline, each in its own field of the extractor. Some sources keep a whole byline
  string as one label item ("By A and B"): label items are split on ", ", " and ", "&", ";" and a leading "By"
  goes, so those labels become names too. An empty label and an empty prediction agree (F1 1).
- published: to the label's precision: a day label compares the extracted local day; a label with an offset
  compares the UTC instant to the minute; a label without an offset compares the wall-clock minute.
- body: token F1 (the AEB metric) where the label is the full article text (article-extraction-dataset), and
  ``body_start`` elsewhere: the label's first 10 words appear within the extracted body's first 60 words.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime

_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b|\bund\b|\bet\b|\by\b)\s*", re.I)
_BY = re.compile(r"^(?:by|von|par|por|door|di)\s+", re.I)
_WORD = re.compile(r"\w+")


def norm_title(text: str | None) -> str:
    return " ".join(_INVISIBLE.sub("", unicodedata.normalize("NFC", text or "")).split())


def lenient_title(text: str | None) -> str:
    return " ".join(_WORD.findall(norm_title(text).casefold()))


def title_match(label: str, predicted: str | None) -> tuple[bool, bool]:
    return norm_title(label) == norm_title(predicted), lenient_title(label) == lenient_title(predicted)


def label_names(items: list[str]) -> set[str]:
    names: set[str] = set()
    for item in items:
        for part in _SPLIT.split(item):
            part = _BY.sub("", " ".join(part.split())).strip(" .")
            if part and not any(ch.isdigit() for ch in part):
                names.add(part.casefold())
    return names


def authors_f1(label: list[str], predicted: list[str]) -> float:
    truth = label_names(label)
    guess = {" ".join(name.split()).casefold() for name in predicted if name.strip()}
    if not truth and not guess:
        return 1.0
    if not truth or not guess:
        return 0.0
    hits = len(truth & guess)
    if not hits:
        return 0.0
    precision, recall = hits / len(guess), hits / len(truth)
    return 2 * precision * recall / (precision + recall)


def _parse(value: str) -> datetime | None:
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def date_match(label: str, predicted: str | None) -> bool:
    if not predicted:
        return False
    if len(label) == 10:
        return predicted[:10] == label
    truth, guess = _parse(label), _parse(predicted)
    if truth is None or guess is None:
        return False
    if truth.tzinfo is None or guess.tzinfo is None:
        return truth.replace(tzinfo=None).isoformat()[:16] == guess.replace(tzinfo=None).isoformat()[:16]
    return truth.astimezone(UTC).isoformat()[:16] == guess.astimezone(UTC).isoformat()[:16]


def body_start(label: str, predicted: str) -> bool:
    head = [w.casefold() for w in _WORD.findall(label)][:10]
    body = " ".join(w.casefold() for w in _WORD.findall(predicted)[:60])
    return bool(head) and " ".join(head) in body
