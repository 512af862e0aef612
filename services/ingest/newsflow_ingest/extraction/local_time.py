"""The publisher's own time zone and the date the page shows, reconciled with the declared timestamp.

Publishers often declare ``2019-11-19T07:03:25Z`` (or a naive ``2019-11-19 07:03:25``) while the page shows
"November 18, 2019 11:03 PM": the same instant in their time zone. The issue asks for the time zone to be kept,
and readers date the story by the day they see; so the instant is re-expressed in the page's offset when some
other rendering reveals it (``localise``):

- a rendering of the same instant with a non-zero offset: another meta tag ("sailthru.date" =
  "2019-11-19 21:57:00 -0800"), a timestamp inside a meta tag's JSON, a visible "10:31 pm CST";
- a naive rendering (a visible "Nov. 19, 2019 5:50 PM", a naive meta value) whose wall clock differs from the
  UTC instant by a real UTC offset (a whole quarter hour, at least one hour, at most 14 hours);
- the same two checks against the page's declared *modification* instant, whose offset is the page's too
  ("Updated 10:01 pm PST" shown, the publication only declared in UTC).

A visible time equal to the UTC instant means the page shows UTC, and nothing is changed. Nothing is guessed
when no rendering matches.

A shown publication time that is clearly *earlier* than the declared one (beyond any time-zone reading, and by
at most a week) is the first publication: declared ``datePublished`` values are often the last save ("November
18, 2019 -- 19:14 GMT" shown, "2019-11-19 19:31:39" declared). A shown date *later* than the declared
publication is not taken: that is a modification date shown without its label (``earlier_shown_publication``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from newsflow_ingest.extraction.dates import HAS_TIME, ParsedDate, is_plausible, parse_date
from newsflow_ingest.extraction.shown_dates import ShownDate

_MAX_OFFSET = timedelta(hours=14)
_MIN_OFFSET = timedelta(hours=1)  # no time zone is less than an hour from UTC but UTC itself
_QUARTER_HOUR_MINUTES = 15
_SECONDS = re.compile(r"\d{1,2}:\d{2}:(\d{2})")
# Timestamps inside meta values that are not dates themselves (JSON such as contextly's "pub_date").
_EMBEDDED_TIMESTAMP = re.compile(
    r"(?<!\d)\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:\s?(?:[+-]\d{2}:?\d{2}|Z))?"
)
_DATE_KEY_WORDS = ("date", "publish", "time", "modif", "updat", "creat", "issued")
# A script's key naming the publication ("publication_date", "publishDate", "pub_date", "datePublished") and the
# timestamp assigned to it, quoted (``= "…"`` or ``: "…"``).
_PUBLICATION_ASSIGNMENT = re.compile(
    r"(?:publi|pub_?date|date_?published)\w*[\"']?\s*[:=]\s*[\"'](" + _EMBEDDED_TIMESTAMP.pattern + r")[\"']",
    re.IGNORECASE,
)
_PUBLICATION_WORDS = ("ubli", "UBLI", "ubDate", "ub_date", "ubdate", "UB_DATE")
_MAX_SCRIPTS = 30
_SCRIPT_CHARS = 50_000
# A shown time earlier than the declared one by less than this is the same publication (rounding, a minute
# between saving and publishing).
_SAME_PUBLICATION = timedelta(minutes=10)
_MAX_EARLIER = timedelta(days=7)
_HALF_DAY_HOURS = 12
# A naive time may be read in any zone from UTC-12 to UTC+14.
_ZONE_SPREAD_EAST = timedelta(hours=14)
_ZONE_SPREAD_WEST = timedelta(hours=12)


_DECLARED_SOURCES = ("jsonld", "og", "meta")


_Parse = Callable[[str], ParsedDate | None]


def settle_published(
    published: tuple[str, str] | None,
    modified_iso: str | None,
    *,
    shown: Sequence[ShownDate],
    more_visible: Callable[[], Iterable[str]],
    meta_tags: Mapping[str, Sequence[str]],
    reference: datetime,
    languages: Sequence[str] = (),
    more_declared: Callable[[], Iterable[str]] = tuple,
    beside_headline: bool = True,
) -> tuple[str, str] | None:
    """The declared publication ``(iso, source)`` in the page's offset, or the shown earlier publication
    (source ``"html"``). Other sources (profile, the page's text, feed, URL) are returned as they are.
    ``more_visible`` gives further visible date texts (``<time>`` elements), ``more_declared`` further
    machine-readable ones (``<time datetime>``), each read only when needed. ``beside_headline`` false means
    the ``shown`` dates sit beside a heading that does not display the title: they may still reveal the
    declared instant's offset (a rendering of the same instant), but an earlier one is not taken for the
    publication (it is as likely a listed story's)."""
    if published is None or published[1] not in _DECLARED_SOURCES:
        return published
    iso, source = published
    memo: dict[str, ParsedDate | None] = {}

    def parse(text: str) -> ParsedDate | None:  # each text is compared with several instants
        if text not in memo:
            memo[text] = parse_date(text, languages=languages)
        return memo[text]

    slipped = _shown_half_of_day(iso, shown, parse) if beside_headline else None
    if slipped:
        return slipped, "html"
    if is_utc_or_naive(iso):
        visible = _chain((date.text for date in shown), more_visible)
        iso = (
            localise(
                iso,
                _chain(declared_renderings(meta_tags), more_declared),
                modified_iso=modified_iso,
                shown=visible,
                parse=parse,
            )
            or _local_clock_labelled_utc(
                iso, more_declared(), _chain((date.text for date in shown), more_visible), parse
            )
            or iso
        )
    if not beside_headline:
        return iso, source
    earlier = earlier_shown_publication(iso, shown, reference, parse=parse)
    return (earlier, "html") if earlier else (iso, source)


def _chain(first: Iterable[str], then: Callable[[], Iterable[str]]) -> Iterator[str]:
    yield from first
    yield from then()


def is_utc_or_naive(iso: str) -> bool:
    """Whether an ISO timestamp with a time carries no offset or offset zero (only those may be localised)."""
    if "T" not in iso:
        return False  # a day without a time: nothing to re-express
    try:
        offset = datetime.fromisoformat(iso).utcoffset()
    except ValueError:
        return False
    return offset is None or offset == timedelta(0)


def declared_renderings(tags: Mapping[str, Sequence[str]]) -> Iterator[str]:
    """Date texts of the meta tags: values of keys naming a date or a time, then timestamps found inside other
    values' JSON (analytics and recommendation plugins: contextly's ``"pub_date"``), lazily."""
    for key, values in tags.items():
        if any(word in key for word in _DATE_KEY_WORDS):
            yield from values[:2]
    for key, values in tags.items():
        if not any(word in key for word in _DATE_KEY_WORDS):
            for value in values[:2]:
                if value.startswith(("{", "[")):
                    yield from (match.group(0) for match in _EMBEDDED_TIMESTAMP.finditer(value[:5000]))


def inline_scripts(root: Any) -> list[str]:
    """The texts of the page's inline scripts but JSON ones (read before the tree loses its scripts)."""
    texts: list[str] = []
    for script in root.iter("script"):
        if script.text and not script.get("src") and "json" not in (script.get("type") or ""):
            texts.append(script.text)
            if len(texts) == _MAX_SCRIPTS:
                break
    return texts


def script_renderings(scripts: Iterable[str]) -> Iterator[str]:
    """Timestamps that inline scripts assign to a key naming the publication (``var publication_date =
    "2020-02-17 21:18:11"``, a data layer's ``"publishDate": "…"``): analytics and ad tags often carry the
    publisher's wall clock where the meta tags say UTC. JSON-LD is read elsewhere; lazily, a bounded read."""
    for text in scripts:
        head = text[:_SCRIPT_CHARS]
        # a substring test first: the pattern's search costs ten times more, and most scripts name no publication
        if not any(word in head for word in _PUBLICATION_WORDS):
            continue
        for match in _publication_assignments(head):
            yield match.group(1)


# How a match of _PUBLICATION_ASSIGNMENT starts, in lower case.
_PUBLICATION_KEYS = ("publi", "pubdate", "pub_date", "datepublished", "date_published")
# The only characters that the pattern's case-insensitive matching pairs with a letter of those keys but that
# str.lower() does not turn into it ("İ" and "ı" with "i", "ſ" with "s"; checked over every code point); "İ"
# is also the only one that str.lower() turns into two characters.
_UNFOLDED_KEY_LETTERS = ("\u0130", "\u0131", "\u017f")


def _publication_assignments(head: str) -> Iterator[re.Match[str]]:
    """``_PUBLICATION_ASSIGNMENT.finditer(head)``, faster: the pattern is only tried where one of its keys starts
    (found by substring search in the lower-cased text, whose positions are the script's), since its
    case-insensitive search otherwise tries every character of up to 50,000 (a quarter of a millisecond per
    benchmark page). The matches are the same: each position finditer would try and match at starts a key, and
    they are tried in the same order, after the end of the previous match. A script with one of the characters
    lower-casing does not fold gets the plain search."""
    if not head.isascii() and any(char in head for char in _UNFOLDED_KEY_LETTERS):
        yield from _PUBLICATION_ASSIGNMENT.finditer(head)
        return
    lowered = head.lower()
    starts: set[int] = set()
    for key in _PUBLICATION_KEYS:
        index = lowered.find(key)
        while index >= 0:
            starts.add(index)
            index = lowered.find(key, index + 1)
    end = 0
    for start in sorted(starts):
        if start < end:
            continue
        match = _PUBLICATION_ASSIGNMENT.match(head, start)
        if match:
            yield match
            end = match.end()


def localise(
    declared_iso: str,
    renderings: Iterable[str],
    *,
    modified_iso: str | None = None,
    shown: Iterable[str] = (),
    languages: Sequence[str] = (),
    parse: _Parse | None = None,
) -> str | None:
    """``declared_iso`` re-expressed in the offset that a declared rendering (``renderings``) or a visible one
    (``shown``) of it, or of ``modified_iso``, reveals; ``None`` when none does or the page shows UTC."""
    declared = _utc_wall_clock(declared_iso)
    if declared is None:
        return None
    targets = [declared]
    modified = _utc_wall_clock(modified_iso) if modified_iso else None
    if modified is not None and modified != declared:
        targets.append(modified)
    read = parse or (lambda text: parse_date(text, languages=languages))
    for text, visible in _labelled(renderings, shown):
        if not text or not HAS_TIME.search(text):
            continue  # a day without a time cannot reveal an offset (and parsing costs)
        rendering = read(text)
        if rendering is None or not rendering.has_time:
            continue
        for target in targets:
            offset = _revealed_offset(target, rendering, text)
            if offset is None:
                continue
            if offset == timedelta(0):
                if visible:
                    return None  # the page shows the UTC time itself
                continue  # another UTC (or same naive) rendering of the declaration says nothing
            return declared.replace(tzinfo=UTC).astimezone(timezone(offset)).isoformat()
    return None


def earlier_shown_publication(
    declared_iso: str,
    shown: Sequence[ShownDate],
    reference: datetime,
    *,
    languages: Sequence[str] = (),
    parse: _Parse | None = None,
) -> str | None:
    """The first shown publication time (not an "Updated" one) when it is clearly earlier than the declared
    publication, as ISO; ``None`` otherwise. Only a shown date with a time of day is considered."""
    first = next((date for date in shown if not date.updated), None)
    if first is None or not HAS_TIME.search(first.text):
        return None
    candidate = parse(first.text) if parse else parse_date(first.text, languages=languages)
    if candidate is None or not candidate.has_time or not is_plausible(candidate, reference):
        return None
    try:
        declared = datetime.fromisoformat(declared_iso)
    except ValueError:
        return None
    if "T" not in declared_iso:
        return None  # a declared day alone cannot be compared with a time
    return candidate.iso() if _clearly_earlier(candidate, declared) else None


def _local_clock_labelled_utc(
    declared_iso: str, zoned: Iterable[str], visible: Iterable[str], parse: _Parse
) -> str | None:
    """The page's zoned rendering (a ``<time datetime>`` with a non-zero offset) of the *wall clock* a UTC
    declaration gives, to the minute, when the page also prints that clock ("2019-04-19T20:00:00.000Z"
    declared, ``<time datetime="2019-04-19T20:00:00+09:00">2019.04.19 20:00</time>``): the CMS wrote its local
    clock with a "Z", and the offset the page states is the instant's. Without the printed clock the two
    renderings only disagree, and either may be the wrong one (a theme writing the UTC clock with the local
    offset). A naive declaration is left alone: it claims no zone."""
    try:
        declared = datetime.fromisoformat(declared_iso)
    except ValueError:
        return None
    if declared.tzinfo is None or declared.utcoffset() != timedelta(0):
        return None
    clock = declared.replace(tzinfo=None, second=0, microsecond=0)
    if not any(_prints_clock(text, clock, parse) for text in visible):
        return None
    for text in zoned:
        try:
            value = datetime.fromisoformat(text.strip())
        except ValueError:
            continue
        offset = value.utcoffset()
        if offset and value.replace(tzinfo=None, second=0, microsecond=0) == clock:
            return declared.replace(tzinfo=value.tzinfo).isoformat()
    return None


def _prints_clock(text: str, clock: datetime, parse: _Parse) -> bool:
    """Whether a visible date text shows the wall clock ``clock`` (naive, to the minute)."""
    if not HAS_TIME.search(text):
        return False
    shown = parse(text)
    if shown is None or not shown.has_time:
        return False
    return shown.value.replace(tzinfo=None, second=0, microsecond=0) == clock


def _shown_half_of_day(declared_iso: str, shown: Sequence[ShownDate], parse: _Parse) -> str | None:
    """The first shown publication time when it is the declared one twelve hours on, to the minute, on the same
    day ("2018-04-05T06:00" declared, "April 5, 2018 | 6:00 PM" shown): a 12-hour clock written without its
    half of the day. A shown time later by anything else is a modification and stays unused. Not for a UTC
    declaration: "6:00 PM" may be its rendering at +12:00 (``localise`` decides)."""
    first = next((date for date in shown if not date.updated), None)
    if first is None or not HAS_TIME.search(first.text) or "T" not in declared_iso:
        return None
    candidate = parse(first.text)
    try:
        declared = datetime.fromisoformat(declared_iso).replace(second=0, microsecond=0)
    except ValueError:
        return None
    if candidate is None or not candidate.has_time or declared.hour >= _HALF_DAY_HOURS:
        return None
    if declared.tzinfo is not None and declared.utcoffset() == timedelta(0):
        return None
    shown_clock = candidate.value.replace(second=0, microsecond=0, tzinfo=None)
    if shown_clock != declared.replace(tzinfo=None) + timedelta(hours=_HALF_DAY_HOURS):
        return None
    if candidate.value.tzinfo is None and declared.tzinfo is not None:
        return shown_clock.replace(tzinfo=declared.tzinfo).isoformat()
    return candidate.iso()


def _clearly_earlier(shown: ParsedDate, declared: datetime) -> bool:
    """Whether ``shown`` is before ``declared`` by more than the same publication's rounding and, when either
    has no offset, by more than any reading of it in another time zone; but by at most ``_MAX_EARLIER`` (a
    later save, not an older event's time in a caption)."""
    value = shown.value
    if (value.tzinfo is None) == (declared.tzinfo is None):
        gap, spread = declared - value, timedelta(0)  # both aware, or both in the publisher's (unknown) zone
    elif value.tzinfo is None:  # a naive shown time: the latest instant it can be is its wall clock at UTC-12
        gap, spread = declared.astimezone(UTC).replace(tzinfo=None) - value, _ZONE_SPREAD_WEST
    else:  # a naive declaration: the earliest instant it can be is its wall clock at UTC+14
        gap, spread = declared - value.astimezone(UTC).replace(tzinfo=None), _ZONE_SPREAD_EAST
    return spread + _SAME_PUBLICATION < gap <= spread + _MAX_EARLIER


def _utc_wall_clock(iso: str) -> datetime | None:
    """A UTC or naive timestamp as a naive wall clock; ``None`` for a local one or a bad value."""
    try:
        value = datetime.fromisoformat(iso)
    except ValueError:
        return None
    if value.tzinfo is not None and value.utcoffset() != timedelta(0):
        return None
    return value.replace(tzinfo=None)


def _labelled(declared: Iterable[str], shown: Iterable[str]) -> Iterator[tuple[str, bool]]:
    """The renderings with whether each is visible (only a visible one shows that the page uses UTC)."""
    yield from ((text, False) for text in declared)
    yield from ((text, True) for text in shown)


def _revealed_offset(instant: datetime, shown: ParsedDate, text: str) -> timedelta | None:
    """The UTC offset at which ``shown`` (parsed from ``text``) renders ``instant`` (a naive UTC wall clock)."""
    seconds = _SECONDS.search(text)
    # pages show minutes, not seconds; a rendering with seconds (other than ":00") must match them too
    precise = seconds is not None and seconds.group(1) != "00"
    value = shown.value
    if value.tzinfo is not None:
        offset = value.utcoffset() or timedelta(0)
        same = _truncate(value.astimezone(UTC).replace(tzinfo=None), precise) == _truncate(instant, precise)
        return offset if same and (offset == timedelta(0) or _is_real_offset(offset)) else None
    difference = _truncate(value, precise) - _truncate(instant, precise)
    if difference == timedelta(0) or _is_real_offset(difference):
        return difference
    return None


def _is_real_offset(offset: timedelta) -> bool:
    """Whether ``offset`` may be a time zone's: at least an hour, at most 14, whole quarter hours (a difference
    of 5:14:59 is two different clocks, not a zone: floor division alone counted it as 5:15)."""
    minutes, seconds = divmod(int(offset.total_seconds()), 60)
    whole_quarters = seconds == 0 and minutes % _QUARTER_HOUR_MINUTES == 0
    return _MIN_OFFSET <= abs(offset) <= _MAX_OFFSET and whole_quarters


def _truncate(value: datetime, precise: bool) -> datetime:
    return value.replace(microsecond=0) if precise else value.replace(second=0, microsecond=0)


def zoned_by_rendering(iso: str, renderings: Callable[[], Iterable[str]]) -> str:
    """A time without zone (``2017-03-01T14:27:02``, the clock a page prints) with the offset of a zoned
    rendering of the same wall clock, to the minute, that the page also carries (a meta value, a ``<time
    datetime>``, a script's ``data-origindate="2017-03-01 14:27:02 +0800"``): the same time, its zone stated.
    A zero offset is not taken (a local clock labelled UTC is a common CMS slip: ``_local_clock_labelled_utc``);
    any other value is returned as it is. ``renderings`` is read only for a naive time."""
    value = _naive_time(iso)
    if value is None:
        return iso
    clock = value.replace(second=0, microsecond=0)
    for zoned in _zoned_times(renderings()):
        if zoned.utcoffset() and zoned.replace(tzinfo=None, second=0, microsecond=0) == clock:
            return value.replace(tzinfo=zoned.tzinfo).isoformat()
    return iso


# a week: the publisher's offset then is its offset at the naive time, a daylight-saving change aside
_NEIGHBOUR_DAYS = 7


def zoned_by_neighbours(iso: str, renderings: Callable[[], Iterable[str]]) -> str:
    """A time without zone with the one offset the page's other declared timestamps within a week of it share
    (its modification time, meta values): the publisher's clock, its zone stated once elsewhere. Not when they
    disagree, when the offset is zero (a local clock labelled UTC is as common as UTC) or when none is that near
    (another season may have another offset); any other value is returned as it is. ``renderings`` is read only
    for a naive time."""
    value = _naive_time(iso)
    if value is None:
        return iso
    offsets = set()
    for zoned in _zoned_times(renderings()):
        if abs(zoned.replace(tzinfo=None) - value) <= timedelta(days=_NEIGHBOUR_DAYS):
            offsets.add(zoned.utcoffset())
    if len(offsets) != 1:
        return iso
    offset = offsets.pop()
    return value.replace(tzinfo=timezone(offset)).isoformat() if offset else iso


def _naive_time(iso: str) -> datetime | None:
    """The date-time ``iso`` names when it has a clock and no zone, else None (a day alone has no clock to zone)."""
    try:
        value = datetime.fromisoformat(iso)
    except ValueError:
        return None
    return value if "T" in iso and value.tzinfo is None else None


def _zoned_times(texts: Iterable[str]) -> Iterator[datetime]:
    """The renderings among ``texts`` that read as a clock with a stated zone (UTC included)."""
    for text in texts:
        if not HAS_TIME.search(text):
            continue
        rendering = parse_date(text)
        if rendering is not None and rendering.has_time and rendering.value.tzinfo is not None:
            yield rendering.value


# A zoned timestamp in a script: ISO 8601 with a numeric offset ("2020-05-02T06:00:00-04:00") or RFC 2822
# ("Fri, 01 May 2020 23:00:00 -0400"); "Z" says UTC, not where the publisher is.
_SCRIPT_ZONED_TIMESTAMP = re.compile(
    r"(?<!\d)\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?[+-]\d{2}:?\d{2}(?!\d)"
    r"|\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}(?::\d{2})? [+-]\d{4}\b"
)
_MAX_SCRIPT_TIMESTAMPS = 40


def zoned_by_scripts(iso: str, scripts: Sequence[str], shows_clock: Callable[[datetime], bool]) -> str:
    """A UTC instant re-expressed in the one non-zero offset that the zoned timestamps of the page's inline
    scripts within a week of it share (a broadcaster's schedule "Fri, 01 May 2020 23:00:00 -0400", a data
    layer's times): the publisher's clock, stated in its own data. Not when they give two offsets, none that
    near, or when the page prints the UTC clock (``shows_clock``: it shows UTC). The instant never changes;
    any other value is returned as it is."""
    value = _utc_instant(iso)
    if value is None:
        return iso
    offsets: set[timedelta] = set()
    for zoned in _script_zoned_times(scripts, value):
        if abs(zoned - value) <= timedelta(days=_NEIGHBOUR_DAYS):
            offsets.add(zoned.utcoffset() or timedelta(0))
    offsets.discard(timedelta(0))
    if len(offsets) != 1 or shows_clock(value):
        return iso
    return value.astimezone(timezone(offsets.pop())).isoformat()


def _utc_instant(iso: str) -> datetime | None:
    """The instant ``iso`` names when it has a clock and says UTC ("Z", "+00:00"), else None."""
    if "T" not in iso:
        return None
    try:
        value = datetime.fromisoformat(iso)
    except ValueError:
        return None
    return value if value.tzinfo is not None and value.utcoffset() == timedelta(0) else None


def _script_zoned_times(scripts: Sequence[str], near: datetime) -> Iterator[datetime]:
    """The first zoned timestamps written in ``scripts`` (a bounded read of each) of the scripts that name a
    month around ``near``: a substring test first, because scanning every script with the pattern cost about
    half a millisecond a page and a timestamp within a week of ``near`` names one of those months."""
    marks = _month_marks(near)
    count = 0
    for text in scripts:
        head = text[:_SCRIPT_CHARS]
        if not any(mark in head for mark in marks):
            continue
        for match in _SCRIPT_ZONED_TIMESTAMP.finditer(head):
            parsed = parse_date(match.group(0))
            if parsed is not None and parsed.has_time and parsed.value.tzinfo is not None:
                yield parsed.value
            count += 1
            if count >= _MAX_SCRIPT_TIMESTAMPS:
                return


_MONTH_ABBREVIATIONS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _month_marks(near: datetime) -> set[str]:
    """How the two timestamp forms name the months of the days around ``near`` ("2020-05-", "May 2020"): a
    week either side, and a day more for the widest offsets (UTC-12 to UTC+14) between the instant and the
    script's local day."""
    marks: set[str] = set()
    for days in range(-_NEIGHBOUR_DAYS - 1, _NEIGHBOUR_DAYS + 2):
        day = near + timedelta(days=days)
        marks.add(f"{day.year:04d}-{day.month:02d}-")
        marks.add(f"{_MONTH_ABBREVIATIONS[day.month - 1]} {day.year:04d}")
    return marks
