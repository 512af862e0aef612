"""The crawl ledger's contract (``newsflow_crawl.state.ledger.CrawlLedger``), written once and run against both
implementations: :class:`MemoryLedger` (the embedded runner) and :class:`RedisLedger` on a real Redis (a
deployment; marked ``integration``). Whatever one of them does here, the other must do too."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator

import pytest
import redis
from newsflow_crawl.state import (
    ACTIVE_KEY,
    SWEEP_LOCK_KEY,
    CrawlLedger,
    CrawlStats,
    FetchOutcome,
    MemoryLedger,
    RedisLedger,
    enrich_key,
    fetch_key,
    store_key,
)
from newsflow_crawl.state import memory_ledger as memory_module
from newsflow_crawl.state import redis_ledger as redis_module
from newsflow_shared.messages import COUNTERS, url_key

CRAWL_PREFIX = "ledger-contract-"
# The outcome cap of both implementations, lowered so its trimming shows at a small scale.
SMALL_CAP = 3


@pytest.fixture(params=["memory", pytest.param("redis", marks=pytest.mark.integration)])
def ledger(request: pytest.FixtureRequest) -> Iterator[CrawlLedger]:
    if request.param == "memory":
        yield MemoryLedger()
        return
    client = redis.Redis.from_url(request.getfixturevalue("redis_url"))
    client.delete(SWEEP_LOCK_KEY)
    yield RedisLedger(client)
    # The Redis database is the session's: leave no lock, active crawl or crawl key for a later test to find.
    client.delete(SWEEP_LOCK_KEY)
    active: list[bytes] = client.hkeys(ACTIVE_KEY)  # type: ignore[assignment]
    for field in active:
        if field.startswith(CRAWL_PREFIX.encode()):
            client.hdel(ACTIVE_KEY, field)
    for key in client.scan_iter(f"newsflow:crawl:{CRAWL_PREFIX}*"):
        client.delete(key)
    client.close()


@pytest.fixture
def crawl() -> str:
    """A crawl id of its own: tests never see each other's crawls, whatever Redis holds."""
    return f"{CRAWL_PREFIX}{uuid.uuid4().hex}"


@pytest.fixture
def small_cap(monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(memory_module, "MAX_OUTCOMES", SMALL_CAP)
    monkeypatch.setattr(redis_module, "MAX_OUTCOMES", SMALL_CAP)
    return SMALL_CAP


def outcome(i: int, *, host: str = "a.example", status: int = 200, reason: str = "ok") -> FetchOutcome:
    return FetchOutcome(
        url=f"http://{host}/{i}",
        host=host,
        status=status,
        reason=reason,
        bytes=100 * (i + 1),
        seconds=0.25 * i,
        at=1_700_000_000.5 + i,
    )


# --- claim_url -------------------------------------------------------------------------------------------


def test_claim_url_new_seen_and_over_the_limit(ledger: CrawlLedger, crawl: str) -> None:
    assert ledger.claim_url(crawl, "http://a/1", 3) == 1
    assert ledger.claim_url(crawl, "http://a/1", 3) == 0
    assert ledger.claim_url(crawl, "http://a/2", 3) == 1
    assert ledger.claim_url(crawl, "http://a/3", 3) == 1
    assert ledger.claim_url(crawl, "http://a/4", 3) == -1
    assert ledger.claim_url(crawl, "http://a/5", 3) == -1
    # A URL already seen is "seen", not "over the limit", once the limit is reached.
    assert ledger.claim_url(crawl, "http://a/2", 3) == 0


def test_a_url_refused_over_the_limit_is_not_remembered(ledger: CrawlLedger, crawl: str) -> None:
    assert ledger.claim_url(crawl, "http://a/1", 1) == 1
    assert ledger.claim_url(crawl, "http://a/2", 1) == -1
    assert ledger.claim_url(crawl, "http://a/2", 2) == 1  # a larger limit: now it is new
    assert ledger.claim_url(crawl, "http://a/2", 2) == 0


def test_claims_of_two_crawls_are_independent(ledger: CrawlLedger, crawl: str) -> None:
    other = crawl + "-other"
    assert ledger.claim_url(crawl, "http://a/1", 1) == 1
    assert ledger.claim_url(other, "http://a/1", 1) == 1
    assert ledger.claim_url(crawl, "http://a/2", 1) == -1
    assert ledger.claim_url(other, "http://a/1", 1) == 0


def test_concurrent_claims_never_exceed_the_limit(ledger: CrawlLedger, crawl: str) -> None:
    results: list[tuple[str, int]] = []
    lock = threading.Lock()

    def claim(urls: list[str]) -> None:
        for url in urls:
            got = ledger.claim_url(crawl, url, 25)
            with lock:
                results.append((url, got))

    urls = [f"http://a/{i % 40}" for i in range(160)]  # each URL four times
    threads = [threading.Thread(target=claim, args=(urls[i::4],)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    new = [url for url, got in results if got == 1]
    assert len(new) == len(set(new)) == 25
    refused = {url for url, got in results if got == -1}
    assert not refused & set(new)
    assert len(refused) == 15


# --- pending, resolve, is_finished --------------------------------------------------------------------


def test_pending_is_a_set_of_keys(ledger: CrawlLedger, crawl: str) -> None:
    assert ledger.pending(crawl) == set()
    ledger.add_pending(crawl)  # nothing to add: harmless
    ledger.add_pending(crawl, "fetch:a", "fetch:b")
    ledger.add_pending(crawl, "fetch:a")
    assert ledger.pending(crawl) == {"fetch:a", "fetch:b"}
    assert ledger.pending(crawl + "-other") == set()


def test_resolve_is_true_exactly_once_when_pending_empties(ledger: CrawlLedger, crawl: str) -> None:
    ledger.add_pending(crawl, "fetch:a", "fetch:b")
    assert not ledger.is_finished(crawl)
    assert ledger.resolve(crawl, "fetch:a") is False
    ledger.add_pending(crawl, "enrich:a")  # the next stage's key, added before the last fetch resolves
    assert ledger.resolve(crawl, "fetch:b") is False
    assert ledger.resolve(crawl, "fetch:b") is False  # redelivered: not pending any more, others are
    assert not ledger.is_finished(crawl)
    assert ledger.resolve(crawl, "enrich:a") is True
    assert ledger.pending(crawl) == set()
    assert ledger.is_finished(crawl)
    assert ledger.resolve(crawl, "enrich:a") is False  # redelivered: no second finish


def test_a_crawl_finishes_once_even_if_work_is_added_afterwards(ledger: CrawlLedger, crawl: str) -> None:
    ledger.add_pending(crawl, "fetch:a")
    assert ledger.resolve(crawl, "fetch:a") is True
    ledger.add_pending(crawl, "fetch:b")  # a late redelivery adds work to a finished crawl
    assert ledger.resolve(crawl, "fetch:b") is False
    assert ledger.is_finished(crawl)


def test_resolving_a_key_that_was_never_pending(ledger: CrawlLedger, crawl: str) -> None:
    ledger.add_pending(crawl, "fetch:a")
    assert ledger.resolve(crawl, "fetch:zzz") is False  # something else is still in flight
    assert ledger.pending(crawl) == {"fetch:a"}
    # Nothing pending at all: the call leaves nothing pending, so it is the one that finishes the crawl.
    fresh = crawl + "-fresh"
    assert ledger.resolve(fresh, "fetch:zzz") is True
    assert ledger.is_finished(fresh)


def test_is_finished_is_per_crawl(ledger: CrawlLedger, crawl: str) -> None:
    other = crawl + "-other"
    ledger.add_pending(crawl, "fetch:a")
    ledger.add_pending(other, "fetch:a")
    assert ledger.resolve(crawl, "fetch:a") is True
    assert ledger.is_finished(crawl)
    assert not ledger.is_finished(other)
    assert ledger.pending(other) == {"fetch:a"}


def test_concurrent_resolves_report_completion_exactly_once(ledger: CrawlLedger, crawl: str) -> None:
    keys = [f"fetch:{i}" for i in range(200)]
    ledger.add_pending(crawl, *keys)
    finished: list[bool] = []
    lock = threading.Lock()

    def resolve(part: list[str]) -> None:
        for key in part:
            got = ledger.resolve(crawl, key)
            with lock:
                finished.append(got)

    threads = [threading.Thread(target=resolve, args=(keys[i::4],)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert finished.count(True) == 1
    assert len(finished) == 200
    assert ledger.is_finished(crawl)


# --- remember_task, recipes (kept while any of the URL's work is in flight) ------------------------------


def test_recipes_are_kept_while_the_urls_work_moves_through_the_stages(
    ledger: CrawlLedger, crawl: str
) -> None:
    url = "http://a.example/story"
    key = url_key(url)
    ledger.remember_task(crawl, url, '{"v": 1}')
    ledger.add_pending(crawl, fetch_key(url))
    assert ledger.recipes(crawl) == {key: '{"v": 1}'}
    ledger.add_pending(crawl, enrich_key(url))
    assert ledger.resolve(crawl, fetch_key(url)) is False
    assert ledger.recipes(crawl) == {key: '{"v": 1}'}  # the enrich stage still has it
    ledger.add_pending(crawl, store_key(url))
    assert ledger.resolve(crawl, enrich_key(url)) is False
    assert ledger.recipes(crawl) == {key: '{"v": 1}'}  # the store stage still has it
    assert ledger.resolve(crawl, store_key(url)) is True
    assert ledger.recipes(crawl) == {}  # nothing of the URL in flight: forgotten


def test_recipes_are_kept_across_throttle_deferrals(ledger: CrawlLedger, crawl: str) -> None:
    url = "http://a.example/busy-host"
    ledger.remember_task(crawl, url, "{}")
    ledger.add_pending(crawl, fetch_key(url))
    ledger.add_pending(crawl, fetch_key(url, 1))  # deferred: the next deferral's key comes first
    ledger.resolve(crawl, fetch_key(url))
    assert url_key(url) in ledger.recipes(crawl)
    ledger.add_pending(crawl, fetch_key(url, 2))
    ledger.resolve(crawl, fetch_key(url, 1))
    assert url_key(url) in ledger.recipes(crawl)
    ledger.add_pending(crawl, enrich_key(url))
    ledger.resolve(crawl, fetch_key(url, 2))
    assert url_key(url) in ledger.recipes(crawl)
    assert ledger.resolve(crawl, enrich_key(url)) is True
    assert ledger.recipes(crawl) == {}


def test_other_urls_work_does_not_keep_a_recipe(ledger: CrawlLedger, crawl: str) -> None:
    first, second = "http://a.example/1", "http://a.example/2"
    ledger.remember_task(crawl, first, "first")
    ledger.remember_task(crawl, second, "second")
    ledger.add_pending(crawl, fetch_key(first), fetch_key(second))
    assert ledger.resolve(crawl, fetch_key(first)) is False
    assert ledger.recipes(crawl) == {url_key(second): "second"}


def test_remember_task_replaces_the_message_and_is_per_crawl(ledger: CrawlLedger, crawl: str) -> None:
    url = "http://a.example/1"
    ledger.remember_task(crawl, url, "old")
    ledger.remember_task(crawl, url, "new")
    assert ledger.recipes(crawl) == {url_key(url): "new"}
    assert ledger.recipes(crawl + "-other") == {}


def test_resolving_a_key_of_no_known_stage_forgets_no_recipe(ledger: CrawlLedger, crawl: str) -> None:
    url = "http://a.example/1"
    ledger.remember_task(crawl, url, "kept")
    ledger.add_pending(crawl, "seed-batch")
    assert ledger.resolve(crawl, "seed-batch") is True
    assert ledger.recipes(crawl) == {url_key(url): "kept"}


# --- counters ------------------------------------------------------------------------------------------


def test_counters_count_each_member_once(ledger: CrawlLedger, crawl: str) -> None:
    for _ in range(3):
        ledger.count(crawl, "fetched", "http://a/1")  # a redelivered message counts once
    ledger.count(crawl, "fetched", "http://a/2")
    ledger.count(crawl, "stored", "http://a/1")
    ledger.count(crawl + "-other", "stored", "http://a/9")
    counts = ledger.counts(crawl)
    assert set(counts) == set(COUNTERS)
    assert counts == {name: 0 for name in COUNTERS} | {"fetched": 2, "stored": 1}


def test_counts_of_an_unknown_crawl_are_all_zero(ledger: CrawlLedger, crawl: str) -> None:
    assert ledger.counts(crawl) == dict.fromkeys(COUNTERS, 0)


# --- status and cancel -----------------------------------------------------------------------------------


def test_status_is_none_until_set_and_the_last_one_wins(ledger: CrawlLedger, crawl: str) -> None:
    assert ledger.status(crawl) is None
    ledger.set_status(crawl, "queued")
    ledger.set_status(crawl, "running")
    assert ledger.status(crawl) == "running"
    assert ledger.status(crawl + "-other") is None


def test_cancel_is_per_crawl_and_idempotent(ledger: CrawlLedger, crawl: str) -> None:
    assert not ledger.is_cancelled(crawl)
    ledger.cancel(crawl)
    ledger.cancel(crawl)
    assert ledger.is_cancelled(crawl)
    assert not ledger.is_cancelled(crawl + "-other")


# --- mark_queued / unqueued ------------------------------------------------------------------------------


def test_unqueued_names_the_claimed_urls_never_marked_queued(ledger: CrawlLedger, crawl: str) -> None:
    urls = ["http://a/1", "http://a/2", "http://a/3"]
    for url in urls:
        assert ledger.claim_url(crawl, url, 10) == 1
    assert ledger.unqueued(crawl, urls) == set(urls)
    ledger.mark_queued(crawl, "http://a/2")
    ledger.mark_queued(crawl, "http://a/2")
    assert ledger.unqueued(crawl, urls) == {"http://a/1", "http://a/3"}
    assert ledger.unqueued(crawl, []) == set()
    assert ledger.unqueued(crawl + "-other", ["http://a/2"]) == {"http://a/2"}


# --- record_fetch, stats, outcomes -----------------------------------------------------------------------


def test_outcomes_come_back_as_recorded_in_order(ledger: CrawlLedger, crawl: str) -> None:
    recorded = [outcome(0), outcome(1, host="b.example", status=503, reason="http_503"), outcome(2)]
    for item in recorded:
        ledger.record_fetch(crawl, item)
    assert ledger.outcomes(crawl) == recorded
    assert ledger.outcomes(crawl + "-other") == []


def test_stats_aggregate_hosts_statuses_reasons_bytes_and_start(ledger: CrawlLedger, crawl: str) -> None:
    ledger.record_fetch(crawl, outcome(0))
    ledger.record_fetch(crawl, outcome(1, host="b.example", status=503, reason="http_503"))
    ledger.record_fetch(crawl, outcome(2))
    ledger.record_fetch(crawl, outcome(3, status=0, reason="timeout"))
    stats = ledger.stats(crawl)
    assert stats.hosts == {"a.example": 3, "b.example": 1}
    assert stats.statuses == {"200": 2, "503": 1, "0": 1}
    assert stats.reasons == {"ok": 2, "http_503": 1, "timeout": 1}
    assert stats.bytes == 100 + 200 + 300 + 400
    assert stats.started_at == outcome(0).at  # the first fetch outcome's time
    assert stats.paused_hosts == {}


def test_stats_of_a_crawl_without_fetches_are_empty(ledger: CrawlLedger, crawl: str) -> None:
    assert ledger.stats(crawl) == CrawlStats()


def test_only_the_newest_outcomes_are_kept(ledger: CrawlLedger, crawl: str, small_cap: int) -> None:
    recorded = [outcome(i) for i in range(small_cap + 2)]
    for item in recorded:
        ledger.record_fetch(crawl, item)
    assert ledger.outcomes(crawl) == recorded[-small_cap:]


def test_stats_count_every_outcome_not_only_the_kept_ones(
    ledger: CrawlLedger, crawl: str, small_cap: int
) -> None:
    """records.MAX_OUTCOMES: "the newest [are kept]; aggregates below count them all"; CrawlStats.started_at
    is the epoch seconds of the first fetch outcome."""
    recorded = [outcome(i, host="old.example" if i < 2 else "new.example") for i in range(small_cap + 2)]
    for item in recorded:
        ledger.record_fetch(crawl, item)
    stats = ledger.stats(crawl)
    assert stats.hosts == {"old.example": 2, "new.example": small_cap}
    assert stats.statuses == {"200": small_cap + 2}
    assert stats.reasons == {"ok": small_cap + 2}
    assert stats.bytes == sum(item.bytes for item in recorded)
    assert stats.started_at == recorded[0].at


# --- note_paused -----------------------------------------------------------------------------------------


def test_only_pauses_still_to_come_are_reported(ledger: CrawlLedger, crawl: str) -> None:
    now = time.time()
    ledger.note_paused(crawl, "busy.example", now + 60.25)
    ledger.note_paused(crawl, "over.example", now - 1)
    assert ledger.stats(crawl).paused_hosts == {"busy.example": now + 60.25}
    ledger.note_paused(crawl, "busy.example", now + 120.5)  # paused again: the new time counts
    assert ledger.stats(crawl).paused_hosts == {"busy.example": now + 120.5}
    ledger.note_paused(crawl, "busy.example", now - 5)  # a later note that the pause is over
    assert ledger.stats(crawl).paused_hosts == {}
    assert ledger.stats(crawl + "-other").paused_hosts == {}


def test_a_pause_is_reported_until_it_ends(ledger: CrawlLedger, crawl: str) -> None:
    ledger.note_paused(crawl, "busy.example", time.time() + 0.3)
    assert set(ledger.stats(crawl).paused_hosts) == {"busy.example"}
    time.sleep(0.4)
    assert ledger.stats(crawl).paused_hosts == {}


# --- stalled, touch, retire ------------------------------------------------------------------------------


def test_a_crawl_is_active_from_its_first_pending_key_until_retired(ledger: CrawlLedger, crawl: str) -> None:
    assert crawl not in ledger.stalled(0)
    ledger.add_pending(crawl, "fetch:a")
    assert crawl in ledger.stalled(0)
    assert crawl not in ledger.stalled(3600)  # progress just now
    assert ledger.resolve(crawl, "fetch:a") is True
    assert crawl in ledger.stalled(0)  # finished, but its final status is not stored yet
    ledger.retire(crawl)
    assert crawl not in ledger.stalled(0)
    ledger.retire(crawl)  # twice: harmless


def test_only_pending_keys_count_as_progress(ledger: CrawlLedger, crawl: str) -> None:
    ledger.claim_url(crawl, "http://a/1", 10)
    ledger.remember_task(crawl, "http://a/1", "{}")
    ledger.mark_queued(crawl, "http://a/1")
    ledger.count(crawl, "discovered", "http://a/1")
    ledger.record_fetch(crawl, outcome(0))
    ledger.set_status(crawl, "running")
    ledger.add_pending(crawl)  # no keys: no progress
    assert crawl not in ledger.stalled(0)


def test_touch_counts_as_progress(ledger: CrawlLedger, crawl: str) -> None:
    ledger.touch(crawl)  # the reconciler re-published the work of a crawl it found stalled
    assert crawl in ledger.stalled(0)
    assert crawl not in ledger.stalled(3600)


def test_a_crawl_without_progress_stalls_and_touch_or_resolve_revives_it(
    ledger: CrawlLedger, crawl: str
) -> None:
    # RedisLedger keeps whole seconds of the server's clock: 2.1 s apart is at least 2 of them.
    touched, resolved = crawl, crawl + "-resolved"
    ledger.add_pending(touched, "fetch:a")
    ledger.add_pending(resolved, "fetch:a", "fetch:b")
    assert not {touched, resolved} & set(ledger.stalled(2))
    time.sleep(2.1)
    assert {touched, resolved} <= set(ledger.stalled(2))
    ledger.touch(touched)
    assert ledger.resolve(resolved, "fetch:a") is False  # a resolve is progress too
    assert not {touched, resolved} & set(ledger.stalled(2))


# --- acquire_sweep, note_redo ----------------------------------------------------------------------------


def test_one_sweep_at_a_time(ledger: CrawlLedger) -> None:
    assert ledger.acquire_sweep(0.3) is True
    assert ledger.acquire_sweep(0.3) is False
    assert ledger.acquire_sweep(10) is False  # still held, whatever the next caller asks for
    time.sleep(0.4)
    assert ledger.acquire_sweep(60) is True
    assert ledger.acquire_sweep(60) is False


def test_note_redo_counts_per_crawl_and_url(ledger: CrawlLedger, crawl: str) -> None:
    key = url_key("http://a/1")
    assert [ledger.note_redo(crawl, key) for _ in range(3)] == [1, 2, 3]
    assert ledger.note_redo(crawl, url_key("http://a/2")) == 1
    assert ledger.note_redo(crawl + "-other", key) == 1
    assert ledger.note_redo(crawl, key) == 4
