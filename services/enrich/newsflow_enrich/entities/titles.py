"""Headlines made fit for NER: a capital that only the headline style put there is removed.

"Grants Turkey Green Light" and "Advisers Prepare Listing Timetable" read as names to a model trained on
prose, where capitals mark names. ``recase_title`` lower-cases each capitalised word of a title-case headline
unless the article supports the capital: the word is capitalised where the body uses it mid-sentence (not after
a full stop), is an acronym ("NATO"), or is a spelling of a name the alias table or gazetteer knows. "Turkey"
stays, "Grants" does not. A headline in sentence case gets the same test for its first word only ("Turnout
stays low as Tunisia holds run-off": "Turnout" is no name). Lower-casing keeps each word's length, so entity
offsets still index the original text, whose spelling the stored mentions keep.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# Hyphenated parts are words of their own: "ISIS-Held" keeps "ISIS" and loses the capital of "Held".
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
# A headline is title case when most of its longer words start with a capital ("Pentagon Says ISIS Will…").
_TITLE_CASE_SHARE = 0.6
_LONG_WORD = 4
_MIN_LONG_WORDS = 3
_SENTENCE_END = re.compile(r"[.!?:;\"“”«»]\s*$")


def is_title_case(title: str) -> bool:
    """Whether most words of four letters or more start with a capital (a prose headline capitalises few)."""
    long_words = [word for word in _WORD.findall(title) if len(word) >= _LONG_WORD]
    if len(long_words) < _MIN_LONG_WORDS:
        return False
    capitalised = sum(1 for word in long_words if word[0].isupper())
    return capitalised / len(long_words) >= _TITLE_CASE_SHARE


def capitalised_in_body(body: str) -> frozenset[str]:
    """Words the body capitalises where prose would not otherwise (not the first word of a sentence)."""
    found = set()
    for match in _WORD.finditer(body):
        word = match.group()
        before = body[max(0, match.start() - 3) : match.start()]
        if word[0].isupper() and match.start() > 0 and not _SENTENCE_END.search(before):
            found.add(word)
    return frozenset(found)


def recase_title(title: str, body: str, is_known_name: Callable[[str], bool]) -> str:
    """``title`` with the capitals the body does not support lowered: every word of a title-case headline,
    the first word of another.

    ``is_known_name(word)``: whether the alias table or gazetteer knows the word as (part of) a name.
    """
    supported = capitalised_in_body(body)
    # A headline in sentence case capitalises its first word only: that capital alone is the style's.
    candidates = list(_WORD.finditer(title)) if is_title_case(title) else list(_WORD.finditer(title))[:1]
    parts = []
    position = 0
    for match in candidates:
        word = match.group()
        parts.append(title[position : match.start()])
        keep = not word[0].isupper() or word.isupper() or word in supported or is_known_name(word)
        lowered = word.lower()
        parts.append(word if keep or len(lowered) != len(word) else lowered)
        position = match.end()
    parts.append(title[position:])
    return "".join(parts)


def recased_text(text: str, title_length: int, is_known_name: Callable[[str], bool]) -> str:
    """``text`` (title, then body) with its first ``title_length`` characters recased; the same length."""
    if title_length <= 0:
        return text
    title, body = text[:title_length], text[title_length:]
    return recase_title(title, body, is_known_name) + body
