"""The shared database schema (SQLAlchemy 2). A public contract: ``docs/schema.md`` documents every column.

Changing a column means a new Alembic revision in ``newsflow_shared/migrations`` and a line in the schema
changelog; downstream readers rely on these names.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Version of the documented read contract (docs/schema.md); bumped on a breaking change.
DB_SCHEMA_VERSION = 1

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[Any]: JSON}


def _now() -> Any:
    return func.now()


class Crawl(Base):
    __tablename__ = "crawls"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    mode: Mapped[str] = mapped_column(String(16))
    seeds: Mapped[list[Any]] = mapped_column(JSON)
    max_pages: Mapped[int] = mapped_column(Integer)
    max_depth: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default="queued", index=True)
    discovered: Mapped[int] = mapped_column(Integer, default=0)
    fetched: Mapped[int] = mapped_column(Integer, default=0)
    articles: Mapped[int] = mapped_column(Integer, default=0)
    stored: Mapped[int] = mapped_column(Integer, default=0)
    skipped: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=_now())
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # Added in 0009_sources (issue 17): the source this crawl polled (null for a one-off crawl).
    source_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)


class Article(Base):
    __tablename__ = "articles"

    # SHA-256 hex of canonical_url: the natural key, so a redelivered or re-crawled article is one row.
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    canonical_url: Mapped[str] = mapped_column(Text)
    url: Mapped[str] = mapped_column(Text)
    crawl_id: Mapped[str | None] = mapped_column(
        String(36), ForeignKey("crawls.id", ondelete="SET NULL"), nullable=True, index=True
    )
    title: Mapped[str | None] = mapped_column(Text, nullable=True)
    authors: Mapped[list[Any]] = mapped_column(JSON, default=list)
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True, index=True)
    modified_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    section: Mapped[str | None] = mapped_column(Text, nullable=True)
    dateline: Mapped[str | None] = mapped_column(Text, nullable=True)
    description: Mapped[str | None] = mapped_column(Text, nullable=True)
    body: Mapped[str] = mapped_column(Text, default="")
    images: Mapped[list[Any]] = mapped_column(JSON, default=list)
    site_name: Mapped[str | None] = mapped_column(Text, nullable=True)
    html_lang: Mapped[str | None] = mapped_column(String(35), nullable=True)
    language: Mapped[str | None] = mapped_column(String(35), nullable=True, index=True)
    language_confidence: Mapped[float | None] = mapped_column(Float, nullable=True)
    # Added in 0002_enrichment (issue 5): declared vs detected language, and the languages of the paragraphs.
    declared_language: Mapped[str | None] = mapped_column(String(35), nullable=True)
    html_lang_agrees: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    mixed_language: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    language_shares: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    extras: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    provenance: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(16), default="article")
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    fetched_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=_now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=_now())
    # Added in 0004_crawling (issue 4): near-duplicate clustering and where the raw capture is.
    minhash: Mapped[list[Any] | None] = mapped_column(JSON, nullable=True)
    cluster_id: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    capture: Mapped[str | None] = mapped_column(Text, nullable=True)
    # Added in 0005_extraction (issue 3): the body as typed blocks, declared tags, an organisation byline.
    blocks: Mapped[list[Any] | None] = mapped_column(JSON, nullable=True)
    tags: Mapped[list[Any] | None] = mapped_column(JSON, nullable=True)
    organisation: Mapped[str | None] = mapped_column(Text, nullable=True)
    # Added in 0009_sources (issue 17): the source whose poll first stored the article (set when that poll ends).
    source_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # Added in 0007_change_feed (issue 14): the content version (1 when first stored, +1 whenever the content
    # fingerprint changes; docs/schema.md "Versions") and that fingerprint.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    version_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # Added in 0011_article_state_hash (issue 14): the fingerprint of everything a reader sees of the article
    # but fetch bookkeeping (columns, entity links, translations); a store with the same one is no change.
    state_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)


class ArticleUrl(Base):
    """Every URL an article was seen under (its own, redirects' targets, duplicates naming it canonical)."""

    __tablename__ = "article_urls"

    url: Mapped[str] = mapped_column(Text, primary_key=True)
    article_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    first_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=_now())


class NearDuplicateBand(Base):
    """One LSH band of an article's MinHash signature: articles sharing a band are near-duplicate candidates."""

    __tablename__ = "near_duplicate_bands"

    band: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    article_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class FetchOutcomeRow(Base):
    """Every request of a crawl as the fetcher saw it (copied from the crawl ledger when the crawl ends)."""

    __tablename__ = "fetch_outcomes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    crawl_id: Mapped[str] = mapped_column(String(36), index=True)
    url: Mapped[str] = mapped_column(Text)
    host: Mapped[str] = mapped_column(String(255))
    status: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(64))
    bytes: Mapped[int] = mapped_column(Integer, default=0)
    seconds: Mapped[float] = mapped_column(Float, default=0.0)
    fetched_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Entity(Base):
    __tablename__ = "entities"
    __table_args__ = (UniqueConstraint("name", "type", name="uq_entities_name_type"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(300))
    type: Mapped[str] = mapped_column(String(16), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=_now())
    # Added in 0002_enrichment (issue 5): the catalogue across articles.
    aliases: Mapped[list[Any] | None] = mapped_column(JSON, nullable=True)
    article_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Added in 0008_entity_identifiers (issue 16): identifiers other systems share, from shipped tables.
    wikidata_id: Mapped[str | None] = mapped_column(String(16), nullable=True, index=True)
    geonames_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    # Added in 0012_entity_name_key (issue 16): a person's consonant skeleton (``newsflow_shared.name_keys``),
    # by which the store links a person first named in another script to the one Latin-script row.
    name_key: Mapped[str | None] = mapped_column(String(300), nullable=True)
    # Added in 0013_entity_labels (issue 16): the row's name in each other script it was linked under, by ISO
    # 15924 code ({"Arab": "خالد الفالح"}); the first spelling of a script is kept. The name's own script is not
    # repeated here.
    labels: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    # Added in 0016_entity_loose_key (issue 16): a person's looser skeleton (``name_keys.loose_person_key``), by
    # which the store links a spelling the ``name_key`` misses only when the row and the article share context.
    loose_key: Mapped[str | None] = mapped_column(String(300), nullable=True)


class ArticleEntity(Base):
    __tablename__ = "article_entities"

    article_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    entity_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    count: Mapped[int] = mapped_column(Integer, default=1)
    # Added in 0002_enrichment (issue 5): where and how prominently the article names the entity.
    mentions: Mapped[list[Any] | None] = mapped_column(JSON, nullable=True)
    salience: Mapped[float | None] = mapped_column(Float, nullable=True)
    first_position: Mapped[int | None] = mapped_column(Integer, nullable=True)
    in_title: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    provenance: Mapped[str | None] = mapped_column(String(16), nullable=True)
    # Added in 0008_entity_identifiers (issue 16): the per-language route that found it ("model:fr_core_news_sm").
    route: Mapped[str | None] = mapped_column(String(64), nullable=True)


class ArticleTranslation(Base):
    __tablename__ = "translations"
    __table_args__ = (
        UniqueConstraint("article_id", "target_language", "provider", name="uq_translations_article_target"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    provider: Mapped[str] = mapped_column(String(64))
    source_language: Mapped[str] = mapped_column(String(35))
    target_language: Mapped[str] = mapped_column(String(35))
    title: Mapped[str | None] = mapped_column(Text, nullable=True)
    body: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=_now())
    # Added in 0006_translation_cache (issue 5): the provider's model, and the SHA-256 of what was sent (the
    # translation cache key: a stored translation is found again by it instead of being paid for twice).
    model: Mapped[str | None] = mapped_column(String(200), nullable=True)
    content_hash: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)


class Failure(Base):
    """Dead letters and permanent failures: what failed, where, why, and the message to replay it."""

    __tablename__ = "failures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    crawl_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    stage: Mapped[str] = mapped_column(String(16))
    task_name: Mapped[str] = mapped_column(String(100))
    url: Mapped[str | None] = mapped_column(Text, nullable=True)
    error_type: Mapped[str] = mapped_column(String(100))
    reason: Mapped[str] = mapped_column(String(64), index=True)
    message: Mapped[str] = mapped_column(Text)
    permanent: Mapped[bool] = mapped_column(Boolean)
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=_now())


class OutboxMessage(Base):
    """A message written in the same transaction as the row that caused it, published afterwards by a relay
    (the task API's), so a commit never loses its message when Redis is down for a moment."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    crawl_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    task_name: Mapped[str] = mapped_column(String(100))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=_now())
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True, index=True)


class Source(Base):
    """A site an operator follows (issue 17): what to poll, how often, and its health as the polls left it."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    homepage: Mapped[str | None] = mapped_column(Text, nullable=True)
    feeds: Mapped[list[Any]] = mapped_column(JSON, default=list)
    sitemaps: Mapped[list[Any]] = mapped_column(JSON, default=list)
    languages: Mapped[list[Any]] = mapped_column(JSON, default=list)
    tags: Mapped[list[Any]] = mapped_column(JSON, default=list)
    mode: Mapped[str] = mapped_column(String(16), default="feed")
    max_pages: Mapped[int] = mapped_column(Integer, default=100)
    max_depth: Mapped[int] = mapped_column(Integer, default=1)
    # The schedule: every ``interval_minutes``, or at the times of the cron expression (one of the two).
    interval_minutes: Mapped[float | None] = mapped_column(Float, nullable=True)
    cron: Mapped[str | None] = mapped_column(String(100), nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=_now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=_now())
    # Health, kept by the polls (newsflow_crawl.sources): the status is derived from these at read time.
    next_poll_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True, index=True)
    last_poll_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    last_success_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    last_new_article_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    current_crawl_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    discovered_feeds: Mapped[list[Any] | None] = mapped_column(JSON, nullable=True)


class SourceDay(Base):
    """New articles of a source on one UTC day (the 30-day sparkline without scanning ``articles``)."""

    __tablename__ = "source_days"

    source_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("sources.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True, index=True)
    articles: Mapped[int] = mapped_column(Integer, default=0)


class ApiToken(Base):
    """A bearer token of the task API, stored as its SHA-256 digest only; revoked tokens are kept for audit."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=_now())
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


Index("ix_articles_crawl_published", Article.crawl_id, Article.published_at)
Index("ix_articles_source_created", Article.source_id, Article.created_at)
# Added in 0007_change_feed (issue 14): the orders of GET /v1/articles and the documented reader queries.
Index("ix_articles_created_id", Article.created_at, Article.id)
Index("ix_articles_updated_id", Article.updated_at, Article.id)
Index("ix_articles_published_id", Article.published_at, Article.id)
Index("ix_articles_site_published", Article.site_name, Article.published_at)
# Added in 0010_section_index (issue 14): the section filter, like the site's.
Index("ix_articles_section_published", Article.section, Article.published_at)
# 0012_entity_name_key: the people of one skeleton, for the store's cross-script link.
Index("ix_entities_type_name_key", Entity.type, Entity.name_key)
Index("ix_entities_type_loose_key", Entity.type, Entity.loose_key)


# BIGINT autoincrement on PostgreSQL; SQLite only auto-increments an INTEGER PRIMARY KEY.
_BIG_SERIAL = BigInteger().with_variant(Integer, "sqlite")


class ArticleChange(Base):
    """The change feed (issue 14): one row per transaction that changed an article, in commit order.

    ``txid`` is the writing transaction's id on PostgreSQL (``pg_current_xact_id()``; 0 on SQLite, whose
    single writer makes ``seq`` alone commit-ordered). Readers page by ``(txid, seq)`` below the oldest running
    transaction (``newsflow_v1.changes``), so no row can appear behind a checkpoint: docs/schema.md.
    No foreign key: the feed outlives what it describes.
    """

    __tablename__ = "article_changes"
    __table_args__ = {"sqlite_autoincrement": True}  # noqa: RUF012 (SQLAlchemy reads it as is)

    seq: Mapped[int] = mapped_column(_BIG_SERIAL, primary_key=True, autoincrement=True)
    txid: Mapped[int] = mapped_column(BigInteger)
    article_id: Mapped[str] = mapped_column(String(64), index=True)
    version: Mapped[int] = mapped_column(Integer)
    change: Mapped[str] = mapped_column(String(16))
    origin: Mapped[str] = mapped_column(String(16))
    crawl_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=_now())


Index("ix_article_changes_txid_seq", ArticleChange.txid, ArticleChange.seq, unique=True)


class ArticleVersion(Base):
    """Every content version of an article (issue 14), the current one included: what it said, when it was
    stored, by which crawl or reprocess. ``articles.version`` names the current one."""

    __tablename__ = "article_versions"

    article_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_hash: Mapped[str] = mapped_column(String(64))
    stored_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    origin: Mapped[str] = mapped_column(String(16))
    crawl_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    url: Mapped[str] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text, nullable=True)
    description: Mapped[str | None] = mapped_column(Text, nullable=True)
    body: Mapped[str] = mapped_column(Text, default="")
    authors: Mapped[list[Any]] = mapped_column(JSON, default=list)
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    modified_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    section: Mapped[str | None] = mapped_column(Text, nullable=True)
    language: Mapped[str | None] = mapped_column(String(35), nullable=True)
    status: Mapped[str] = mapped_column(String(16))
    content_hash: Mapped[str] = mapped_column(String(64))
    changed: Mapped[list[Any]] = mapped_column(JSON, default=list)
