"""The recurring-crawl schedule of ``newsflow beat``: a TOML file (``NEWSFLOW_SCHEDULE_FILE``).

    [[crawl]]
    name = "gulf-ledger-feeds"      # unique; names the beat entry
    every_minutes = 15
    seeds = ["https://www.example-news.com/feed/"]
    mode = "feed"                   # feeds and news sitemaps are what recurring crawls are for
    max_pages = 500
    # skip_known = true             # the default here: articles parsed by an earlier tick are not fetched

Each entry becomes a Celery beat entry sending ``newsflow.store.start_crawl`` with the crawl request; feeds and
sitemaps are fetched conditionally (ETag/Last-Modified), so an unchanged feed costs one 304 per tick.
"""

from __future__ import annotations

import tomllib
from datetime import timedelta
from pathlib import Path
from typing import Any

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
