"""From raw mentions of one article to its entities: normalised, resolved, canonical, with salience.

Steps (``group_mentions``):

1. keep the documented types (``ENTITY_TYPES``); normalise each name (titles, possessives, leading "the");
   a one-word generic institution ("Army", "Government") is no name and is dropped;
2. resolve short forms inside the article: a lone surname → the one full PERSON name ending with it; an
   acronym → the one organisation name of the article with those initials ("PUK" → "Patriotic Union of
   Kurdistan");
3. canonicalise with the alias table ("Daesh" → "Islamic State", "Erdoğan" → "Recep Tayyip Erdogan"; a royal
   title is tried off: "Crown Prince Mohammed bin Salman"); a GeoNames place tagged with another type than
   GPE becomes a GPE; a nationality word tagged as a place or body becomes NORP ("Kuwaiti");
4. give each name its majority type (ties by ``TYPE_PRECEDENCE``);
5. count, keep every mention's offsets, and score salience.

Salience, in [0, 1], is a documented heuristic (docs/enrichment.md), not a learnt score:
``0.4 · min(count, 5) / 5 + 0.3 · (1 − first_position / text_length) + 0.3 · in_title``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from weakref import WeakKeyDictionary

from newsflow_shared.messages import EntityCount, Mention

from newsflow_enrich.entities.aliases import AliasTable, default_alias_table, match_key
from newsflow_enrich.entities.countries import country_of_place
from newsflow_enrich.entities.gazetteer import ascii_fold, words
from newsflow_enrich.entities.name_keys import SkeletonIndex
from newsflow_enrich.entities.normalize import normalize_entity, resolve_short_person_names
from newsflow_enrich.entities.place_names import place_name, press_spelling

ENTITY_TYPES: tuple[str, ...] = (
    "PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT", "FAC", "PRODUCT", "WORK_OF_ART", "LAW",
)  # fmt: skip
# Labels of other label schemes (WikiNER models such as xx_ent_wiki_sm) with the same meaning.
LABEL_ALIASES = {"PER": "PERSON", "MISC": "", "DATE": ""}
# When one name of an article is tagged with several types, the most frequent wins; a tie goes to the type
# first in this list. GPE beats ORG because the small model tags a capital used for its government
# ("Washington’s green light") as ORG, where the OntoNotes guidelines it was trained on say GPE.
TYPE_PRECEDENCE = ("GPE", "PERSON", "LOC", "ORG", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW")
# Provenance of a merged entity: the most trusted way it was found.
_PROVENANCE_RANK = ("ner", "alias", "gazetteer", "pattern", "translation")
# One-word organisation "names" that are the generic word for an institution ("the Army said", "Parliament
# voted"): which army or parliament is said by the words around, which a lone word does not carry.
GENERIC_INSTITUTIONS = frozenset(
    words(
        """
        army navy police military government cabinet parliament ministry court council commission committee
        assembly agency company party coalition opposition presidency administration authorities embassy
        """
    )
)
# Titles tried off a name the alias table does not know with them ("Crown Prince Mohammed bin Salman").
_ROYAL_TITLES = ("crown prince ", "king ", "queen ", "prince ", "princess ", "sheikh ", "sheikha ", "emir ")
_ACRONYM_SKIPPED = frozenset(words("of the for and de al el des du la le les et pour"))
# Labels outside ENTITY_TYPES the small model gives a place it does not know ("Tunis" as LANGUAGE).
_PLACE_MISLABELS = frozenset({"LANGUAGE"})


@dataclass(frozen=True)
class RawMention:
    """One mention as a recogniser found it; offsets index the article text (title, blank line, body)."""

    start: int
    end: int
    text: str
    label: str
    provenance: str = "ner"
    canonical: str | None = None  # set by recognisers that already know the canonical name (dictionaries)


# A mention with the name and type it has so far, while ``group_mentions`` names and types it.
_Named = tuple[str, str, RawMention]


def salience(count: int, first_position: int, text_length: int, in_title: bool) -> float:
    """The documented salience heuristic, rounded to 3 decimals."""
    earliness = 1.0 - first_position / text_length if text_length > 0 else 0.0
    score = 0.4 * min(count, 5) / 5 + 0.3 * max(earliness, 0.0) + 0.3 * (1.0 if in_title else 0.0)
    return round(min(score, 1.0), 3)


def group_mentions(
    mentions: Iterable[RawMention],
    aliases: AliasTable,
    *,
    text_length: int,
    title_length: int = 0,
    places: frozenset[str] = frozenset(),
    nationalities: frozenset[str] = frozenset(),
    respell_places: bool = False,
    language: str = "",
) -> list[EntityCount]:
    """The article's entities, ordered by count then first mention. ``title_length`` characters at the start of
    the text are the title (mentions there set ``in_title``). ``places`` are match keys of gazetteer place names:
    a mention of one tagged with another type (PERSON, ORG, PRODUCT, LOC) becomes a GPE. ``nationalities`` are
    match keys of nationality words (``demonyms``): one tagged GPE, ORG or LOC becomes a NORP.
    ``respell_places`` (routes of other languages than English) names a town the curated table does not know
    by its GeoNames catalogue name (``place_names``: "Jarablus", "Jarābulus" → "Jarabulus"); English keeps the
    spelling of the text, which is the English press's ("Kafr el-Sheikh", not GeoNames' "Kafr ash Shaykh").
    Every route writes "Saint" in such a town's name "St." (``press_spelling``), as the English press does.
    ``language`` (the text's) lets a town GeoNames lists under no spelling of the text be found by that
    language's spelling rules ("Kafr el-Cheikh" → "Kafr ash Shaykh", ``place_names.respellings``), in one of
    the countries the article's other places name."""
    named = _named_mentions(split_at_paragraphs(mentions), places)
    # Short forms first, so that a lone "Jordan" that is Michael Jordan's surname stays a person below.
    resolved = _resolve_surnames(named, aliases, places)
    expansions = _acronym_expansions(resolved, aliases)
    canonical = [
        (*_canonical_name_and_type(name, kind, expansions, aliases, places, nationalities), mention)
        for name, kind, mention in resolved
    ]
    countries = _countries_of(canonical) if respell_places and language else frozenset()
    named = []
    for name, kind, mention in canonical:
        if kind == "GPE" and default_alias_table().lookup(name) is None:
            if respell_places:  # "Jarablus", "Jarābulus" → "Jarabulus"; "Palmyre" → "Palmyra"
                name = place_name(name, language, countries) or name
            name = press_spelling(name)  # "Saint Petersburg", "St Petersburg" → "St. Petersburg"
        named.append((name, kind, mention))
    return _entities(named, _majority_types(named), text_length, title_length)


def _countries_of(named: list[_Named]) -> frozenset[str]:
    """ISO codes of the countries the article's places name: the countries, and the towns' countries."""
    codes = (country_of_place(name) for name, kind, _ in named if kind == "GPE")
    return frozenset(code for code in codes if code is not None)


def split_at_paragraphs(mentions: Iterable[RawMention]) -> list[RawMention]:
    """Mentions with a span across a blank line cut into one per paragraph: a model reads "… Raqqa" at the end
    of a title and "Turkey …" starting the body as one name ("Raqqa Turkey")."""
    split: list[RawMention] = []
    for mention in mentions:
        if "\n\n" not in mention.text or mention.canonical is not None:
            split.append(mention)
            continue
        offset = mention.start
        for part in mention.text.split("\n\n"):
            stripped = part.strip()
            if stripped:
                start = offset + part.index(stripped)
                split.append(replace(mention, start=start, end=start + len(stripped), text=stripped))
            offset += len(part) + 2
    return split


def _named_mentions(mentions: Iterable[RawMention], places: frozenset[str]) -> list[_Named]:
    """Step 1: the mentions of the documented types, in text order, with their normalised names."""
    named: list[_Named] = []
    for mention in sorted(mentions, key=lambda m: m.start):
        label = LABEL_ALIASES.get(mention.label, mention.label)
        if label in _PLACE_MISLABELS and match_key(mention.text.strip()) in places:
            label = "GPE"
        if label not in ENTITY_TYPES:
            continue
        if mention.canonical is not None:
            named.append((mention.canonical, label, mention))
            continue
        name = normalize_entity(mention.text, label)
        if name is not None and not (label == "ORG" and name.lower() in GENERIC_INSTITUTIONS):
            named.append((name, label, mention))
    return named


def _resolve_surnames(named: list[_Named], aliases: AliasTable, places: frozenset[str]) -> list[_Named]:
    """Step 2, surnames: a lone surname becomes the one full PERSON name of the article ending with it."""
    people = {name for name, kind, _ in named if kind == "PERSON"}
    surnames = resolve_short_person_names(people | {name for name, _, _ in named if " " not in name})
    resolved = []
    for name, kind, mention in named:
        full = surnames.get(name)
        # Another type's one-word name is a surname only if it is no known place ("Blinken" tagged GPE is).
        if full is not None and (kind == "PERSON" or not _is_known_place(name, aliases, places)):
            name, kind = full, "PERSON"
        resolved.append((name, kind, mention))
    return resolved


def _canonical_name_and_type(
    name: str,
    kind: str,
    expansions: dict[str, str],
    aliases: AliasTable,
    places: frozenset[str],
    nationalities: frozenset[str],
) -> tuple[str, str]:
    """Steps 2 (acronyms, by ``expansions``) and 3 for one mention: its canonical name and type."""
    if name in expansions:
        name, kind = expansions[name], "ORG"
    canonical = _canonical(name, kind, aliases)
    if canonical is not None and default_alias_table().lookup(canonical[0]) is not None:
        return canonical  # a curated name: the table chose its spelling
    # Another language's transliteration of a person the table knows ("Vladimir Poutine", "Bachar al-Assad").
    person = _skeletons(aliases).lookup(name) if canonical is None and kind == "PERSON" else None
    if person is not None:
        return person.name, person.type
    if canonical is not None:
        name, kind = canonical  # a language table's GeoNames or CLDR name ("Şanlıurfa"): spelt below
    elif kind not in ("GPE", "FAC") and match_key(name) in places:
        # GeoNames knows it as a city, state or country (OntoNotes: GPE); the small model tags unfamiliar
        # city names as people, products or plain locations ("Algiers" as LOC).
        kind = "GPE"
    elif kind in ("GPE", "ORG", "LOC") and " " not in name and match_key(name) in nationalities:
        kind = "NORP"  # "Kuwaiti Emir", "the Emirati airline": a nationality, not the country
    return catalogue_spelling(name, kind), kind


def catalogue_spelling(name: str, kind: str) -> str:
    """A person's or place's Latin-script name the curated table does not know, without diacritics, as the
    table writes its names: "Süleyman Soylu" and "Suleyman Soylu", "Béjaïa" and "Bejaia" are one catalogue
    entity (mentions keep the spelling). Other names are words of their language, and keep their accents
    ("Organisation mondiale de la santé")."""
    if kind not in _TRANSLITERATED_TYPES or name.isascii():
        return name
    if any(char.isalpha() and not _is_latin(char) for char in name):
        return name
    parts = name.replace("-", " ").split()
    if any(part[:1].islower() and part not in _NAME_PARTICLES for part in parts):
        return name  # "golfe de Gabès", "mer Égée": words of the language around a name
    return ascii_fold(name)


def _is_latin(char: str) -> bool:
    return char < "ɐ" or "Ḁ" <= char <= "ỿ"


# Lower-case words that belong to names ("Kafr el-Sheikh", "Staffan de Mistura", "Haftar bin Khalifa").
_NAME_PARTICLES = frozenset(
    words("al el ad ed as ash an ar at az de du des da di do dos van von der den bin ben ibn bint la le y e")
)
# Names spelt by transliteration, whose diacritics vary between languages and writers.
_TRANSLITERATED_TYPES = frozenset({"PERSON", "GPE", "LOC"})
_SKELETON_INDEXES: WeakKeyDictionary[AliasTable, SkeletonIndex] = WeakKeyDictionary()


def _skeletons(aliases: AliasTable) -> SkeletonIndex:
    """The consonant-skeleton index of the table's people, built once per table."""
    index = _SKELETON_INDEXES.get(aliases)
    if index is None:
        index = _SKELETON_INDEXES[aliases] = SkeletonIndex(aliases.entries)
    return index


def _majority_types(named: list[_Named]) -> dict[str, str]:
    """Step 4: each name's most frequent type, a tie going to the type first in ``TYPE_PRECEDENCE``."""
    types_by_name: dict[str, Counter[str]] = {}
    for name, kind, _ in named:
        types_by_name.setdefault(name, Counter())[kind] += 1
    return {
        name: min(kinds, key=lambda k: (-kinds[k], TYPE_PRECEDENCE.index(k)))
        for name, kinds in types_by_name.items()
    }


def _entities(
    named: list[_Named], chosen: dict[str, str], text_length: int, title_length: int
) -> list[EntityCount]:
    """Step 5: one entity per name with its mentions, count and salience; by count, then first mention."""
    by_name: dict[str, list[RawMention]] = {}
    for name, _, mention in named:
        by_name.setdefault(name, []).append(mention)
    entities = []
    for name, found in by_name.items():
        first = found[0].start
        in_title = any(mention.start < title_length for mention in found)
        provenance = min((m.provenance for m in found), key=_provenance_rank)
        entities.append(
            EntityCount(
                name=name,
                type=chosen[name],
                count=len(found),
                mentions=[Mention(start=m.start, end=m.end, text=m.text) for m in found],
                salience=salience(len(found), first, text_length, in_title),
                first_position=first,
                in_title=in_title,
                provenance=provenance,
            )
        )
    entities.sort(key=lambda entity: (-entity.count, entity.first_position or 0))
    return entities


def _canonical(name: str, kind: str, aliases: AliasTable) -> tuple[str, str] | None:
    """The alias table's (name, type) for ``name``; for a person with a royal title the table does not list
    with it, the name without the title ("Crown Prince Mohammed bin Salman" → "Mohammed bin Salman")."""
    found = aliases.canonical(name, kind, allow_person_to_place=True)
    if found is None and kind == "PERSON":
        lowered = name.lower()
        for title in _ROYAL_TITLES:
            if lowered.startswith(title) and len(name) > len(title):
                bare = aliases.canonical(name[len(title) :], kind)
                if bare is not None:
                    return bare
    return found


def _acronym_expansions(named: list[tuple[str, str, RawMention]], aliases: AliasTable) -> dict[str, str]:
    """Acronyms of the article ("PUK") → the one organisation name of the same article with those initials
    ("Patriotic Union of Kurdistan"), when the alias table does not know the acronym."""
    by_initials: dict[str, set[str]] = {}
    for name, kind, _ in named:
        words = [word for word in name.replace("-", " ").split() if word.lower() not in _ACRONYM_SKIPPED]
        # French names capitalise the first word only ("Forces démocratiques syriennes" → "FDS").
        if kind == "ORG" and len(words) >= 2 and words[0][:1].isupper():
            by_initials.setdefault("".join(word[0].upper() for word in words), set()).add(name)
    expansions = {}
    for name, _, _ in named:
        if 2 <= len(name) <= 6 and name.isalpha() and name.isupper() and aliases.lookup(name) is None:
            candidates = by_initials.get(name, set())
            if len(candidates) == 1:
                expansions[name] = next(iter(candidates))
    return expansions


def _is_known_place(name: str, aliases: AliasTable, places: frozenset[str]) -> bool:
    entry = aliases.lookup(name)
    return match_key(name) in places or (entry is not None and entry.type in ("GPE", "LOC"))


def _provenance_rank(provenance: str) -> int:
    return _PROVENANCE_RANK.index(provenance) if provenance in _PROVENANCE_RANK else len(_PROVENANCE_RANK)
