"""The recurring-crawl schedule of ``newsflow beat``: a TOML file (``NEWSFLOW_SCHEDULE_FILE``).

    [[crawl]]
    name = "gulf-ledger-feeds"      # unique; names the beat entry
    every_minutes = 15
    seeds = ["https://www.example-news.com/feed/"]
    mode = "feed"                   # feeds and news sitemaps are what recurring crawls are for
    max_pages = 500
    # skip_known = true             # the default here: articles parsed by an earlier tick are not fetched

Each entry becomes a Celery beat entry for ``newsflow.store.start_crawl`` with the crawl request. Beat runs it
with :class:`CrawlScheduler`, which starts the crawl itself through the crawl lifecycle — row and outbox in one
transaction, then the relay, exactly as ``POST /v1/crawls`` does — instead of sending that message to the store
worker. Feeds and sitemaps are fetched conditionally (ETag/Last-Modified), so an unchanged feed costs one 304 per
tick.
"""

from __future__ import annotations

import tomllib
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

from celery.beat import PersistentScheduler
from newsflow_crawl import lifecycle
from newsflow_crawl.delivery.celery_transport import CeleryTransport
from newsflow_crawl.outbox import OutboxRelay
from newsflow_crawl.state import RedisLedger
from newsflow_shared.config import get_settings
from newsflow_shared.db import make_engine, make_sessionmaker
from newsflow_shared.messages import CrawlRequest
from newsflow_shared.queues import START_CRAWL_TASK


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
        self._sessions = make_sessionmaker(make_engine(settings.database_url))
        self._ledger = RedisLedger.from_url(settings.redis_url)
        self._transport = CeleryTransport(self.app, settings)
        self._relay = OutboxRelay(self._sessions, self._ledger, self._transport)
        self._relay.start()

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
        super().close()
