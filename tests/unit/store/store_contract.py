"""What the store guarantees, written once and checked on SQLite (unit tests) and PostgreSQL (integration).

Each ``check_*`` function takes a sessionmaker bound to a freshly migrated, empty database and asserts on the
rows it finds there.
"""

from __future__ import annotations

from datetime import UTC, datetime

from newsflow_crawl.crawl_rows import create_crawl, finish_crawl, mark_running
from newsflow_crawl.delivery.dead_letters import list_failures, record_failure
from newsflow_shared.column_values import as_utc, content_hash
from newsflow_shared.db import session_scope
from newsflow_shared.messages import (
    CrawlRequest,
    EnrichedArticle,
    Enrichment,
    EntityCount,
    FailureRecord,
    FinishCrawl,
    ParsedArticle,
    Translation,
    url_key,
)
from newsflow_shared.models import (
    Article,
    ArticleEntity,
    ArticleTranslation,
    ArticleUrl,
    Crawl,
    Entity,
    Failure,
)
from newsflow_store.articles import article_urls, count_articles, upsert_article
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

CRAWL = "00000000-0000-4000-8000-000000000001"


def enriched(
    url: str,
    *,
    canonical: str | None = None,
    crawl_id: str | None = CRAWL,
    title: str = "A title",
    body: str = "First paragraph.\n\nSecond paragraph.",
    entities: list[tuple[str, str, int]] | None = None,
    translations: list[Translation] | None = None,
    published_at: str | None = "2024-03-01T10:00:00+02:00",
) -> EnrichedArticle:
    """An EnrichedArticle as the enrich stage would send it."""
    return EnrichedArticle(
        article=ParsedArticle(
            crawl_id=crawl_id,
            url=url,
            canonical_url=canonical or url,
            title=title,
            authors=["Ann Author"],
            published_at=published_at,
            body=body,
            site_name="Example News",
            html_lang="en-GB",
            provenance={"title": "og:title"},
            fetched_at="2024-03-02T08:00:00Z",
        ),
        enrichment=Enrichment(
            language="en",
            language_confidence=0.98,
            entities=[EntityCount(name=n, type=t, count=c) for n, t, c in (entities or [])],
            translations=translations or [],
        ),
    )


def new_crawl(sessions: sessionmaker[Session], crawl_id: str = CRAWL) -> None:
    with session_scope(sessions) as session:
        create_crawl(crawl_id, CrawlRequest(seeds=["https://news.example/"], max_pages=5), session=session)


def _count(session: Session, model: type[object]) -> int:
    return int(session.execute(select(func.count()).select_from(model)).scalar_one())


def _links(session: Session, article_id: str) -> dict[tuple[str, str], int]:
    rows = session.execute(
        select(Entity.name, Entity.type, ArticleEntity.count)
        .join(ArticleEntity, ArticleEntity.entity_id == Entity.id)
        .where(ArticleEntity.article_id == article_id)
    )
    return {(name, kind): count for name, kind, count in rows}


def check_upsert_twice_updates_one_row(sessions: sessionmaker[Session]) -> None:
    new_crawl(sessions)
    url = "https://news.example/2024/story"
    with session_scope(sessions) as session:
        first = upsert_article(enriched(url, title="Old title"), session=session)
    with session_scope(sessions) as session:
        row = session.get_one(Article, first.article_id)
        created_at, updated_at = row.created_at, row.updated_at
    with session_scope(sessions) as session:
        second = upsert_article(
            enriched(url, title="New title", body="Changed   body\ntext"), session=session
        )

    assert first.created is True
    assert second.created is False
    assert first.article_id == second.article_id == url_key(url)
    with session_scope(sessions) as session:
        assert _count(session, Article) == 1
        row = session.get_one(Article, first.article_id)
        assert row.title == "New title"
        assert row.body == "Changed   body\ntext"
        assert row.content_hash == content_hash("Changed body text")
        assert as_utc(row.created_at) == as_utc(created_at)
        assert as_utc(row.updated_at) > as_utc(updated_at)
        assert row.published_at is not None and row.fetched_at is not None
        assert as_utc(row.published_at) == datetime(2024, 3, 1, 8, 0, tzinfo=UTC)
        assert as_utc(row.fetched_at) == datetime(2024, 3, 2, 8, 0, tzinfo=UTC)
        assert row.language == "en" and row.language_confidence == 0.98
        assert row.authors == ["Ann Author"]
        assert row.provenance == {"title": "og:title"}
        assert row.crawl_id == CRAWL
        assert count_articles(CRAWL, session=session) == 1


def check_duplicate_under_second_url(sessions: sessionmaker[Session]) -> None:
    new_crawl(sessions)
    original = "https://news.example/2024/story"
    copy = "https://news.example/amp/2024/story?utm_source=x"
    with session_scope(sessions) as session:
        first = upsert_article(enriched(original), session=session)
    with session_scope(sessions) as session:
        second = upsert_article(enriched(copy, canonical=original), session=session)

    assert second.article_id == first.article_id
    assert second.created is False
    with session_scope(sessions) as session:
        assert _count(session, Article) == 1
        assert article_urls(first.article_id, session=session) == sorted([original, copy])
        assert _count(session, ArticleUrl) == 2


def check_entities_shared_and_redelivery(sessions: sessionmaker[Session]) -> None:
    new_crawl(sessions)
    one = enriched(
        "https://news.example/one",
        entities=[("Alice Smith", "PERSON", 2), ("Acme Corp", "ORG", 1), ("Alice Smith", "PERSON", 1)],
    )
    two = enriched("https://news.example/two", entities=[("Alice Smith", "PERSON", 4), ("Paris", "GPE", 1)])
    with session_scope(sessions) as session:
        id_one = upsert_article(one, session=session).article_id
        id_two = upsert_article(two, session=session).article_id
    with session_scope(sessions) as session:  # redelivery of the same message
        upsert_article(one, session=session)

    with session_scope(sessions) as session:
        assert _count(session, Entity) == 3
        assert _links(session, id_one) == {("Alice Smith", "PERSON"): 3, ("Acme Corp", "ORG"): 1}
        assert _links(session, id_two) == {("Alice Smith", "PERSON"): 4, ("Paris", "GPE"): 1}

    # Re-enriched with a different set: the article's links become exactly the new set.
    with session_scope(sessions) as session:
        upsert_article(
            enriched("https://news.example/one", entities=[("Acme Corp", "ORG", 5)]), session=session
        )
    with session_scope(sessions) as session:
        assert _links(session, id_one) == {("Acme Corp", "ORG"): 5}
        assert _count(session, Entity) == 3
        assert _count(session, ArticleEntity) == 3


def check_translations_upserted(sessions: sessionmaker[Session]) -> None:
    new_crawl(sessions)
    url = "https://news.example/fr"
    fr = Translation(
        provider="libretranslate",
        source_language="fr",
        target_language="en",
        title="Hello",
        model="opus-mt-fr-en",
        content_hash="a" * 64,
    )
    with session_scope(sessions) as session:
        article_id = upsert_article(enriched(url, translations=[fr]), session=session).article_id
    redone = fr.model_copy(update={"title": "Hello again", "body": "Body", "content_hash": "B" * 64})
    other = Translation(provider="other", source_language="fr", target_language="en", title="Hi")
    with session_scope(sessions) as session:
        upsert_article(enriched(url, translations=[redone, other]), session=session)

    with session_scope(sessions) as session:
        rows = session.execute(
            select(ArticleTranslation.provider, ArticleTranslation.title, ArticleTranslation.body)
            .where(ArticleTranslation.article_id == article_id)
            .order_by(ArticleTranslation.provider)
        ).all()
        assert [tuple(row) for row in rows] == [
            ("libretranslate", "Hello again", "Body"),
            ("other", "Hi", None),
        ]
        # What made each translation is rewritten with it; a malformed hash is not stored (never looked up).
        made = session.execute(
            select(ArticleTranslation.model, ArticleTranslation.content_hash)
            .where(ArticleTranslation.article_id == article_id)
            .order_by(ArticleTranslation.provider)
        ).all()
        assert [tuple(row) for row in made] == [("opus-mt-fr-en", "b" * 64), (None, None)]


def check_failures_recorded(sessions: sessionmaker[Session]) -> None:
    failed_at = datetime(2024, 3, 3, 12, 0, tzinfo=UTC)
    failure = FailureRecord(
        crawl_id=CRAWL,
        stage="ingest",
        task_name="newsflow.ingest.fetch",
        url="https://news.example/gone",
        error_type="HttpStatusError",
        reason="http_status",
        message="404 Not Found",
        permanent=True,
        payload={"url": "https://news.example/gone", "when": failed_at},
        failed_at=failed_at,
    )
    with session_scope(sessions) as session:
        first = record_failure(failure, session=session)
        second = record_failure(
            failure.model_copy(update={"reason": "other", "failed_at": None}), session=session
        )

    assert second > first
    with session_scope(sessions) as session:
        assert _count(session, Failure) == 2
        row = session.get_one(Failure, first)
        assert (row.stage, row.reason, row.permanent, row.attempts) == ("ingest", "http_status", True, 1)
        assert row.payload == {"url": "https://news.example/gone", "when": str(failed_at)}
        assert as_utc(row.created_at) == failed_at
        assert [f.id for f in list_failures(session=session, reason="http_status")] == [first]
        assert [f.id for f in list_failures(session=session, crawl_id=CRAWL)] == [second, first]


def check_finish_crawl_statuses(sessions: sessionmaker[Session]) -> None:
    cases = {
        "00000000-0000-4000-8000-00000000000a": (FinishCrawl(crawl_id="", counts={"fetched": 3}), "done"),
        "00000000-0000-4000-8000-00000000000b": (
            FinishCrawl(crawl_id="", counts={"fetched": 0, "failed": 2}),
            "failed",
        ),
        "00000000-0000-4000-8000-00000000000c": (
            FinishCrawl(crawl_id="", counts={"fetched": 3}, cancelled=True),
            "cancelled",
        ),
    }
    for crawl_id, (message, expected) in cases.items():
        new_crawl(sessions, crawl_id)
        with session_scope(sessions) as session:
            assert mark_running(crawl_id, session=session) is True
            assert mark_running(crawl_id, session=session) is False
        with session_scope(sessions) as session:
            status = finish_crawl(message.model_copy(update={"crawl_id": crawl_id}), session=session)
        assert status == expected, crawl_id
        with session_scope(sessions) as session:
            row = session.get_one(Crawl, crawl_id)
            assert row.status == expected
            assert row.finished_at is not None
            assert row.fetched == message.counts["fetched"]

    # Cancelled meanwhile (by the API): the finish keeps it cancelled.
    cancelled = "00000000-0000-4000-8000-00000000000d"
    new_crawl(sessions, cancelled)
    with session_scope(sessions) as session:
        session.get_one(Crawl, cancelled).status = "cancelled"
    with session_scope(sessions) as session:
        assert (
            finish_crawl(FinishCrawl(crawl_id=cancelled, counts={"fetched": 1}), session=session)
            == "cancelled"
        )

    # A second finish changes neither status nor finished_at, only refreshes the counts.
    done = "00000000-0000-4000-8000-00000000000a"
    with session_scope(sessions) as session:
        finished_at = session.get_one(Crawl, done).finished_at
        again = FinishCrawl(crawl_id=done, counts={"fetched": 4, "failed": 9}, cancelled=True)
        assert finish_crawl(again, session=session) == "done"
    with session_scope(sessions) as session:
        row = session.get_one(Crawl, done)
        assert (row.status, row.finished_at, row.fetched, row.failed) == ("done", finished_at, 4, 9)
        assert mark_running(done, session=session) is False
