"""Headlines made fit for NER: a capital that only the headline style put there is removed.

"Grants Turkey Green Light" and "Advisers Prepare Listing Timetable" read as names to a model trained on
prose, where capitals mark names. ``recase_title`` lower-cases each capitalised word of a title-case headline
unless the article supports the capital: the word is capitalised where the body uses it mid-sentence (not after
a full stop), is an acronym ("NATO"), or is a spelling of a name the alias table or gazetteer knows. "Turkey"
stays, "Grants" does not. A headline in sentence case gets the same test for its first word only ("Turnout
stays low as Tunisia holds run-off": "Turnout" is no name). Lower-casing keeps each word's length, so entity
offsets still index the original text, whose spelling the stored mentions keep.

A headline in capitals ("SOCCER - JAPAN GET LUCKY WIN") is no better: every word looks like an acronym or a
name. Each word in capitals becomes lower case, or capitalised ("Japan") where the body capitalises it or the
tables know it, or stays in capitals where the body writes it so ("NATO"). A wire dateline in capitals at the
start of the body ("NEW YORK 1996-08-30", "LONDON (Reuters) -", "BEIRUT, Lebanon (AP) -") is a place and is
fed capitalised ("New York") like a place in prose.
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
# A headline is in capitals when nearly all of its longer words are ("JAPAN GET LUCKY WIN").
_ALL_CAPS_SHARE = 0.8
_MIN_CAPS_WORDS = 2
# A dateline: words in capitals at the start of the body, then a date, an agency in brackets, or a comma and
# the country before the agency ("BEIRUT, Lebanon (AP)").
_DATELINE = re.compile(
    r"\s*(?P<place>[A-Z][A-Z'.-]+(?: [A-Z][A-Z'.-]*){0,3})"
    r"(?=,? \d{4}-\d{2}-\d{2}\b|,? \d{1,2} [A-Z][a-z]+ \d{4}\b| \(|, [A-Z][\w .'-]{1,40} \()"
)


def is_title_case(title: str) -> bool:
    """Whether most words of four letters or more start with a capital (a prose headline capitalises few)."""
    long_words = [word for word in _WORD.findall(title) if len(word) >= _LONG_WORD]
    if len(long_words) < _MIN_LONG_WORDS:
        return False
    capitalised = sum(1 for word in long_words if word[0].isupper())
    return capitalised / len(long_words) >= _TITLE_CASE_SHARE


def is_all_caps(title: str) -> bool:
    """Whether nearly all words of four letters or more are in capitals ("SOCCER - JAPAN GET LUCKY WIN")."""
    long_words = [word for word in _WORD.findall(title) if len(word) >= _LONG_WORD]
    if len(long_words) < _MIN_CAPS_WORDS:
        return False
    return sum(1 for word in long_words if word.isupper()) / len(long_words) >= _ALL_CAPS_SHARE


def _from_capitals(
    word: str, supported: frozenset[str], acronyms: frozenset[str], is_known_name: Callable[[str], bool]
) -> str:
    """A word of a headline in capitals as prose writes it: an acronym, a name, or a lower-case word."""
    if len(word) == 1 or word in acronyms:
        return word
    capitalised = word[0] + word[1:].lower()
    if capitalised in supported or is_known_name(word):
        return capitalised if len(capitalised) == len(word) else word
    lowered = word.lower()
    return lowered if len(lowered) == len(word) else word


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
    caps = is_all_caps(title)
    acronyms = frozenset(word for word in _WORD.findall(body) if word.isupper()) if caps else frozenset()
    # A headline in sentence case capitalises its first word only: that capital alone is the style's.
    every_word = caps or is_title_case(title)
    candidates = list(_WORD.finditer(title)) if every_word else list(_WORD.finditer(title))[:1]
    parts = []
    position = 0
    for match in candidates:
        word = match.group()
        parts.append(title[position : match.start()])
        if caps and word.isupper():
            parts.append(_from_capitals(word, supported, acronyms, is_known_name))
            position = match.end()
            continue
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
    return recase_title(title, body, is_known_name) + recase_dateline(body)


def recase_dateline(body: str) -> str:
    """``body`` with a dateline in capitals at its start capitalised ("NEW YORK 1996-08-30" → "New York …")."""
    match = _DATELINE.match(body)
    if match is None:
        return body
    place = match.group("place")
    recased = " ".join(word[0] + word[1:].lower() for word in place.split(" "))
    if len(recased) != len(place):
        return body
    return body[: match.start("place")] + recased + body[match.end("place") :]
