"""Entity names as they should be stored: one spelling per entity of an article.

spaCy's spans carry the noise of the sentence they come from: a leading "the", a possessive ("Washington’s",
"ISIS’"), quotes, and for people the title or role in front of the name ("Gen. Hulusi Akar", "Pentagon
Spokesman Peter Cook"). ``normalize_entity`` removes that noise; ``resolve_short_person_names`` maps a lone
surname to the full name it abbreviates within the same article.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

_WHITESPACE = re.compile(r"\s+")
# Quotes, brackets and dashes around a span; the full stop is kept at the end ("U.S.", "Inc.", "Jr.").
_LEADING_JUNK = "\"'“”‘’„«»‹›()[]{}<>.,;:!?*•·–—-_/\\|"
_TRAILING_JUNK = "\"'“”‘’„«»‹›()[]{}<>,;:!?*•·–—-_/\\|"
# "Washington’s", "Washington 's" (a tokenised span), and the bare apostrophe of "ISIS’" / "Jones'".
_POSSESSIVE = re.compile(r"\s*(?:['’]s|['’])$", re.IGNORECASE)
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_HAS_LETTER = re.compile(r"[^\W\d_]")
_ARTICLES = frozenset({"the", "a", "an"})

# Words of a title or role written before a person's name, lower-cased without the full stop. Royal and
# religious titles ("King", "Pope", "Sheikh") are left alone: they are part of how those people are named.
_TITLES = """
    mr mrs ms miss mx dr prof professor sir dame
    gen general lt lieutenant col colonel maj major capt captain cpt adm admiral sgt sergeant cmdr commander
    brig brigadier marshal field cpl corporal pvt private
    gov governor sen senator rep representative congressman congresswoman
    president vice deputy prime minister chancellor secretary premier
    spokesman spokeswoman spokesperson mayor ambassador envoy chairman chairwoman chair chief judge
    ceo cfo coo director leader head former acting interim caretaker outgoing incoming rev reverend
"""
TITLE_WORDS = frozenset(_TITLES.split())
# Words that may follow a title word inside the role ("Chief of Staff", "Minister of Foreign Affairs").
_ROLE_CONNECTORS = frozenset({"of", "for", "the", "and"})
_DOMAINS = "staff state defense defence foreign interior finance affairs justice homeland security economy"
_ROLE_DOMAINS = frozenset(_DOMAINS.split())


def _word_key(word: str) -> str:
    return word.strip(".,").lower()


def strip_person_title(name: str) -> str:
    """``name`` without the titles and roles in front of it; the last word is always kept.

    "Gen. Hulusi Akar" → "Hulusi Akar"; "Turkish Deputy Prime Minister Numan Kurtulmus" keeps "Turkish" (spaCy
    puts nationalities in NORP, not in the PERSON span); "Secretary of State John Kerry" → "John Kerry".
    """
    words = name.split(" ")
    start = 0
    in_role = False
    while start < len(words) - 1:
        key = _word_key(words[start])
        if key in TITLE_WORDS:
            in_role = True
        elif in_role and (key in _ROLE_CONNECTORS or key in _ROLE_DOMAINS):
            pass
        else:
            break
        start += 1
    return " ".join(words[start:])


# Pure and called for every mention of every article, where the same names recur: cached per process.
@lru_cache(maxsize=65_536)
def normalize_entity(text: str, type: str) -> str | None:
    """The stored name of an entity mention of ``type`` (PERSON, ORG, GPE, ...), or None if it is junk.

    Collapses whitespace, strips surrounding quotes and punctuation, a possessive ("’s", "'s", a bare trailing
    apostrophe), a leading "the", and for PERSON the titles in front. Junk: fewer than two characters, or no
    letter at all (numbers, dates that slipped through), or a bare article.
    """
    name = _WHITESPACE.sub(" ", text).strip()
    previous = None
    # Repeat until stable: '“the Pentagon’s”' needs quotes, possessive and article removed in turn.
    while name != previous:
        previous = name
        name = name.lstrip(_LEADING_JUNK).rstrip(_TRAILING_JUNK + " ")
        name = _POSSESSIVE.sub("", name).strip()
        if _LEADING_THE.match(name) and len(name.split(" ")) > 1:
            name = _LEADING_THE.sub("", name)
        if type == "PERSON":
            name = strip_person_title(name)
    if len(name) < 2 or not _HAS_LETTER.search(name) or name.lower() in _ARTICLES:
        return None
    # A role word left alone by a split title ("Defense" of "Turkish Defense Minister", "State" of "Secretary of
    # State") is not an organisation.
    if _word_key(name) in _ROLE_DOMAINS or _word_key(name) in TITLE_WORDS:
        return None
    return name


def resolve_short_person_names(names: Iterable[str]) -> dict[str, str]:
    """Map each one-word person name to the unique longer name of the same article that ends with it.

    {"Akar", "Hulusi Akar", "Cook", "Peter Cook"} → {"Akar": "Hulusi Akar", "Cook": "Peter Cook"}. A surname
    shared by two full names ("Bill Clinton", "Hillary Clinton") stays as it is: we cannot tell which one.
    """
    distinct = set(names)
    full_names_by_last_word: dict[str, set[str]] = {}
    for name in distinct:
        words = name.split(" ")
        if len(words) > 1:
            full_names_by_last_word.setdefault(words[-1], set()).add(name)
    resolved: dict[str, str] = {}
    for name in distinct:
        if " " in name:
            continue
        candidates = full_names_by_last_word.get(name, set())
        if len(candidates) == 1:
            resolved[name] = next(iter(candidates))
    return resolved
