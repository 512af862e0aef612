"""In-flight work keys (``newsflow_crawl.state.keys``): how they are named and taken apart, and which other keys
of a URL may outlive one of them."""

from __future__ import annotations

import pytest
from newsflow_crawl.state.keys import (
    ACTIVE_KEY,
    KEY_TTL_SECONDS,
    SWEEP_LOCK_KEY,
    PendingKey,
    enrich_key,
    fetch_key,
    store_key,
)
from newsflow_shared.messages import url_key

URL = "https://news.example/2024/03/story?page=2"
K = url_key(URL)


def test_keys_are_named_after_the_url_key() -> None:
    assert fetch_key(URL) == f"fetch:{K}"
    assert fetch_key(URL, 0) == f"fetch:{K}"
    assert fetch_key(URL, 1) == f"fetch:{K}:d1"
    assert fetch_key(URL, 12) == f"fetch:{K}:d12"
    assert enrich_key(URL) == f"enrich:{K}"
    assert store_key(URL) == f"store:{K}"
    assert fetch_key("https://news.example/other") != fetch_key(URL)


def test_shared_key_names_and_ttl() -> None:
    # Read by the API and the reconciler of other processes: renaming one is a breaking change.
    assert ACTIVE_KEY == "newsflow:crawls:active"
    assert SWEEP_LOCK_KEY == "newsflow:reconcile:lock"
    assert KEY_TTL_SECONDS == 14 * 24 * 3600


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        (fetch_key(URL), PendingKey("fetch", K)),
        (fetch_key(URL, 3), PendingKey("fetch", K, 3)),
        (enrich_key(URL), PendingKey("enrich", K)),
        (store_key(URL), PendingKey("store", K)),
        ("fetch:abc:d0", PendingKey("fetch", "abc", 0)),
    ],
)
def test_parse_takes_a_key_apart(key: str, expected: PendingKey) -> None:
    assert PendingKey.parse(key) == expected


@pytest.mark.parametrize(
    "key",
    [
        "",
        "fetch",
        "seed-batch",
        f"outbox:{K}",
        f"enrich:{K}:d1",  # only fetches are deferred
        f"store:{K}:d1",
        f"fetch:{K}:x1",
        f"fetch:{K}:d",
        f"fetch:{K}:d-1",
        f"fetch:{K}:d1:extra",
    ],
)
def test_parse_refuses_what_is_not_an_in_flight_key(key: str) -> None:
    assert PendingKey.parse(key) is None


@pytest.mark.parametrize("deferrals", [0, 1, 7])
def test_parse_reads_back_every_fetch_key(deferrals: int) -> None:
    parsed = PendingKey.parse(fetch_key(URL, deferrals))
    assert parsed == PendingKey("fetch", K, deferrals)


@pytest.mark.parametrize(
    ("key", "siblings"),
    [
        (fetch_key(URL), [f"fetch:{K}:d1", f"enrich:{K}", f"store:{K}"]),
        (fetch_key(URL, 1), [f"fetch:{K}", f"fetch:{K}:d2", f"enrich:{K}", f"store:{K}"]),
        (fetch_key(URL, 4), [f"fetch:{K}", f"fetch:{K}:d5", f"enrich:{K}", f"store:{K}"]),
        (enrich_key(URL), [f"fetch:{K}", f"fetch:{K}:d1", f"store:{K}"]),
        (store_key(URL), [f"fetch:{K}", f"fetch:{K}:d1", f"enrich:{K}"]),
    ],
)
def test_siblings_are_the_urls_other_keys_that_may_outlive_this_one(key: str, siblings: list[str]) -> None:
    parsed = PendingKey.parse(key)
    assert parsed is not None
    assert parsed.siblings() == siblings
    assert key not in parsed.siblings()


def test_siblings_name_the_next_deferral_of_the_fetch() -> None:
    # A deferred fetch adds the next deferral's key before resolving its own: that key keeps the URL busy.
    for deferrals in range(4):
        parsed = PendingKey.parse(fetch_key(URL, deferrals))
        assert parsed is not None
        assert fetch_key(URL, deferrals + 1) in parsed.siblings()
