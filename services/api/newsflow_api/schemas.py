"""Request and response bodies of the task API (they are its OpenAPI contract).

Crawl and article bodies reuse the message schemas of ``newsflow_shared.messages`` where the shapes
agree, so the API serves the same keys as ``EnrichedArticle.to_record()`` and ``newsflow extract``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal
from urllib.parse import urlsplit

from newsflow_shared.config import Settings
from newsflow_shared.messages import (
    Block,
    CrawlMode,
    CrawlRequest,
    CrawlStatus,
    EntityCount,
    Image,
    Translation,
)
from pydantic import BaseModel, ConfigDict, Field, field_validator


class CrawlCreate(BaseModel):
    """Body of ``POST /v1/crawls``; absent limits take ``NEWSFLOW_DEFAULT_MAX_PAGES`` / ``_MAX_DEPTH``."""

    # A misspelt field ("max_page") would otherwise be dropped silently and the default used.
    model_config = ConfigDict(extra="forbid")

    seeds: list[str] = Field(min_length=1, max_length=1000, description="http(s) URLs the crawl starts from.")
    mode: CrawlMode = Field(
        "site", description="What the seeds are: article pages, a site, feeds or sitemaps."
    )
    max_pages: int | None = Field(None, ge=1, le=1_000_000, description="URLs the crawl may fetch at most.")
    max_depth: int | None = Field(None, ge=0, le=100, description="Links followed away from a seed at most.")
    since: date | None = Field(
        None, description="Oldest publication day stored (ISO date); stops archive walks."
    )
    until: date | None = Field(None, description="Newest publication day stored (ISO date).")
    allowed_domains: list[str] = Field(
        default_factory=list,
        max_length=1000,
        description="Hosts beyond the seeds' that site/archive may follow.",
    )
    include: list[str] = Field(
        default_factory=list, max_length=100, description="Follow only URLs matching one."
    )
    exclude: list[str] = Field(
        default_factory=list, max_length=100, description="Never follow URLs matching one."
    )
    skip_known: bool = Field(False, description="Do not fetch discovered articles an earlier crawl parsed.")
    source_id: int | None = Field(
        None,
        ge=1,
        lt=2**31,
        description="The source this crawl polls (its new articles become the source's).",
    )

    @field_validator("seeds")
    @classmethod
    def _absolute_http_urls(cls, seeds: list[str]) -> list[str]:
        for seed in seeds:
            parts = urlsplit(seed)
            if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
                raise ValueError(f"seed {seed!r} is not an absolute http(s) URL")
        return seeds

    def to_request(self, settings: Settings) -> CrawlRequest:
        """The crawl request message, with the deployment's defaults filled in."""
        return CrawlRequest(
            seeds=self.seeds,
            mode=self.mode,
            max_pages=self.max_pages if self.max_pages is not None else settings.default_max_pages,
            max_depth=self.max_depth if self.max_depth is not None else settings.default_max_depth,
            since=self.since,
            until=self.until,
            allowed_domains=self.allowed_domains,
            include=self.include,
            exclude=self.exclude,
            skip_known=self.skip_known,
            source_id=self.source_id,
        )


class CrawlAccepted(BaseModel):
    """A crawl durably recorded and its seeds queued."""

    id: str
    status: Literal["queued"] = "queued"


class CrawlCounts(BaseModel):
    """Counters of a crawl (``newsflow_shared.messages.COUNTERS``)."""

    discovered: int = 0
    fetched: int = 0
    articles: int = 0
    stored: int = 0
    skipped: int = 0
    failed: int = 0


class CrawlView(BaseModel):
    """A crawl: live counts while it runs, the recorded ones once final."""

    id: str
    status: CrawlStatus
    mode: CrawlMode
    seeds: list[str]
    max_pages: int
    max_depth: int
    counts: CrawlCounts
    created_at: datetime
    finished_at: datetime | None = None
    hosts: dict[str, int] = Field(
        default_factory=dict, description="Requests per host (attempts, retries too)."
    )
    statuses: dict[str, int] = Field(
        default_factory=dict, description='Requests per HTTP status ("0": no response, e.g. a timeout).'
    )
    paused_hosts: dict[str, datetime] = Field(
        default_factory=dict, description="Hosts paused (Retry-After, repeated failures) and until when."
    )
    eta_seconds: float | None = Field(None, description="Estimated seconds left, at the crawl's rate so far.")


class CrawlList(BaseModel):
    items: list[CrawlView]


class ArticleSummary(BaseModel):
    """One line of the article list."""

    id: str
    url: str
    canonical_url: str
    title: str | None = None
    published_at: datetime | None = None
    language: str | None = None
    site_name: str | None = None
    crawl_id: str | None = None
    version: int | None = Field(None, description="The content version (articles.version).")
    created_at: datetime | None = Field(None, description="When the article was first stored.")


class ArticlePage(BaseModel):
    items: list[ArticleSummary]
    next_cursor: str | None = Field(None, description="Pass as `cursor` for the next page; null on the last.")


class ArticleRecord(BaseModel):
    """The full article: the keys of ``EnrichedArticle.to_record()`` plus ``id``."""

    id: str
    url: str
    canonical_url: str
    title: str | None = None
    authors: list[str] = Field(default_factory=list)
    published_at: datetime | None = None
    modified_at: datetime | None = None
    section: str | None = None
    dateline: str | None = None
    description: str | None = None
    body: str = ""
    blocks: list[Block] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list)
    organisation: str | None = None
    images: list[Image] = Field(default_factory=list)
    site_name: str | None = None
    html_lang: str | None = None
    extras: dict[str, str] = Field(default_factory=dict)
    status: str = "article"
    provenance: dict[str, str] = Field(default_factory=dict)
    fetched_at: datetime | None = None
    language: str | None = None
    language_confidence: float | None = None
    declared_language: str | None = None
    html_lang_agrees: bool | None = None
    mixed_language: bool = False
    language_shares: dict[str, float] = Field(default_factory=dict)
    entities: list[EntityCount] = Field(default_factory=list)
    translations: list[Translation] = Field(default_factory=list)


Probe = Literal["ok", "error"]


class StageHealth(BaseModel):
    """One stage's workers and waiting messages."""

    workers: int = Field(description="Workers of the stage that answered a ping (Celery remote control).")
    queued: int = Field(description="Messages waiting in the stage's queue (not those a worker holds).")
    status: Literal["ok", "idle", "degraded"] = Field(
        description="ok: a worker answers; idle: none, and nothing waits; degraded: none while messages wait."
    )


class Health(BaseModel):
    """Whether the API's two dependencies answer and, when they do, whether each stage has a worker."""

    status: Literal["ok", "degraded", "error"] = Field(
        description="error (503): Redis or the database does not answer; degraded (200): a stage has "
        "messages waiting and no live worker; ok (200) otherwise."
    )
    redis: Probe
    database: Probe
    stages: dict[str, StageHealth] | None = Field(
        None,
        description="Per stage (ingest, enrich, store); left out when status is error, or when the "
        "workers could not be asked.",
    )
