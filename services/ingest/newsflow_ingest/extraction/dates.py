"""Publication and modification dates: parse candidates from every source, keep the timezone, reject the
impossible (future, pre-web) and pick by source priority."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from functools import lru_cache
from itertools import islice
from typing import Any

from dateutil import parser as dateutil_parser
from dateutil import tz
from dateutil.tz import tzoffset
from lxml import etree

from newsflow_ingest.extraction.calendars import (
    ARABIC_AFTER_DAY,
    BALTIC_AFTER_YEAR,
    SOLAR_HIJRI_AFTER_DAY,
    THAI_ABBREVIATED_AFTER_DAY,
    gregorian_year,
    solar_hijri,
    with_dateparser_month_names,
)
from newsflow_ingest.extraction.date_labels import PUBLICATION_LABEL, UPDATE_WORDS
from newsflow_ingest.extraction.document import class_and_id, element_text, names_comment_thread

# A US zone written without standard or daylight ("11:00 AM PT", "04:23 pm ET") has the offset its date had:
# the tz database's zone of the region (the system's, else the copy inside dateutil), with the daylight-saving
# rules of each year (April to October until 2006, March to November since 2007).
_US_ZONES = {
    "ET": "America/New_York",
    "CT": "America/Chicago",
    "MT": "America/Denver",
    "PT": "America/Los_Angeles",
}


# Abbreviations dateutil does not know (it warns and returns a naive time); US zones are the usual ones in
# English bylines ("10:30 AM EDT", "11:00 AM PT").
_TZINFOS: dict[str, Any] = {
    name: tzoffset(name, int(hours * 3600))
    for name, hours in {
        "UTC": 0,
        "GMT": 0,
        "Z": 0,
        "EST": -5,
        "EDT": -4,
        "CST": -6,
        "CDT": -5,
        "MST": -7,
        "MDT": -6,
        "PST": -8,
        "PDT": -7,
        "BST": 1,
        "CET": 1,
        "CEST": 2,
        "EET": 2,
        "EEST": 3,
        "IST": 5.5,
        "JST": 9,
        "KST": 9,
        "HKT": 8,
        "SGT": 8,
        "WIB": 7,
        "MSK": 3,
        "AEST": 10,
        "AEDT": 11,
        "NZST": 12,
        "NZDT": 13,
        "AKST": -9,
        "AKDT": -8,
        "HST": -10,
        # other regions' abbreviations as their news sites print them (the tz database's usual ones); "AST",
        # "CAT" and "GST" are left out: each names two zones far apart (Atlantic/Arabia, ...)
        "MEZ": 1,  # German: Mitteleuropäische Zeit, and its summer time
        "MESZ": 2,
        "WEZ": 0,
        "WESZ": 1,
        "HNE": -5,  # Canadian French: heure normale / avancée de l'Est
        "HAE": -4,
        "SAST": 2,
        "WAT": 1,
        "EAT": 3,
        "PKT": 5,
        "NPT": 5.75,
        "ICT": 7,
        "MYT": 8,
        "PHT": 8,
        "WITA": 8,
        "WIT": 9,
        "AWST": 8,
        "ACST": 9.5,
        "ACDT": 10.5,
        # thirteenth pass: Turkish "TSİ" (Türkiye saati), Russian "МСК" (Moscow), Iran's standard time, Israel's
        # summer time ("IST" stays India's: far more pages print it), Arabic "بتوقيت مكة المكرمة" (Mecca time:
        # Al Jazeera), Saudi, Gulf and Greenwich time written out
        "TSİ": 3,
        "МСК": 3,
        "IRST": 3.5,
        "IDT": 3,
        "بتوقيت مكة المكرمة": 3,
        "بتوقيت مكة": 3,
        "بتوقيت السعودية": 3,
        "بتوقيت الرياض": 3,
        "بتوقيت الدوحة": 3,
        "بتوقيت الكويت": 3,
        "بتوقيت بغداد": 3,
        "بتوقيت الإمارات": 4,
        "بتوقيت أبوظبي": 4,
        "بتوقيت غرينتش": 0,
        "بتوقيت غرينيتش": 0,
    }.items()
} | {abbreviation: tz.gettz(zone) for abbreviation, zone in _US_ZONES.items()}
HAS_TIME = re.compile(r"\d{1,2}:\d{2}")
# An ISO timestamp's explicit offset from UTC ("+01:00", "-0500"); "Z" is UTC, no local offset.
_UTC_OFFSET = re.compile(r"\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?\s?[+-]\d{2}:?\d{2}$")
# "GMT+3" / "UTC-05:00" / JavaScript's "GMT-0500" mean UTC plus that offset; dateutil reads them the POSIX
# way round (GMT+3 = UTC-3), so they are rewritten as a plain offset first.
_GMT_OFFSET = re.compile(r"\b(?:GMT|UTC)\s*([+-])(\d{1,2})(?::?(\d{2}))?\b")
# Visible date texts. The pieces: a clock time with an optional zone ("10:31 pm CST", "19:14 GMT",
# "11:08 a.m."), the written-out dates ("Nov. 19, 2019", "November 18th, 2019", "26 October 2016",
# "26 أكتوبر 2016"), and what may stand between a date and its time (", ", " at ", " -- ", " | ").
_ZONE_NAMES = "|".join(sorted((name for name in _TZINFOS if len(name) > 1), key=len, reverse=True))
_ZONE = r"(?:\s*\(?(?:GMT|UTC)\s*[+-]\d{1,2}(?::?\d{2})?\)?|\s+(?:" + _ZONE_NAMES + r")\b)?"
# French clocks are written "14h05" (and "14 h 05"), read as "14:05" (see ``parse_date``).
# German clocks may be written with a dot before "Uhr" ("10.30 Uhr"), British ones before a zone name ("14.05
# GMT": the Guardian's bylines); a dotted pair without either is no clock (a score, a figure).
# The half of the day: "2:05 PM", Arabic "02:05 م" (after noon) and "09:05 ص" (before noon).
_CLOCK = (
    r"(?:\d{1,2}(?::|\s?h\s?)\d{2}(?::\d{2})?"
    r"(?:\s*[AaPp]\.?[Mm]\b\.?|\s[صم](?!\w)|\s?Uhr\b(?=\s+[A-Z])|\s(?:pagi|petang|ptg|malam)\b)?"
    r"|\d{1,2}\.\d{2}\s?Uhr\b"
    rf"|\d{{1,2}}\.\d{{2}}(?=\s+(?:{_ZONE_NAMES})\b)"
    # Nordic clocks after "kl." / "klo" ("kl. 14.05"): the word makes the dotted pair a clock
    r"|(?<=kl\.\s)\d{1,2}\.\d{2}\b|(?<=kl\s)\d{1,2}\.\d{2}\b|(?<=klo\s)\d{1,2}\.\d{2}\b"
    # Indonesian and Malay "pukul 14.30", Thai "14.30 น." (นาฬิกา, o'clock)
    r"|(?<=[Pp]ukul\s)\d{1,2}\.\d{2}\b|\d{1,2}\.\d{2}(?=\s?น\.))" + _ZONE
)
# A month name: 3 to 12 letters, or 3 to 12 characters of the Indic and Thai scripts, whose vowel signs are marks
# rather than letters ("मार्च", "মার্চ", "มีนาคม"), not their digits. Two branches, not one class of either kind:
# the letters' class alone keeps the scan of every word as fast as before those scripts were read.
_INDIC_THAI = r"[\u0900-\u0DFF\u0E00-\u0E7F]"
# Two characters are a month in May's Indic names ("मई", "মে", "மே") and Persian ones ("مه", "می"): without them
# every May date of those languages went unread (thirteenth pass).
_MONTH_WORD = rf"(?:[^\W\d_]{{3,12}}|مه|می|(?={_INDIC_THAI})(?:(?!\d){_INDIC_THAI}){{2,12}})"
_MONTH_DAY_YEAR = _MONTH_WORD + r"\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
# "26 October 2016", "12. März 2024", and the Spanish/Portuguese/Catalan "3 de marzo de 2024", "3 de março de 2024"
_DAY_MONTH_YEAR = (
    r"\d{1,2}(?:st|nd|rd|th|º|ª|er)?\.?\s+(?:de\s+)?" + _MONTH_WORD + r"\.?,?\s+(?:de\s+|del\s+)?\d{4}"
)
# Russian "в", Ukrainian "о", Polish "o", Czech and Slovak "v" ("3 марта 2024 в 14:05"), Nordic "kl." and
# "klo", Romanian "ora"; Korean, Japanese and
# Chinese write the half of the day before the clock ("2024.03.03. 오후 2:05").
# Thirteenth pass: the dot South Slavic languages write after the year ("12. mart 2024. 14:30") and the Bulgarian
# and Russian "г." (year); Serbo-Croatian "u", Slovene "ob", Turkish "saat", Vietnamese "lúc", Indonesian and
# Malay "pukul", Arabic "الساعة", Hebrew "בשעה", Thai "เวลา", Malaysian English and Malay "@".
_CLOCK_WORDS = r"u|ob|saat|lúc|pukul|الساعة|בשעה|เวลา|@"
_DATE_TIME_SEPARATOR = (
    r"(?:\.|\s?г\.)?(?:,\s*|\s+)"
    r"(?:(?:at|um|à|às|alle(?: ore)?|ore|om|a las|a la|в|о|o|v|kl\.?|klo|ora|ساعت|"
    rf"{_CLOCK_WORDS}|-{{1,2}}|–|—|\||·|•)\s+)?"
    r"(?:(?:오전|오후|午前|午後|上午|下午)\s*)?"
)
# A bar, a middle dot, a bullet or a dash between a date and its time, which ``_DATE_TIME_SEPARATOR`` accepts.
_GLYPH_SEPARATOR = re.compile(r"\s+[|·•–—]\s+")
_FRENCH_CLOCK = re.compile(r"\b(\d{1,2})\s?h\s?(\d{2})\b")
_DOTTED_CLOCK = re.compile(r"\b(\d{1,2})\.(\d{2})\s?Uhr\b")
_NORDIC_CLOCK = re.compile(r"\b(?:kl\.?|klo|[Pp]ukul)\s+(\d{1,2})[.:](\d{2})\b")
# Vietnamese written out: "12 tháng 3, 2024", "(ngày) 12 tháng 3 năm 2024" (day, "month" 3, "year" 2024)
_VIETNAMESE_AFTER_DAY = r"\s+[Tt]háng\s+\d{1,2}(?:,\s*|\s+[Nn]ăm\s+)\d{4}"
_VIETNAMESE_PARTS = re.compile(r"(\d{1,2})\s+[Tt]háng\s+(\d{1,2})(?:,\s*|\s+[Nn]ăm\s+)(\d{4})")
_DOTTED_ZONED_CLOCK = re.compile(rf"\b(\d{{1,2}})\.(\d{{2}})(?=\s+(?:{_ZONE_NAMES})\b)")
# The first of the month as French ("1er mars"), Spanish and Portuguese ("1º de marzo", "1ª") write it.
_ORDINAL_DAY = re.compile(r"\b(\d{1,2})(?:er|º|ª)(?=\s)")
# Chinese/Japanese "2019年4月13日 09時00分" / "09:00" and Korean "2020년 7월 3일 오후 3:05": year, month, day
# with their unit characters (no word boundary between CJK characters, hence the digit look-behind).
_CJK_DATE = (
    r"(?<!\d)\d{4}\s*[年년]\s*\d{1,2}\s*[月월]\s*\d{1,2}\s*[日일]"
    r"(?:\s*[(（][^)）]{1,3}[)）])?(?:\s*(?:[午오][前后전후]\s*)?\d{1,2}\s*(?:[時时시:])\s*\d{2}(?:\s*[分분])?)?"
)
_CJK_PARTS = re.compile(
    r"(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]"
    r"(?:\s*[(（][^)）]{1,3}[)）])?(?:\s*([午오][前后전후])?\s*(\d{1,2})\s*[時时시:]\s*(\d{2}))?"
)
# A date in figures without separators, with or without its clock: meta values ("pdate" 20190806, "ptime"
# 20190806103251); eight, twelve or fourteen digits, a year from 1990 (ten digits are Unix time, ``_EPOCH``).
_COMPACT_DATE = re.compile(r"^((?:19|20)\d{2})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})?)?$")
# Unix time in seconds or milliseconds (JSON-LD ``"datePublished": 1676551869000``), read as UTC.
_EPOCH = re.compile(r"^(\d{10})(\d{3})?$")
# Day, month and year in figures: "05/10/2018", "25.08.2018" (order by language: see parse_date), "2018.08.25".
# Dots between the figures are the day-first writing (German, Russian, Argentine Spanish; US English writes
# slashes): day first on a page that declares no language or plain English too, not on a US English one.
_DOTTED_DAY_FIRST = re.compile(r"^\d{1,2}\.\d{1,2}\.\d{2}(?:\d{2})?\b")
_NUMERIC_DAY_FIRST = re.compile(r"^(?:\d{1,2}[./-]\d{1,2}[./-]\d{4}|\d{2}[./]\d{2}[./]\d{2})\b")
# "15.06.2018", "15-06-2018" (Dutch, Italian), "2018.06.15", and the dotted year in two figures, day and month
# in two each ("15.06.18": German pages; not "2.10.18", a version; not "11/13/19", which US story cards print
# beside other stories' headlines as often as a page's own byline does)
_FIGURE_DATE = (
    r"\b(?:\d{1,2}[./-]\d{1,2}[./-]\d{4}|\d{4}[./]\d{1,2}[./]\d{1,2}|\d{2}\.\d{2}\.\d{2}(?![\d.]))\b"
)
# What stands between a clock written first and its date: "14:05 Uhr, 03.04.2024", "14:05 Uhr | 03.04.2024",
# "14h05, le 3 avril 2024", "2:05 PM, March 3, 2024" (German and French bylines put the clock first too). Before
# a date in figures, a comma, a bar or a dash: a bare space may join two text nodes (a player's "00:00" and
# "14/03/2020 16h15").
_CLOCK_DATE_WORDS = r"(?:(?:le|am|el|il|em|vom|du)\s+)?"
_CLOCK_DATE_SEPARATOR = r"(?:\s+Uhr)?(?:,\s*|\s+(?:[|·•–—]\s+)?)" + _CLOCK_DATE_WORDS
_CLOCK_FIGURES_SEPARATOR = r"(?:\s+Uhr)?(?:,\s*|\s+[|·•–—]\s+)" + _CLOCK_DATE_WORDS
_VISIBLE_DATE = re.compile(
    rf"{_CJK_DATE}"
    r"|\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:[+-]\d{2}:?\d{2}|Z)?)?"
    # Korean portals' "2024.03.03. 오후 2:05" and "2024. 3. 3. 14:05": year first, a dot after the day
    r"|(?<![\d.])\d{4}\.\s?\d{1,2}\.\s?\d{1,2}\.(?!\d)"
    rf"(?:{_DATE_TIME_SEPARATOR}{_CLOCK})?"
    # a year in two figures after slashes, before a Romance language's word for "at" ("Publié le 24/08/20 à
    # 18h23": 20 Minutes): day first; alone it may be a US story card's "11/13/19" (month first)
    rf"|\b\d{{2}}/\d{{2}}/\d{{2}}(?=\s+(?:à|às|a las|alle)\s)(?:{_DATE_TIME_SEPARATOR}{_CLOCK})?"
    rf"|{_FIGURE_DATE}"
    rf"(?:{_DATE_TIME_SEPARATOR}{_CLOCK})?"  # the whole clock: "04:23 pm ET" is not 04:23
    # a day, then an Arabic, Solar Hijri or abbreviated Thai month and the year, or Vietnamese "tháng 3, 2024"
    rf"|\b\d{{1,2}}(?:{ARABIC_AFTER_DAY}|{SOLAR_HIJRI_AFTER_DAY}|{THAI_ABBREVIATED_AFTER_DAY}|{_VIETNAMESE_AFTER_DAY})"
    rf"(?:{_DATE_TIME_SEPARATOR}{_CLOCK})?"
    # Hungarian year first, "2024. március 3. 14:05", after the Lithuanian and Latvian "2024 m. kovo 12 d.",
    # "2024. gada 12. martā" (tried first: the Hungarian form reads "2024. gada 12." as a year, a month and a day;
    # one branch for the three, whose year is read once); Czech and Slovak figures with spaces, "03. 03. 2024"
    rf"|\b\d{{4}}(?:{BALTIC_AFTER_YEAR}|\.\s+{_MONTH_WORD}\.?\s+\d{{1,2}}\.)(?:{_DATE_TIME_SEPARATOR}{_CLOCK})?"
    rf"|\b\d{{1,2}}\.\s\d{{1,2}}\.\s\d{{4}}\b(?:{_DATE_TIME_SEPARATOR}{_CLOCK})?"
    # a clock before its date, unless the date has its own clock after it
    rf"|\b{_CLOCK}(?:{_CLOCK_DATE_SEPARATOR}(?:[^\W\d_]{{3,9}},?\s+)?(?:{_MONTH_DAY_YEAR}|{_DAY_MONTH_YEAR})"
    rf"|{_CLOCK_FIGURES_SEPARATOR}{_FIGURE_DATE})(?!{_DATE_TIME_SEPARATOR}{_CLOCK})"
    rf"|\b(?:{_MONTH_DAY_YEAR}|{_DAY_MONTH_YEAR})(?:{_DATE_TIME_SEPARATOR}{_CLOCK})?"
)
_TRAILING_ZONE = re.compile(rf"\s({_ZONE_NAMES})$")
_ANY_CLOCK = re.compile(rf"\b{_CLOCK}")
_DIGIT = re.compile(r"\d")
# A clock written before a date in figures, moved after it for parsing so that the figures' order (day first or
# month first, ``_NUMERIC_DAY_FIRST``) is judged as for the date alone.
_LEADING_CLOCK = re.compile(rf"^({_CLOCK}){_CLOCK_FIGURES_SEPARATOR}(?=\d)")
# What the parsers do not read in the forms the thirteenth pass added: the word before the clock ("u", "ob",
# "saat", "lúc", "@", ...) with the year's dot or "г." before it, the year's dot or "г." before a clock alone,
# figures with spaces ("12. 3. 2024": Czech, Slovak, Slovene; read day first as "12.3.2024"), Malay halves of
# the day ("2:30 petang").
_CLOCK_WORD = re.compile(rf"(?<=\d)(?:\.|\s?г\.)?(?:,\s*|\s+)(?:{_CLOCK_WORDS})\s+(?=\d)")
_YEAR_END = re.compile(r"(?<=\d{4})(?:\.|\s?г\.)(?=,?\s+(?:\S{1,6}\s+)?\d{1,2}[:.]\d{2})")
_SPACED_FIGURES = re.compile(r"^(\d{1,2})\.\s(\d{1,2})\.\s(\d{4})\b")
_MALAY_HALF = re.compile(r"(?<=\d{2})\s(pagi|petang|ptg|malam)\b")
_WORLD_FORM_MARKS = re.compile(r"[^\x00-\x7f]|\d\.\s\d|\s(?:@|(?:u|ob|saat|pukul|pagi|petang|ptg|malam)\b)")


def _world_forms(text: str) -> str:
    """``text`` with the thirteenth pass's date forms rewritten as the parsers read them (above); other texts,
    most of them, as they are (one search tells)."""
    if _WORLD_FORM_MARKS.search(text) is None:
        return text
    text = _CLOCK_WORD.sub(" ", text)
    text = _YEAR_END.sub("", text)
    text = _SPACED_FIGURES.sub(r"\1.\2.\3", text)
    text = _VIETNAMESE_PARTS.sub(r"\1/\2/\3", text)
    return _MALAY_HALF.sub(lambda match: " AM" if match[1] == "pagi" else " PM", text)


# Words that introduce a modification rather than the publication ("Updated 10:01 pm PST", "aktualisiert am"),
# looked for in the few characters before a date (after the previous date).
_UPDATE_LEAD_CHARS = 30
# (the words of each language: ``date_labels``)
_URL_DATE = re.compile(
    r"/((?:19|20)\d{2})[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?=[/_.-]|$)|/((?:19|20)\d{2})(0[1-9]|1[0-2])([0-2]\d|3[01])(?=/)"
)
# Before this the web had no news sites; such years are misparsed numbers (or Hijri years, "1438").
_EARLIEST_YEAR = 1990
# Clock skew and publishers' scheduled posts: a time a few minutes ahead of the fetch is still plausible.
_FUTURE_TOLERANCE = timedelta(minutes=15)
# A date or a time without zone may be up to UTC+14 ahead of the UTC reference.
_NAIVE_TOLERANCE = timedelta(hours=14)
_DATE_CLASS_HINTS = ("date", "time", "publish", "posted", "byline", "post-meta", "entry-meta", "article-meta")
# Any of the hints, in one search (a generator over the eight ran 500 times a page on some pages: speed, second
# round)
_ANY_DATE_CLASS_HINT = re.compile("|".join(re.escape(hint) for hint in _DATE_CLASS_HINTS))
_MAX_VISIBLE_ELEMENTS = 30
_FALLBACK_LANGUAGES = ("en", "de", "fr", "es", "pt", "it", "nl")
# A language code as pages write it ("de", "pt-BR", "en_US", "zh-Hant-TW").
_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(?:[-_][a-z0-9]{2,8})*$", re.IGNORECASE)
# Pages that name their language instead of coding it (<meta name="language" content="Dutch">, "Deutsch"):
# English names and endonyms of the common news languages. Any other value that is not a code is no language
# (dateparser refuses unknown names, so the page's dates were not read at all).
_LANGUAGE_NAMES = {
    "english": "en", "german": "de", "deutsch": "de", "french": "fr", "français": "fr", "francais": "fr",
    "spanish": "es", "español": "es", "espanol": "es", "castellano": "es", "portuguese": "pt",
    "português": "pt", "portugues": "pt", "italian": "it", "italiano": "it", "dutch": "nl", "nederlands": "nl",
    "russian": "ru", "русский": "ru", "polish": "pl", "polski": "pl", "swedish": "sv", "svenska": "sv",
    "danish": "da", "dansk": "da", "norwegian": "no", "norsk": "no", "finnish": "fi", "suomi": "fi",
    "turkish": "tr", "türkçe": "tr", "romanian": "ro", "română": "ro", "czech": "cs", "čeština": "cs",
    "hungarian": "hu", "magyar": "hu", "greek": "el", "ελληνικά": "el", "arabic": "ar", "العربية": "ar",
    "chinese": "zh", "中文": "zh", "japanese": "ja", "日本語": "ja", "korean": "ko", "한국어": "ko",
}  # fmt: skip
_LETTERS = re.compile(r"[^\W\d_]+")
_ENGLISH_DATE_WORDS = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "mon",
        "tue",
        "tues",
        "wed",
        "thu",
        "thur",
        "thurs",
        "fri",
        "sat",
        "sun",
        "am",
        "pm",
        "a",
        "m",
        "p",
        "at",
        "on",
        "of",
        "the",
        "st",
        "nd",
        "rd",
        "th",
        "utc",
        "gmt",
        "est",
        "edt",
        "pst",
        "pdt",
        "cst",
        "cdt",
        "et",
        "pt",
        "ct",
        "z",
        "t",
    ]
)


@dataclass(frozen=True)
class ParsedDate:
    """A parsed date: ``value`` is a datetime; ``has_time`` false means only the day is known."""

    value: datetime
    has_time: bool

    def iso(self) -> str:
        """ISO 8601: the day alone, or date and time with the offset when the source gave one."""
        return self.value.isoformat() if self.has_time else self.value.date().isoformat()


def parse_date(text: str, *, languages: Sequence[str] = ()) -> ParsedDate | None:
    """Parse one date string (ISO 8601, RFC 2822, "Oct 26, 2016", localised month names via dateparser)."""
    text = " ".join(text.split())
    languages = language_codes(tuple(languages))
    epoch = _EPOCH.match(text)
    if epoch:
        return ParsedDate(datetime.fromtimestamp(int(epoch[1]), UTC), has_time=True)
    cjk = _parse_cjk(text) or _parse_compact(text)
    if cjk is not None:
        return cjk
    hijri = solar_hijri(text)
    if hijri is not None:
        return ParsedDate(*hijri)
    # a day needs at least two numbers (day and year); "2016" alone would get today's month and day
    if not text or len(text) > 80 or len(re.findall(r"\d+", text)) < 2:
        return None
    text = _world_forms(with_dateparser_month_names(text))
    leading_clock = _LEADING_CLOCK.match(text)
    if leading_clock:
        text = f"{text[leading_clock.end() :]} {leading_clock[1]}"
    text = _FRENCH_CLOCK.sub(r"\1:\2", text)
    text = _DOTTED_CLOCK.sub(r"\1:\2", text)
    text = _DOTTED_ZONED_CLOCK.sub(r"\1:\2", text)
    text = _NORDIC_CLOCK.sub(r"\1:\2", text)
    text = _ORDINAL_DAY.sub(r"\1", text)
    text = _GLYPH_SEPARATOR.sub(" ", text)  # "April 5, 2018 | 6:00 PM": dateutil refuses the bar
    has_time = bool(HAS_TIME.search(text))
    text = _GMT_OFFSET.sub(lambda m: f" {m[1]}{int(m[2]):02d}:{m[3] or '00'}", text)
    day_first = bool(_NUMERIC_DAY_FIRST.match(text)) and (
        not _writes_month_first(languages)
        or (_DOTTED_DAY_FIRST.match(text) is not None and not _is_us(languages))
    )
    parsed = _parse_iso(text) or _parse_dateutil(text, day_first=day_first)
    if parsed is None and not _is_english(languages):
        parsed = _parse_localised(text, languages)
    elif parsed is None and _foreign_words(text):
        # a page declared English may still print "30. Juli 2018" (a CMS default lang="en"): try the common
        # European languages then (a fixed list: dateparser's detection over all languages is slow to load)
        parsed = _parse_localised(text, _FALLBACK_LANGUAGES)
    if parsed is None:
        return None
    return ParsedDate(gregorian_year(parsed, text), has_time)


@lru_cache(maxsize=64)
def language_codes(languages: tuple[str, ...]) -> tuple[str, ...]:
    """The page's declared languages as codes: a code as it is, a language name ("Dutch") as its code, any
    other value dropped (an unknown language, as when none is declared)."""
    codes = []
    for language in languages:
        value = language.strip()
        code = (
            value.replace("_", "-") if _LANGUAGE_CODE.match(value) else _LANGUAGE_NAMES.get(value.casefold())
        )
        if code:
            codes.append(code)
    return tuple(codes)


def _parse_compact(text: str) -> ParsedDate | None:
    """A date written in figures without separators ("20190806", "20190806103251"), naive."""
    match = _COMPACT_DATE.match(text)
    if match is None:
        return None
    parts = [int(part) for part in match.groups() if part is not None]
    try:
        value = datetime(*parts)  # type: ignore[arg-type]
    except ValueError:  # "20191306": no thirteenth month
        return None
    return ParsedDate(value, has_time=len(parts) > 3)


def _parse_cjk(text: str) -> ParsedDate | None:
    """A Chinese/Japanese/Korean written date ("2019年04月13日 09時00分", "2020년 7월 3일 오후 3:05"), naive."""
    match = _CJK_PARTS.search(text)
    if match is None:
        return None
    year, month, day, half, hour, minute = match.groups()
    hours = int(hour) if hour else 0
    if half and half[1] in "後后후" and hours < 12:  # 午後/下午 (p.m.)
        hours += 12
    try:
        value = datetime(int(year), int(month), int(day), hours, int(minute) if minute else 0)
    except ValueError:
        return None
    return ParsedDate(value, has_time=hour is not None)


def is_plausible(candidate: ParsedDate, reference: datetime) -> bool:
    """False for dates after ``reference`` (the fetch time) or before the web: those are misreadings."""
    value = candidate.value
    if value.year < _EARLIEST_YEAR:
        return False
    if not candidate.has_time:
        return value.date() <= (reference + _NAIVE_TOLERANCE).date()
    if value.tzinfo is None:
        return value <= (reference + _NAIVE_TOLERANCE).replace(tzinfo=None)
    return value <= reference + _FUTURE_TOLERANCE


def choose_date(
    candidates: Iterable[tuple[str | None, str]], reference: datetime, *, languages: Sequence[str] = ()
) -> tuple[str, str] | None:
    """The first plausible candidate ``(text, source)`` in priority order, as ``(iso, source)``.

    When that candidate gives only a day (``<meta name="date" content="2016-12-15">``), a later candidate that
    gives a time on that same day is taken instead: the same publication, told more precisely."""
    day_only: tuple[ParsedDate, str] | None = None
    for text, source in candidates:
        if not text:
            continue
        parsed = parse_date(text, languages=languages)
        if parsed is None or not is_plausible(parsed, reference):
            continue
        if day_only is None and parsed.has_time:
            return parsed.iso(), source
        if day_only is None:
            day_only = (parsed, source)
        elif parsed.has_time and parsed.value.date() == day_only[0].value.date():
            return parsed.iso(), source
    return (day_only[0].iso(), day_only[1]) if day_only else None


def date_from_url(url: str) -> str | None:
    """The day in a URL path such as ``/2016/09/15/`` or ``/20160915/``, as ``YYYY-MM-DD``."""
    match = _URL_DATE.search(url.split("?", 1)[0])
    if not match:
        return None
    year, month, day = (g for g in match.groups() if g is not None)
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def html_date_candidates(
    root: Any, near_headline: Sequence[str] = (), *, languages: Sequence[str] = ()
) -> list[str]:
    """Date strings from the markup: ``<time datetime>``, microdata ``datePublished``, then the visible
    text of date/byline elements (the first few, which sit near the headline), then ``near_headline``: the
    publication dates shown beside the headline (``shown_dates``)."""
    found = microdata_published(root, languages)
    found.extend(abbr_published(root))
    # readers' comments carry their own dates; a time marked as the modification goes after the others (hAtom
    # themes mark their only, publication, time "updated" too)
    machine_readable = (t for t in root.iter("time") if t.get("datetime") or date_attribute(t))
    times = [t for t in islice(machine_readable, 6) if not _in_comments(t) and not _in_media(t)]
    found.extend(_time_value(t, languages) for t in sorted(times, key=_is_modification)[:3])
    seen = 0
    for element in _named_body_elements(root):
        if seen >= _MAX_VISIBLE_ELEMENTS:
            break
        names = class_and_id(element)
        if _ANY_DATE_CLASS_HINT.search(names) is None or "update" in names or "modif" in names:
            continue
        if "caption" in names or _in_media(element):
            continue
        seen += 1
        found.extend(publication_dates_in(element_text(element, limit=300)))
    found.extend(near_headline)
    return found


def microdata_published(root: Any, languages: Sequence[str] = ()) -> list[str]:
    """The first few microdata ``datePublished`` values of the body (``<meta>`` ones of the head excluded)."""
    found: list[str] = []
    for element in islice(_declared_published(root), 3):
        if element.tag == "time" and element.get("datetime"):  # read as every <time>: its text's zone
            found.append(_time_value(element, languages))
            continue
        found.append(element.get("datetime") or element.get("content") or element_text(element, limit=200))
    return found


# hAtom's "abbr design pattern": the machine-readable publication in an <abbr class="published">'s title
_ABBR_PUBLISHED = etree.XPath(
    "//abbr[@title][contains(concat(' ', normalize-space(@class), ' '), ' published ')]"
)
_ISO_DAY_START = re.compile(r"^\s*\d{4}-\d{2}-\d{2}")


def abbr_published(root: Any) -> list[str]:
    """The ISO timestamps in the titles of the first ``<abbr class="published">`` elements (Blogger and other
    hAtom themes: ``<abbr class="published" title="2016-12-06T12:06:00-08:00">12:06 PM</abbr>``)."""
    titles = (abbr.get("title", "") for abbr in _ABBR_PUBLISHED(root)[:2])
    return [title.strip() for title in titles if _ISO_DAY_START.match(title)]


# The walks below stand in for XPaths (eleventh pass, speed; test_fast_paths compares them): an XPath builds its
# whole node-set (libxml2 allocating a string for every attribute value it compares) before the reader takes the
# first few, while a walk stops once the reader has enough; a walk for one tag (``<time>``) runs in libxml2 and
# makes Python objects for the matches only. Measured: a third less time for each of the four.
def _declared_published(root: Any) -> Iterator[Any]:
    """What ``//*[@itemprop='datePublished'][not(self::meta)]`` selects, lazily."""
    for element in root.iter(etree.Element):
        if element.get("itemprop") == "datePublished" and element.tag != "meta":
            yield element


def _named_body_elements(root: Any) -> Iterator[Any]:
    """What ``//body//*[@class or @id]`` selects (the elements under a ``<body>`` with a class or an id), lazily."""
    for body in _outer_bodies(root):
        for element in body.iterdescendants(etree.Element):
            if element.get("class") is not None or element.get("id") is not None:
                yield element


def _outer_bodies(root: Any) -> Iterator[Any]:
    """The ``<body>`` elements not inside another (a parsed page has one): walking each covers ``//body//``."""
    return (body for body in root.iter("body") if next(body.iterancestors("body"), None) is None)


def _in_body(element: Any) -> bool:
    return next(element.iterancestors("body"), None) is not None


_SHOWN_DAY_TOLERANCE = 1  # days: the attribute in UTC, the text in local time
# A data attribute naming a date ("data-published", "data-timestamp", "data-origindate", "data-time") whose
# value is an ISO-like timestamp with a clock, with or without offset (Unix numbers are ids as often).
_DATE_ATTRIBUTE_WORDS = ("date", "time", "publish")
_TIMESTAMP_VALUE = re.compile(
    r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?\s?(?:[+-]\d{2}:?\d{2}|Z)?$"
)
_MAX_DATE_ATTRIBUTES = 20
_DATE_ATTRIBUTES = etree.XPath(
    "//body//@*[starts-with(name(), 'data-')][{}]".format(
        " or ".join(f"contains(name(), '{word}')" for word in _DATE_ATTRIBUTE_WORDS)
    )
)


def _time_value(element: Any, languages: Sequence[str]) -> str:
    """A ``<time>``'s ``datetime``, or its printed text when that is a whole date more than a day away from the
    attribute ("<time datetime='2019-07-03T10:18:46Z'>Publié le 29 juin 2019</time>": the attribute is the
    CMS's last write, the text what the reader is told)."""
    value: str = element.get("datetime") or date_attribute(element) or ""
    written = publication_dates_in(element_text(element, limit=120))
    if not written:
        return value
    shown, declared = parse_date(written[0], languages=languages), parse_date(value)
    if shown is None or declared is None:
        return value
    if abs((shown.value.date() - declared.value.date()).days) > _SHOWN_DAY_TOLERANCE:
        return written[0]
    return _zoned_by_text(declared, shown) or value


def date_attribute(element: Any) -> str | None:
    """The timestamp a script or theme keeps in a data attribute naming a date (``<time
    data-published="2016-12-09 09:13:00Z">``, ``data-timestamp``, ``data-origindate``), when ``datetime`` is
    not used; ``None`` when no such attribute holds a date with a time."""
    for name, value in element.attrib.items():
        if _is_date_attribute(name) and _TIMESTAMP_VALUE.match(value.strip()):
            return str(value).strip()
    return None


def attribute_datetimes(root: Any, *, zoned: bool = False) -> list[str]:
    """The timestamps in the page's date-naming data attributes (``data-origindate="2017-03-01 14:27:02
    +0800"`` beside a printed naive clock), the first ``_MAX_DATE_ATTRIBUTES``: renderings of shown times.
    ``zoned``: only those with a UTC offset (a naive one may be any listed story's clock)."""
    found: list[str] = []
    for value in _DATE_ATTRIBUTES(root):
        if not _TIMESTAMP_VALUE.match(value.strip()):
            continue
        if not zoned or _UTC_OFFSET.search(value.strip()):
            found.append(str(value).strip())
            if len(found) == _MAX_DATE_ATTRIBUTES:
                break
    return found


def _is_date_attribute(name: str) -> bool:
    return name.startswith("data-") and any(word in name for word in _DATE_ATTRIBUTE_WORDS)


def _zoned_by_text(declared: ParsedDate, shown: ParsedDate) -> str | None:
    """A naive ``datetime`` attribute with the zone of its own printed text when the text shows the same wall
    clock ("2022-10-17 16:01:26" printed "10/17/2022 04:01 PM EDT": that is 16:01 in US Eastern)."""
    attribute, printed = declared.value, shown.value
    if attribute.tzinfo is not None or printed.tzinfo is None or not (declared.has_time and shown.has_time):
        return None
    if printed.replace(tzinfo=None, second=0, microsecond=0) != attribute.replace(second=0, microsecond=0):
        return None
    return attribute.replace(tzinfo=printed.tzinfo).isoformat()


def _is_modification(element: Any) -> bool:
    """A ``<time>`` marked as the modification (``itemprop="dateModified"``, ``class="updated"``)."""
    marks = f"{class_and_id(element)} {element.get('itemprop') or ''}".lower()
    return "modif" in marks or "updat" in marks


def _in_comments(element: Any) -> bool:
    """Whether ``element`` sits in a comment thread (readers' comments carry their own dates)."""
    return any(names_comment_thread(class_and_id(ancestor)) for ancestor in element.iterancestors())


_MEDIA = frozenset({"figure", "figcaption", "audio", "video", "picture"})


def _in_media(element: Any) -> bool:
    """Whether ``element`` sits in a figure, a caption or an audio/video player (their dates are the media's)."""
    return any(ancestor.tag in _MEDIA for ancestor in element.iterancestors())


def written_dates(text: str, *, limit: int = 10) -> list[tuple[str, bool]]:
    """The first ``limit`` dates written in ``text``, each with whether an update word introduces it
    ("Updated 10:01 pm PST, …", "Last Updated : Nov 20, 2019")."""
    return [(written, updated) for written, updated, _ in labelled_dates(text, limit=limit)]


def labelled_dates(text: str, *, limit: int = 10) -> list[tuple[str, bool, bool]]:
    """``written_dates``, each date with whether an update word introduces it and whether a publication label
    does, right before it ("Published: …", "Diterbitkan: …", "نشر في: …"; ``date_labels``)."""
    found: list[tuple[str, bool, bool]] = []
    if not _DIGIT.search(text):  # every written date has a figure: most text nodes need no full scan
        return found
    previous_end = 0
    for match in _VISIBLE_DATE.finditer(text):
        lead = text[max(previous_end, match.start() - _UPDATE_LEAD_CHARS) : match.start()]
        updated = bool(UPDATE_WORDS.search(lead))
        found.append((match.group(0), updated, not updated and PUBLICATION_LABEL.search(lead) is not None))
        previous_end = match.end()
        if len(found) == limit:
            break
    return found


def without_written_dates(text: str) -> str:
    """``text`` with every written date (and the clock written with it) replaced by a space."""
    return _VISIBLE_DATE.sub(" ", text) if _DIGIT.search(text) else text


def without_clocks(text: str) -> str:
    """``text`` with every clock ("5:45 AM PST", "14h05", "10.30 Uhr") replaced by a space."""
    return _ANY_CLOCK.sub(" ", text)


def written_date_spans(text: str) -> list[tuple[int, int]]:
    """Where each written date (with the clock written with it) starts and ends in ``text``."""
    return [match.span() for match in _VISIBLE_DATE.finditer(text)] if _DIGIT.search(text) else []


def publication_dates_in(text: str) -> list[str]:
    """The dates written in ``text`` but those an update word introduces."""
    return [written for written, updated in written_dates(text) if not updated]


def time_element_datetimes(root: Any) -> list[str]:
    """The ``datetime`` attributes of the first few ``<time>`` elements outside comments and media: a page's
    machine-readable rendering, often in the publisher's offset when its meta tags say UTC. After the first,
    only those with a UTC offset: a later naive ``datetime`` two hours from the declared instant is as likely
    another story's time (Folha's related stories) as the same instant in local time; the first one is the
    page's own (infranken.de's naive "10:04" for a declared 09:04Z)."""
    times = list(islice((t for t in root.iter("time") if t.get("datetime") is not None), 6))
    values = [t.get("datetime") for t in times if not _in_comments(t) and not _in_media(t)][:3]
    return [value for index, value in enumerate(values) if index == 0 or _UTC_OFFSET.search(value)]


def time_element_texts(root: Any) -> list[str]:
    """The visible texts of the first few ``<time>`` elements (a cheap look at what the page shows)."""
    shown = islice((element for element in root.iter("time") if _in_body(element)), 3)
    return [element_text(element, limit=200) for element in shown]


def _parse_iso(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00") if text.endswith("Z") else text)
    except ValueError:
        return None


def _parse_dateutil(text: str, *, day_first: bool = False) -> datetime | None:
    # dateutil reads "Tuesday 26" and other fragments as dates; demand a year or an ISO-like shape
    if not re.search(r"\d{4}", text) and not _NUMERIC_DAY_FIRST.match(text):
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            value = dateutil_parser.parse(text, tzinfos=_TZINFOS, dayfirst=day_first)
        except (ValueError, OverflowError, TypeError, dateutil_parser.ParserError):
            return None
    return value


def _parse_localised(text: str, languages: Sequence[str]) -> datetime | None:
    """``_parse_dateparser``, with a zone abbreviation at the end read from ``_TZINFOS`` (dateparser reads "IST"
    as Israel's: on a Hindi page's "03 मार्च, 2024 14:05 IST" it is India's, as dateutil reads it)."""
    zone = _TRAILING_ZONE.search(text)
    if zone is None or zone[1] not in _TZINFOS:
        return _parse_dateparser(text, languages)
    value = _parse_dateparser(text[: zone.start()], languages)
    return value.replace(tzinfo=_TZINFOS[zone[1]]) if value is not None and value.tzinfo is None else value


def _parse_dateparser(text: str, languages: Sequence[str]) -> datetime | None:
    # dateparser is slow to import and to load languages: only pages whose dates dateutil cannot read pay it
    try:
        import dateparser  # type: ignore[import-untyped]
    except ImportError:  # an optional helper: without it only ISO/English dates are read
        return None

    settings: dict[str, Any] = {"PREFER_DATES_FROM": "past", "REQUIRE_PARTS": ["day", "month", "year"]}
    codes = _dateparser_codes(tuple(languages))
    if languages and not codes:  # only languages dateparser does not know: as before, no detection (slow)
        return None
    try:
        value = dateparser.parse(text, languages=codes or None, settings=settings)
    except Exception:  # dateparser raises assorted errors on odd input; a date we cannot read is no date
        return None
    return value if isinstance(value, datetime) else None


# Codes pages declare that dateparser knows under another: Norwegian "no" is its Bokmål "nb"; Hebrew's and
# Indonesian's old codes "iw" and "in".
_DATEPARSER_ALIASES = {"no": "nb", "iw": "he", "in": "id"}
# Serbian is written in both scripts, and dateparser's "sr" is the Cyrillic one: Latin-script Serbian too.
_DATEPARSER_SCRIPTS = {"sr": ("sr", "sr-Latn")}


@lru_cache(maxsize=64)
def _dateparser_codes(languages: tuple[str, ...]) -> list[str]:
    """The page's language codes as dateparser knows them; one it does not know is dropped (dateparser refuses
    the whole list for it: ``lang="no"`` left every Norwegian date unread)."""
    from dateparser.data.languages_info import language_order  # type: ignore[import-untyped]

    known = set(language_order)
    codes = [
        _DATEPARSER_ALIASES.get(code, code) for code in (c.split("-")[0].lower() for c in languages if c)
    ]
    codes = [script for code in codes for script in _DATEPARSER_SCRIPTS.get(code, (code,))]
    return [code for code in dict.fromkeys(codes) if code in known]


def _foreign_words(text: str) -> bool:
    """Whether a date text has a word that is not English date vocabulary (dateutil already failed on it)."""
    return any(word not in _ENGLISH_DATE_WORDS for word in _LETTERS.findall(text.lower()))


def _writes_month_first(languages: Sequence[str]) -> bool:
    """Whether "05/10/2018" is May 10 on this page: US English (and an unknown language, dateutil's default);
    elsewhere, British English included, day and month are written day first."""
    codes = [code.lower().replace("_", "-") for code in languages if code]
    return not codes or any(code in ("en", "en-us") for code in codes)


def _is_us(languages: Sequence[str]) -> bool:
    return any(code.lower().replace("_", "-") == "en-us" for code in languages)


def _is_english(languages: Sequence[str]) -> bool:
    return bool(languages) and all(code.lower().startswith("en") for code in languages)


# Languages written in one UTC offset only, without daylight saving now: Japanese (Japan), Korean (both Koreas
# since 2018; South Korea, where nearly all Korean news is published, throughout), Chinese (mainland China,
# Taiwan, Hong Kong, Macau, Singapore, Malaysia: all +08:00).
_ONE_ZONE_LANGUAGES = {"ja": timedelta(hours=9), "ko": timedelta(hours=9), "zh": timedelta(hours=8)}


_KANA = re.compile(r"[\u3040-\u30ff]")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")


def language_of_script(text: str) -> tuple[str, ...]:
    """For a page that declares no language: Japanese when ``text`` (its headline and description) has kana,
    Korean when it has Hangul, Chinese when it is written in Han characters alone (no kana: a Japanese text
    of any length has some), more of them than Latin letters; else no language (``()``)."""
    if _KANA.search(text):
        return ("ja",)
    if _HANGUL.search(text):
        return ("ko",)
    han = len(_HAN.findall(text))
    return ("zh",) if han and han >= len(_LATIN.findall(text)) else ()


def zoned_by_language(iso: str, languages: Sequence[str]) -> str:
    """A time without zone (``2019-03-15T09:43:00``) in the one UTC offset its page's language is written in,
    when that language has one (Japanese, Korean, Chinese); any other value as it is."""
    if "T" not in iso:
        return iso  # a day: nothing to place
    codes = language_codes(tuple(languages))
    offset = _ONE_ZONE_LANGUAGES.get(codes[0].lower()[:2]) if codes else None
    if offset is None:
        return iso
    try:
        value = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    return value.replace(tzinfo=timezone(offset)).isoformat() if value.tzinfo is None else iso


def utc_reference(fetched_at: datetime | None) -> datetime:
    """The fetch time as an aware UTC datetime (now when unknown; a naive time is taken as UTC)."""
    if fetched_at is None:
        return datetime.now(UTC)
    if fetched_at.tzinfo is None:
        return fetched_at.replace(tzinfo=UTC)
    return fetched_at.astimezone(UTC)
