"""Builds the word lexicon of organisations' keys (``newsflow_shared.org_keys``) from names newsflow ships in
several languages, and writes it to ``shared/newsflow_shared/data/org_lexicon.json``.

Sources, each a set of names of one thing per language (never the gold sets): the label table
(``data/labels.json``: English, French and Arabic names of the UN system, intergovernmental organisations,
armed groups, NGOs, seas and regions) with the alias table's Arabic spellings of the same entity; the alias
table's other entries (the English name and its Arabic spellings); the ministries' portfolios
(``ministries.PORTFOLIO_TABLE``) with the word for ministry; the central banks' words. Countries and
nationality adjectives come from ``countries`` (CLDR and GeoNames names, derived adjectives) and map to the
country's ISO code.

Words are aligned in two steps. First by co-occurrence: a Latin and an Arabic word used by mostly the same
entities (``MIN_COOCCURRENCE``, ``MIN_DICE``, each the other's best) are one concept ("international" /
"الدولي"). Then by elimination (competitive linking): in two names of one entity in different languages with as
many content words, the words already known to name the same concept are set aside; when exactly one word is
left on each side, the two name one concept. Seeds are the one-word names (portfolios: "energy" / "énergie" /
"الطاقة"), Latin cognates (one skeleton: "atomic" / "atomique") and countries; the pass repeats until nothing
changes ("Agence internationale de l'énergie atomique" / "الوكالة الدولية للطاقة الذرية": once agency,
international and energy are known, atomic is "الذرية"), the links more entities support first. A pair with
several unknown words on a side teaches nothing (no guess), and a concept keeps one word per language: a link
that would give it a second ("west" to the concept of "east" and "الشرق") is refused. Concepts that are a proper
name written in both scripts are left out: the skeleton keys them already.

Run ``python -m newsflow_enrich.entities.org_lexicon`` after changing a source table; a test checks that the
shipped file is this module's output. Changing it changes stored ORG keys: a migration must recompute them.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from newsflow_shared import org_keys
from newsflow_shared.org_keys import content_words, is_arabic, latin_form, skeleton, stem

from newsflow_enrich.entities.aliases import AliasTable
from newsflow_enrich.entities.labels import label_table

LANGUAGES = ("en", "fr", "ar")
# The words of a central bank's name (``central_banks``: "banque centrale", "البنك المركزي", "المصرف المركزي").
CENTRAL_BANK_NAMES = {
    "en": ("central bank",),
    "fr": ("banque centrale",),
    "ar": ("البنك المركزي", "المصرف المركزي"),
}
MINISTRY_WORDS = {"en": ("ministry",), "fr": ("ministère",), "ar": ("وزارة",)}
NameSet = dict[str, list[str]]


def node(stemmed: str) -> str:
    """The alignment node of a stemmed word: an Arabic stem; a Latin word's form (``org_keys.latin_form``)."""
    return stemmed if is_arabic(stemmed) else latin_form(stemmed)


def name_sets() -> list[NameSet]:
    """The names of each entity of the shipped tables, per language (see the module's docstring)."""
    from importlib.resources import files

    from newsflow_enrich.entities.ministries import PORTFOLIO_TABLE

    curated = AliasTable.from_json(files("newsflow_enrich").joinpath("data/aliases.json").read_text("utf-8"))
    arabic = {entry.name: [form for form in entry.aliases if is_arabic(form)] for entry in curated.entries}
    sets: list[NameSet] = []
    labelled = set()
    for label in label_table():
        labelled.add(label.name)
        sets.append(
            {
                "en": [label.name, *label.names.get("en", ())],
                "fr": list(label.names.get("fr", ())),
                "ar": [*label.names.get("ar", ()), *arabic.get(label.name, ())],
            }
        )
    sets += [{"en": [name], "ar": forms} for name, forms in arabic.items() if name not in labelled and forms]
    for line in filter(None, PORTFOLIO_TABLE.strip().splitlines()):
        cells = [cell.strip() for cell in line.split("|")]
        sets.append({lang: [f.strip() for f in cells[1 + i].split(";")] for i, lang in enumerate(LANGUAGES)})
    sets += [{lang: list(MINISTRY_WORDS[lang]) for lang in LANGUAGES}]
    sets += [{lang: list(CENTRAL_BANK_NAMES[lang]) for lang in LANGUAGES}]
    return sets


def country_stems() -> dict[str, str]:
    """Stems (or phrases of stems) of countries' names and nationality adjectives in the three languages → ISO
    code; a form two countries share is left out."""
    from babel import Locale

    from newsflow_enrich.entities.countries import _nationalities, country_names

    found: dict[str, set[str]] = defaultdict(set)

    def add(form: str, code: str) -> None:
        if phrase := " ".join(stem(word) for word in content_words(form)):
            found[phrase].add(code)

    names = country_names()
    for code, name in names.items():
        add(name, code)
        for language in LANGUAGES:
            if local := Locale.parse(language).territories.get(code):
                add(local, code)
    for language in LANGUAGES:
        for form, code in _nationalities(language).items():
            if code in names:
                add(form, code)
    return {phrase: codes.pop() for phrase, codes in found.items() if len(codes) == 1}


class _Concepts:
    """Union-find over alignment nodes; a concept holds at most one word of each language. A node's languages
    are those it was linked in (a Latin skeleton may be an English word and another French one: "saint" and
    "santé" are both "snt")."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.languages: dict[str, set[str]] = defaultdict(set)  # per root

    def find(self, item: str) -> str:
        self.parent.setdefault(item, item)
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def joinable(self, one: str, other: str, languages: tuple[set[str], set[str]]) -> bool:
        """Whether a link of ``one`` (a word of ``languages[0]``) and ``other`` may join their concepts: not
        when both would then have a word of one language (a synonym at best, a wrong pair at worst)."""
        first, second = self.find(one), self.find(other)
        return first != second and not (
            (self.languages[first] | languages[0]) & (self.languages[second] | languages[1])
        )

    def union(self, one: str, other: str, languages: tuple[set[str], set[str]]) -> None:
        first, second = self.find(one), self.find(other)
        merged = self.languages[first] | languages[0] | self.languages[second] | languages[1]
        root, child = sorted((first, second))
        self.parent[child] = root
        self.languages.pop(child, None)
        self.languages[root] = merged


def _tokens(name: str, countries: dict[str, str]) -> list[str]:
    """The alignment nodes of a name's content words, countries (single stems) left out."""
    return [node(s) for word in content_words(name) if (s := stem(word)) not in countries]


_Pair = tuple[int, tuple[set[str], set[str]], list[str], list[str]]


def _pairs(sets: Iterable[NameSet], countries: dict[str, str]) -> Iterator[_Pair]:
    """Every two names of one entity (its index) in different languages (and those), as node lists."""
    for entity, names in enumerate(sets):
        tokens = {lang: [_tokens(name, countries) for name in names.get(lang, ())] for lang in LANGUAGES}
        for index, first in enumerate(LANGUAGES):
            for second in LANGUAGES[index + 1 :]:
                languages = ({first}, {second})
                yield from (
                    (entity, languages, a, b) for a in tokens[first] for b in tokens[second] if a and b
                )


# A Latin and an Arabic word that name the same entities this often (and no other word more often) are taken
# for one concept before any elimination: "international" / "الدولية", "world" / "العالمية", "organisation" /
# "منظمة" occur in names of many entities, and a single pair would otherwise decide them.
MIN_COOCCURRENCE = 3
MIN_DICE = 0.5


def _cooccurring(
    sets: list[NameSet], countries: dict[str, str]
) -> list[tuple[str, str, tuple[set[str], set[str]]]]:
    """(Latin node, Arabic node) pairs whose entities mostly coincide, best first (Dice coefficient over the
    entities whose names use them), each word's best partner only."""
    latin_entities: dict[str, set[int]] = defaultdict(set)
    arabic_entities: dict[str, set[int]] = defaultdict(set)
    latin_languages: dict[str, set[str]] = defaultdict(set)
    for entity, names in enumerate(sets):
        for language in LANGUAGES:
            for name in names.get(language, ()):
                for item in _tokens(name, countries):
                    (arabic_entities if is_arabic(item) else latin_entities)[item].add(entity)
                    if not is_arabic(item):
                        latin_languages[item].add(language)
    scored = []
    for latin, seen in latin_entities.items():
        for arabic, also in arabic_entities.items():
            if len(both := seen & also) >= MIN_COOCCURRENCE:
                scored.append((2 * len(both) / (len(seen) + len(also)), latin, arabic))
    scored = [item for item in scored if item[0] >= MIN_DICE]
    best_latin: dict[str, float] = defaultdict(float)
    best_arabic: dict[str, float] = defaultdict(float)
    for dice, latin, arabic in scored:
        best_latin[latin] = max(best_latin[latin], dice)
        best_arabic[arabic] = max(best_arabic[arabic], dice)
    return [
        (latin, arabic, (latin_languages[latin], {"ar"}))
        for dice, latin, arabic in sorted(scored, reverse=True)
        if dice == best_latin[latin] == best_arabic[arabic]
    ]


def align(sets: list[NameSet], countries: dict[str, str]) -> _Concepts:
    """Concepts by elimination (module docstring), in rounds until no pair teaches anything new; in a round
    the links more entities support are made first."""
    concepts = _Concepts()
    for one, other, languages in _cooccurring(sets, countries):
        if concepts.joinable(one, other, languages):
            concepts.union(one, other, languages)
    pairs = list(_pairs(sets, countries))
    while True:
        support: dict[tuple[str, str], set[int]] = defaultdict(set)
        found_in: dict[tuple[str, str], tuple[set[str], set[str]]] = {}
        for entity, languages, first, second in pairs:
            if len(set(first)) != len(set(second)):
                continue  # not word for word: an acronym, a short form, a name in other words
            known = {concepts.find(item) for item in first} & {concepts.find(item) for item in second}
            left = {item for item in first if concepts.find(item) not in known}
            right = {item for item in second if concepts.find(item) not in known}
            if len(left) == 1 and len(right) == 1:
                link = (left.pop(), right.pop())
                support[link].add(entity)
                known_in = found_in.setdefault(link, (set(), set()))
                known_in[0].update(languages[0])
                known_in[1].update(languages[1])
        made = 0
        for link, _ in sorted(support.items(), key=lambda item: (-len(item[1]), item[0])):
            if concepts.joinable(*link, found_in[link]):
                concepts.union(*link, found_in[link])
                made += 1
        if not made:
            return concepts


def _transliterated(items: set[str]) -> bool:
    """Whether a concept is a proper name written in both scripts ("Kurdistan" / "كردستان"), not a word
    translated: an Arabic member's skeleton is a Latin member's. Its skeleton keys it without the lexicon, and
    a name of proper names only gets no key (``org_keys.org_key`` wants an institution word)."""
    latin = {item for item in items if not is_arabic(item)}
    return any(skeleton(item) in latin for item in items if is_arabic(item))


def _languages(sets: list[NameSet]) -> dict[str, str]:
    """Latin folded content words of the sources → the one language (en or fr) whose names use them."""
    seen: dict[str, set[str]] = defaultdict(set)
    for names in sets:
        for language in ("en", "fr"):
            for name in names.get(language, ()):
                for word in content_words(name):
                    if not is_arabic(word) and word.isalpha():
                        seen[word].add(language)
    return {word: langs.pop() for word, langs in sorted(seen.items()) if len(langs) == 1}


def build() -> dict[str, Any]:
    """The lexicon file's content: stems and skeletons of the words aligned with another, by concept id."""
    sets = name_sets()
    countries = country_stems()
    concepts = align(sets, countries)
    members: dict[str, set[str]] = defaultdict(set)
    for item in list(concepts.parent):
        members[concepts.find(item)].add(item)
    stems_: dict[str, str] = {}
    skeletons: dict[str, str] = {}
    for root, items in members.items():
        if len(items) < 2 or _transliterated(items):
            continue  # a word aligned with none, or a proper name: its skeleton is its key already
        concept = "=" + root
        for item in items:
            (stems_ if is_arabic(item) else skeletons)[item] = concept
    # A country's stem that the lexicon aligns with an institution word names that word ("المالية" is finance,
    # not Mali): the lexicon wins.
    countries = {phrase: code for phrase, code in countries.items() if phrase not in stems_}
    return {
        "_comment": "Generated by newsflow_enrich.entities.org_lexicon from the shipped tables; do not edit.",
        "stems": dict(sorted(stems_.items())),
        "skeletons": dict(sorted(skeletons.items())),
        "countries": dict(sorted(countries.items())),
        "languages": _languages(sets),
    }


def lexicon_path() -> Path:
    return Path(org_keys.__file__).parent / "data" / "org_lexicon.json"


def render(content: dict[str, Any]) -> str:
    return json.dumps(content, ensure_ascii=False, indent=0, sort_keys=False) + "\n"


def main() -> int:
    path = lexicon_path()
    path.parent.mkdir(exist_ok=True)
    path.write_text(render(build()), "utf-8")
    print(f"wrote {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
