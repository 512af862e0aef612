"""The UTC offset a page's country implies, for a time the page gives without one.

A time printed without zone ("Veröffentlicht am 3. März 2024, 14:05 Uhr", "Publié le 3 mars 2024 à 14h05") is
the publisher's wall clock, and a UTC declaration ("2020-12-05T23:15:00Z") hides the day the reader is shown (the
6th in Italy). Nothing on such a page states its offset, so it is inferred, and only from two pieces of evidence
together:

- the country of the page's domain (its country-code top-level domain, ``.uk`` for Great Britain), not one of
  the country codes sold as generic names (Google Search's list of generic ccTLDs: ``.co``, ``.io``, ``.tv``, …);
- the page's declared language is an official language of that country (CLDR through babel: German on ``.de``,
  ``.at`` and ``.ch``, French on ``.fr``, ``.be`` and ``.ch``), of the whole country or of a region of it (Tamil
  on ``.in``); an English edition of a German site may be run from anywhere. A page that declares no language
  gives the same evidence when a date it shows names its month in one of those languages ("06 Dicembre 2020"
  on ``.it``; a name English shares, "April", does not count).

And the country must keep one clock: every zone the tz database lists for it (``pytz.country_timezones``) has
the same offset at that date (Germany, France, Italy, Austria, Switzerland, Britain, India; not Spain with the
Canaries, Portugal with the Azores, the United States, Canada, Brazil, Russia). It is still a guess — a French
paper's overseas edition on ``.fr``, a British site writing UTC in winter and summer alike — so it is used only
when no rendering on the page reveals the offset (``local_time``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from urllib.parse import urlsplit

from dateutil import tz

from newsflow_ingest.extraction.dates import language_codes, parse_date

_LETTERS = re.compile(r"[^\W\d_]+")

# Country codes Google Search treats as generic (Search Central, "Managing multi-regional and multilingual
# sites"): bought for their letters, not their country.
_GENERIC_COUNTRY_CODES = frozenset(
    {"ad", "ai", "as", "bz", "cc", "cd", "co", "dj", "fm", "gg", "io", "la", "me", "ms", "nu", "sc", "sr", "su", "tk",
     "tv", "ws"}
)  # fmt: skip
_TLD_COUNTRY = {"uk": "gb"}  # the one ccTLD that differs from its ISO 3166 code


def country_offset(url: str, languages: Sequence[str], value: datetime) -> timezone | None:
    """The offset of the page's country at ``value`` (a naive wall clock or an aware instant), or None when the
    domain, the language or a country across offsets gives no single answer."""
    codes = language_codes(tuple(languages))
    if not codes:
        return None
    zones = _country_zones(_country(url), codes[0].split("-")[0].lower())
    offsets = {_offset_at(zone, value) for zone in zones}
    if len(offsets) != 1:
        return None
    offset = offsets.pop()
    return timezone(offset) if offset is not None else None


def _country(url: str) -> str:
    host = (urlsplit(url).hostname or "").rstrip(".")
    label = host.rsplit(".", 1)[-1].lower() if "." in host else ""
    if len(label) != 2 or not label.isalpha() or label in _GENERIC_COUNTRY_CODES:
        return ""
    return _TLD_COUNTRY.get(label, label)


@lru_cache(maxsize=256)
def _country_zones(country: str, language: str) -> tuple[str, ...]:
    """The tz-database zones of ``country`` when ``language`` is one of its official languages."""
    if not country:
        return ()
    import pytz  # type: ignore[import-untyped]  # the tz database's country table (a dependency of dateparser; loaded only here)

    if _CLDR_CODES.get(language, language) not in _country_languages(country):
        return ()
    return tuple(pytz.country_timezones.get(country, ()))


# Codes pages declare for a language CLDR codes otherwise: Tagalog "tl" is how pages code Filipino ("fil"),
# "iw" and "in" are Hebrew's and Indonesian's old codes.
_CLDR_CODES = {"tl": "fil", "iw": "he", "in": "id"}


@lru_cache(maxsize=64)
def _country_languages(country: str) -> tuple[str, ...]:
    """The country's official languages, those official in a region of it too (Tamil, Bengali, Marathi in
    India; Catalan in Spain): a page in one of them is written for that country as much as one in the national
    language (thirteenth pass)."""
    from babel.languages import get_official_languages

    return tuple(get_official_languages(country.upper(), regional=True, de_facto=True))


def _offset_at(zone: str, value: datetime) -> timedelta | None:
    zone_info = _zone(zone)
    if zone_info is None:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=zone_info).utcoffset()
    return value.astimezone(zone_info).utcoffset()


# dateutil keeps only the last eight zones it read (and weak references): a country of many zones (the United States
# has 29) read its zone files again on every page, 0.1 ms each (speed, second round). The files do not change while
# the process runs.
@lru_cache(maxsize=1024)
def _zone(zone: str) -> tzinfo | None:
    """``dateutil.tz.gettz(zone)``, read once per process."""
    zone_info: tzinfo | None = tz.gettz(zone)
    return zone_info


def zoned_by_country(
    iso: str, url: str, languages: Sequence[str], printed: Callable[[], Sequence[str]]
) -> str:
    """``iso`` in its page's country offset (``country_offset``): a time without zone takes it; a UTC instant is
    re-expressed in it unless the page prints that UTC clock, which means it shows UTC (``printed`` gives the
    date texts the page shows, read only then). A day, or a time with another offset, is returned as it is."""
    if "T" not in iso:
        return iso
    try:
        value = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if value.tzinfo is not None and value.utcoffset() != timedelta(0):
        return iso
    if not language_codes(tuple(languages)):
        languages = _language_of_month_names(_country(url), printed())
    offset = country_offset(url, languages, value)
    if offset is None:
        return iso
    if value.tzinfo is None:
        return value.replace(tzinfo=offset).isoformat()
    if offset == timedelta(0) or shows_clock(value, printed(), languages):
        return iso
    return value.astimezone(offset).isoformat()


def shows_clock(value: datetime, printed: Iterable[str], languages: Sequence[str]) -> bool:
    """Whether one of the shown date texts ``printed`` gives the wall clock of ``value`` (to the minute, in any
    notation): for a UTC instant, the page shows UTC."""
    for text in printed:
        shown = parse_date(text, languages=languages)
        if shown is not None and shown.has_time and shown.value.strftime("%H:%M") == value.strftime("%H:%M"):
            return True
    return False


def date_languages(url: str, languages: Sequence[str], printed: Callable[[], Sequence[str]]) -> list[str]:
    """The languages the page's dates are read in: ``languages``, and before them, for a page declared English
    on the domain of a country where English is not official, the country's official language whose month
    names the page's shown dates use (``printed``, read only then): ``lang="en"`` is many CMSs' default
    (yam.md's "20 septembrie 2020" on a page declared English; its country's offset then applies too)."""
    codes = language_codes(tuple(languages))
    if not codes or not all(code.lower().startswith("en") for code in codes):
        return list(languages)
    country = _country(url)
    if not country or "en" in _official_languages(country):
        return list(languages)
    return [*_language_of_month_names(country, printed()), *languages]


def _language_of_month_names(country: str, printed: Sequence[str]) -> tuple[str, ...]:
    """For a page that declares no language: the official language of its country in which one of its shown
    dates names the month ("06 Dicembre 2020" on ``.it``), when that name is not also an English one ("April")."""
    if not country or not printed:
        return ()
    words = {word.casefold() for text in printed for word in _LETTERS.findall(text)}
    for language in _official_languages(country):
        if words & _month_names(language):
            return (language,)
    return ()


@lru_cache(maxsize=64)
def _official_languages(country: str) -> tuple[str, ...]:
    from babel.languages import get_official_languages

    return tuple(get_official_languages(country.upper(), de_facto=True))


@lru_cache(maxsize=64)
def _month_names(language: str) -> frozenset[str]:
    """A language's month names, wide and abbreviated (CLDR), without those English writes the same way."""
    from babel import Locale, UnknownLocaleError

    try:
        locale = Locale.parse(language)
    except (UnknownLocaleError, ValueError):
        return frozenset()
    names = {
        name.casefold().rstrip(".")
        for width in ("wide", "abbreviated")
        for context in ("format", "stand-alone")
        for name in locale.months[context][width].values()
    }
    english = Locale.parse("en").months
    shared = {
        name.casefold().rstrip(".")
        for width in ("wide", "abbreviated")
        for name in english["format"][width].values()
    }
    return frozenset(names - shared)
