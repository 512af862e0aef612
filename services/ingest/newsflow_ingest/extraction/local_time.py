"""A declared UTC timestamp shown on the page in the publisher's local time: recover the page's UTC offset.

Publishers often declare ``2019-11-19T07:03:25Z`` (or a naive ``2019-11-19 07:03:25``) while the page shows
"November 18, 2019 11:03 PM": the same instant in their time zone. The issue asks for the time zone to be kept,
and readers date the story by the day they see; so when a visible date with a time differs from the declared
instant by a whole quarter hour within ±14 h, that difference is the page's offset and the instant is expressed
in it. Nothing is guessed when no visible time matches (measured on benchmarks/extraction/labels.json: the
day in the publisher's zone is what the labels, and readers, see).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta, timezone

from newsflow_ingest.extraction.dates import HAS_TIME, parse_date

_MAX_OFFSET = timedelta(hours=14)
_QUARTER_HOUR_MINUTES = 15


def is_utc_or_naive(iso: str) -> bool:
    """Whether an ISO timestamp with a time carries no offset or offset zero (only those may be localised)."""
    if "T" not in iso:
        return False  # a day without a time: nothing to re-express
    try:
        offset = datetime.fromisoformat(iso).utcoffset()
    except ValueError:
        return False
    return offset is None or offset == timedelta(0)


def localise(declared_iso: str, visible: Iterable[str], *, languages: Sequence[str] = ()) -> str | None:
    """``declared_iso`` re-expressed in the offset a visible date/time reveals, or ``None``."""
    try:
        declared = datetime.fromisoformat(declared_iso)
    except ValueError:
        return None
    if declared.tzinfo is not None and declared.utcoffset() != timedelta(0):
        return None  # already local
    instant = declared.replace(tzinfo=None)
    for text in visible:
        if not text or not HAS_TIME.search(text):
            continue  # a day without a time cannot reveal an offset (and parsing costs)
        shown = parse_date(text, languages=languages)
        if shown is None or not shown.has_time or shown.value.tzinfo is not None:
            continue
        # pages show minutes, not seconds: compare whole minutes
        difference = shown.value.replace(second=0, microsecond=0) - instant.replace(second=0, microsecond=0)
        minutes = int(difference.total_seconds() // 60)
        if difference and abs(difference) <= _MAX_OFFSET and minutes % _QUARTER_HOUR_MINUTES == 0:
            offset = timezone(timedelta(minutes=minutes))
            return instant.replace(tzinfo=UTC).astimezone(offset).isoformat()
    return None
