"""Mention offsets that cover the name, and the surname-only mentions of a person the article names in full.

The small English model's spans often carry a word that is not the name: a determiner ("the West Bank",
"the PGA Tour") or a possessive ("Alexander Lebed 's plan", "Lebed's aides"). The stored offsets mark the
name in the text, so ``trim_span`` leaves them out: a lower-case "the", a capital "The" at the start of a
sentence or line (mid-sentence "The Hague" keeps it), a trailing "'s" unless the tables know the name
with it ("McDonald's"), and lower-case words for a kind of organisation after the name ("Interfax news
agency", "the Wagner group": the name is "Interfax", "Wagner").

News prose names a person in full once, then by surname alone ("Alexander Lebed ... Lebed said"); the model
often finds the full name and misses the lone surnames. ``surname_mentions`` adds every other occurrence of
the last word of a multi-word PERSON name that no span covers, unless the word is a known place (left to the
model: "Jordan", "Washington") or stands next to another capitalised word, which makes it part of another
name ("Lebed Street"); a title before it is fine ("Mr Lebed"). A family name written first ("Wang Donghai ...
Wang's family", Chinese and Korean order) is the person too: ``retype_family_names`` makes PERSON a one-word
span the model typed as an organisation (or product, work, event, facility) when it is the first word of a
PERSON name in the article. Places and nationalities keep their type.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable
from itertools import accumulate

from newsflow_enrich.entities.aliases import match_key
from newsflow_enrich.entities.english_rules import ORG_NOUNS
from newsflow_enrich.entities.normalize import TITLE_WORDS

Span = tuple[int, int, str, str]  # start char, end char, label, provenance

_POSSESSIVE = re.compile(r"\s?['’]s$")
_SENTENCE_START = re.compile(r"(^|[.!?:;\"“”]\s*|\n\s*)$")
_SURNAME = re.compile(r"^[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*$")
_MIN_SURNAME = 3
_WORD_BEFORE = re.compile(r"([\w.'’-]+)\s*$")
_WORD_AFTER = re.compile(r"^\s*([\w'’-]+)")


def trim_span(text: str, start: int, end: int, is_known_name: Callable[[str], bool]) -> tuple[int, int]:
    """``(start, end)`` without a leading determiner or a trailing possessive (see the module docstring)."""
    span = text[start:end]
    if span.startswith("the ") or (span.startswith("The ") and _SENTENCE_START.search(text[:start])):
        start += 4
    words = text[start:end].split(" ")
    kept = len(words)
    while kept > 1 and (words[kept - 1] in ORG_NOUNS or words[kept - 1] == "news"):
        kept -= 1
    if kept < len(words) and words[kept - 1][:1].isupper():
        end = start + len(" ".join(words[:kept]))
    possessive = _POSSESSIVE.search(text[start:end])
    if possessive is not None and not is_known_name(text[start:end]) and possessive.start() > 0:
        end = start + possessive.start()
    return start, end


def surname_mentions(text: str, spans: Iterable[Span], places: frozenset[str]) -> list[Span]:
    """PERSON mentions of the lone surnames of the article's multi-word PERSON names (see the docstring)."""
    spans = list(spans)
    surnames = set()
    for start, end, label, _ in spans:
        words = text[start:end].split()
        if label == "PERSON" and len(words) > 1:
            last = words[-1]
            if len(last) >= _MIN_SURNAME and _SURNAME.match(last) and match_key(last) not in places:
                surnames.add(last)
    if not surnames:
        return []
    # One pass over the text for every surname (the longest tried first), and an
    # overlap test by bisection over the spans sorted by start, instead of a scan per surname tested against
    # every span: this runs on every English article.
    alternatives = "|".join(re.escape(surname) for surname in sorted(surnames, key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w'’-])(?:{alternatives})(?![\w-]|['’](?!s\b))")
    covered = sorted((start, end) for start, end, _, _ in spans)
    starts = [start for start, _ in covered]
    reach = list(accumulate((end for _, end in covered), max))  # the furthest end of the spans so far
    found: list[Span] = []
    for match in pattern.finditer(text):
        s, e = match.span()
        before = bisect_left(starts, e)  # the spans that start before this match ends
        if (before and reach[before - 1] > s) or _inside_other_name(text, s, e):
            continue
        found.append((s, e, "PERSON", "pattern"))
    return found


_RETYPED = frozenset({"ORG", "PRODUCT", "WORK_OF_ART", "EVENT", "FAC"})


def retype_family_names(text: str, spans: Iterable[Span]) -> list[Span]:
    """``spans`` with one-word non-place spans that are the first word of a PERSON name retyped PERSON."""
    spans = list(spans)
    first_words = {
        words[0]
        for start, end, label, _ in spans
        if label == "PERSON" and len(words := text[start:end].split()) > 1 and _SURNAME.match(words[0])
    }
    return [
        (start, end, "PERSON" if label in _RETYPED and text[start:end] in first_words else label, provenance)
        for start, end, label, provenance in spans
    ]


def _inside_other_name(text: str, start: int, end: int) -> bool:
    """Whether a capitalised word other than a title touches [start, end) on the same line."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    before = _WORD_BEFORE.search(text[line_start:start])
    after = _WORD_AFTER.match(text[end : len(text) if line_end < 0 else line_end])
    word = before.group(1) if before is not None else ""
    if word[:1].isupper() and word.rstrip(".").lower() not in TITLE_WORDS:
        # A capitalised word that opens the sentence ("Yesterday Lebed said") is no name of its own.
        prefix = text[line_start : start - len(before.group(0))].rstrip() if before is not None else ""
        if prefix and prefix[-1] not in '.!?:;"“”':
            return True
    return after is not None and after.group(1)[:1].isupper()
