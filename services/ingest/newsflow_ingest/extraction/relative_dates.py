"""Publication times a page shows only relative to now, beside its headline ("3 hours ago", "2 days ago";
Arabic "منذ 3 ساعات", German "vor 3 Stunden", French "il y a 2 jours", Japanese "3時間前", …), resolved against
the fetch time.

Used only when the page declares and shows no absolute date, and only from a short text of its own (a byline
or time label, not a sentence: "the protesters have camped there for 3 days" — "منذ 3 أيام" — is prose; so is
"yesterday"). A relative time is as exact as its unit: minutes and hours give a time of day, days and weeks
only the day. An update told relatively ("Updated 3 hours ago", "Diperbarui 3 jam lalu") is no publication
(``date_labels``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime, timedelta

from newsflow_ingest.extraction.date_labels import UPDATE_WORDS

_UNITS = {
    "minute": timedelta(minutes=1),
    "min": timedelta(minutes=1),
    "hour": timedelta(hours=1),
    "hr": timedelta(hours=1),
    "day": timedelta(days=1),
    "week": timedelta(weeks=1),
}
_WORD_NUMBERS = {"a": 1, "an": 1, "one": 1}
_ENGLISH = re.compile(r"\b(\d{1,2}|an?|one)\s+(minute|min|hour|hr|day|week)s?\s+ago\b", re.IGNORECASE)
# "منذ 3 ساعات", "منذ ساعة", "منذ ساعتين" (dual), "منذ 5 دقائق", "منذ يومين".
_ARABIC_UNITS = {
    "دقيقة": ("minute", 1),
    "دقيقتين": ("minute", 2),
    "دقائق": ("minute", None),
    "ساعة": ("hour", 1),
    "ساعتين": ("hour", 2),
    "ساعات": ("hour", None),
    "يوم": ("day", 1),
    "يومين": ("day", 2),
    "أيام": ("day", None),
    "أسبوع": ("week", 1),
    "أسبوعين": ("week", 2),
    "أسابيع": ("week", None),
}
_ARABIC = re.compile(r"منذ\s+(?:(\d{1,2})\s+)?(" + "|".join(_ARABIC_UNITS) + r")(?!\w)")
_EASTERN_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")
# Other news languages, each as its sites write the label: German "vor 3 Stunden", French "il y a 2 jours",
# Spanish "hace 3 horas", Portuguese "há 3 horas", Italian "3 ore fa", Dutch "3 uur geleden", Russian "3 часа
# назад", Turkish "3 saat önce", Japanese "3時間前", Chinese "3小时前", Korean "3시간 전". A unit word is known by
# its start (German "Stunde"/"Stunden", Russian "час"/"часа"/"часов"); "a"/"one" as the language writes it.
_OTHER_UNITS = (
    ("minggu", "week"),  # Indonesian and Malay week, before "min" (minute)
    ("min", "minute"), ("stund", "hour"), ("tag", "day"), ("woch", "week"),
    ("heure", "hour"), ("jour", "day"), ("semaine", "week"),
    ("hora", "hour"), ("día", "day"), ("dia", "day"), ("semana", "week"),
    ("ora", "hour"), ("ore", "hour"), ("giorn", "day"), ("settiman", "week"),
    ("uur", "hour"), ("dag", "day"), ("wek", "week"), ("week", "week"),
    ("мин", "minute"), ("час", "hour"), ("дн", "day"), ("день", "day"), ("недел", "week"),
    ("dakika", "minute"), ("saat", "hour"), ("gün", "day"), ("hafta", "week"),
    ("分", "minute"), ("時間", "hour"), ("小时", "hour"), ("小時", "hour"), ("日", "day"), ("天", "day"),
    ("週間", "week"), ("周", "week"), ("분", "minute"), ("시간", "hour"), ("일", "day"), ("주", "week"),
    # thirteenth pass: Indonesian and Malay, Vietnamese, Polish, Czech and Slovak, Ukrainian, Bulgarian,
    # Serbo-Croatian and Slovene, Romanian, Hungarian, Greek, Hebrew, Nordic, Finnish, Thai, Hindi, Bengali,
    # Persian, Urdu
    ("menit", "minute"), ("jam", "hour"), ("hari", "day"),
    ("phút", "minute"), ("giờ", "hour"), ("ngày", "day"), ("tuần", "week"),
    ("godzin", "hour"), ("dni", "day"), ("dzień", "day"), ("tydz", "week"), ("tygod", "week"),
    ("hodin", "hour"), ("hodín", "hour"), ("dn", "day"), ("dň", "day"), ("týd", "week"), ("týž", "week"),
    ("хвилин", "minute"), ("годин", "hour"), ("тижн", "week"), ("тижд", "week"),
    ("ден", "day"), ("седмиц", "week"),
    ("sat", "hour"), ("dan", "day"), ("tjed", "week"), ("sedmic", "week"), ("nedelj", "week"), ("ur", "hour"),
    ("or", "hour"), ("zi", "day"), ("săptămân", "week"),
    ("perc", "minute"), ("órá", "hour"), ("napj", "day"), ("hete", "week"),
    ("λεπτ", "minute"), ("ώρ", "hour"), ("ημέρ", "day"), ("μέρ", "day"), ("εβδομάδ", "week"),
    ("דק", "minute"), ("שע", "hour"), ("ימים", "day"), ("יום", "day"), ("שבוע", "week"),
    ("tim", "hour"), ("veck", "week"), ("uge", "week"), ("uke", "week"),
    ("tunt", "hour"), ("päiv", "day"), ("viik", "week"),
    ("นาที", "minute"), ("ชั่วโมง", "hour"), ("วัน", "day"), ("สัปดาห์", "week"),
    ("मिनट", "minute"), ("घंट", "hour"), ("दिन", "day"), ("सप्ताह", "week"), ("हफ्त", "week"),
    ("মিনিট", "minute"), ("ঘণ্টা", "hour"), ("ঘন্টা", "hour"), ("দিন", "day"), ("সপ্তাহ", "week"),
    ("دقیقه", "minute"), ("ساعت", "hour"), ("روز", "day"), ("هفته", "week"),
    ("منٹ", "minute"), ("گھنٹ", "hour"), ("دن", "day"), ("ہفت", "week"),
)  # fmt: skip
_ONE = r"(?:ein(?:e[mnr]?)?|une?|una|uma|um|un'|een)"
_NUMBER = rf"(\d{{1,2}}|{_ONE})\s*"
_OTHER = re.compile(
    rf"(?<!\w)(?:vor|il y a|hace|há|před|pred|prije|pre|преди|acum|πριν(?: από)?|לפני)\s+{_NUMBER}"
    rf"(min\w*|stunden?|tage?n?|wochen?|heures?|jours?|semaines?|horas?|días?|dias?|semanas?|hodin\w*|"
    rf"hodín\w*|dn\w*|dň\w*|týd\w*|týž\w*|sat[ai]?|dana?|tjed\w*|sedmic\w*|nedelj\w*|ur\w*|мин\w*|"
    rf"час\w*|дни|ден\w*|седмиц\w*|ore|oră|zile|zi|săptămân\w*|λεπτ\w*|ώρ\w*|ημέρ\w*|μέρ\w*|"
    rf"εβδομάδ\w*|דקות|דקה|שעות|שעה|ימים|יום|שבוע\w*)(?!\w)"
    rf"|(?<!\w){_NUMBER}(min\w*|ore|ora|giorn[oi]|settiman[ae]|uur|dag\w*|we[e]?k(?:en)?|dakika|saat|gün|"
    rf"hafta|мин\w*|час\w*|дн\w*|день|недел\w*|menit|minit|jam|hari|minggu|phút|giờ|ngày|tuần|godzin\w*|"
    rf"dni|dzień|tygod\w*|tydzień|хвилин\w*|годин\w*|тижн\w*|тиждень|timm\w*|timer?|timme|dage\w*|"
    rf"veck\w*|uge\w*|uke\w*|tunti\w*|minuutti\w*|päivä\w*|viikko\w*|मिनट|घंटे|घंटा|दिन|सप्ताह|हफ्ते|"
    rf"মিনিট|ঘণ্টা|ঘন্টা|দিন|সপ্তাহ|دقیقه|ساعت|روز|هفته|منٹ|گھنٹے|گھنٹہ|دن|ہفتے)\s+"
    rf"(?:fa|geleden|önce|назад|temu|тому|sitten|sedan|siden|(?:yang\s+)?lalu|trước|पहले|আগে|پیش|قبل|پہلے)"
    r"(?!\w)"
    r"|(\d{1,2})\s*(分|時間|小时|小時|日|天|週間|周|분|시간|일|주)\s*(?:前(?!後)|전(?!\w))"
    # Hungarian writes "ago" in the unit's ending ("3 órája", "2 napja"); Thai without spaces ("3 ชั่วโมงที่แล้ว")
    r"|(?<!\w)(\d{1,2})\s+(perce|órája|napja|hete)(?!\w)"
    r"|(\d{1,2})\s*(นาที|ชั่วโมง|วัน|สัปดาห์)\s*(?:ที่แล้ว|ก่อน)",
    re.IGNORECASE,
)
# Older than this, "N days ago" is a listing's age label more than a publication time worth keeping.
_MAX_AGE = timedelta(weeks=4)
# A byline or a time label, not a sentence of the article.
_MAX_LABEL_CHARS = 60


def relative_publication(texts: Iterable[str], reference: datetime) -> str | None:
    """ISO 8601 of the first relative time in a short text of ``texts``, counted back from ``reference``
    (aware): date and time for minutes and hours, the day alone for days and weeks; None when there is none."""
    found = next(
        (
            hit
            for text in texts
            if len(text.strip()) <= _MAX_LABEL_CHARS
            and (hit := _first(text.translate(_EASTERN_DIGITS))) is not None
        ),
        None,
    )
    if found is None:
        return None
    unit, count = found
    age = _UNITS[unit] * count
    if age > _MAX_AGE:
        return None
    moment = reference - age
    if unit in ("minute", "min", "hour", "hr"):
        return moment.replace(microsecond=0).isoformat()
    return moment.date().isoformat()


def _first(text: str) -> tuple[str, int] | None:
    """(unit, count) of the earliest relative expression in ``text``; None when there is none or an update
    word introduces it."""
    matches: list[tuple[int, str, int]] = []
    english = _ENGLISH.search(text)
    if english:
        amount = english[1].lower()
        count = _WORD_NUMBERS.get(amount) or int(amount)
        matches.append((english.start(), english[2].lower(), count))
    arabic = _ARABIC.search(text)
    if arabic:
        unit, implied = _ARABIC_UNITS[arabic[2]]
        count = int(arabic[1]) if arabic[1] else (implied or 1)
        matches.append((arabic.start(), unit, count))
    other = _OTHER.search(text)
    if other:
        amount, word = next((other[i], other[i + 1]) for i in (1, 3, 5, 7, 9) if other[i + 1])
        unit = next(unit for start, unit in _OTHER_UNITS if word.lower().startswith(start))
        matches.append((other.start(), unit, int(amount) if amount.isdigit() else 1))
    if not matches:
        return None
    start, unit, count = min(matches)
    if UPDATE_WORDS.search(text[:start]):  # "Updated 3 hours ago", "Diperbarui 3 jam lalu": no publication
        return None
    return unit, count
