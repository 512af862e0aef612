"""Spelling-independent keys of people's names, to find the curated person a new spelling names.

The alias table lists the usual spellings of the people it knows, but each language transliterates names
its own way: French writes "Vladimir Poutine", "Bachar al-Assad", "Sergueï Choïgou", "Benyamin Netanyahou"
where English writes "Vladimir Putin", "Bashar al-Assad", "Sergei Shoigu", "Benjamin Netanyahu"; Arabic writes
the consonants. ``name_keys`` reduces a name to its consonant skeleton: diacritics folded, the Arabic article
("al-", "el-", "ال") left out, letters read as the sound classes transliterations swap between (ch/sh/ش, k/q/kh/
ق/خ, t/th/ت/ط/ث, d/dh/د/ض/ذ, f/ph/v/ف, p/b/ب, ou/u), vowels and doubled letters dropped. "y" is a vowel in
some spellings and a consonant in others ("Benyamin"), so a name has two keys, one for each reading.

``SkeletonIndex`` finds a curated person from a spelling whose key is shared by that person's forms only; names
of one word are never matched (too many people share a given name's skeleton).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from newsflow_enrich.entities.aliases import AliasEntry

# Latin letter groups → one sound class, longest first (French "tch", "dj", "ou"; English "sh", "kh", "th").
_LATIN_GROUPS = (
    ("sch", "S"), ("tch", "S"), ("dj", "j"), ("ch", "S"), ("sh", "S"), ("kh", "k"), ("gh", "g"), ("ph", "f"),
    ("th", "t"), ("dh", "d"), ("ck", "k"), ("ou", ""), ("p", "b"), ("v", "f"), ("q", "k"), ("c", "k"),
    ("x", "ks"), ("z", "z"),
)  # fmt: skip
# Arabic letters → the same classes; alef, waw, ya, hamza, ain and ta marbuta are vowels or silent here.
_ARABIC = str.maketrans(
    {
        "ب": "b", "ت": "t", "ث": "t", "ج": "j", "ح": "h", "خ": "k", "د": "d", "ذ": "d", "ر": "r", "ز": "z",
        "س": "s", "ش": "S", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "غ": "g", "ف": "f", "ق": "k", "ك": "k",
        "ل": "l", "م": "m", "ن": "n", "ه": "h", "ي": "y", "پ": "b", "چ": "S", "ڤ": "f", "گ": "g",
    }
)  # fmt: skip
_ARABIC_LETTER = re.compile("[\u0600-\u06ff]")
_LATIN_ARTICLE = re.compile(r"^(?:al|el|ul|ad|ed|as|es|ash|an|ar|at|az)-")
_ROMAN_NUMERAL = re.compile(r"^[ivx]+$")
_SKIPPED_WORDS = frozenset({"al", "el", "ul"})


def _latin_word(word: str, y_is_consonant: bool) -> str:
    word = _LATIN_ARTICLE.sub("", word)
    word = re.sub(r"^abd(?:el|al|ul)", "abd", word)  # "Abdel Fattah" is "عبد الفتاح": the article goes
    for group, sound in _LATIN_GROUPS:
        word = word.replace(group, sound)
    return word.replace("y", "j" if y_is_consonant else "")


def _arabic_word(word: str, y_is_consonant: bool) -> str:
    if word.startswith("ال") and len(word) > 3:
        word = word[2:]
    letters = word.translate(_ARABIC)
    return letters.replace("y", "j" if y_is_consonant else "")


def _skeleton(word: str) -> str:
    kept = [char for char in word if char in "bdfghjklmnrstzSk"]
    collapsed = [char for index, char in enumerate(kept) if index == 0 or kept[index - 1] != char]
    return "".join(collapsed)


def name_keys(name: str) -> tuple[str, ...]:
    """The consonant skeletons of ``name`` (y as a vowel, y as a consonant); empty for a one-word name."""
    folded = unicodedata.normalize("NFKD", name.lower().replace("ı", "i"))
    folded = "".join(char for char in folded if not unicodedata.combining(char) or char >= "\u0600")
    words = [word for word in re.split(r"[\s]+", folded.replace("’", "'").replace("'", "")) if word]
    keys = []
    for y_is_consonant in (False, True):
        parts = []
        for word in words:
            if word in _SKIPPED_WORDS:
                continue
            if _ROMAN_NUMERAL.match(word):
                parts.append(word)
                continue
            arabic = bool(_ARABIC_LETTER.search(word))
            sounds = _arabic_word(word, y_is_consonant) if arabic else _latin_word(word, y_is_consonant)
            skeleton = _skeleton(sounds)
            if skeleton:
                parts.append(skeleton)
        keys.append(" ".join(parts) if len(parts) >= 2 else "")
    return tuple(dict.fromkeys(key for key in keys if key))


class SkeletonIndex:
    """Curated people by the consonant skeletons of all their spellings."""

    def __init__(self, entries: Iterable[AliasEntry]) -> None:
        self._by_key: dict[str, set[str]] = {}
        self._entries: dict[str, AliasEntry] = {}
        for entry in entries:
            if entry.type != "PERSON":
                continue
            self._entries[entry.name] = entry
            for form in entry.forms:
                for key in name_keys(form):
                    self._by_key.setdefault(key, set()).add(entry.name)

    def lookup(self, name: str) -> AliasEntry | None:
        """The one curated person whose spellings share a skeleton with ``name``, if exactly one does."""
        found: set[str] = set()
        for key in name_keys(name):
            found |= self._by_key.get(key, set())
        return self._entries[next(iter(found))] if len(found) == 1 else None
