"""A spaCy ``EntityRuler``'s token ``Matcher``, skipped on documents where none of its patterns can match.

spaCy's token ``Matcher`` walks every token of a document and tests each pattern's first token against it, in
Python objects per token: on ~500-word articles the two rulers' few token patterns (``english_rules``: "Mount
Hermon", "King Abdullah II") cost about as much as the NER model's own forward pass
(``benchmarks/stage_cpu.py --profile enrich``). Every one of those patterns starts with a token whose text must
be one of a few words ("Mount", "King", …); a document with no token of those texts cannot hold a match, so
the matcher is not run on it and its result — no match — is the same.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np


def first_token_words(patterns: Iterable[dict[str, Any]]) -> frozenset[str] | None:
    """The words one of which every token pattern must start with (its first token is ``{"TEXT": {"IN": …}}``
    and not optional), or None when some pattern could start anywhere (then no document may be skipped)."""
    words: set[str] = set()
    for pattern in patterns:
        tokens = pattern.get("pattern")
        if isinstance(tokens, str):
            continue  # a phrase pattern: the PhraseMatcher's, not the token matcher's
        if not tokens:
            return None
        first = tokens[0]
        allowed = first.get("TEXT", {}).get("IN") if isinstance(first.get("TEXT"), dict) else None
        if set(first) != {"TEXT"} or not isinstance(allowed, list) or not allowed:
            return None  # another attribute, an operator ("OP": "?"), or an exact TEXT: not gated
        words.update(str(word) for word in allowed)
    return frozenset(words)


class GatedMatcher:
    """Calls the wrapped ``Matcher`` only on documents with a token whose text is one of ``words``; everything
    else (``add``, ``len``, …) goes to the wrapped matcher."""

    def __init__(self, matcher: Any, words: frozenset[str]) -> None:
        from spacy.attrs import ORTH  # spaCy is imported with the model, not with this module

        self._matcher = matcher
        self._attributes = [ORTH]
        # A token's ORTH is the hash of its text in the vocabulary's StringStore, the attribute TEXT matches.
        self._orths = np.array(sorted(matcher.vocab.strings.add(word) for word in words), dtype=np.uint64)

    def __call__(self, doc: Any, *args: Any, **kwargs: Any) -> Any:
        # to_array reads the tokens' ORTH in C; ``doc.text`` would rebuild the whole text in Python.
        if not np.isin(doc.to_array(self._attributes), self._orths).any():
            return []
        return self._matcher(doc, *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._matcher, name)

    def __len__(self) -> int:
        return len(self._matcher)


def gate_token_matcher(ruler: Any) -> None:
    """Gate ``ruler``'s token matcher on the first words of its token patterns (call it once every pattern is
    added: patterns added later would not be seen by the gate); left as it is when a pattern could start
    anywhere."""
    words = first_token_words(ruler.patterns)
    if words:
        ruler.matcher = GatedMatcher(ruler.matcher, words)
