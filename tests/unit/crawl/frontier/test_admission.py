"""Admitting URLs into a crawl (``newsflow_crawl.frontier.admission``) on a MemoryLedger: claimed once, in flight before
published, marked queued after, re-published when the claimer died in between; and the seeds' first tasks."""

from __future__ import annotations

from datetime import date

import pytest
from newsflow_crawl.frontier import SEED_ROLES, admit, seed_tasks
from newsflow_crawl.state import MemoryLedger, fetch_key
from newsflow_shared.messages import CRAWL_MODES, CrawlRequest, FetchTask, url_key

CRAWL = "crawl-1"


def task(path: str, *, crawl: str = CRAWL, max_pages: int = 10, depth: int = 1) -> FetchTask:
    return FetchTask(crawl_id=crawl, url=f"http://news.example{path}", max_pages=max_pages, depth=depth)


class Publisher:
    """Records what was published, and what the ledger said about it at that moment."""

    def __init__(self, ledger: MemoryLedger) -> None:
        self.ledger = ledger
        self.published: list[FetchTask] = []
        self.pending_at_publish: list[bool] = []
        self.queued_at_publish: list[bool] = []

    def __call__(self, task: FetchTask) -> None:
        self.published.append(task)
        self.pending_at_publish.append(fetch_key(task.url) in self.ledger.pending(task.crawl_id))
        self.queued_at_publish.append(not self.ledger.unqueued(task.crawl_id, [task.url]))


def test_new_urls_are_claimed_published_and_marked_queued() -> None:
    ledger = MemoryLedger()
    publish = Publisher(ledger)
    tasks = [task("/a"), task("/b")]
    assert admit(ledger, tasks, publish) == tasks
    assert publish.published == tasks
    urls = [t.url for t in tasks]
    assert ledger.pending(CRAWL) == {fetch_key(url) for url in urls}
    assert ledger.unqueued(CRAWL, urls) == set()
    assert ledger.counts(CRAWL)["discovered"] == 2
    # Every URL's message is kept while its work is in flight: what the reconciler re-publishes.
    assert ledger.recipes(CRAWL) == {url_key(t.url): t.model_dump_json() for t in tasks}
    assert FetchTask.model_validate_json(ledger.recipes(CRAWL)[url_key(urls[0])]) == tasks[0]


def test_the_key_is_pending_before_publishing_and_queued_only_after() -> None:
    ledger = MemoryLedger()
    publish = Publisher(ledger)
    admit(ledger, [task("/a"), task("/b")], publish)
    assert publish.pending_at_publish == [True, True]  # the crawl cannot look finished while queued
    assert publish.queued_at_publish == [False, False]  # a claim not yet marked: its publisher may die


def test_seen_urls_are_dropped() -> None:
    ledger = MemoryLedger()
    publish = Publisher(ledger)
    admit(ledger, [task("/a")], publish)
    again = [task("/a", depth=2), task("/b")]
    assert admit(ledger, again, publish) == [again[1]]
    assert [t.url for t in publish.published] == ["http://news.example/a", "http://news.example/b"]
    assert ledger.counts(CRAWL)["discovered"] == 2
    assert ledger.counts(CRAWL)["skipped"] == 0


def test_a_url_twice_in_one_batch_is_published_once() -> None:
    ledger = MemoryLedger()
    publish = Publisher(ledger)
    assert admit(ledger, [task("/a"), task("/a")], publish) == [task("/a")]
    assert len(publish.published) == 1


def test_urls_over_the_page_limit_are_counted_skipped() -> None:
    ledger = MemoryLedger()
    publish = Publisher(ledger)
    tasks = [task(f"/{i}", max_pages=2) for i in range(4)]
    assert admit(ledger, tasks, publish) == tasks[:2]
    counts = ledger.counts(CRAWL)
    assert counts["discovered"] == 2
    assert counts["skipped"] == 2
    assert ledger.pending(CRAWL) == {fetch_key(t.url) for t in tasks[:2]}
    # Found again later: still over the limit, still counted once.
    admit(ledger, tasks[2:], publish)
    assert ledger.counts(CRAWL)["skipped"] == 2
    assert len(publish.published) == 2


def test_a_url_claimed_but_never_queued_is_published_by_whoever_finds_it_next() -> None:
    ledger = MemoryLedger()
    lost = task("/lost")
    # Its first claimer died between claiming and publishing (kill -9, a time limit, a lost connection).
    assert ledger.claim_url(CRAWL, lost.url, lost.max_pages) == 1
    publish = Publisher(ledger)
    assert admit(ledger, [lost, task("/new")], publish) == [task("/new"), lost]
    assert ledger.unqueued(CRAWL, [lost.url]) == set()
    assert fetch_key(lost.url) in ledger.pending(CRAWL)
    assert admit(ledger, [lost], publish) == []  # queued now: seen like any other


def test_a_failed_publish_is_retried_by_the_next_admit() -> None:
    ledger = MemoryLedger()

    def broken(_task: FetchTask) -> None:
        raise ConnectionError("broker unreachable")

    with pytest.raises(ConnectionError):
        admit(ledger, [task("/a")], broken)
    assert ledger.unqueued(CRAWL, [task("/a").url]) == {task("/a").url}
    publish = Publisher(ledger)
    assert admit(ledger, [task("/a")], publish) == [task("/a")]
    assert ledger.unqueued(CRAWL, [task("/a").url]) == set()


def test_crawls_are_admitted_separately() -> None:
    ledger = MemoryLedger()
    publish = Publisher(ledger)
    tasks = [task("/a"), task("/a", crawl="crawl-2"), task("/b", crawl="crawl-2", max_pages=1)]
    assert admit(ledger, tasks, publish) == tasks[:2]
    assert ledger.counts(CRAWL)["discovered"] == 1
    assert ledger.counts("crawl-2")["discovered"] == 1
    assert ledger.counts("crawl-2")["skipped"] == 1


def test_seed_roles_cover_every_mode() -> None:
    assert set(SEED_ROLES) == set(CRAWL_MODES)


@pytest.mark.parametrize(
    ("mode", "role"),
    [("article", "article"), ("site", "page"), ("feed", "feed"), ("sitemap", "sitemap"), ("archive", "page")],
)
def test_seed_tasks_take_the_role_of_their_mode(mode: str, role: str) -> None:
    request = CrawlRequest.model_validate(
        {
            "seeds": ["https://news.example/", "https://news.example/b"],
            "mode": mode,
            "max_pages": 7,
            "max_depth": 3,
            "since": "2024-01-01",
            "until": "2024-03-31",
            "allowed_domains": ["cdn.example"],
            "include": ["/news/"],
            "exclude": ["/tag/"],
            "skip_known": True,
        }
    )
    tasks = seed_tasks("crawl-9", request)
    assert [t.url for t in tasks] == request.seeds
    for seed in tasks:
        assert seed.crawl_id == "crawl-9"
        assert seed.role == role
        assert seed.mode == mode
        assert seed.depth == 0
        assert (seed.max_pages, seed.max_depth) == (7, 3)
        assert (seed.since, seed.until) == (date(2024, 1, 1), date(2024, 3, 31))
        assert seed.allowed_domains == ["cdn.example"]
        assert (seed.include, seed.exclude) == (["/news/"], ["/tag/"])
        assert seed.skip_known is True
        assert (seed.deferrals, seed.slot_booked, seed.hints) == (0, False, {})
