"""Near-duplicate articles: MinHash over word shingles with LSH bands, grouped into clusters — never deleted.

Broder's MinHash (1997): the resemblance (Jaccard similarity) of two bodies' sets of 3-word shingles is
estimated by the share of equal minima under 64 hash permutations. Wire copy republished by several sites
with a changed paragraph or byline resembles its source at 0.8 or more; different stories, even on one topic,
share few shingles.

Candidates are found without comparing against every article (locality-sensitive hashing, Indyk–Motwani): the
signature is cut into 16 bands of 4 minima, each band hashed to one number (``near_duplicate_bands``). Two
bodies of resemblance ``s`` share a band with probability ``1 - (1 - s⁴)¹⁶``: 0.9998 at 0.8, 0.96 at 0.6.
Candidates are then checked on their full signature. An article joins the cluster of its most similar
candidate at or above ``near_duplicate_similarity``, or starts its own (``cluster_id`` = its own id).

SimHash (Charikar 2002) was tried first: at the usual 3-bit threshold it missed wire copy with one paragraph
changed (7–13 bits apart in our tests), and widening the threshold defeats its band index.
"""

from __future__ import annotations

import hashlib
import random
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, cast

import numpy as np
import numpy.typing as npt
from newsflow_shared.models import Article, NearDuplicateBand
from newsflow_shared.upsert import dialect_insert, dialect_name
from sqlalchemy import (
    Delete,
    Select,
    Table,
    Update,
    and_,
    bindparam,
    delete,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql.dml import ReturningInsert

PERMUTATIONS = 64
BANDS = 16
ROWS = PERMUTATIONS // BANDS
SHINGLE_WORDS = 3
# The most articles one store compares its article with: those sharing the most bands with it (see _statements).
MAX_CANDIDATES = 64
_PRIME = (1 << 61) - 1  # a Mersenne prime above every 60-bit shingle hash: (a·x + b) mod p is universal
_rng = random.Random(20240301)  # fixed: signatures must stay comparable across processes and releases
_HASHES = [(_rng.randrange(1, _PRIME), _rng.randrange(0, _PRIME)) for _ in range(PERMUTATIONS)]
_WORD = re.compile(r"\w+", re.UNICODE)
# The same (a, b) pairs as NumPy columns, for the vectorised hash below.
_P = np.uint64(_PRIME)
_LOW32, _LOW29 = np.uint64((1 << 32) - 1), np.uint64((1 << 29) - 1)
_3, _4, _29, _32, _61 = np.uint64(3), np.uint64(4), np.uint64(29), np.uint64(32), np.uint64(61)
_A_LO = np.array([a & ((1 << 32) - 1) for a, _ in _HASHES], dtype=np.uint64)
_A_HI = np.array([a >> 32 for a, _ in _HASHES], dtype=np.uint64)
_B = np.array([b for _, b in _HASHES], dtype=np.uint64)


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[int]:
    """The distinct ``size``-word shingles of ``text`` (lower-cased, punctuation ignored), hashed to 60 bits."""
    words = _WORD.findall(text.lower())
    grams = {" ".join(words[i : i + size]) for i in range(max(len(words) - size + 1, 1))} if words else set()
    return {
        int.from_bytes(hashlib.blake2b(g.encode("utf-8"), digest_size=8).digest(), "big") >> 4 for g in grams
    }


def shingle_array(text: str, size: int = SHINGLE_WORDS) -> npt.NDArray[np.uint64]:
    """:func:`shingles` as a sorted NumPy array: the digests are read in one ``frombuffer`` instead of one Python
    integer and one set insertion per shingle (the same values: ``test_minhash_vectorised``)."""
    words = _WORD.findall(text.lower())
    if not words:
        return np.empty(0, dtype=np.uint64)
    grams = {" ".join(words[i : i + size]) for i in range(max(len(words) - size + 1, 1))}
    digests = b"".join(hashlib.blake2b(g.encode("utf-8"), digest_size=8).digest() for g in grams)
    return np.unique(np.frombuffer(digests, dtype=">u8").astype(np.uint64) >> _4)


def minhash(text: str) -> list[int] | None:
    """The MinHash signature of ``text`` (64 minima), or None when it has no words."""
    features = shingle_array(text)
    if len(features) == 0:
        return None
    return [int(v) for v in _universal_hashes(features).min(axis=1)]


def _universal_hashes(x: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """``(a·x + b) mod p`` for every permutation (rows) and shingle (columns), exactly, in 64-bit integers.

    The product of a 61-bit ``a`` and a 60-bit ``x`` needs 121 bits, so it is taken in 32-bit halves and folded
    with ``2⁶¹ ≡ 1 (mod p)`` (p = 2⁶¹ − 1): ``a·x = ah·xh·2⁶⁴ + (ah·xl + al·xh)·2³² + al·xl``, where
    ``2⁶⁴ ≡ 8`` and ``m·2³² = (m >> 29)·2⁶¹ + (m mod 2²⁹)·2³² ≡ (m >> 29) + (m mod 2²⁹)·2³²``. Every partial sum
    stays below 2⁶³, so nothing overflows, and the result equals Python's big-integer arithmetic bit for bit
    (``tests/unit/store/test_minhash_vectorised.py`` checks it against that). Pure Python cost ~25 ms per
    500-word article; this costs well under one.
    """
    x_lo, x_hi = (x & _LOW32)[None, :], (x >> _32)[None, :]
    a_lo, a_hi, b = _A_LO[:, None], _A_HI[:, None], _B[:, None]
    high = (a_hi * x_hi) << _3  # < 2⁶⁰
    middle = a_hi * x_lo + a_lo * x_hi  # < 2⁶²
    low = a_lo * x_lo  # < 2⁶⁴
    total = high + (middle >> _29) + ((middle & _LOW29) << _32)  # < 2⁶⁰ + 2³³ + 2⁶¹
    total += (low >> _61) + (low & _P)  # < 2⁶³
    total = _fold(_fold(total) + b)
    return total


def _fold(value: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """``value mod p`` for ``value < 2⁶³``: fold the bits above 61 onto the low ones, then subtract p once."""
    value = (value & _P) + (value >> _61)  # < 2⁶¹ + 4
    return np.where(value >= _P, value - _P, value)


def similarity(a: list[int], b: list[int]) -> float:
    """Estimated resemblance of two bodies: the share of equal minima."""
    return sum(x == y for x, y in zip(a, b, strict=True)) / len(a)


def band_keys(signature: list[int]) -> list[int]:
    """One signed 63-bit key per band of ``ROWS`` minima (what ``near_duplicate_bands.value`` holds)."""
    keys = []
    for band in range(BANDS):
        rows = signature[band * ROWS : (band + 1) * ROWS]
        digest = hashlib.blake2b(",".join(map(str, rows)).encode("ascii"), digest_size=8).digest()
        keys.append(int.from_bytes(digest, "big") >> 1)  # fits a signed BIGINT
    return keys


def assign_cluster(
    article_id: str, body: str, *, session: Session, min_similarity: float, new_article: bool = False
) -> str | None:
    """Sign the article, index its bands and set its ``cluster_id``; returns the cluster (None for a body
    without words). Does not commit. ``new_article``: the row was inserted by this transaction, so it has no
    bands to remove yet (they reference ``articles`` with ``ON DELETE CASCADE``)."""
    signature = minhash(body)
    if signature is None:
        return None
    keys = band_keys(signature)
    statements = _statements(dialect_name(session))
    bands = {f"value_{i}": k for i, k in enumerate(keys)}
    # at most MAX_CANDIDATES rows, each candidate once (the grouping is on ids: PostgreSQL has no equality on json)
    rows = session.execute(statements.candidates, {"article_id": article_id, **bands}).all()
    best: tuple[float, str] | None = None
    for other_id, other_signature, other_cluster in rows:
        if not _valid(other_signature):
            continue
        score = similarity(signature, other_signature)
        cluster = other_cluster or other_id
        # Most similar first; ties go to the lexically smallest cluster, so concurrent writers converge.
        if score >= min_similarity and (best is None or (score, _neg(cluster)) > (best[0], _neg(best[1]))):
            best = (score, cluster)
    cluster_id = best[1] if best is not None else article_id
    session.execute(
        statements.sign, {"article_id": article_id, "new_minhash": signature, "new_cluster": cluster_id}
    )
    if not new_article:
        session.execute(statements.unindex, {"article_id": article_id})
    session.execute(
        statements.index, [{"band": i, "value": k, "article_id": article_id} for i, k in enumerate(keys)]
    )
    return cluster_id


@dataclass(frozen=True)
class _Statements:
    """The statements of ``assign_cluster``, built once per dialect and run with parameters: built per article,
    constructing and compiling them cost more CPU than the database work (``benchmarks/stage_cpu.py``)."""

    candidates: Select[Any]
    sign: Update
    unindex: Delete
    index: ReturningInsert[Any]


@lru_cache(maxsize=4)
def _statements(dialect: str) -> _Statements:
    articles, bands = cast(Table, Article.__table__), cast(Table, NearDuplicateBand.__table__)
    matches = or_(*(and_(bands.c.band == i, bands.c.value == bindparam(f"value_{i}")) for i in range(BANDS)))
    # The candidates sharing the most bands, at most MAX_CANDIDATES, each once: templated pages or a story
    # reprinted by hundreds of sites give thousands of articles sharing a band, and comparing each (its
    # signature decoded and compared in Python) made a store's cost grow with the archive. The closer two
    # bodies, the more bands they share, so the near-duplicate to find is among the first; ties by id, so the
    # choice depends only on what is stored.
    shared = func.count().label("shared")
    nearest = (
        select(bands.c.article_id, shared)
        .where(matches, bands.c.article_id != bindparam("article_id"))
        .group_by(bands.c.article_id)
        .order_by(shared.desc(), bands.c.article_id)
        .limit(MAX_CANDIDATES)
        .subquery()
    )
    candidates = select(articles.c.id, articles.c.minhash, articles.c.cluster_id).join(
        nearest, nearest.c.article_id == articles.c.id
    )
    sign = (
        update(articles)
        .where(articles.c.id == bindparam("article_id"))
        .values(
            minhash=bindparam("new_minhash", type_=articles.c.minhash.type),
            cluster_id=bindparam("new_cluster", type_=articles.c.cluster_id.type),
        )
    )
    unindex = delete(bands).where(bands.c.article_id == bindparam("article_id"))
    # RETURNING makes SQLAlchemy send the 16 rows as one multi-row INSERT ("insertmanyvalues"): always the same
    # SQL text (16 rows), so psycopg's parsed-query cache serves it; cheaper than an executemany's 16 statements.
    index = dialect_insert(dialect, bands).on_conflict_do_nothing().returning(bands.c.band)
    return _Statements(candidates, sign, unindex, index)


def _valid(signature: Any) -> bool:
    return isinstance(signature, list) and len(signature) == PERMUTATIONS


def _neg(text: str) -> tuple[int, ...]:
    """A key that orders strings in reverse, for a max() that prefers the smallest string."""
    return tuple(-ord(c) for c in text)


def cluster_members(cluster_id: str, *, session: Session) -> list[str]:
    """The ids of the articles of a cluster, sorted."""
    statement = select(Article.id).where(Article.cluster_id == cluster_id).order_by(Article.id)
    return list(session.execute(statement).scalars())
