"""The recurring-crawl schedule of ``newsflow beat``: a TOML file (``NEWSFLOW_SCHEDULE_FILE``).

    [[crawl]]
    name = "gulf-ledger-feeds"      # unique; names the beat entry
    every_minutes = 15
    seeds = ["https://www.example-news.com/feed/"]
    mode = "feed"                   # feeds and news sitemaps are what recurring crawls are for
    max_pages = 500
    # skip_known = true             # the default here: articles parsed by an earlier tick are not fetched

Since sources (issue 17), ``newsflow beat`` imports the file's entries as sources (``newsflow_crawl.sources``,
upserted by name at start) and polls every active source on its schedule: :class:`CrawlScheduler` runs a
:class:`~newsflow_crawl.sources.scheduler.SourceScheduler` round on each tick, while it holds the scheduler lease
in Redis — so a second beat started by mistake stands by instead of polling everything twice. Each poll starts
its crawl through the crawl lifecycle (row and outbox in one transaction, then the relay), as ``POST /v1/crawls``
does. Feeds and sitemaps are fetched conditionally (ETag/Last-Modified), so an unchanged feed costs one 304.

:func:`load_schedule` (the file as Celery beat entries) stays for callers that still want plain beat entries.
"""

from __future__ import annotations

import logging
import tomllib
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

import redis
from celery.beat import PersistentScheduler
from newsflow_crawl import lifecycle
from newsflow_crawl.delivery.celery_transport import CeleryTransport
from newsflow_crawl.outbox import OutboxRelay
from newsflow_crawl.sources.imports import parse_schedule_toml, save_import
from newsflow_crawl.sources.leader import SchedulerLease
from newsflow_crawl.sources.polls import Discover
from newsflow_crawl.sources.scheduler import SourceScheduler
from newsflow_crawl.state import RedisLedger
from newsflow_shared.config import Settings, get_settings
from newsflow_shared.db import make_engine, make_sessionmaker, session_scope
from newsflow_shared.messages import CrawlRequest
from newsflow_shared.queues import START_CRAWL_TASK

log = logging.getLogger(__name__)


def import_schedule_as_sources(path: str | Path, settings: Settings) -> tuple[int, int]:
    """The schedule file's ``[[crawl]]`` entries as sources (created or updated by name); raises ValueError for
    an invalid entry. Returns (created, updated)."""
    parsed = parse_schedule_toml(Path(path).read_text(encoding="utf-8"))
    if parsed.errors:
        raise ValueError(f"{path}: " + "; ".join(f"{e['where']}: {e['error']}" for e in parsed.errors))
    with session_scope(make_sessionmaker(make_engine(settings.database_url))) as session:
        outcome = save_import(parsed, session=session, spread_minutes=1.0)
    return len(outcome.created), len(outcome.updated)


def _discovery(settings: Settings) -> Discover | None:
    """Feed re-discovery needs the crawler's fetcher (the ingest extra); without it broken sources keep theirs."""
    try:
        import newsflow_ingest  # noqa: F401

        from newsflow.source_commands import homepage_feeds
    except ImportError:
        log.info("newsflow_ingest not installed: no feed re-discovery for broken sources")
        return None
    return homepage_feeds(settings)


def load_schedule(path: str | Path) -> dict[str, dict[str, Any]]:
    """Celery ``beat_schedule`` entries for the crawls of a schedule file; raises ValueError when invalid."""
    data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    entries: dict[str, dict[str, Any]] = {}
    for item in data.get("crawl", []):
        name = str(item.get("name") or "")
        every = float(item.get("every_minutes") or 0)
        if not name or name in entries or every <= 0:
            raise ValueError(f"{path}: each [[crawl]] needs a unique name and every_minutes > 0 ({item!r})")
        fields = {k: v for k, v in item.items() if k not in ("name", "every_minutes")}
        fields.setdefault("skip_known", True)  # each tick fetches only the articles no earlier tick parsed
        request = CrawlRequest.model_validate(fields)
        entries[f"crawl:{name}"] = {
            "task": START_CRAWL_TASK,
            "schedule": timedelta(minutes=every),
            "args": [request.model_dump(mode="json")],
        }
    return entries


class CrawlScheduler(PersistentScheduler):  # type: ignore[misc]
    """Celery beat's scheduler with crawl starts done in this process through ``newsflow_crawl.lifecycle``.

    A tick of a ``[[crawl]]`` entry records the crawl and its seed messages (the outbox) and relays them; seeds
    the relay could not publish (Redis away) are published by this process's relay thread (or the API's) later.
    Other entries are sent as Celery messages, as beat always does.
    """

    def setup_schedule(self) -> None:
        super().setup_schedule()
        settings = get_settings()
        self._settings = settings
        self._sessions = make_sessionmaker(make_engine(settings.database_url))
        self._ledger = RedisLedger.from_url(settings.redis_url)
        self._transport = CeleryTransport(self.app, settings)
        self._relay = OutboxRelay(self._sessions, self._ledger, self._transport)
        self._relay.start()
        lease = SchedulerLease(
            redis.Redis.from_url(settings.redis_url), lease_seconds=settings.scheduler_lease_seconds
        )
        self._sources = SourceScheduler(
            lease, self._sessions, self._ledger, self._transport, settings, discover=_discovery(settings)
        )

    def tick(self, *args: Any, **kwargs: Any) -> float:
        """Poll the due sources (when this beat holds the lease), then beat's own entries; wake up again within
        a scheduler tick."""
        try:
            results = self._sources.tick()
        except Exception:  # a bad round must not stop beat: the next tick tries again
            log.exception("source scheduler round failed")
            results = None
        if results is None and not self._sources.lease.held:
            return min(self._settings.scheduler_tick_seconds, self._settings.scheduler_lease_seconds / 3)
        return min(float(super().tick(*args, **kwargs)), self._settings.scheduler_tick_seconds)

    def send_task(self, name: str, args: Any = (), kwargs: Any = None, **options: Any) -> Any:
        if name != START_CRAWL_TASK:
            return super().send_task(name, args, kwargs, **options)
        request = CrawlRequest.model_validate(args[0])
        return lifecycle.start_scheduled_crawl(
            str(uuid.uuid4()),
            request,
            sessions=self._sessions,
            ledger=self._ledger,
            transport=self._transport,
        )

    def close(self) -> None:
        relay = getattr(self, "_relay", None)
        if relay is not None:
            relay.stop()
        sources = getattr(self, "_sources", None)
        if sources is not None:
            sources.stop()  # a standby beat takes over at once
        super().close()
