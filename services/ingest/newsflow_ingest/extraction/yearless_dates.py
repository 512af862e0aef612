"""Publication dates printed without a year ("Published 12 March, 14:30", "12.03., 14:30 Uhr", "Julkaistu 12.3.
klo 14.30", "Publié le 12 mars à 14h30", "3月12日 14:30"): many news sites print this year's dates so.

Read only when nothing else dates the page (declared values, ``<time datetime>``, the address, a full date shown
or printed anywhere: ``fields.read_dates`` asks last), and only where a reader takes a day for the article's: a
stamp of its own in the short lines between the headline and the article's text, or a day a publication label
introduces beside the headline ("Veröffentlicht am", ``date_labels``); never after an update word. The first long
line under the headline ends the look: the article's prose (a score "12.3.") and the related stories below it
carry days that are not the page's.

The year is the fetch's: the latest that does not put the day more than a day after the fetch (a day ahead for
the zones east of UTC). That is right only when the page was rendered in that year: a year-less day means "this
year" to the reader of the moment it was rendered, and an archived page fetched years later keeps the day of its
own year. So the page must show that year itself: a copyright year (the footer is rendered with the page), a full
date of that year elsewhere on it (a date bar, another story's date: the page was rendered that year or later),
or the year as a segment of its address (the CMS's folder of the publication). Without one of them, no date.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterator, Sequence
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from newsflow_ingest.extraction.calendars import baltic_month
from newsflow_ingest.extraction.date_labels import PUBLICATION_LABEL, UPDATE_WORDS
from newsflow_ingest.extraction.dates import (
    ParsedDate,
    is_plausible,
    language_codes,
    parse_date,
    written_date_spans,
)
from newsflow_ingest.extraction.shown_dates import texts_around_headline

# A clock after the day: "12 March, 14:30", "12 mars à 14h30", "12.3. klo 14.30", "12 marca o 14:30", "2:30 PM".
_CLOCK = (
    r"(?:,?\s*(?:at|um|à|às|alle|ore|om|a las|a la|в|o|kl\.?|klo|saat|u|ob|-|–|—|\||·|•)?\s*"
    r"(?P<hour>\d{1,2})(?::|\.|\s?h\s?)(?P<minute>\d{2})(?!\d)(?:\s*(?P<half>[AaPp])\.?[Mm]\b)?"
    r"(?:\s?(?:Uhr|val\.|น\.))?)?"
)
# Not followed by a year: a full date is read elsewhere (and first).
_NO_YEAR = r"(?!,?\s+(?:de\s+|del\s+)?\d{4}(?!\d))"
_MONTH = r"[^\W\d_]{3,12}"
_FORMS = (
    # a day, then a month name: "12 March", "12. März", "12 de marzo", "12er", Latvian "12. martā"
    re.compile(rf"(?<![\w.,:/-])(?P<day>\d{{1,2}})(?:st|nd|rd|th|er|º|ª)?\.?\s+(?:de\s+)?(?P<month>{_MONTH})\.?"
               rf"(?!\w){_NO_YEAR}{_CLOCK}"),
    # a month name, then the day: "March 12", "Mar. 12th", Lithuanian "kovo 12 d.", Hungarian "március 12."
    re.compile(rf"(?<![\w.])(?P<month>{_MONTH})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th|\s?d\.|\.)?(?![\w])"
               rf"{_NO_YEAR}{_CLOCK}"),
    # day and month in figures with the dot after each: "12.03.", "12.3." (German, Finnish, Czech, Polish, ...)
    re.compile(rf"(?<![\d.,:/])(?P<day>\d{{1,2}})\.(?P<number>\d{{1,2}})\.(?!\d)(?!\s?\d{{4}}(?![\d:.])){_CLOCK}"),
    # Chinese, Japanese, Korean "3月12日 14:30", "3월 12일" without the year before them
    re.compile(r"(?<![\d年년])(?<![\d年년]\s)(?P<number>\d{1,2})\s*[月월]\s*(?P<day>\d{1,2})\s*[日일]"
               r"(?:\s*[(（][^)）]{1,3}[)）])?(?:\s*(?P<hour>\d{1,2})\s*[時时시:]\s*(?P<minute>\d{2}))?"),
)  # fmt: skip
# Longer than this, a line under the headline is the article's prose: the stamps are above it.
_PROSE_CHARS = 120
# A stamp of its own ("12 March", "By Jane Smith | 12 March, 14:30"): a few words before the day; after it, a
# separator before more, or a zone ("CET", "MSK").
_STAMP_HEAD_CHARS = 40
_STAMP_HEAD_WORDS = 5
_SEPARATORS = frozenset("|·•-–—/")
_ZONE_TAIL = re.compile(r"[^\W\d_]{2,5}\.?")
Day = tuple[int, int, tuple[int, int] | None]  # month, day, (hour, minute)
_LEAD_CHARS = 30
_MAX_CANDIDATES = 6
_MAX_EVIDENCE_DATES = 60
_MONTH_KEYS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december",
)  # fmt: skip
_DATEPARSER_ALIASES = {"no": "nb", "iw": "he", "in": "id"}
_COPYRIGHT = r"(?:©|\(c\)|copyright)[^\d©]{{0,40}}?(?:\d{{4}}\s*[-–—/]\s*)?{year}(?!\d)"


def yearless_publication(
    headline: Any | None, root: Any, url: str, reference: datetime, languages: Sequence[str]
) -> str | None:
    """ISO 8601 of the day (and clock) printed without a year beside the headline, in the fetch's year when the
    page shows that year (above); None otherwise."""
    after, before = texts_around_headline(headline)
    found = _first_shown(after, languages, stamps=True) or _first_shown(before, languages, stamps=False)
    if found is None:
        return None
    month, day, clock = found
    year = _latest_year(month, day, reference)
    if year is None:
        return None
    value = datetime(year, month, day, *clock) if clock else datetime(year, month, day)
    if not is_plausible(ParsedDate(value, bool(clock)), reference):
        return None
    if not _shows_year(root, url, year, reference, languages):
        return None
    return value.isoformat() if clock else value.date().isoformat()


def _first_shown(texts: Sequence[str], languages: Sequence[str], *, stamps: bool) -> Day | None:
    """(month, day, clock) of the first year-less day in ``texts`` a publication label introduces, else (with
    ``stamps``) of the one day that stands as a stamp of its own (``_is_stamp``) in the lines above the first
    line of prose: several such days are a schedule or a list of stories, none of them the page's."""
    previous = ""
    tried = 0
    shown: set[Day] = set()
    for text in texts:
        if stamps and len(text) > _PROSE_CHARS:
            break
        for match in _candidates(text):
            lead = f"{previous} {text[: match.start()]}"[-_LEAD_CHARS:]
            if UPDATE_WORDS.search(lead):
                continue  # "Updated 12 March": a modification
            labelled = PUBLICATION_LABEL.search(lead) is not None
            if not labelled and not (stamps and _is_stamp(text, match)):
                continue
            tried += 1
            parts = _parts(match, languages)
            if parts is not None and labelled:
                return parts
            if parts is not None:
                shown.add(parts)
            if tried == _MAX_CANDIDATES:
                break
        previous = text
    return next(iter(shown)) if len(shown) == 1 else None


def _is_stamp(text: str, match: re.Match[str]) -> bool:
    """Whether the day stands in ``text`` as a stamp of its own, not in a sentence: at most a few words before
    it (a byline, a place: "By Jane Smith |"), nothing after it but a zone or a separator before more
    ("| 3 min read"); not "on Thursday, November 30." nor "米インテルは4月2日、" (a sentence's day)."""
    head, tail = text[: match.start()].strip(), text[match.end() :].strip()
    if len(head) > _STAMP_HEAD_CHARS or len(head.split()) > _STAMP_HEAD_WORDS:
        return False
    return not tail or tail[0] in _SEPARATORS or _ZONE_TAIL.fullmatch(tail) is not None


def _candidates(text: str) -> list[re.Match[str]]:
    """The year-less day forms in ``text``, earliest first (a text without a figure has none)."""
    if not any(character.isdigit() for character in text):
        return []
    found = [match for form in _FORMS for match in form.finditer(text)]
    return sorted(found, key=lambda match: match.start())


def _parts(match: re.Match[str], languages: Sequence[str]) -> Day | None:
    """(month, day, clock) of a candidate, its month name checked in the page's languages; None for a word
    that is no month ("Chapter 12", "12 people") or an impossible day or clock."""
    groups = match.groupdict()
    day = int(groups["day"])
    month = int(groups["number"]) if groups.get("number") else _month_number(groups["month"], languages)
    if month is None or not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    if groups.get("hour") is None:
        return month, day, None
    hour, minute = int(groups["hour"]), int(groups["minute"])
    half = (groups.get("half") or "").lower()
    if half and not 1 <= hour <= 12:
        return None
    hour = hour % 12 + 12 if half == "p" else hour % 12 if half == "a" else hour
    return (month, day, (hour, minute)) if hour < 24 and minute < 60 else None


def _month_number(word: str, languages: Sequence[str]) -> int | None:
    """The month a word names in the page's languages or in English (a name or an abbreviation as dateparser's
    tables list them, the Baltic declined forms as ``calendars`` does): not "Week" in "Week 16", nor "years" in
    "6 years ago", which a date parser may read around."""
    word = word.casefold()
    return baltic_month(word) or _month_names(language_codes(tuple(languages))).get(word)


@lru_cache(maxsize=32)
def _month_names(languages: tuple[str, ...]) -> dict[str, int]:
    """Month names and abbreviations of ``languages`` and English, lower case, without a final dot."""
    names: dict[str, int] = {}
    for code in dict.fromkeys([*(code.split("-")[0].lower() for code in languages), "en"]):
        code = _DATEPARSER_ALIASES.get(code, code)
        if not code.isalpha():
            continue
        try:
            table = importlib.import_module(f"dateparser.data.date_translation_data.{code}").info
        except ImportError:  # a language dateparser has no table for (or no dateparser): its names unknown
            continue
        for number, month in enumerate(_MONTH_KEYS, 1):
            for name in table.get(month, ()):
                names.setdefault(name.casefold().rstrip("."), number)
    return names


def _latest_year(month: int, day: int, reference: datetime) -> int | None:
    """The latest year in which the day is at most a day after the fetch (a day ahead: zones east of UTC)."""
    limit = reference.date() + timedelta(days=1)
    for year in (reference.year, reference.year - 1):
        try:
            if date(year, month, day) <= limit:
                return year
        except ValueError:  # 29 February of a common year
            continue
    return None


def _shows_year(root: Any, url: str, year: int, reference: datetime, languages: Sequence[str]) -> bool:
    """Whether the page shows ``year`` as the year it was rendered in or published: a path segment of its
    address ("/2024/", "/202403/"), a copyright year ("© 2024", "Copyright © 2010–2024"), or a full date of
    that year printed on it (not after the fetch)."""
    if re.search(rf"/{year}(?:/|(?:0[1-9]|1[0-2])(?:\d{{2}})?/)", urlsplit(url).path):
        return True
    copyright_year = re.compile(_COPYRIGHT.format(year=year), re.IGNORECASE)
    shown = re.compile(rf"(?<!\d){year}(?!\d)")
    dates = 0
    for text in _texts_with(root, str(year)):
        if copyright_year.search(text):
            return True
        for start, end in written_date_spans(text):
            dates += 1
            written = text[start:end]
            parsed = parse_date(written, languages=languages) if shown.search(written) else None
            if parsed is not None and parsed.value.year == year and is_plausible(parsed, reference):
                return True
            if dates >= _MAX_EVIDENCE_DATES:
                return False
    return False


def _texts_with(root: Any, year: str) -> Iterator[str]:
    """The page's text nodes that hold ``year`` (with what precedes them in the node: "© 2024")."""
    for text in root.itertext():
        if year in text:
            yield text
