"""Spelling-independent keys of people's names: the consonant skeleton shared by a name's transliterations.

Each language transliterates names its own way: French writes "Vladimir Poutine", "Bachar al-Assad", "Sergueï
Choïgou", "Benyamin Netanyahou" where English writes "Vladimir Putin", "Bashar al-Assad", "Sergei Shoigu",
"Benjamin Netanyahu"; Arabic writes the consonants. ``name_keys`` reduces a name to its consonant skeleton:
diacritics folded, the Arabic article ("al-", "el-", "ال") left out, letters read as the sound classes
transliterations swap between (ch/sh/ش, k/q/kh/ق/خ, t/th/ت/ط/ث, d/dh/د/ض/ذ, f/ph/v/ف, p/b/ب, ou/u), vowels and
doubled letters dropped. "y" is a vowel in some spellings and a consonant in others ("Benyamin"), so a name has
two keys, one for each reading. Names of one word have none (too many people share a given name's skeleton).

Two differences of romanisation are absorbed besides (issue 16, eighth pass): where the words break ("Abdel
Fattah" / "Abdelfattah", "Ben Mansour" / "Benmansour": the word skeletons are joined without spaces), and a
word-final "t" for "d" (Turkish writes the final devoicing of names from Arabic: "Mehmet", "Ahmet", "Murat",
"Mahmut" for "Muhammad", "Ahmad", "Murad", "Mahmud"). Two are not, because they join different names: "sh" and
"s" ("Hisham" and "Husam" would share a key; so "Simsek", the diacritic-free "Şimşek", stays apart from "شيمشك"),
and "g" and "q" ("Gamal", Egyptian for "جمال", would be "Kamal"). ``loose_person_key`` absorbs both, and
French silent final letters besides (issue 16, ninth pass); the store links by it only with evidence beyond
the name (``entities.loose_key``).

Two users, hence ``shared``: the enrich stage finds the curated person a new spelling names (its
``SkeletonIndex``), and the store keeps ``person_key`` on catalogue rows (``entities.name_key``) to link a
person named in Arabic script to the one Latin-script row of the same person, or a Latin name to the Arabic row
stored first (recording the spelling per script, ``script_code``, in ``entities.labels``). Changing the
reduction changes stored keys: a migration must then recompute ``entities.name_key`` (``0014_person_key_joined``
did for this reduction; ``person_key_0012`` is the reduction before it, which its downgrade writes back).
"""

from __future__ import annotations

import re
import unicodedata

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
    """The consonants of a word's sound classes, doubled letters once."""
    kept = [char for char in word if char in "bdfghjklmnrstzSk"]
    collapsed = [char for index, char in enumerate(kept) if index == 0 or kept[index - 1] != char]
    return "".join(collapsed)


def name_keys(name: str) -> tuple[str, ...]:
    """The consonant skeletons of ``name`` (y as a vowel, y as a consonant); empty for a one-word name."""
    readings = (_reading(name, y_is_consonant) for y_is_consonant in (False, True))
    return tuple(dict.fromkeys(key for key in readings if key))


def _reading(name: str, y_is_consonant: bool) -> str:
    """One reading's skeleton of ``name``: its words' skeletons, a final "t" read as "d", joined without spaces
    and doubled letters dropped across the joins (Roman numerals after a space); "" for fewer than two words."""
    parts = _word_skeletons(name, y_is_consonant)
    if len(parts) < 2:
        return ""
    # "abd" ends in "d" whether it stands alone or is glued to the next word, so "d" is the class's letter.
    numerals = [part for part in parts if _ROMAN_NUMERAL.match(part)]  # after a space: "iii" is not "ii"
    joined = "".join(
        part[:-1] + "d" if part.endswith("t") else part for part in parts if part not in numerals
    )
    collapsed = "".join(char for index, char in enumerate(joined) if index == 0 or joined[index - 1] != char)
    return " ".join([collapsed, *numerals])


def _word_skeletons(name: str, y_is_consonant: bool) -> list[str]:
    """The skeleton of each word of ``name`` (Roman numerals as written), the Arabic article left out."""
    folded = unicodedata.normalize("NFKD", name.lower().replace("ı", "i"))
    folded = "".join(char for char in folded if not unicodedata.combining(char) or char >= "\u0600")
    words = [word for word in re.split(r"[\s]+", folded.replace("’", "'").replace("'", "")) if word]
    parts = []
    for word in words:
        if word in _SKIPPED_WORDS:
            continue
        if _ROMAN_NUMERAL.match(word):
            parts.append(word)
            continue
        arabic = bool(_ARABIC_LETTER.search(word))
        sounds = _arabic_word(word, y_is_consonant) if arabic else _latin_word(word, y_is_consonant)
        if skeleton := _skeleton(sounds):
            parts.append(skeleton)
    return parts


def person_key(name: str) -> str | None:
    """The catalogue key of a person's name: its skeleton with "y" read as a vowel (the reading Arabic "ي" and
    Latin "y"/"i" agree on), or None for a name of one word.

    One key per row keeps the lookup a plain equality on an indexed column; the y-as-consonant reading only
    helps names such as "Benyamin", which the enrich stage's alias table already resolves.
    """
    return _reading(name, y_is_consonant=False) or None


def person_key_0012(name: str) -> str | None:
    """``person_key`` as revisions ``0012_entity_name_key`` and ``0013_entity_labels`` stored it: the words'
    skeletons joined by spaces, a final "t" kept ("Khalid al-Falih" → "kld flh"). Kept for those revisions and
    the downgrade of ``0014_person_key_joined``, which re-key stored rows."""
    parts = _word_skeletons(name, y_is_consonant=False)
    return " ".join(parts) if len(parts) >= 2 else None


def is_latin_script(name: str) -> bool:
    """Whether every letter of ``name`` is a Latin letter (the script catalogue rows are linked to)."""
    letters = [char for char in name if char.isalpha()]
    return bool(letters) and all(unicodedata.name(char, "").startswith("LATIN") for char in letters)


# ISO 15924 codes of the scripts news is written in; another script is named by its Unicode name's first word.
_SCRIPT_CODES = {
    "LATIN": "Latn", "ARABIC": "Arab", "CYRILLIC": "Cyrl", "HEBREW": "Hebr", "GREEK": "Grek", "CJK": "Hani",
    "HANGUL": "Hang", "HIRAGANA": "Jpan", "KATAKANA": "Jpan", "DEVANAGARI": "Deva", "THAI": "Thai",
    "ARMENIAN": "Armn", "GEORGIAN": "Geor", "PERSIAN": "Arab",
}  # fmt: skip


def script_code(name: str) -> str:
    """The ISO 15924 code of the script ``name`` is written in ("Latn", "Arab", "Cyrl"…): "Latn" when every
    letter is Latin, else the script of its first non-Latin letter; "" for a name without letters."""
    for char in name:
        if char.isalpha() and not unicodedata.name(char, "").startswith("LATIN"):
            word = unicodedata.name(char, "").split(" ")[0]
            return _SCRIPT_CODES.get(word, word.title()[:4])
    return "Latn" if any(char.isalpha() for char in name) else ""


# The loose key's merges (issue 16, ninth pass): "sh" and "s" (ش/س; "Simsek" for "Şimşek"), "g" and "q" (Gulf
# and Libyan romanisations write ق as "g": "Bengdara" for "بن قدارة").
_LOOSE_CLASSES = str.maketrans({"S": "s", "g": "k"})
# A word's final consonant of these classes is left out: French does not sound it ("Laurent", "Blanc", "Dumas",
# "Dupuis") and Arabic does not write it ("لوران بلان"), so it is dropped on both sides.
_LOOSE_FINALS = "dszk"


def loose_person_key(name: str) -> str | None:
    """A looser skeleton than ``person_key``, for the store's link by shared context only: "sh"/"s" and
    "g"/"q" are one class, and each word's final d/t, s, z or k/c/g/q is left out ("Laurent Blanc" and "لوران
    بلان" are both "lrnbln"; "Mehmet Simsek" and "محمد شيمشك" both "mhmsms"). None for a name of one word.

    It joins different people ("Hisham" and "Husam", "Gamal" and "Kamal"), which is why the store links by it
    only when the candidate row and the article share other catalogue entities (``newsflow_store.entities``).
    """
    parts = _word_skeletons(name, y_is_consonant=False)
    if len(parts) < 2:
        return None
    numerals = [part for part in parts if _ROMAN_NUMERAL.match(part)]
    words = [_loose_word(part) for part in parts if part not in numerals]
    joined = "".join(words)
    collapsed = "".join(char for index, char in enumerate(joined) if index == 0 or joined[index - 1] != char)
    return " ".join([collapsed, *numerals]) if collapsed else None


def _loose_word(skeleton: str) -> str:
    """A word's loose skeleton: the loose classes, a final "t" read as "d", then a final d/s/z/k left out —
    except in "bd" ("Abd", "عبد"), which is glued to the next word as often as not ("Abdelfattah")."""
    word = skeleton.translate(_LOOSE_CLASSES)
    if word.endswith("t"):
        word = word[:-1] + "d"
    if len(word) > 1 and word[-1] in _LOOSE_FINALS and word != "bd":
        return word[:-1]
    return word
