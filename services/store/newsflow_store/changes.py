"""The store's writes for downstream readers (issue 14): the change feed, article versions, the SQLite search index.

Called by ``articles.upsert_article`` in the same transaction as the article, so a change is in the feed exactly
when the article change is committed. Every store of an article that changes what a reader sees (new, changed
content, the same content with new entities/translations/enrichment/cluster, a new alias URL) writes one
``article_changes`` row; a store that changes nothing (a redelivery, an unchanged re-crawl: the same
:func:`state_fingerprint`, cluster and URLs) writes none.

Why the feed is gap-free (docs/schema.md, "The change feed"): on PostgreSQL each row records the id of the
transaction that wrote it (``pg_current_xact_id()``), and readers only read rows below the oldest transaction
still running (``pg_snapshot_xmin``). Every transaction below that has committed or aborted, and every
transaction that starts later gets a higher id, so no row can ever appear behind a reader's checkpoint
``(txid, seq)``. SQLite has one writer at a time, which holds the write lock from its first write to its commit:
``seq`` (AUTOINCREMENT) is assigned in commit order, and ``txid`` is 0.

Versions: ``articles.version`` counts content versions. The upsert bumps it in the same atomic statement when
the content fingerprint (:func:`version_fingerprint`) differs from the stored one, so concurrent workers cannot
both claim a version; ``article_versions`` keeps a copy of each version (insert-if-absent, idempotent).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any, cast

from newsflow_shared.messages import Enrichment
from newsflow_shared.models import Article, ArticleChange, ArticleVersion
from newsflow_shared.search_text import normalize, search_rowid
from newsflow_shared.upsert import dialect_insert, dialect_name
from sqlalchemy import Insert, Select, Table, bindparam, case, literal_column, select, text
from sqlalchemy.orm import Session
from sqlalchemy.sql.dml import ReturningInsert

# What makes a new version: the article's content and its metadata, not when or where it was fetched.
VERSIONED_COLUMNS = (
    "title", "authors", "published_at", "modified_at", "section", "dateline", "description", "body", "images",
    "site_name", "language", "status", "tags", "organisation",
)  # fmt: skip
# Copied into article_versions (besides the key and bookkeeping).
_VERSION_COPY = (
    "url", "title", "description", "body", "authors", "published_at", "modified_at", "section", "language",
    "status", "content_hash",
)  # fmt: skip

# Left out of the state fingerprint: fetch bookkeeping (a re-crawl that finds the same page later, by another
# crawl or from another capture, changes nothing a reader needs to see again), the canonical URL (the article's
# key: it never changes) and hashes, covered by what they hash.
_NOT_STATE = ("crawl_id", "fetched_at", "capture", "canonical_url", "version_hash", "content_hash")

CREATED, CONTENT, RESTORED, URLS = "created", "content", "restored", "urls"


def version_fingerprint(values: dict[str, Any]) -> str:
    """SHA-256 of the versioned columns of an article's values (as ``_article_values`` builds them)."""
    subset = {name: values.get(name) for name in VERSIONED_COLUMNS}
    encoded = json.dumps(subset, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def state_fingerprint(values: dict[str, Any], enrichment: Enrichment) -> str:
    """SHA-256 of everything a reader sees of a stored article but fetch bookkeeping: its columns (the versioned
    ones through ``values["version_hash"]``), its entity links and its translations (without their timestamps,
    which the store stamps anew when a message has none). The same fingerprint as the stored one means the store
    changes nothing: no feed row, no version."""
    columns = {
        name: value
        for name, value in values.items()
        if name not in VERSIONED_COLUMNS and name not in _NOT_STATE
    }
    entities = sorted(_canonical_json(entity.model_dump()) for entity in enrichment.entities)
    translations = sorted(
        _canonical_json(translation.model_dump(exclude={"created_at"}))
        for translation in enrichment.translations
    )
    state = [values["version_hash"], _canonical_json(columns), entities, translations]
    return hashlib.sha256(_canonical_json(state).encode("utf-8")).hexdigest()


def _canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str, ensure_ascii=False)


def bumped_version(excluded: Any) -> Any:
    """The ``SET version = …`` of the article upsert: +1 when the fingerprint changed, else unchanged."""
    table = Article.__table__.c
    return case(
        (table.version_hash == excluded["version_hash"], table.version),
        else_=table.version + 1,
    )


def record_store(
    article_id: str,
    values: dict[str, Any],
    *,
    version: int,
    created: bool,
    stored_at: datetime,
    origin: str,
    session: Session,
) -> str:
    """Keep the version (when new) and append the feed entry of one stored article; returns the change kind."""
    statements = _statements(dialect_name(session))
    row = {
        "article_id": article_id,
        "version": version,
        "version_hash": values["version_hash"],
        "stored_at": stored_at,
        "origin": origin,
        "crawl_id": values.get("crawl_id"),
        "changed": [] if created else _changed_since(article_id, version, values, session=session),
        **{name: values[name] for name in _VERSION_COPY},
    }
    inserted = session.execute(statements.version, row).scalar_one_or_none() is not None
    change = CREATED if created else CONTENT if inserted else RESTORED
    append_change(
        article_id, version, change, origin=origin, crawl_id=values.get("crawl_id"), session=session
    )
    if dialect_name(session) == "sqlite":
        index_for_search(article_id, values, session=session)
    return change


def record_alias(article_id: str, *, origin: str, crawl_id: str | None, session: Session) -> None:
    """The feed entry of a new URL linked to an already stored article (a same-text copy elsewhere)."""
    statements = _statements(dialect_name(session))
    version = session.execute(statements.current_version, {"article_id": article_id}).scalar_one()
    append_change(article_id, version, URLS, origin=origin, crawl_id=crawl_id, session=session)


def append_change(
    article_id: str, version: int, change: str, *, origin: str, crawl_id: str | None, session: Session
) -> None:
    """One ``article_changes`` row, stamped with the writing transaction's id on PostgreSQL."""
    row = {"article_id": article_id, "version": version, "change": change, "origin": origin}
    session.execute(_statements(dialect_name(session)).change, {**row, "crawl_id": crawl_id})


@dataclass(frozen=True)
class _Statements:
    """The statements of this module, built once per dialect and run with parameters: built per article with
    the values written in, SQLAlchemy constructed and compiled them again every time (``stage_cpu.py``)."""

    version: ReturningInsert[Any]
    change: Insert
    current_version: Select[Any]
    previous_version: Select[Any]


@lru_cache(maxsize=4)
def _statements(dialect: str) -> _Statements:
    versions, changes = cast(Table, ArticleVersion.__table__), cast(Table, ArticleChange.__table__)
    articles = cast(Table, Article.__table__)
    txid = "pg_current_xact_id()::text::bigint" if dialect == "postgresql" else "0"
    compared = [versions.c[name] for name in _VERSION_COPY if name not in ("url", "content_hash")]
    return _Statements(
        version=dialect_insert(dialect, versions).on_conflict_do_nothing().returning(versions.c.version),
        change=dialect_insert(dialect, changes).values(txid=literal_column(txid)),
        current_version=select(articles.c.version).where(articles.c.id == bindparam("article_id")),
        previous_version=select(*compared).where(
            versions.c.article_id == bindparam("article_id"), versions.c.version == bindparam("version")
        ),
    )


def _changed_since(article_id: str, version: int, values: dict[str, Any], *, session: Session) -> list[str]:
    """Which copied columns differ from the previous version (all of them when it is unknown)."""
    statement = _statements(dialect_name(session)).previous_version
    previous = session.execute(statement, {"article_id": article_id, "version": version - 1}).first()
    compared = [name for name in _VERSION_COPY if name not in ("url", "content_hash")]
    if previous is None:
        return compared
    stored = previous._mapping
    return [name for name in compared if _comparable(stored[name]) != _comparable(values[name])]


def _comparable(value: Any) -> Any:
    """Datetimes as naive UTC: SQLite returns them naive, PostgreSQL and the message aware."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC).replace(tzinfo=None)
    return value


def index_for_search(article_id: str, values: dict[str, Any], *, session: Session) -> None:
    """Replace the article's row of SQLite's FTS5 ``article_search`` (folded like the query will be)."""
    rowid = search_rowid(article_id)
    session.execute(text("DELETE FROM article_search WHERE rowid = :rowid"), {"rowid": rowid})
    session.execute(
        text(
            "INSERT INTO article_search (rowid, article_id, title, description, body) "
            "VALUES (:rowid, :id, :title, :description, :body)"
        ),
        {
            "rowid": rowid,
            "id": article_id,
            "title": normalize(values.get("title") or ""),
            "description": normalize(values.get("description") or ""),
            "body": normalize(values.get("body") or ""),
        },
    )
