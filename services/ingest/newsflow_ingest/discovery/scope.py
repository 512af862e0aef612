"""Which discovered URLs a crawl may follow: its hosts, ``allowed_domains``, ``include``/``exclude`` patterns,
and its ``since``/``until`` date range."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from newsflow_shared.messages import FetchTask

from newsflow_ingest.urls import host_of

# Dates that news CMSs put in article paths: /2024/05/12/, /2024-05-12-, /20240512/ (WordPress, Arc, Drupal).
_URL_DATE = re.compile(r"(?<!\d)(20\d{2}|19\d{2})[/\-_]?(0[1-9]|1[0-2])[/\-_]?(0[1-9]|[12]\d|3[01])(?!\d)")


@lru_cache(maxsize=512)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def host_allowed(url: str, task: FetchTask) -> bool:
    """Whether ``url`` is on the host of ``task`` or on one of its ``allowed_domains`` (or their subdomains)."""
    host = host_of(url)
    if not host:
        return False
    if host == host_of(task.url):
        return True
    return any(
        host == d or host.endswith("." + d) for d in (d.lower().strip(".") for d in task.allowed_domains)
    )


def pattern_allowed(url: str, task: FetchTask) -> bool:
    """Whether ``url`` matches one of ``task.include`` (when any) and none of ``task.exclude``."""
    if task.include and not any(_compiled(p).search(url) for p in task.include):
        return False
    return not any(_compiled(p).search(url) for p in task.exclude)


def date_in_url(url: str) -> date | None:
    """The publication date a URL path spells (``/2024/05/12/slug``), if it spells one that exists."""
    match = _URL_DATE.search(url)
    if match is None:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def in_date_range(day: date | None, task: FetchTask) -> bool:
    """Whether ``day`` lies within the crawl's ``since``/``until`` (an unknown day is given the benefit)."""
    if day is None:
        return True
    if task.since is not None and day < task.since:
        return False
    return not (task.until is not None and day > task.until)


def iso_day(value: str | None) -> date | None:
    """The calendar day of an ISO 8601 timestamp or date (``2024-05-12T10:00:00+03:00`` → 2024-05-12)."""
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None
