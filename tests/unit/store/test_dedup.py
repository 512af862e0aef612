"""Duplicates at three levels: canonical URL (store_contract), same body under another URL, near-duplicates."""

from __future__ import annotations

import random

import pytest
from newsflow_crawl.fetch_outcomes import record_fetch_outcomes, status_histogram
from newsflow_crawl.state import FetchOutcome
from newsflow_ingest.extraction import parse_article
from newsflow_shared.db import session_scope
from newsflow_shared.messages import EnrichedArticle, ParsedArticle
from newsflow_shared.models import Article, FetchOutcomeRow, NearDuplicateBand
from newsflow_store import near_duplicates
from newsflow_store.articles import article_urls, upsert_article
from newsflow_store.near_duplicates import (
    BANDS,
    MAX_CANDIDATES,
    band_keys,
    cluster_members,
    minhash,
    similarity,
)
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from newsflow.generated_site import article_paths, generate_site

BASE = "http://news.example"


def _bodies(n: int) -> list[str]:
    """Bodies of ``n`` distinct generated news articles (~500 words each)."""
    files = generate_site(n, seed=7)
    bodies = []
    for path in article_paths(files):
        html = files[path].body.decode("utf-8").replace("{{BASE}}", BASE)
        bodies.append(parse_article(html, BASE + path).body)
    return bodies


def _article(url: str, body: str) -> EnrichedArticle:
    return EnrichedArticle(article=ParsedArticle(url=url, canonical_url=url, title="T", body=body))


def _edit(body: str, seed: int) -> str:
    """Wire-copy edits: the last paragraph replaced and one word changed in the first."""
    paragraphs = body.split("\n\n")
    paragraphs[-1] = "This story was distributed by a wire service and edited for length by our desk."
    words = paragraphs[0].split()
    words[random.Random(seed).randrange(len(words))] = "reportedly"
    paragraphs[0] = " ".join(words)
    return "\n\n".join(paragraphs)


def test_minhash_separates_near_duplicates_from_different_stories() -> None:
    first, second, *_ = _bodies(5)
    signature = minhash(first)
    assert signature is not None and signature == minhash(" ".join(first.split()))  # whitespace-blind
    assert similarity(signature, minhash(_edit(first, 1)) or []) >= 0.7
    # Generated stories share template sentences, so they resemble each other more than real ones do.
    assert similarity(signature, minhash(second) or []) < 0.5
    assert minhash("") is None


def test_a_near_duplicate_shares_a_band_with_its_source() -> None:
    original, other = _bodies(2)
    keys = band_keys(minhash(original) or [])
    assert len(keys) == BANDS and all(0 <= k < 1 << 63 for k in keys)
    assert set(keys) & set(band_keys(minhash(_edit(original, 3)) or []))
    assert not set(enumerate(keys)) & set(enumerate(band_keys(minhash(other) or [])))


def test_same_body_under_another_url_is_linked_not_stored_twice(sessions: sessionmaker[Session]) -> None:
    (body,) = _bodies(1)
    with session_scope(sessions) as session:
        first = upsert_article(_article(f"{BASE}/a", body), session=session)
    with session_scope(sessions) as session:
        copy = upsert_article(
            _article(f"{BASE}/copy-of-a", "  " + body.replace("\n\n", "\n")), session=session
        )
    assert copy.duplicate_of == first.article_id and copy.article_id == first.article_id
    with session_scope(sessions) as session:
        assert session.scalar(select(func.count()).select_from(Article)) == 1
        assert article_urls(first.article_id, session=session) == [f"{BASE}/a", f"{BASE}/copy-of-a"]


def test_short_identical_bodies_stay_separate_articles(sessions: sessionmaker[Session]) -> None:
    with session_scope(sessions) as session:
        one = upsert_article(_article(f"{BASE}/one", "Subscribe to read."), session=session)
        two = upsert_article(_article(f"{BASE}/two", "Subscribe to read."), session=session)
    assert one.article_id != two.article_id and two.duplicate_of is None


def test_near_duplicates_share_a_cluster_and_are_all_kept(sessions: sessionmaker[Session]) -> None:
    original, other = _bodies(2)
    with session_scope(sessions) as session:
        a = upsert_article(_article(f"{BASE}/original", original), session=session)
        b = upsert_article(_article("http://wire.example/copy", _edit(original, 1)), session=session)
        c = upsert_article(_article("http://paper.example/copy", _edit(original, 2)), session=session)
        d = upsert_article(_article(f"{BASE}/other", other), session=session)
    assert a.cluster_id == a.article_id
    assert b.cluster_id == c.cluster_id == a.article_id
    assert d.cluster_id == d.article_id
    with session_scope(sessions) as session:
        assert cluster_members(a.article_id, session=session) == sorted(
            [a.article_id, b.article_id, c.article_id]
        )
        assert session.scalar(select(func.count()).select_from(Article)) == 4


def test_restoring_an_article_keeps_its_cluster(sessions: sessionmaker[Session]) -> None:
    (body,) = _bodies(1)
    with session_scope(sessions) as session:
        first = upsert_article(_article(f"{BASE}/x", body), session=session)
        again = upsert_article(_article(f"{BASE}/x", body), session=session)
    assert again.article_id == first.article_id and again.cluster_id == first.cluster_id
    assert again.duplicate_of is None


def test_fetch_outcomes_are_written_once_per_crawl(sessions: sessionmaker[Session]) -> None:
    outcomes = [
        FetchOutcome(url=f"{BASE}/a", host="news.example", status=200, reason="ok", bytes=10, seconds=0.1),
        FetchOutcome(url=f"{BASE}/b", host="news.example", status=503, reason="http_503"),
        FetchOutcome(url=f"{BASE}/c", host="news.example", status=0, reason="timeout"),
    ]
    for _ in range(2):  # a retried finish rewrites, never doubles
        with session_scope(sessions) as session:
            assert record_fetch_outcomes("crawl-1", outcomes, session=session) == 3
    with session_scope(sessions) as session:
        assert session.scalar(select(func.count()).select_from(FetchOutcomeRow)) == 3
        assert status_histogram("crawl-1", session=session) == {"200": 1, "503": 1, "0": 1}


def test_an_article_is_compared_with_a_bounded_number_of_candidates(
    sessions: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Articles sharing a band with a new one are its candidates; thousands of them (templated pages, a wire story
    reprinted everywhere) made every store compare against each — the soak's store slowed from 30 to 13
    articles/s as they grew. Only the ``MAX_CANDIDATES`` sharing the most bands are compared, and the real
    near-duplicate, sharing most of its bands, is among them."""
    original, *others = _bodies(3)
    rng = random.Random(5)
    words = " ".join(others).split()
    with session_scope(sessions) as session:
        source = upsert_article(_article(f"{BASE}/original", original), session=session)
        decoys = [
            upsert_article(_article(f"{BASE}/decoy-{i}", " ".join(rng.sample(words, 80))), session=session)
            for i in range(MAX_CANDIDATES + 30)
        ]
        # Every decoy shares one band with the copy to come (as templated text does), nothing more.
        copy_keys = band_keys(minhash(_edit(original, 4)) or [])
        session.execute(
            update(NearDuplicateBand)
            .where(
                NearDuplicateBand.article_id.in_([d.article_id for d in decoys]), NearDuplicateBand.band == 0
            )
            .values(value=copy_keys[0])
        )
    compared: list[int] = []

    def counting(a: list[int], b: list[int]) -> float:
        compared.append(1)
        return similarity(a, b)

    monkeypatch.setattr(near_duplicates, "similarity", counting)
    with session_scope(sessions) as session:
        copy = upsert_article(_article("http://wire.example/copy", _edit(original, 4)), session=session)
    assert copy.cluster_id == source.article_id
    assert len(compared) <= MAX_CANDIDATES
