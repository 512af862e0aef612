"""Storing an enriched article: an idempotent upsert keyed on the canonical URL, with URLs and enrichment.

Every write is ``INSERT … ON CONFLICT`` on a natural key, so a redelivered message (Celery ``acks_late``) or a
re-crawl rewrites the same rows instead of adding new ones, and concurrent store workers never collide on a
unique constraint. Rows are always written in the same order (article, its URLs sorted, entities sorted) so
two PostgreSQL transactions touching the same rows wait for each other instead of deadlocking.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any, cast

from newsflow_shared.column_values import as_utc, clean_text, content_hash, parse_timestamp
from newsflow_shared.messages import EnrichedArticle, url_key
from newsflow_shared.models import Article, ArticleUrl
from newsflow_shared.upsert import dialect_insert, dialect_name
from sqlalchemy import Select, Table, Update, bindparam, func, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.dml import ReturningInsert

from newsflow_store.changes import (
    bumped_version,
    record_alias,
    record_store,
    state_fingerprint,
    version_fingerprint,
)
from newsflow_store.entities import replace_article_entities
from newsflow_store.near_duplicates import assign_cluster
from newsflow_store.translations import upsert_translations

# An article stored again is rewritten from the new version: every column the INSERT writes (the columns of
# ``_article_values`` and ``updated_at``) is rewritten by the UPDATE too, except these, kept from the first store.
# Deriving the updated columns from the inserted ones means a new column cannot be forgotten (``blocks``,
# ``tags`` and ``organisation`` once were, and ``newsflow reprocess`` never refreshed them).
KEPT_ON_UPDATE: dict[str, str] = {
    "id": "the natural key: url_key(canonical_url)",
    "created_at": "when the article was first stored; never changes",
}
# Written by the INSERT, but not by the UPDATE: the upsert's RETURNING then reads the stored value, to compare with
# the new one (``upsert_article``; ``_state_update`` writes it when it changed).
COMPARED_ON_UPDATE: dict[str, str] = {
    "state_hash": "rewritten after the upsert, only when the article's state changed",
}
# Rewritten only when the new version names one; otherwise the stored value stays.
COALESCED_ON_UPDATE: dict[str, str] = {
    "crawl_id": "a re-store without a crawl (newsflow extract --store) keeps the crawl that found the article",
    "capture": "a re-parse from the capture (newsflow reprocess) keeps the capture it came from",
}


# A body this short ("Subscribe to read", a one-line brief) is not evidence that two pages are one story.
MIN_DUPLICATE_WORDS = 50
DEFAULT_NEAR_DUPLICATE_SIMILARITY = 0.7


@dataclass(frozen=True)
class StoreResult:
    """What :func:`upsert_article` did: the article's id, whether the row is new, the article it duplicates
    (then nothing was written but the URL) and its near-duplicate cluster."""

    article_id: str
    created: bool
    duplicate_of: str | None = None
    cluster_id: str | None = None


def upsert_article(
    enriched: EnrichedArticle,
    *,
    session: Session,
    near_duplicate_similarity: float = DEFAULT_NEAR_DUPLICATE_SIMILARITY,
    origin: str = "crawl",
) -> StoreResult:
    """Insert or update the article, its URLs, entity links and translations. Does not commit.

    Three levels of duplicates: the id is ``url_key(canonical_url)``, so a copy whose canonical link names an
    already stored article updates that article; a different canonical URL with the same normalised body
    (``content_hash``, bodies of ``MIN_DUPLICATE_WORDS`` words or more) is not stored again, its URLs are
    linked to the stored article in ``article_urls``; and a similar body joins that article's near-duplicate
    cluster (``near_duplicates``). Every store that changes what a reader sees is also a change feed entry and,
    when the content changed, a new version (``changes``); a store that changes nothing (the same state
    fingerprint, cluster and URLs) writes neither. ``origin`` (``crawl``, ``reprocess``, ``import``, ``extract``)
    says what stored it.
    """
    parsed = enriched.article
    article_id = url_key(parsed.canonical_url)
    original = _same_body_as(article_id, clean_text(parsed.body) or "", session=session)
    if original is not None:
        if record_urls(original, [parsed.url, parsed.canonical_url], session=session):
            record_alias(original, origin=origin, crawl_id=parsed.crawl_id, session=session)
        return StoreResult(article_id=original, created=False, duplicate_of=original)
    now = datetime.now(UTC)
    values = _article_values(enriched)
    values["version_hash"] = version_fingerprint(values)
    state = state_fingerprint(values, enriched.enrichment)
    row = {
        "id": article_id,
        "created_at": now,
        "updated_at": now,
        "version": 1,
        "state_hash": state,
        **values,
    }
    # created_at is only written by the INSERT branch, so reading it back tells a new row from an update in
    # one atomic statement (portable, unlike PostgreSQL's ``xmax = 0`` trick). state_hash and cluster_id are
    # not written by the UPDATE: they come back as stored before this store. The upsert locks the row until
    # commit, so no other store of the article can change them in between.
    upsert = _article_upsert(dialect_name(session), tuple(row))
    created_at, version, stored_state, stored_cluster = session.execute(upsert, row).one()
    created = as_utc(created_at) == now

    new_urls = record_urls(article_id, [parsed.url, parsed.canonical_url], session=session)
    # A new row has no links or bands yet: their DELETEs are skipped (one round trip each).
    replace_article_entities(article_id, enriched.enrichment.entities, session=session, new_article=created)
    upsert_translations(article_id, enriched.enrichment.translations, session=session)
    cluster = assign_cluster(
        article_id,
        values["body"],
        session=session,
        min_similarity=near_duplicate_similarity,
        new_article=created,
    )
    if created or new_urls or stored_state != state or stored_cluster != cluster:
        if not created and stored_state != state:
            session.execute(_state_update(dialect_name(session)), {"article_id": article_id, "state": state})
        record_store(
            article_id,
            values,
            version=version,
            created=created,
            stored_at=now,
            origin=origin,
            session=session,
        )
    return StoreResult(article_id=article_id, created=created, cluster_id=cluster)


@lru_cache(maxsize=8)
def _article_upsert(dialect: str, columns: tuple[str, ...]) -> ReturningInsert[Any]:
    """The article upsert for rows of ``columns``, built once per dialect and run with the row as parameters
    (built per article, with the row as literal values, constructing and compiling it cost more CPU than the
    database's work: ``benchmarks/stage_cpu.py --profile store``)."""
    table = cast(Table, Article.__table__)
    statement = dialect_insert(dialect, table)
    changes: dict[str, Any] = {
        column: statement.excluded[column]
        for column in columns
        if column not in KEPT_ON_UPDATE and column not in COMPARED_ON_UPDATE
    }
    for column in COALESCED_ON_UPDATE:
        changes[column] = func.coalesce(statement.excluded[column], table.c[column])
    changes["version"] = bumped_version(statement.excluded)
    statement = statement.on_conflict_do_update(index_elements=[table.c.id], set_=changes)
    return statement.returning(table.c.created_at, table.c.version, table.c.state_hash, table.c.cluster_id)


@lru_cache(maxsize=4)
def _state_update(dialect: str) -> Update:
    """``SET state_hash`` of one article, built once (``dialect`` keys the cache like the other statements)."""
    table = cast(Table, Article.__table__)
    return (
        update(table)
        .where(table.c.id == bindparam("article_id"))
        .values(state_hash=bindparam("state", type_=table.c.state_hash.type))
    )


def _same_body_as(article_id: str, body: str, *, session: Session) -> str | None:
    """The id of another stored article with this exact normalised body, if the body is long enough."""
    if len(body.split()) < MIN_DUPLICATE_WORDS:
        return None
    statement = _same_body_statement(dialect_name(session))
    rows = session.execute(statement, {"content_hash": content_hash(body), "article_id": article_id}).all()
    # The first stored wins. Chosen here, not by ORDER BY … LIMIT 1 in SQL: with those, a generic plan (psycopg
    # prepares the statement) may walk the storage-time index and filter every row on the hash — 33–55 ms at
    # 36,000–38,000 articles in the soak, growing with the table — where the hash index finds the one or two.
    return min(rows, key=lambda row: (row.created_at, row.id)).id if rows else None


@lru_cache(maxsize=4)
def _same_body_statement(_dialect: str) -> Select[Any]:
    """Built once: constructing the query per article cost ~1.5 ms of CPU (``stage_cpu.py --profile store``)."""
    table = cast(Table, Article.__table__)
    return select(table.c.id, table.c.created_at).where(
        table.c.content_hash == bindparam("content_hash"), table.c.id != bindparam("article_id")
    )


def record_urls(article_id: str, urls: list[str], *, session: Session) -> int:
    """Remember that ``article_id`` was seen under ``urls``; a URL already known keeps its first article.
    Returns how many URLs were new."""
    found = sorted({clean_text(u) or "" for u in urls} - {""})
    if not found:
        return 0
    params = {f"url_{index}": url for index, url in enumerate(found)}
    statement = _urls_insert(dialect_name(session), len(found))
    # The rows RETURNING gives back, not rowcount: psycopg reported -1 here, so every re-store on PostgreSQL
    # counted as new URLs (and wrote a feed row).
    return len(session.execute(statement, {"article_id": article_id, **params}).all())


@lru_cache(maxsize=16)
def _urls_insert(dialect: str, count: int) -> ReturningInsert[Any]:
    """One multi-row ``INSERT … ON CONFLICT DO NOTHING`` of ``count`` URLs (an article has one or two), built
    once per count and run with parameters; the URLs it returns are the new ones."""
    table = cast(Table, ArticleUrl.__table__)
    rows: list[dict[str, Any]] = [
        {"url": bindparam(f"url_{index}"), "article_id": bindparam("article_id")} for index in range(count)
    ]
    statement = dialect_insert(dialect, table).values(rows)
    return statement.on_conflict_do_nothing(index_elements=[table.c.url]).returning(table.c.url)


def count_articles(crawl_id: str, *, session: Session) -> int:
    """How many stored articles name ``crawl_id`` as the crawl that (last) stored them."""
    statement = select(func.count()).select_from(Article).where(Article.crawl_id == crawl_id)
    return int(session.execute(statement).scalar_one())


def article_urls(article_id: str, *, session: Session) -> list[str]:
    """Every URL the article was seen under, sorted."""
    statement = select(ArticleUrl.url).where(ArticleUrl.article_id == article_id).order_by(ArticleUrl.url)
    return list(session.execute(statement).scalars())


def _article_values(enriched: EnrichedArticle) -> dict[str, Any]:
    parsed = enriched.article
    enrichment = enriched.enrichment
    body = clean_text(parsed.body) or ""
    return {
        "canonical_url": clean_text(parsed.canonical_url),
        "url": clean_text(parsed.url),
        "crawl_id": parsed.crawl_id,
        "title": clean_text(parsed.title),
        "authors": [clean_text(author) for author in parsed.authors],
        "published_at": parse_timestamp(parsed.published_at),
        "modified_at": parse_timestamp(parsed.modified_at),
        "section": clean_text(parsed.section),
        "dateline": clean_text(parsed.dateline),
        "description": clean_text(parsed.description),
        "body": body,
        "images": [image.model_dump() for image in parsed.images],
        "site_name": clean_text(parsed.site_name),
        "html_lang": clean_text(parsed.html_lang, 35),
        "language": clean_text(enrichment.language, 35),
        "language_confidence": enrichment.language_confidence,
        "declared_language": clean_text(enrichment.declared_language, 35),
        "html_lang_agrees": enrichment.html_lang_agrees,
        "mixed_language": enrichment.mixed_language,
        "language_shares": dict(enrichment.language_shares),
        "extras": dict(parsed.extras),
        "provenance": dict(parsed.provenance),
        "status": parsed.status,
        "content_hash": content_hash(body),
        "fetched_at": parse_timestamp(parsed.fetched_at),
        "capture": parsed.capture,
        "blocks": [block.model_dump() for block in parsed.blocks],
        "tags": [tag for tag in (clean_text(t) for t in parsed.tags) if tag],
        "organisation": clean_text(parsed.organisation),
    }
