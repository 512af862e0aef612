"""Turning message values (ISO strings, free text) into values every supported database accepts."""

from __future__ import annotations

import hashlib
import logging
from datetime import UTC, datetime

logger = logging.getLogger(__name__)


def parse_timestamp(value: str | None) -> datetime | None:
    """An ISO 8601 string as an aware UTC datetime; None when absent or unreadable.

    A naive value is taken as UTC (``fetched_at`` is produced in UTC). Everything is normalised to UTC because
    SQLite stores ``DateTime(timezone=True)`` without the offset: a local time would silently shift.
    """
    if not value:
        return None
    try:
        # Python 3.11's fromisoformat reads the ISO 8601 forms the parser emits, including a trailing "Z".
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        logger.warning("ignoring unreadable timestamp %r", value)
        return None
    return as_utc(parsed)


def as_utc(value: datetime) -> datetime:
    """``value`` in UTC; a naive datetime is taken to be UTC already (SQLite hands them back naive)."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def clean_text(value: str | None, max_length: int | None = None) -> str | None:
    """Text without NUL characters (PostgreSQL rejects them in text columns), cut to ``max_length``."""
    if value is None:
        return None
    value = value.replace("\x00", "")
    return value[:max_length] if max_length is not None else value


def content_hash(body: str) -> str:
    """SHA-256 hex of the body with runs of whitespace collapsed: re-wrapped text hashes the same."""
    normalised = " ".join(body.split())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()
