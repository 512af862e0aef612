"""Message schemas that travel between stages (JSON over Celery) and out of the CLI.

Each message carries ``schema_version``; a stage accepts the versions it knows and ignores unknown fields, so a
newer producer does not break an older consumer. Raw HTML never travels: messages carry parsed text.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date, datetime
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, field_validator

SCHEMA_VERSION = 1

CrawlMode = Literal["article", "site", "feed", "sitemap", "archive"]
CRAWL_MODES: tuple[str, ...] = ("article", "site", "feed", "sitemap", "archive")
# What a URL is expected to be when it is queued: the fetch step parses or discovers accordingly.
UrlRole = Literal["article", "page", "feed", "sitemap"]
PageStatus = Literal["article", "not_article", "paywalled", "js_required", "thin"]
CrawlStatus = Literal["queued", "running", "done", "failed", "cancelled"]
CRAWL_FINAL_STATUSES: tuple[str, ...] = ("done", "failed", "cancelled")
COUNTERS: tuple[str, ...] = ("discovered", "fetched", "articles", "stored", "skipped", "failed")


def url_key(url: str) -> str:
    """SHA-256 hex of a URL: the natural key of an article (of its canonical URL) and of a frontier entry."""
    return hashlib.sha256(url.encode("utf-8")).hexdigest()


class Message(BaseModel):
    """Base of every queued message."""

    model_config = ConfigDict(extra="ignore")

    schema_version: int = SCHEMA_VERSION


class CrawlRequest(Message):
    """What an operator asks for (API body, CLI arguments)."""

    seeds: list[str] = Field(min_length=1, max_length=1000)
    mode: CrawlMode = "site"
    max_pages: int = Field(100, ge=1, le=1_000_000)
    max_depth: int = Field(2, ge=0, le=100)
    # Date range of a backfill: articles published outside it are not stored, and an archive walk stops once
    # its listing pages fall before ``since``. Inclusive, calendar dates (UTC).
    since: date | None = None
    until: date | None = None
    # Hosts beyond the seeds' own that ``site``/``archive`` crawls may follow (a host and its subdomains).
    allowed_domains: list[str] = Field(default_factory=list, max_length=1000)
    # Regular expressions on the URL: when ``include`` is given a URL must match one; none of ``exclude``.
    include: list[str] = Field(default_factory=list, max_length=100)
    exclude: list[str] = Field(default_factory=list, max_length=100)
    # Skip discovered article URLs that an earlier crawl already parsed (recurring crawls set it by default).
    skip_known: bool = False
    # The source this crawl polls (``sources.id``, issue 17): its articles become the source's when it ends.
    source_id: int | None = Field(None, ge=1, lt=2**31)

    @field_validator("include", "exclude")
    @classmethod
    def _valid_patterns(cls, patterns: list[str]) -> list[str]:
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"pattern {pattern!r} is not a regular expression: {exc}") from exc
        return patterns

    @field_validator("seeds")
    @classmethod
    def _http_urls(cls, seeds: list[str]) -> list[str]:
        for seed in seeds:
            parts = urlsplit(seed)
            if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
                raise ValueError(f"seed {seed!r} is not an http(s) URL with a host")
        return seeds


class FetchTask(Message):
    """One URL of a crawl for the ingest stage."""

    crawl_id: str
    url: str
    depth: int = 0
    role: UrlRole = "page"
    mode: CrawlMode = "site"
    max_pages: int = 100
    max_depth: int = 2
    # Facts learnt where the URL was found (feed entry date, sitemap lastmod, ...), passed to the parser.
    hints: dict[str, str] = Field(default_factory=dict)
    since: date | None = None
    until: date | None = None
    allowed_domains: list[str] = Field(default_factory=list)
    include: list[str] = Field(default_factory=list)
    exclude: list[str] = Field(default_factory=list)
    # How many times the host throttle deferred this task (each deferral is its own in-flight key).
    deferrals: int = 0
    # Whether a host slot was booked for this task when it was queued (it comes back for that slot).
    slot_booked: bool = False
    skip_known: bool = False


class Image(BaseModel):
    url: str
    caption: str | None = None
    credit: str | None = None


BlockKind = Literal["paragraph", "heading", "quote", "list_item"]


class Block(BaseModel):
    """One block of the article body, in reading order."""

    type: BlockKind
    text: str


class ParsedArticle(Message):
    """What the ingest stage extracted from one article page. The same keys as ``newsflow extract``."""

    crawl_id: str | None = None
    url: str
    canonical_url: str
    title: str | None = None
    authors: list[str] = Field(default_factory=list)
    published_at: str | None = None  # ISO 8601, with offset when known
    modified_at: str | None = None
    section: str | None = None
    dateline: str | None = None
    description: str | None = None
    body: str = ""  # plain text, paragraphs separated by a blank line
    blocks: list[Block] = Field(default_factory=list)  # the body typed; blank-line-joined they make body
    tags: list[str] = Field(default_factory=list)  # keywords/topics the publisher declares
    organisation: str | None = None  # a byline that names an organisation (agency, desk), not a person
    images: list[Image] = Field(default_factory=list)
    site_name: str | None = None
    html_lang: str | None = None
    extras: dict[str, str] = Field(default_factory=dict)
    status: PageStatus = "article"
    provenance: dict[str, str] = Field(default_factory=dict)
    fetched_at: str | None = None  # ISO 8601 UTC
    http_status: int | None = None
    # Where the raw response is kept: ``<WARC file>#<offset>`` (see newsflow_ingest.captures.warc), if captured.
    capture: str | None = None

    @property
    def article_id(self) -> str:
        return url_key(self.canonical_url)


class Mention(BaseModel):
    """Where an entity is named: character offsets into the enriched text (title, blank line, body)."""

    start: int
    end: int
    text: str


class EntityCount(BaseModel):
    """One entity of an article, grouped by normalised name and type."""

    name: str
    type: str
    count: int = 1
    # Added by issue 5; older producers send none of these.
    mentions: list[Mention] = Field(default_factory=list)
    salience: float | None = None  # in [0, 1]: mentions, how early, in the title (docs/enrichment.md)
    first_position: int | None = None  # character offset of the first mention
    in_title: bool = False
    # How it was found: "ner" (statistical model), "gazetteer", "alias" (curated table), "pattern" (rules),
    # "translation" (NER on the English translation; mentions then point into the translation's text).
    provenance: str = "ner"
    # Added by issue 16; older producers send none of these. The per-language route that found it
    # ("model:fr_core_news_sm", "rules:ar", "gazetteer:de", "translation:<model>"), and identifiers other systems
    # share, from shipped tables (docs/enrichment.md, "Identifiers").
    route: str | None = None
    wikidata_id: str | None = None
    geonames_id: int | None = None


class Translation(BaseModel):
    provider: str
    source_language: str
    target_language: str
    title: str | None = None
    body: str | None = None
    created_at: str | None = None
    model: str | None = None  # the provider's model, when it says (issue 5)
    content_hash: str | None = None  # SHA-256 of what was sent: the cache key


class ParagraphLanguage(BaseModel):
    """The detected language of one paragraph of the body (index counts the body's paragraphs from 0)."""

    index: int
    language: str | None = None
    confidence: float | None = None
    letters: int = 0


class Enrichment(BaseModel):
    """What the enrich stage adds."""

    language: str | None = None
    language_confidence: float | None = None
    # Added by issue 5: the page's declared language (normalised html_lang) against the detected one, and
    # the languages of the paragraphs (share of letters per language; mixed when a second one is substantial).
    declared_language: str | None = None
    html_lang_agrees: bool | None = None
    paragraph_languages: list[ParagraphLanguage] = Field(default_factory=list)
    language_shares: dict[str, float] = Field(default_factory=dict)
    mixed_language: bool = False
    language_detector: str | None = None
    entities: list[EntityCount] = Field(default_factory=list)
    translations: list[Translation] = Field(default_factory=list)
    # Why the configured translator gave nothing ("translator_unavailable: …"); the enrich worker also records
    # it in ``failures`` (stage enrich, replayable). None when translated or when no translation was due.
    translation_error: str | None = None


class EnrichedArticle(Message):
    """A parsed article with its enrichment, for the store stage."""

    article: ParsedArticle
    enrichment: Enrichment = Field(default_factory=Enrichment)

    def to_record(self) -> dict[str, Any]:
        """The flat record printed by ``newsflow extract`` and served by the API."""
        record = self.article.model_dump(exclude={"schema_version", "crawl_id", "http_status", "capture"})
        # Per-run diagnostics are not stored, so the API could not serve them: ``newsflow enrich`` prints them.
        diagnostics = {"paragraph_languages", "language_detector", "translation_error"}
        record.update(self.enrichment.model_dump(exclude=diagnostics))
        return record


class FailureRecord(Message):
    """A dead letter or a permanent failure, for the ``failures`` table."""

    crawl_id: str | None = None
    stage: Literal["ingest", "enrich", "store", "api"]
    task_name: str
    url: str | None = None
    error_type: str
    reason: str
    message: str
    permanent: bool
    attempts: int = 1
    payload: dict[str, Any] = Field(default_factory=dict)
    failed_at: datetime | None = None


class FinishCrawl(Message):
    """Sent once when nothing of a crawl is queued or in flight any more."""

    crawl_id: str
    counts: dict[str, int]
    cancelled: bool = False
