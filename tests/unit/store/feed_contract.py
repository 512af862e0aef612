"""What the change feed, versions, search and export guarantee, written once and checked on SQLite (unit tests)
and PostgreSQL (tests/integration/test_change_feed_race.py). Each ``check_*`` takes a sessionmaker bound to a
freshly migrated database."""

from __future__ import annotations

import time

from newsflow_shared.article_query import ArticleFilters, RelevancePosition, filtered, ordered, ranked_page
from newsflow_shared.db import session_scope
from newsflow_shared.export import export_records
from newsflow_shared.feed import START, read_changes
from newsflow_shared.messages import EnrichedArticle, EntityCount, Translation, url_key
from newsflow_shared.models import ArticleChange, ArticleVersion
from newsflow_store.articles import upsert_article
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from tests.unit.store.store_contract import enriched

LONG_BODY = " ".join(f"word{i}" for i in range(80))


def wait_for_feed(sessions: sessionmaker[Session], timeout: float = 60.0) -> None:
    """Wait until every committed feed row is visible. On PostgreSQL a transaction running anywhere on the
    server (another database's test, a benchmark's COPY) holds the visible horizon back: the feed lags, it never
    skips (docs/schema.md)."""
    deadline = time.monotonic() + timeout
    while True:
        with session_scope(sessions) as session:
            written = session.execute(select(func.count()).select_from(ArticleChange)).scalar_one()
            visible = len(read_changes(session, START, written + 1))
        if visible == written or time.monotonic() > deadline:
            return
        time.sleep(0.1)


def _feed(sessions: sessionmaker[Session], article_id: str) -> list[tuple[str, int]]:
    wait_for_feed(sessions)
    with session_scope(sessions) as session:
        return [
            (c.change, c.version) for c in read_changes(session, START, 1000) if c.article_id == article_id
        ]


def check_every_store_is_a_change_and_content_a_version(sessions: sessionmaker[Session]) -> None:
    url = "https://news.example/versions"
    article_id = url_key(url)
    stores = [
        enriched(url, crawl_id=None, body=LONG_BODY),  # created, version 1
        enriched(url, crawl_id=None, body=LONG_BODY),  # redelivered: same content
        enriched(
            url, crawl_id=None, body=LONG_BODY, entities=[("Alice Smith", "PERSON", 2)]
        ),  # new entities only
        enriched(url, crawl_id=None, body=LONG_BODY + " more", title="New title"),  # content: version 2
    ]
    for message in stores:
        with session_scope(sessions) as session:
            upsert_article(message, session=session, origin="crawl")
    copy = enriched("https://mirror.example/copy", crawl_id=None, body=LONG_BODY + " more", title="New title")
    for _ in range(2):  # the second time, its URLs are known: no change
        with session_scope(sessions) as session:
            assert upsert_article(copy, session=session, origin="reprocess").duplicate_of == article_id
    feed = _feed(sessions, article_id)
    # The redelivered copy changed nothing: no feed row.
    assert feed == [("created", 1), ("restored", 1), ("content", 2), ("urls", 2)], feed
    with session_scope(sessions) as session:
        versions = session.scalars(
            select(ArticleVersion)
            .where(ArticleVersion.article_id == article_id)
            .order_by(ArticleVersion.version)
        ).all()
        assert [(v.version, v.title, sorted(v.changed)) for v in versions] == [
            (1, "A title", []),
            (2, "New title", ["body", "title"]),
        ]
        records = list(export_records(session, ArticleFilters()))
    assert [(r["id"], r["version"]) for r in records] == [(article_id, 2)]


def _store(sessions: sessionmaker[Session], message: EnrichedArticle) -> None:
    with session_scope(sessions) as session:
        upsert_article(message, session=session, origin="crawl")


def _written(sessions: sessionmaker[Session]) -> tuple[int, int]:
    """How many feed rows and versions were written (committed), visible or not yet."""
    with session_scope(sessions) as session:
        changes = session.execute(select(func.count()).select_from(ArticleChange)).scalar_one()
        versions = session.execute(select(func.count()).select_from(ArticleVersion)).scalar_one()
    return changes, versions


def check_identical_restore_writes_nothing(sessions: sessionmaker[Session]) -> None:
    """Storing an article again without any change a reader could see (a redelivery, or a re-crawl that fetched
    the same page later) writes no feed row and no version; any visible change still does."""
    url = "https://news.example/unchanged"
    translation = Translation(
        provider="echo", source_language="en", target_language="fr", title="Un titre", body="Corps."
    )
    _store(sessions, enriched(url, crawl_id=None, body=LONG_BODY, entities=[("Alice Smith", "PERSON", 2)]))
    assert _written(sessions) == (1, 1)
    _store(sessions, enriched(url, crawl_id=None, body=LONG_BODY, entities=[("Alice Smith", "PERSON", 2)]))
    later = enriched(url, crawl_id=None, body=LONG_BODY, entities=[("Alice Smith", "PERSON", 2)])
    later.article.fetched_at = "2024-04-02T08:00:00Z"  # re-crawled a month later, same page
    _store(sessions, later)
    assert _written(sessions) == (1, 1)
    changed = [
        # entities
        enriched(url, crawl_id=None, body=LONG_BODY),
        # a translation
        enriched(url, crawl_id=None, body=LONG_BODY, translations=[translation]),
        # enrichment only (no new version): the detector's confidence
        enriched(url, crawl_id=None, body=LONG_BODY, translations=[translation]),
    ]
    changed[2].enrichment.language_confidence = 0.5
    for message in changed:
        _store(sessions, message)
        _store(sessions, message)  # the same again: nothing
    assert _written(sessions) == (4, 1)
    assert _feed(sessions, url_key(url)) == [
        ("created", 1),
        ("restored", 1),
        ("restored", 1),
        ("restored", 1),
    ]


def _search(sessions: sessionmaker[Session], filters: ArticleFilters, order: str = "relevance") -> list[str]:
    with session_scope(sessions) as session:
        query, rank = filtered(session, filters, order)  # type: ignore[arg-type]
        return [row.title for row in session.scalars(ordered(query, rank, order, "desc", None, 0))]  # type: ignore[arg-type]


def _tram_story(n: int, mentions: int) -> EnrichedArticle:
    # The same length for every story, so that both rankings (ts_rank, bm25) follow the number of mentions.
    body = " ".join(["tram"] * mentions + ["council"] * (12 - mentions))
    return enriched(f"https://news.example/tram/{n}", crawl_id=None, title=f"Story {n}", body=body)


def check_relevance_pages_windows_of_matches(sessions: sessionmaker[Session]) -> None:
    """Relevance ranks windows of ``RELEVANCE_WINDOW`` matches, newest stored first (3 here): paging lists every
    match once, best first within each window, and a match stored while a reader pages moves no page."""
    mentions = [2, 7, 4, 1, 6, 3, 5]  # story n (stored in this order) mentions "tram" this many times
    for n, count in enumerate(mentions):
        with session_scope(sessions) as session:
            upsert_article(_tram_story(n, count), session=session)
        time.sleep(0.002)  # distinct stored times, as in production
    expected = []
    for window in ([6, 5, 4], [3, 2, 1], [0]):  # newest first, three at a time; each ranked by mentions
        expected += sorted((f"Story {n}" for n in window), key=lambda t: -mentions[int(t.split()[1])])
    seen, position = [], RelevancePosition()
    while True:
        with session_scope(sessions) as session:
            query, rank = filtered(session, ArticleFilters(q="tram"), "relevance")
            page = ranked_page(session, query, rank, position, 2)
            seen += [row.title for row in page.rows]
        if page.next is None:
            break
        position = page.next
        if len(seen) == 2:  # the best match of all, stored after the first page: not in this listing
            with session_scope(sessions) as session:
                upsert_article(_tram_story(7, 12), session=session)
    assert seen == expected, seen
    with session_scope(sessions) as session:  # a new listing starts from the newest window again
        query, rank = filtered(session, ArticleFilters(q="tram"), "relevance")
        first = ranked_page(session, query, rank, RelevancePosition(), 2).rows
        assert [row.title for row in first] == ["Story 7", "Story 6"]
        # ordered() (newsflow search): the first window, from an offset
        assert [row.title for row in session.scalars(ordered(query, rank, "relevance", "desc", None, 1))] == [
            "Story 6",
            "Story 5",
        ]


def check_search_folds_arabic_and_filters(sessions: sessionmaker[Session]) -> None:
    arabic = enriched(
        "https://news.example/ar",
        crawl_id=None,
        title="الأُمَم المتحدة",
        body="اجتمعت الأمـــم المتحدة في مدرسة المدينة.",
        entities=[("الأمم المتحدة", "ORG", 1)],
    )
    arabic.enrichment.language = "ar"
    english = enriched(
        "https://news.example/en",
        crawl_id=None,
        title="Council votes",
        body="The councils were voting on trams.",
    )
    english.enrichment.entities = [EntityCount(name="City Council", type="ORG", count=1)]
    for message in (arabic, english):
        with session_scope(sessions) as session:
            upsert_article(message, session=session)
    assert _search(sessions, ArticleFilters(q="الامم")) == ["الأُمَم المتحدة"]  # hamza, damma, fatha
    assert _search(sessions, ArticleFilters(q="مدرسه")) == ["الأُمَم المتحدة"]  # ta marbuta
    assert _search(sessions, ArticleFilters(q="trams")) == ["Council votes"]
    assert _search(sessions, ArticleFilters(q="trams", language="ar")) == []
    assert _search(sessions, ArticleFilters(entity="City Council"), "published") == ["Council votes"]
    assert _search(sessions, ArticleFilters(site="Example News", language="ar"), "stored") == [
        "الأُمَم المتحدة"
    ]
