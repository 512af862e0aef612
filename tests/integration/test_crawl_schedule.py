"""Recurring crawls: the schedule file becomes Celery beat entries, and a tick starts one crawl (row and outbox
committed, seeds queued through the crawl lifecycle, as the API starts one) however often it is started."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
import redis
from newsflow_crawl.lifecycle import start_scheduled_crawl
from newsflow_crawl.state import RedisLedger
from newsflow_shared.db import make_engine, make_sessionmaker, session_scope
from newsflow_shared.messages import CrawlRequest
from newsflow_shared.migrate import upgrade
from newsflow_shared.models import Crawl
from newsflow_shared.queues import START_CRAWL_TASK, TASK_QUEUES

from newsflow.schedule import load_schedule
from tests.support.transports import RecordingTransport

SCHEDULE = """
[[crawl]]
name = "feeds"
every_minutes = 15
seeds = ["https://news.example/feed/"]
mode = "feed"
max_pages = 300

[[crawl]]
name = "news-sitemap"
every_minutes = 60
seeds = ["https://news.example/news-sitemap.xml"]
mode = "sitemap"
"""


def test_schedule_file_gives_beat_entries(tmp_path: Path) -> None:
    path = tmp_path / "schedule.toml"
    path.write_text(SCHEDULE)
    entries = load_schedule(path)
    assert set(entries) == {"crawl:feeds", "crawl:news-sitemap"}
    feeds = entries["crawl:feeds"]
    assert feeds["task"] == START_CRAWL_TASK and TASK_QUEUES[START_CRAWL_TASK] == "store"
    assert feeds["schedule"] == timedelta(minutes=15)
    request = CrawlRequest.model_validate(feeds["args"][0])
    assert request.max_pages == 300 and request.skip_known  # recurring: only articles not parsed before


@pytest.mark.parametrize(
    "bad",
    [
        '[[crawl]]\nname = "x"\nseeds = ["https://a.example/"]\n',
        '[[crawl]]\nname = "x"\nevery_minutes = 5\nseeds = ["ftp://a"]\n',
    ],
)
def test_invalid_schedules_are_refused(tmp_path: Path, bad: str) -> None:
    path = tmp_path / "schedule.toml"
    path.write_text(bad)
    with pytest.raises(ValueError):
        load_schedule(path)


@pytest.mark.integration
def test_a_tick_starts_one_crawl_even_when_redelivered(postgres_url: str, redis_url: str) -> None:
    upgrade(postgres_url)
    engine = make_engine(postgres_url)
    sessions = make_sessionmaker(engine)
    ledger = RedisLedger(redis.Redis.from_url(redis_url))
    transport = RecordingTransport()
    request = CrawlRequest(seeds=["https://news.example/feed/"], mode="feed")
    first = start_scheduled_crawl("tick-1", request, sessions=sessions, ledger=ledger, transport=transport)
    again = start_scheduled_crawl("tick-1", request, sessions=sessions, ledger=ledger, transport=transport)
    later = start_scheduled_crawl("tick-2", request, sessions=sessions, ledger=ledger, transport=transport)
    published = transport.fetches()
    assert first == again != later
    assert [t.crawl_id for t in published] == [first, later] and published[0].role == "feed"
    with session_scope(sessions) as session:
        assert session.get(Crawl, first) is not None and session.get(Crawl, later) is not None
    engine.dispose()
