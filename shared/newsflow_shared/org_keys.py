"""Language-independent keys of organisations' names: the set of concepts their content words name.

An organisation the shipped tables do not know keeps the name its article's language gives it: "Balochistan
Liberation Army", "Armée de libération du Baloutchistan", and "Atomic Energy Organization of Iran",
"Organisation iranienne de l'énergie atomique", "منظمة الطاقة الذرية الإيرانية". Such names are built from
common institution words (organisation, energy, army, liberation, national…), a country or nationality, and a
proper name. ``org_key`` reduces a name to the set of concepts of its content words, whatever their order and
language, function words ("of", "de la", "في") dropped:

- a country's name or nationality adjective → the country's ISO code ("Iran", "iranienne", "الإيرانية" → IR);
- a word the lexicon knows → its concept: the lexicon (``data/org_lexicon.json``) is learnt from the names
  newsflow already ships in several languages (the label table, the alias table's Arabic names, the ministries'
  portfolios, the central banks) by aligning the words of one entity's names
  (``newsflow_enrich.entities.org_lexicon`` builds it; a test checks the shipped file is its output);
- any other word → its consonant skeleton, which its transliterations and Latin cognates share
  ("Balochistan" / "Baloutchistan" / "بلوشستان", "liberation" / "libération", "army" / "armée").

Two users, hence ``shared``: the store keeps the key of an ``ORG`` row in ``entities.name_key`` and links an
organisation named in another language to the one row of its key (``newsflow_store.entities``). Changing the
lexicon or the reduction changes stored keys: a migration must then recompute them (``0015_org_name_key``
wrote the first ones). A name of fewer than two concepts has no key: one word ("Hamas", "Army") names too
many things; nor has a name without an institution word of the lexicon ("Brad Smith", a firm).
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from importlib.resources import files

_SKELETON_CONSONANTS = 3
# Function words of organisations' names, dropped from the key (and read as evidence of the name's language).
FUNCTION_WORDS = {
    "en": frozenset({"the", "of", "for", "and", "in", "on", "to", "a", "an", "at", "by", "with", "s"}),
    "fr": frozenset(
        {
            "le",
            "la",
            "les",
            "l",
            "de",
            "des",
            "du",
            "d",
            "et",
            "pour",
            "en",
            "au",
            "aux",
            "a",
            "sur",
            "dans",
            "par",
            "contre",
            "un",
            "une",
        }
    ),
    "ar": frozenset({"في", "من", "على", "عن", "الى", "و"}),
}
_LATIN_ARTICLES = frozenset({"al", "el", "ul"})
_ARABIC_MARKS = re.compile("[\u064b-\u065f\u0670\u0640]")
_ARABIC_FOLDS = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي"}
)
_ARABIC_LETTER = re.compile("[\u0600-\u06ff]")
_SEPARATORS = re.compile(r"[\s\-‐–—'’ʼ`.,;:()«»\"/]+")
# Proclitics glued to an Arabic word with the article: "و" and, "ب" by, "ف" so, "ك" as ("والتعليم", "بالطاقة").
_ARABIC_PROCLITIC_ARTICLE = ("وال", "بال", "فال", "كال")
# Latin letter groups → one sound class, longest first (as ``name_keys``; "z" is "s": organisation/organization).
_LATIN_GROUPS = (
    ("sch", "S"), ("tch", "S"), ("dj", "j"), ("ch", "S"), ("sh", "S"), ("kh", "k"), ("gh", "g"), ("ph", "f"),
    ("th", "t"), ("dh", "d"), ("ck", "k"), ("qu", "k"), ("ou", ""), ("p", "b"), ("v", "f"), ("q", "k"),
    ("c", "k"), ("x", "ks"), ("z", "s"),
)  # fmt: skip
_ARABIC_SOUNDS = str.maketrans(
    {
        "ب": "b", "ت": "t", "ث": "t", "ج": "j", "ح": "h", "خ": "k", "د": "d", "ذ": "d", "ر": "r", "ز": "s",
        "س": "s", "ش": "S", "ص": "s", "ض": "d", "ط": "t", "ظ": "s", "غ": "g", "ف": "f", "ق": "k", "ك": "k",
        "ل": "l", "م": "m", "ن": "n", "ه": "h", "پ": "b", "چ": "S", "ڤ": "f", "گ": "g",
    }
)  # fmt: skip
_SOFT_C = re.compile(r"c(?=[eiy])")
_CONSONANTS = frozenset("bdfghjklmnrstSk")
MIN_CONCEPTS = 2
_LONGEST_PHRASE = 4


def fold(word: str) -> str:
    """Case, Latin diacritics and Arabic letter variants folded."""
    text = _ARABIC_MARKS.sub("", word).translate(_ARABIC_FOLDS)
    decomposed = unicodedata.normalize("NFKD", text.replace("ı", "i").replace("İ", "I"))
    return "".join(c for c in decomposed if not unicodedata.combining(c) or c >= "\u0600").casefold()


def words(name: str) -> list[str]:
    """The folded words of ``name``: split at spaces, hyphens and apostrophes ("l'énergie" → "l", "energie")."""
    return [word for word in _SEPARATORS.split(fold(name)) if word]


def is_arabic(word: str) -> bool:
    return bool(_ARABIC_LETTER.search(word))


def stem(word: str) -> str:
    """A folded word without the inflections its other forms add: English and French plural and feminine
    endings ("opérations", "conjointes", "iranienne", "commandement" → "operation", "conjoint", "iranien",
    "command"); the Arabic article, its contraction after "ل" ("للطاقة"), the feminine and plural endings
    ("الدولية" = "الدولي", "العمليات" = "عملي")."""
    return _arabic_stem(word) if is_arabic(word) else _latin_stem(word)


def _latin_stem(word: str) -> str:
    if len(word) <= 3:
        return word
    word = _SOFT_C.sub("s", word)  # "c" before e, i, y sounds "s" in both languages: defence / défense
    for ending, kept in (("iennes", "ien"), ("ienne", "ien"), ("ennes", "en"), ("enne", "en"), ("ies", "y")):
        if word.endswith(ending):
            return word[: -len(ending)] + kept
    if word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    if word.endswith("ement") and len(word) > 8:  # French nouns of action: commandement, gouvernement
        word = word[: -len("ement")]
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    return word


def _arabic_stem(word: str) -> str:
    if word.startswith("لل") and len(word) > 4:
        word = word[2:]
    elif word.startswith(_ARABIC_PROCLITIC_ARTICLE) and len(word) > 5:
        word = word[3:]
    elif word.startswith("ال") and len(word) > 3:
        word = word[2:]
    if word.endswith("ات") and len(word) > 4:
        word = word[:-2]
    elif word.endswith("ه") and len(word) > 3:
        word = word[:-1]
    return word


def skeleton(word: str) -> str:
    """The consonant skeleton of a stemmed word in sound classes, doubled letters once; Latin and Arabic
    transliterations of one name share it ("baloutchistan", "balochistan", "بلوشستان" → "blSstn")."""
    if is_arabic(word):
        sounds = word.translate(_ARABIC_SOUNDS)  # alef, waw, ya, ain, hamza: vowels or silent
    else:
        sounds = word
        for group, sound in _LATIN_GROUPS:
            sounds = sounds.replace(group, sound)
    kept = [char for char in sounds if char in _CONSONANTS]
    return "".join(char for index, char in enumerate(kept) if index == 0 or kept[index - 1] != char)


def latin_form(stemmed: str) -> str:
    """The form a stemmed Latin word is compared by: its skeleton, which English and French cognates share
    ("atomic"/"atomique" → "tmk", "council"/"conseil" → "knsl"). A skeleton of fewer than
    ``_SKELETON_CONSONANTS`` consonants is shared by unrelated words ("south" and "state" are both "st",
    "ouest" and "est" too), so such a word is compared by its stem without final vowels ("army", "armée" →
    ":arm"), and a word with digits as written ("g7" is no "g20")."""
    if any(char.isdigit() for char in stemmed):
        return ":" + stemmed
    sounds = skeleton(stemmed)
    if len(sounds) >= _SKELETON_CONSONANTS:
        return sounds
    return ":" + (stemmed.rstrip("aeiouy") or stemmed)


@lru_cache(maxsize=1)
def lexicon() -> dict[str, dict[str, str]]:
    """The shipped lexicon: ``stems`` (an Arabic stem → concept id) and ``skeletons`` (a Latin word's
    ``latin_form`` → concept id),
    ``countries`` (a stem, or a phrase of stems → ISO code), ``languages`` (Latin folded word → "en" or "fr",
    the one language the sources write it in)."""
    raw = json.loads(files("newsflow_shared").joinpath("data/org_lexicon.json").read_text("utf-8"))
    return {part: dict(raw[part]) for part in ("stems", "skeletons", "countries", "languages")}


def content_words(name: str) -> list[str]:
    """The words of ``name`` that are not function words of any language ("'s" and the elided "l'" too), nor
    the Arabic article written apart in Latin script ("Al Arabiya")."""
    dropped = FUNCTION_WORDS["en"] | FUNCTION_WORDS["fr"] | FUNCTION_WORDS["ar"] | _LATIN_ARTICLES
    return [word for word in words(name) if word not in dropped]


def concepts(name: str) -> list[str]:
    """The concept of each content word of ``name``, in order: "@IR" for a country (the longest phrase of
    a country's name first: "États-Unis", "الولايات المتحدة"), the lexicon's concept of the word's stem or
    skeleton, else "~" and the word's skeleton (its stem when the skeleton is short)."""
    table = lexicon()
    stems = [stem(word) for word in content_words(name)]
    found, index = [], 0
    while index < len(stems):
        for length in range(min(_LONGEST_PHRASE, len(stems) - index), 0, -1):
            if (code := table["countries"].get(" ".join(stems[index : index + length]))) is not None:
                found.append("@" + code)
                index += length
                break
        else:
            found.append(word_concept(stems[index]))
            index += 1
    return found


def word_concept(stemmed: str) -> str:
    """The concept of one stemmed content word (``concepts``): the lexicon's, else "~" and the word's form
    (a Latin word's ``latin_form``; an Arabic word's skeleton, which a Latin transliteration of a name shares
    when it has ``_SKELETON_CONSONANTS`` consonants, else its stem)."""
    table = lexicon()
    if is_arabic(stemmed):
        if (concept := table["stems"].get(stemmed)) is not None:
            return concept
        sounds = skeleton(stemmed)
        digits = any(char.isdigit() for char in stemmed)
        return "~" + (sounds if len(sounds) >= _SKELETON_CONSONANTS and not digits else stemmed)
    form = latin_form(stemmed)
    return table["skeletons"].get(form) or "~" + form


def org_key(name: str) -> str | None:
    """The catalogue key of an organisation's name: its distinct concepts, sorted and joined by spaces; None
    with fewer than ``MIN_CONCEPTS`` (one word names too many things to join on), or without a word of the
    lexicon (a name of proper names only — "Brad Smith", a firm — is not built from institution words, and its
    transliterations are as likely a person's or another firm's)."""
    distinct = sorted(set(concepts(name)))
    if len(distinct) < MIN_CONCEPTS or not any(concept.startswith("=") for concept in distinct):
        return None
    return " ".join(distinct)


def name_language(name: str) -> str | None:
    """ "ar" for a name in Arabic script; "en" or "fr" for a Latin name whose function words and lexicon words
    say so (more of one language's than of the other's); None when they do not."""
    folded = words(name)
    if any(is_arabic(word) for word in folded):
        return "ar"
    known = lexicon()["languages"]
    votes = {"en": 0, "fr": 0}
    english_only = FUNCTION_WORDS["en"] - FUNCTION_WORDS["fr"]
    french_only = FUNCTION_WORDS["fr"] - FUNCTION_WORDS["en"]
    for word in folded:
        votes["en"] += word in english_only
        votes["fr"] += word in french_only
        if (language := known.get(word)) is not None and language in votes:
            votes[language] += 1
    if votes["en"] == votes["fr"]:
        return None
    return "en" if votes["en"] > votes["fr"] else "fr"
