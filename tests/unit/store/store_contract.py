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
    Block,
    CrawlRequest,
    EnrichedArticle,
    Enrichment,
    EntityCount,
    FailureRecord,
    FinishCrawl,
    Image,
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
        assert _article_counts(session) == {"Alice Smith": 2, "Acme Corp": 1, "Paris": 1}

    # Re-enriched with a different set: the article's links become exactly the new set.
    with session_scope(sessions) as session:
        upsert_article(
            enriched("https://news.example/one", entities=[("Acme Corp", "ORG", 5)]), session=session
        )
    with session_scope(sessions) as session:
        assert _links(session, id_one) == {("Acme Corp", "ORG"): 5}
        assert _count(session, Entity) == 3
        assert _count(session, ArticleEntity) == 3
        assert _article_counts(session) == {"Alice Smith": 1, "Acme Corp": 1, "Paris": 1}

    # Counts move with each link gained or lost (not recounted), and a redelivery moves nothing.
    for _ in range(2):
        with session_scope(sessions) as session:
            upsert_article(one, session=session)
        with session_scope(sessions) as session:
            assert _article_counts(session) == {"Alice Smith": 2, "Acme Corp": 1, "Paris": 1}


def _article_counts(session: Session) -> dict[str, int]:
    return dict(session.execute(select(Entity.name, Entity.article_count)).tuples().all())


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


def check_second_store_refreshes_every_content_column(sessions: sessionmaker[Session]) -> None:
    """A re-crawl with changed content, or ``newsflow reprocess`` after a parser change, rewrites every column
    the parser or the enricher fills, not only some: the row then reads as if the new version had been
    stored first (``id`` and ``created_at`` excepted)."""
    other_crawl = "00000000-0000-4000-8000-000000000002"
    new_crawl(sessions)
    new_crawl(sessions, other_crawl)
    url = "https://news.example/2024/refreshed"
    old_body, new_body = "Old first paragraph.\n\nOld second.", "What changes\n\nThe council voted on Monday."
    old = ParsedArticle(
        crawl_id=CRAWL,
        url=url + "?old",
        canonical_url=url,
        title="Old title",
        authors=["Ann Author"],
        published_at="2024-03-01T10:00:00Z",
        modified_at="2024-03-01T11:00:00Z",
        section="Politics",
        dateline="LONDON",
        description="Old description",
        body=old_body,
        blocks=[Block(type="paragraph", text=text) for text in old_body.split("\n\n")],
        images=[Image(url="https://news.example/old.jpg")],
        tags=["Old tag"],
        organisation="Old Desk",
        site_name="Old News",
        html_lang="en-GB",
        extras={"kicker": "Old"},
        status="paywalled",
        provenance={"title": "og:title"},
        fetched_at="2024-03-02T08:00:00Z",
        capture="/warc/old.warc.gz#0",
    )
    new = ParsedArticle(
        crawl_id=other_crawl,
        url=url + "?new",
        canonical_url=url,
        title="New title",
        authors=["Bo Byline"],
        published_at="2024-03-05T10:00:00Z",
        modified_at="2024-03-05T11:00:00Z",
        section="City",
        dateline="LEEDS",
        description="New description",
        body=new_body,
        blocks=[
            Block(type="heading", text="What changes"),
            Block(type="paragraph", text="The council voted on Monday."),
        ],
        images=[Image(url="https://news.example/new.jpg", caption="The council")],
        tags=["Transport", "City council"],
        organisation="Reuters",
        site_name="New News",
        html_lang="en-US",
        extras={"kicker": "New"},
        provenance={"title": "json-ld"},
        status="article",
        fetched_at="2024-03-06T08:00:00Z",
        capture="/warc/new.warc.gz#42",
    )
    old_enrichment = Enrichment(
        language="en",
        language_confidence=0.6,
        declared_language="en",
        html_lang_agrees=True,
        mixed_language=False,
        language_shares={"en": 1.0},
    )
    new_enrichment = Enrichment(
        language="ar",
        language_confidence=0.9,
        declared_language="fr",
        html_lang_agrees=False,
        mixed_language=True,
        language_shares={"ar": 0.7, "en": 0.3},
    )
    with session_scope(sessions) as session:
        first = upsert_article(EnrichedArticle(article=old, enrichment=old_enrichment), session=session)
    with session_scope(sessions) as session:
        stored_first = _row_values(session.get_one(Article, first.article_id))
    with session_scope(sessions) as session:
        second = upsert_article(EnrichedArticle(article=new, enrichment=new_enrichment), session=session)
    assert (first.created, second.created, second.article_id) == (True, False, first.article_id)

    # What the new version reads as when it is stored first, in a database of its own.
    fresh = EnrichedArticle(article=new, enrichment=new_enrichment)
    with session_scope(sessions) as session:
        expected_id = upsert_article(
            fresh.model_copy(update={"article": new.model_copy(update={"canonical_url": url + "/fresh"})}),
            session=session,
        ).article_id
        expected = _row_values(session.get_one(Article, expected_id))
        refreshed = _row_values(session.get_one(Article, first.article_id))
    # the natural key and times; the content version counts the stores that changed the content (issue 14); the
    # source is the poll's that first stored the article, set when that poll ends, never by a store (issue 17)
    kept = {"id", "created_at", "updated_at", "canonical_url", "cluster_id", "version", "source_id"}
    stale = {
        column: (refreshed[column], expected[column])
        for column in expected
        if column not in kept and refreshed[column] != expected[column]
    }
    assert stale == {}, f"columns not refreshed by the second store (stored, wanted): {stale}"
    # The test data differs in every column, so a column left out of the update cannot go unnoticed.
    unchanged = {c for c in expected if c not in kept and stored_first[c] == expected[c]}
    assert unchanged == set(), unchanged
    assert refreshed["blocks"] == [
        {"type": "heading", "text": "What changes"},
        {"type": "paragraph", "text": "The council voted on Monday."},
    ]
    assert (refreshed["tags"], refreshed["organisation"]) == (["Transport", "City council"], "Reuters")
    assert refreshed["created_at"] == stored_first["created_at"]


def _row_values(row: Article) -> dict[str, object]:
    """Every column of a stored article, times in UTC (SQLite gives them back naive)."""
    values: dict[str, object] = {}
    for column in Article.__table__.columns:
        value = getattr(row, column.key)
        values[column.key] = as_utc(value) if isinstance(value, datetime) else value
    return values
