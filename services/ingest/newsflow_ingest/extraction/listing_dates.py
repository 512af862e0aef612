"""The date of a page that has no article date: the newest timestamp it prints (a listing's newest item, or
the page's own "Stand: 09.10.2017, 01:40 Uhr" stamp).

Home and listing pages declare no publication date and print none beside a headline, yet date their news
items, or themselves, with a day and a time of day. The newest such stamp is the day the page's content is
from, as htmldate's reference has it. Only stamps with a clock count: a bare day in prose is as often a
deadline or an event as the page's own date. Readers' comments carry their own dates and are skipped.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from newsflow_ingest.extraction.date_labels import PUBLICATION_OR_STATE_LABEL
from newsflow_ingest.extraction.dates import (
    HAS_TIME,
    is_plausible,
    parse_date,
    written_date_spans,
    written_dates,
)
from newsflow_ingest.extraction.document import class_and_id, names_comment_thread

_MAX_STAMPS = 200  # a listing's first screens; a longer page is not read further
_MAX_TEXT = 400
# A word that labels a day as the page's own publication or state ("Stand: 15.06.2018", "Veröffentlicht am",
# "Diterbitkan pada", "公開日："), right before the date (the label may be its own element: "<strong>Stand:</strong>
# 15.06.2018"): ``date_labels.PUBLICATION_OR_STATE_LABEL``. Not "Aktualisiert", "Mis à jour": a modification.
_LABEL_LEAD_CHARS = 30


def newest_timestamp(root: Any, reference: datetime, languages: Sequence[str]) -> str | None:
    """The day (ISO 8601) of the newest date-and-time printed in ``root``'s text outside comments, if any."""
    newest: datetime | None = None
    seen = 0
    for text in _texts(root):
        for written, _updated in written_dates(text):
            seen += 1
            parsed = parse_date(written, languages=languages) if HAS_TIME.search(written) else None
            if parsed is None or not parsed.has_time or not is_plausible(parsed, reference):
                continue
            value = parsed.value.replace(tzinfo=None)
            newest = value if newest is None or value > newest else newest
        if seen >= _MAX_STAMPS:
            break
    return newest.date().isoformat() if newest else None


def _texts(root: Any, *, digits_only: bool = True) -> Any:
    """The text and tail strings of the page's elements in document order (those with a digit, unless
    ``digits_only`` is false), except inside comment threads (the parser removed scripts other than JSON-LD,
    and styles, before any reader ran: ``body.strip_code``)."""
    skip: set[Any] = set()
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        parent = element.getparent()
        if parent in skip or names_comment_thread(class_and_id(element)):
            skip.add(element)
            continue
        for text in (element.text, element.tail):
            if text and (not digits_only or any(ch.isdigit() for ch in text)):
                yield text[:_MAX_TEXT]


def labelled_day(root: Any, reference: datetime, languages: Sequence[str]) -> str | None:
    """The first date on the page that a publication word labels ("Stand: 15.06.2018" in a footer), as ISO
    8601 (with its clock when it has one): the page's own date wherever it is printed, unlike a bare day."""
    previous = ""
    for text in _texts(root, digits_only=False):
        if not text.strip():
            continue
        for start, end in written_date_spans(text)[:5] if any(ch.isdigit() for ch in text) else ():
            lead = (previous + " " + text[:start])[-_LABEL_LEAD_CHARS:]
            if PUBLICATION_OR_STATE_LABEL.search(lead) is None:
                continue
            parsed = parse_date(text[start:end], languages=languages)
            if parsed is not None and is_plausible(parsed, reference):
                return parsed.iso()
        previous = text
    return None
