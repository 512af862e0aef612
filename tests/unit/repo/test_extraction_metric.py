"""The benchmark metric (benchmarks/extraction/metric.py) on hand-made cases."""

from __future__ import annotations

import pytest

from benchmarks.extraction.metric import PageScore, bootstrap_std, score_page, shingles, summarize, tokenize


def test_tokens_are_unicode_words_with_case_kept() -> None:
    assert tokenize("Hello, world! Ça va? 東京 ٣ abc_def") == [
        "Hello",
        "world",
        "Ça",
        "va",
        "東京",
        "٣",
        "abc_def",
    ]
    assert tokenize(None) == []


def test_shingles_are_a_multiset_of_four_tokens() -> None:
    tokens = ["a", "b", "c", "d", "a", "b", "c", "d"]
    grams = shingles(tokens)
    assert grams[("a", "b", "c", "d")] == 2
    assert sum(grams.values()) == 5
    assert shingles(["a", "b"]) == {("a", "b"): 1}  # shorter than 4 tokens: one shingle
    assert not shingles([])


def test_identical_texts_score_perfectly_whatever_the_punctuation() -> None:
    score = score_page("One two three four five.", "One, two; three\nfour five")
    assert (score.tp, score.fp, score.fn) == (1.0, 0.0, 0.0)
    assert score.precision == score.recall == 1.0
    assert score.exact


def test_case_matters() -> None:
    score = score_page("one two three four", "One two three four")
    assert score.tp == 0 and not score.exact
    assert score.precision == score.recall == 0.0


def test_extra_and_missing_text_are_normalised_per_page() -> None:
    gold = "a b c d e f"  # shingles abcd bcde cdef
    predicted = "a b c d e f g h"  # + defg efgh
    score = score_page(gold, predicted)
    assert score.tp == pytest.approx(3 / 5) and score.fp == pytest.approx(2 / 5) and score.fn == 0
    assert score.precision == pytest.approx(3 / 5) and score.recall == 1.0
    missing = score_page(gold, "a b c d")  # shingle abcd only
    assert missing.tp == pytest.approx(1 / 3) and missing.fn == pytest.approx(2 / 3)
    assert missing.precision == 1.0 and missing.recall == pytest.approx(1 / 3)


def test_repeated_shingles_count_up_to_their_multiplicity() -> None:
    score = score_page("w x y z", "w x y z w x y z")  # pred: wxyz xyzw yzwx zwxy wxyz
    assert score.tp == pytest.approx(1 / 5) and score.fp == pytest.approx(4 / 5)


def test_empty_prediction_is_left_out_of_precision_but_counts_in_recall() -> None:
    scores = [score_page("a b c d e", ""), score_page("a b c d e", "a b c d e")]
    assert scores[0].precision is None and scores[0].recall == 0.0
    summary = summarize(scores)
    assert summary.precision == 1.0
    assert summary.recall == 0.5
    assert summary.f1 == pytest.approx(2 * 0.5 / 1.5)
    assert summary.accuracy == 0.5


def test_f1_is_of_the_means_not_the_mean_of_f1s() -> None:
    scores = [PageScore(0.5, 0.5, 0.0, False), PageScore(0.5, 0.0, 0.5, False)]
    summary = summarize(scores)
    assert summary.precision == pytest.approx(0.75) and summary.recall == pytest.approx(0.75)
    assert summary.f1 == pytest.approx(0.75)  # the mean of the per-page F1s would be 2/3


def test_bootstrap_spread_is_zero_for_identical_pages_and_positive_otherwise() -> None:
    same = [score_page("a b c d e", "a b c d e")] * 20
    assert bootstrap_std(same, resamples=50).f1 == 0.0
    mixed = [score_page("a b c d e", "a b c d e"), score_page("a b c d e", "x y z w")] * 10
    assert bootstrap_std(mixed, resamples=50).recall > 0.0
