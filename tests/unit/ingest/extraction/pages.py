"""What the extraction tests' made-up pages share: the fetch time they are parsed at and a paragraph of ordinary
news prose to stand for an article's text (long enough to count as one)."""

from __future__ import annotations

from datetime import UTC, datetime

FETCHED = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
PROSE = (
    "The council voted on Tuesday to expand the city's bus network, adding four routes that will connect the "
    "northern suburbs with the hospital district and the university campus by the end of next year."
)
