"""The vectorised MinHash gives the signatures the pure-Python one gave, bit for bit: stored signatures and band
keys of articles signed before stay comparable with new ones, so no migration is needed."""

from __future__ import annotations

import random

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from newsflow_ingest.extraction import parse_article
from newsflow_store.near_duplicates import (
    _HASHES,
    _PRIME,
    _universal_hashes,
    minhash,
    shingle_array,
    shingles,
)

from newsflow.generated_site import article_paths, generate_site


def _reference_minhash(text: str) -> list[int] | None:
    """The implementation before vectorisation, verbatim: Python's big integers, no overflow possible."""
    features = shingles(text)
    if not features:
        return None
    return [min((a * x + b) % _PRIME for x in features) for a, b in _HASHES]


def _generated_bodies(n: int) -> list[str]:
    files = generate_site(n, seed=11)
    return [
        parse_article(
            files[path].body.decode("utf-8").replace("{{BASE}}", "http://x.test"), "http://x.test" + path
        ).body
        for path in article_paths(files)
    ]


def test_signatures_equal_the_big_integer_ones_on_generated_articles() -> None:
    bodies = _generated_bodies(40)
    assert len(bodies) == 40
    for body in bodies:
        signature = minhash(body)
        assert signature is not None and all(type(v) is int for v in signature)
        assert signature == _reference_minhash(body)


def test_signatures_equal_on_random_multilingual_texts() -> None:
    rng = random.Random(5)
    alphabet = "abcdefghij klmnop قبلتمنهو ñéü 0123456789 ,.;"
    words = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 9))) for _ in range(3000)]
    for length in [1, 2, 3, 4, 10, 50, 300, 2000] * 25:
        text = " ".join(rng.choice(words) for _ in range(length))
        assert minhash(text) == _reference_minhash(text)


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=0, max_size=400))
def test_signatures_equal_on_arbitrary_text(text: str) -> None:
    assert minhash(text) == _reference_minhash(text)


def test_the_extreme_inputs_of_the_modular_arithmetic() -> None:
    """Shingle hashes are 60-bit: the largest, the smallest and values around the 32-bit split."""
    edges = [0, 1, 2**32 - 1, 2**32, 2**32 + 1, 2**59, 2**60 - 1, 2**60 - 2**32, 2**61 - 2 >> 1]
    rng = random.Random(3)
    values = edges + [rng.randrange(2**60) for _ in range(2000)]
    got = _universal_hashes(np.array(values, dtype=np.uint64))
    for row, (a, b) in enumerate(_HASHES):
        assert [int(v) for v in got[row]] == [(a * x + b) % _PRIME for x in values]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_shingle_array_holds_the_shingles(text: str) -> None:
    array = shingle_array(text)
    assert array.tolist() == sorted(shingles(text))
    assert array.dtype == np.uint64
