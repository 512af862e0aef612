"""Dates written in other calendars and with month names dateparser does not know: the Solar Hijri calendar of
Iranian and Afghan pages, the Levantine and Maghreb Arabic month names, the Thai solar year and its abbreviated
months.

``dates.py`` asks this module to recognise such a date in text (the pattern pieces), to turn a Solar Hijri date
into its Gregorian day and to rewrite the other forms into ones dateparser reads. Imports only the standard
library: no module of the package.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

# The Levantine (Syriac) month names Syria, Lebanon, Jordan, Iraq and Palestine write ("3 آذار 2024"), as the
# names dateparser reads (Egypt's and the Gulf's); pages also write both, "آذار/مارس" or "مارس/ آذار".
_LEVANTINE_MONTHS = {
    "كانون الثاني": "يناير", "شباط": "فبراير", "آذار": "مارس", "نيسان": "أبريل", "أيار": "مايو",
    "حزيران": "يونيو", "تموز": "يوليو", "آب": "أغسطس", "أيلول": "سبتمبر", "تشرين الأول": "أكتوبر",
    "تشرين الثاني": "نوفمبر", "كانون الأول": "ديسمبر",
}  # fmt: skip
_ARABIC_MONTH_NAMES = (
    *_LEVANTINE_MONTHS, *_LEVANTINE_MONTHS.values(), "إبريل", "ابريل", "أكتوبر", "اكتوبر", "أغسطس", "اغسطس",
)  # fmt: skip
_ARABIC_MONTH = "(?:" + "|".join(sorted(map(re.escape, _ARABIC_MONTH_NAMES), key=len, reverse=True)) + ")"
_LEVANTINE_MONTH = re.compile(
    rf"(?:{_ARABIC_MONTH}\s*/\s*)?(" + "|".join(_LEVANTINE_MONTHS) + rf")(?:\s*/\s*{_ARABIC_MONTH})?(?!\w)"
)
# The Maghreb's month names, as the names dateparser reads: Algeria and Tunisia write the French ones ("12 جوان
# 2023", "أوت"), Morocco its own ("يوليوز", "غشت", "شتنبر"); May is "ماي" in both (thirteenth pass).
_MAGHREB_MONTHS = {
    "جانفي": "يناير", "فيفري": "فبراير", "أفريل": "أبريل", "افريل": "أبريل", "ماي": "مايو", "جوان": "يونيو",
    "جويلية": "يوليو", "جويليه": "يوليو", "أوت": "أغسطس", "اوت": "أغسطس", "يوليوز": "يوليو", "غشت": "أغسطس",
    "شتنبر": "سبتمبر", "نونبر": "نوفمبر", "دجنبر": "ديسمبر",
}  # fmt: skip
_MAGHREB_MONTH = re.compile(r"(?<!\w)(" + "|".join(_MAGHREB_MONTHS) + r")(?!\w)")
_DOUBLE_ARABIC_MONTH = re.compile(rf"({_ARABIC_MONTH})\s*/\s*{_ARABIC_MONTH}(?!\w)")
# What follows the day in a day, an Arabic month name (or two, "آذار/مارس") and a year, as a piece of the
# written-date pattern (which reads the day once for the calendars' forms: one branch, not four, costs less).
ARABIC_AFTER_DAY = rf"\s+{_ARABIC_MONTH}(?:\s*/\s*{_ARABIC_MONTH})?\s+\d{{4}}"

# The Solar Hijri calendar of Iranian and Afghan pages: "۱۳ اسفند ۱۴۰۲" (3 March 2024), "۱۴۰۲/۱۲/۱۳"; its years
# run from 1369 (1990) to 1499 here, its months from Farvardin (21 March) on.
_SOLAR_HIJRI_MONTHS = (
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
)
# What follows the day in a day, a Solar Hijri month name and a year, as a piece of the written-date pattern.
SOLAR_HIJRI_AFTER_DAY = r"\s+(?:" + "|".join(_SOLAR_HIJRI_MONTHS) + r")(?!\w)\s+\d{4}"
_SOLAR_HIJRI_WRITTEN = re.compile(
    r"(\d{1,2})\s+(" + "|".join(_SOLAR_HIJRI_MONTHS) + r")(?!\w)\s+(1[34]\d{2})\b"
)
_SOLAR_HIJRI_FIGURES = re.compile(r"^(1[34]\d{2})[/-](\d{1,2})[/-](\d{1,2})\b")
_PERSIAN_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_CLOCK = re.compile(r"\d{1,2}:\d{2}")

# Thai dates count years from 543 BC ("3 มีนาคม 2567" is 2024); no news date is that far ahead otherwise.
_THAI = re.compile(r"[\u0E00-\u0E7F]")
# Thai news prints the months abbreviated, with dots inside ("12 มี.ค. 2567", "12 มี.ค. 67": the Buddhist-era
# year in two figures too), which dateparser misreads (January) or not at all: rewritten as the full names. Not
# "พ.ศ." (the era's own abbreviation, before a year).
_THAI_ABBREVIATED_MONTHS = {
    "ม.ค.": "มกราคม", "ก.พ.": "กุมภาพันธ์", "มี.ค.": "มีนาคม", "เม.ย.": "เมษายน", "พ.ค.": "พฤษภาคม",
    "มิ.ย.": "มิถุนายน", "ก.ค.": "กรกฎาคม", "ส.ค.": "สิงหาคม", "ก.ย.": "กันยายน", "ต.ค.": "ตุลาคม",
    "พ.ย.": "พฤศจิกายน", "ธ.ค.": "ธันวาคม",
}  # fmt: skip
_THAI_ABBREVIATION = "(?:" + "|".join(map(re.escape, _THAI_ABBREVIATED_MONTHS)) + ")"
# What follows the day in a day, an abbreviated Thai month and a year in four or two figures, as a piece of the
# written-date pattern.
THAI_ABBREVIATED_AFTER_DAY = rf"\s*{_THAI_ABBREVIATION}\s*\d{{2}}(?:\d{{2}})?(?!\d)"
_THAI_ABBREVIATED_PARTS = re.compile(rf"(\d{{1,2}})\s*({_THAI_ABBREVIATION})\s*(\d{{4}}|\d{{2}}(?!\d))")
# The Thai clock: "14:30 น." and "14.30 น." (นาฬิกา, o'clock), read as "14:30"; in a Thai date a dotted pair
# of figures that is no part of figures with dots is its clock (the date text may end before the "น.").
_THAI_CLOCK = re.compile(r"(?<![\d.])(\d{1,2})[.:](\d{2})(?![\d.])(?:\s?น\.)?")
_BUDDHIST_ERA_FROM = 2400
_BUDDHIST_ERA_OFFSET = 543


# Lithuanian writes the year first with "m." (metai, year), the month in the genitive and the day with "d." (diena,
# day): "2024 m. kovo 12 d. 14:30"; Latvian the year with "gada" (of the year) and the month in the locative, or
# the nominative: "2024. gada 12. martā", "12. marts". Neither as dateparser reads it (nor the Latvian locative at
# all): the date is rewritten in figures, the months being numbered here (issue 15, thirteenth pass).
_LITHUANIAN_MONTHS = (
    "sausio", "vasario", "kovo", "balandžio", "gegužės", "birželio", "liepos", "rugpjūčio", "rugsėjo", "spalio",
    "lapkričio", "gruodžio",
)  # fmt: skip
_LATVIAN_MONTHS = (
    ("janvārī", "janvāris"), ("februārī", "februāris"), ("martā", "marts"), ("aprīlī", "aprīlis"),
    ("maijā", "maijs"), ("jūnijā", "jūnijs"), ("jūlijā", "jūlijs"), ("augustā", "augusts"),
    ("septembrī", "septembris"), ("oktobrī", "oktobris"), ("novembrī", "novembris"), ("decembrī", "decembris"),
)  # fmt: skip
_BALTIC_MONTH_NUMBERS = {name: number for number, name in enumerate(_LITHUANIAN_MONTHS, 1)} | {
    name: number for number, names in enumerate(_LATVIAN_MONTHS, 1) for name in names
}
_LITHUANIAN_MONTH = "(?i:" + "|".join(_LITHUANIAN_MONTHS) + ")"
_LATVIAN_MONTH = "(?i:" + "|".join(name for names in _LATVIAN_MONTHS for name in names) + ")"
# What follows the year in a Lithuanian or a Latvian written date, as a piece of the written-date pattern.
BALTIC_AFTER_YEAR = (
    rf"(?:\s?m\.\s+{_LITHUANIAN_MONTH}\s+\d{{1,2}}\s?d\.|\.\s+gada\s+\d{{1,2}}\.\s+{_LATVIAN_MONTH}(?!\w))"
)
_BALTIC_PARTS = re.compile(
    rf"\b(\d{{4}})(?:\s?m\.\s+({_LITHUANIAN_MONTH})\s+(\d{{1,2}})\s?d\.|\.\s+gada\s+(\d{{1,2}})\.\s+({_LATVIAN_MONTH})(?!\w))"
)


def baltic_month(word: str) -> int | None:
    """The number of a Lithuanian month in the genitive or a Latvian one in the locative or nominative."""
    return _BALTIC_MONTH_NUMBERS.get(word.casefold())


def _baltic_figures(match: re.Match[str]) -> str:
    year, month, day = match[1], match[2] or match[5], match[3] or match[4]
    return f"{year}-{_BALTIC_MONTH_NUMBERS[month.casefold()]:02d}-{int(day):02d}"


def solar_hijri(text: str) -> tuple[datetime, bool] | None:
    """A Solar Hijri date ("۱۳ اسفند ۱۴۰۲ - ۱۴:۰۵", "1402/12/13") as its Gregorian day, naive, and whether
    a clock came with it; ``None`` for any other text."""
    if text.isascii() and not text.startswith(("13", "14")):
        return None
    digits = text.translate(_PERSIAN_DIGITS)
    written = _SOLAR_HIJRI_WRITTEN.search(digits)
    match = written or _SOLAR_HIJRI_FIGURES.match(digits)
    if match is None:
        return None
    if written:
        year, month, day = int(match[3]), _SOLAR_HIJRI_MONTHS.index(match[2]) + 1, int(match[1])
    else:
        year, month, day = int(match[1]), int(match[2]), int(match[3])
    if not 1 <= month <= 12 or not 1 <= day <= (31 if month <= 6 else 30):
        return None
    value = solar_hijri_to_gregorian(year, month, day)
    clock = _CLOCK.search(digits[match.end() :])
    if clock:
        hour, minute = (int(part) for part in clock.group(0).split(":"))
        if hour < 24 and minute < 60:
            return value.replace(hour=hour, minute=minute), True
    return value, False


def solar_hijri_to_gregorian(year: int, month: int, day: int) -> datetime:
    """The Gregorian day of a Solar Hijri date, by the 33-year arithmetic rule (exact for 1178-1633 SH, which
    covers every date a news page carries). Written here rather than taken from ``convertdate``, whose
    astronomical calendar would add two packages for this one conversion."""
    year += 1595
    days = -355668 + 365 * year + (year // 33) * 8 + ((year % 33) + 3) // 4 + day
    days += (month - 1) * 31 if month < 7 else (month - 7) * 30 + 186
    gregorian = 400 * (days // 146097)
    days %= 146097
    if days > 36524:
        days -= 1
        gregorian += 100 * (days // 36524)
        days %= 36524
        if days >= 365:
            days += 1
    gregorian += 4 * (days // 1461)
    days %= 1461
    if days > 365:
        gregorian += (days - 1) // 365
        days = (days - 1) % 365
    return datetime(gregorian, 1, 1) + timedelta(days=days)


def with_dateparser_month_names(text: str) -> str:
    """``text`` with Levantine and Maghreb month names as the names dateparser reads, and a double name ("آذار/مارس")
    as one; a Thai date with its abbreviated month written out and its clock without "น."; a Lithuanian or Latvian
    date in figures ("2024-03-12")."""
    if ("m." in text or "gada" in text) and _BALTIC_PARTS.search(text):
        text = _BALTIC_PARTS.sub(_baltic_figures, text)
    if text.isascii():
        return text
    if _THAI.search(text):
        return _THAI_CLOCK.sub(r"\1:\2", _THAI_ABBREVIATED_PARTS.sub(_thai_full_month, text))
    text = _MAGHREB_MONTH.sub(lambda match: _MAGHREB_MONTHS[match[1]], text)
    text = _LEVANTINE_MONTH.sub(lambda match: _LEVANTINE_MONTHS[match[1]], text)
    return _DOUBLE_ARABIC_MONTH.sub(r"\1", text)


def _thai_full_month(match: re.Match[str]) -> str:
    """An abbreviated Thai date as dateparser reads it: the full month name, a two-figure year as its
    Buddhist-era four ("67" is 2567)."""
    year = match[3] if len(match[3]) == 4 else f"25{match[3]}"
    return f"{match[1]} {_THAI_ABBREVIATED_MONTHS[match[2]]} {year}"


def gregorian_year(value: datetime, text: str) -> datetime:
    """``value`` parsed from ``text``, its year moved from the Thai solar calendar's to the Gregorian when the
    text is Thai and the year that far ahead."""
    if value.year >= _BUDDHIST_ERA_FROM and _THAI.search(text):
        return value.replace(year=value.year - _BUDDHIST_ERA_OFFSET)
    return value
