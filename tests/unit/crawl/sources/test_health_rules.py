"""The status rule (paused, broken, stale, live) with its configurable thresholds, poll timing with jitter, and
feed discovery from a homepage."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from newsflow_crawl.sources.discovery import advertised_feeds
from newsflow_crawl.sources.health import source_status
from newsflow_crawl.sources.timing import next_poll_at
from newsflow_shared.config import Settings
from newsflow_shared.models import Source

NOW = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)


def _source(**fields: object) -> Source:
    values: dict[str, object] = {
        "active": True, "consecutive_failures": 0, "created_at": NOW - timedelta(days=10),
        "last_new_article_at": NOW - timedelta(hours=1), "interval_minutes": 60.0, "cron": None,
    }  # fmt: skip
    values.update(fields)
    return Source(**values)


def test_status_rule_in_order() -> None:
    settings = Settings(source_broken_failures=3, source_stale_hours=48)
    assert source_status(_source(), settings, NOW)[0] == "live"
    assert source_status(_source(active=False, consecutive_failures=9), settings, NOW)[0] == "paused"
    assert source_status(_source(consecutive_failures=2), settings, NOW)[0] == "live"
    assert source_status(_source(consecutive_failures=3), settings, NOW)[0] == "broken"
    quiet = _source(last_new_article_at=NOW - timedelta(hours=49))
    status, reason = source_status(quiet, settings, NOW)
    assert status == "stale" and "49 h" in reason
    # Never a new article: judged from when it was added.
    assert source_status(_source(last_new_article_at=None), settings, NOW)[0] == "stale"
    young = _source(last_new_article_at=None, created_at=NOW - timedelta(hours=2))
    assert source_status(young, settings, NOW)[0] == "live"


def test_thresholds_are_settings() -> None:
    strict = Settings(source_broken_failures=1, source_stale_hours=0.5)
    assert source_status(_source(consecutive_failures=1), strict, NOW)[0] == "broken"
    assert source_status(_source(), strict, NOW)[0] == "stale"


def test_interval_jitter_stays_within_its_share_and_spreads() -> None:
    rng = random.Random(7)
    times = [next_poll_at(_source(interval_minutes=60.0), NOW, jitter=0.1, rng=rng) for _ in range(200)]
    gaps = [(t - NOW).total_seconds() / 60 for t in times]
    assert min(gaps) >= 54 and max(gaps) <= 66
    assert max(gaps) - min(gaps) > 8  # really spread, not one fixed offset


def test_cron_schedule_next_time_with_bounded_jitter() -> None:
    source = _source(cron="0 6 * * *", interval_minutes=None)
    at = next_poll_at(source, NOW, jitter=0.1, rng=random.Random(1))
    assert datetime(2026, 12, 4, 6, 0, tzinfo=UTC) <= at <= datetime(2026, 12, 4, 6, 5, tzinfo=UTC)


def test_homepage_advertised_feeds() -> None:
    html = """<html><head><base href="/news/">
      <link rel="alternate" type="application/rss+xml" href="rss.xml">
      <link rel="alternate" type="application/atom+xml; charset=utf-8" href="https://cdn.example/atom">
      <link rel="alternate" hreflang="ar" href="/ar/">
      <link rel="stylesheet" href="x.css"></head><body><a href="/feed/">feed</a></body></html>"""
    assert advertised_feeds(html, "https://site.example/") == [
        "https://site.example/news/rss.xml",
        "https://cdn.example/atom",
    ]
