"""The organisation lexicon's builder (``org_lexicon``): words aligned by elimination, one word per language and
concept, and the shipped file up to date with the tables it is built from."""

from __future__ import annotations

from newsflow_enrich.entities import org_lexicon
from newsflow_enrich.entities.org_lexicon import align, build, lexicon_path, node, render
from newsflow_shared.org_keys import fold, stem


def _same(concepts: org_lexicon._Concepts, one: str, other: str) -> bool:
    return concepts.find(node(stem(fold(one)))) == concepts.find(node(stem(fold(other))))


def test_the_last_unknown_word_of_two_names_is_their_translation() -> None:
    sets = [
        {"en": ["energy"], "fr": ["énergie"], "ar": ["الطاقة"]},
        {"en": ["agency"], "ar": ["وكالة"]},
        {"en": ["Atomic Energy Agency"], "ar": ["وكالة الطاقة الذرية"]},
    ]
    concepts = align(sets, {})
    assert _same(concepts, "energy", "الطاقة")
    assert _same(concepts, "atomic", "الذرية")
    assert not _same(concepts, "atomic", "الطاقة")


def test_names_not_word_for_word_teach_nothing() -> None:
    concepts = align([{"en": ["Islamic State"], "ar": ["داعش"]}, {"en": ["Daesh State"], "ar": ["داعش"]}], {})
    assert not _same(concepts, "state", "داعش")


def test_a_concept_keeps_one_word_per_language() -> None:
    sets = [
        {"en": ["east"], "ar": ["الشرق"]},
        {"en": ["east"], "ar": ["شرق"]},
        {"en": ["west"], "ar": ["الشرق"]},
    ]
    concepts = align(sets, {})
    assert _same(concepts, "east", "الشرق")
    assert not _same(concepts, "west", "الشرق")


def test_the_shipped_lexicon_is_the_builders_output() -> None:
    """Run ``python -m newsflow_enrich.entities.org_lexicon`` after changing a source table."""
    assert lexicon_path().read_text("utf-8") == render(build())
    assert org_lexicon.MIN_COOCCURRENCE >= 2
