"""Issue 15, twelfth pass: printed date forms of the major news languages that newsflow read only in part (a
clock written before a figure date, Korean and Arabic halves of the day, a dotted clock before a zone name,
the word between a date and its clock in Slavic languages) and relative times in languages other than English
and Arabic. Found by trying each language's common byline forms on a made-up page, not from `check` pages."""

from __future__ import annotations

from datetime import datetime

import pytest
from newsflow_ingest.extraction import parse_article
from newsflow_ingest.extraction.dates import parse_date, written_dates

from tests.unit.ingest.extraction.pages import FETCHED, PROSE


def _page(byline: str, *, lang: str) -> str:
    return (
        f"<html lang='{lang}'><head><title>Neue Buslinien</title></head><body><article>"
        f"<h1>Neue Buslinien</h1><p class='meta'>{byline}</p><p>{PROSE}</p><p>{PROSE}</p></article></body></html>"
    )


def _published(byline: str, *, lang: str) -> str | None:
    return parse_article(_page(byline, lang=lang), "https://paper.test/a/1", fetched_at=FETCHED).published_at


# --- a clock written before a date in figures ("14:05 Uhr, 03.04.2024") --------------------------------------


@pytest.mark.parametrize(
    ("byline", "lang", "expected"),
    [
        ("14:05 Uhr, 03.04.2024", "de", "2024-04-03T14:05:00"),
        ("14:05 Uhr | 03.04.2024", "de", "2024-04-03T14:05:00"),
        ("14h05, le 03/04/2024", "fr", "2024-04-03T14:05:00"),
        ("Publié à 14h05, le 3 avril 2024", "fr", "2024-04-03T14:05:00"),
        # the forms already read stay read
        ("03.04.2024, 14:05 Uhr", "de", "2024-04-03T14:05:00"),
        ("2:05 PM, March 3, 2024", "en", "2024-03-03T14:05:00"),
    ],
)
def test_a_clock_before_its_date_is_read_with_it(byline: str, lang: str, expected: str) -> None:
    assert _published(byline, lang=lang) == expected


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # day first as the date alone would be: not April's 3 read as March 4
        ("14:05, 03/04/2024", "fr", datetime(2024, 4, 3, 14, 5)),
        ("14:05 Uhr, 03.04.2024", "de", datetime(2024, 4, 3, 14, 5)),
        ("2:05 PM, 03/04/2024", "en-US", datetime(2024, 3, 4, 14, 5)),
    ],
)
def test_a_clock_before_a_figure_date_keeps_the_date_order(text: str, lang: str, expected: datetime) -> None:
    parsed = parse_date(text, languages=[lang])
    assert parsed is not None and parsed.value == expected and parsed.has_time


# --- the half of the day in Korean ("오후 2:05") and Arabic ("02:05 م") ---------------------------------------


@pytest.mark.parametrize(
    ("byline", "lang", "expected"),
    [
        # Korean portals: "입력 2024.03.03. 오후 2:05", a dot after the day and the half of the day before the clock
        ("입력 2024.03.03. 오후 2:05", "ko", "2024-03-03T14:05:00+09:00"),
        ("입력 2024.03.03. 오전 9:05", "ko", "2024-03-03T09:05:00+09:00"),
        ("2024. 3. 3. 14:05", "ko", "2024-03-03T14:05:00+09:00"),
        ("2024.03.03 14:05", "ko", "2024-03-03T14:05:00+09:00"),
        # Arabic "م" (after noon) and "ص" (before noon) after the clock: not 02:05
        ("الأحد، 3 مارس 2024 02:05 م", "ar", "2024-03-03T14:05:00"),
        ("3 مارس 2024 09:05 ص", "ar", "2024-03-03T09:05:00"),
    ],
)
def test_the_half_of_the_day_is_read_with_the_clock(byline: str, lang: str, expected: str) -> None:
    assert _published(byline, lang=lang) == expected


def test_a_dot_after_a_korean_day_is_part_of_the_date_only_when_a_day_ends_it() -> None:
    # a version number or a year and month are no date
    assert written_dates("버전 2.1.3. 출시") == []
    assert written_dates("2024.03. 오후") == []


# --- the word between a date and its clock in Russian, Ukrainian, Polish, Czech ------------------------------


@pytest.mark.parametrize(
    ("byline", "lang", "expected"),
    [
        ("Опубликовано: 3 марта 2024 в 14:05", "ru", "2024-03-03T14:05:00"),
        ("3 березня 2024 о 14:05", "uk", "2024-03-03T14:05:00"),
        ("Opublikowano: 3 marca 2024 o 14:05", "pl", "2024-03-03T14:05:00"),
        ("3. března 2024 v 14:05", "cs", "2024-03-03T14:05:00"),
    ],
)
def test_a_slavic_word_between_a_date_and_its_clock(byline: str, lang: str, expected: str) -> None:
    assert _published(byline, lang=lang) == expected


# --- a dotted clock before a zone name ("14.05 GMT": the Guardian's byline) -------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sun 3 Mar 2024 14.05 GMT", "2024-03-03T14:05:00+00:00"),
        ("Mon 1 Jul 2024 09.30 BST", "2024-07-01T09:30:00+01:00"),
        ("Sun 3 Mar 2024 09.30 EST", "2024-03-03T09:30:00-05:00"),
    ],
)
def test_a_dotted_clock_before_a_zone_name(text: str, expected: str) -> None:
    assert [written for written, _ in written_dates(text)] == [text[4:]]
    parsed = parse_date(text[4:], languages=["en"])
    assert parsed is not None and parsed.iso() == expected


def test_a_dotted_pair_without_zone_or_uhr_stays_no_clock() -> None:
    # "3 Mar 2024 14.05" could be a score or a figure: the day alone
    assert [written for written, _ in written_dates("3 Mar 2024 14.05 points")] == ["3 Mar 2024"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a player's "00:00" before the byline's own date and clock (two text nodes joined by a space)
        ("00:00 14/03/2020 16h15", ["14/03/2020 16h15"]),
        ("00:00, 14 March 2020 16:15", ["14 March 2020 16:15"]),
    ],
)
def test_a_clock_before_a_date_with_its_own_clock_is_not_the_date_s(text: str, expected: list[str]) -> None:
    assert [written for written, _ in written_dates(text)] == expected


# --- relative times in other news languages ("vor 3 Stunden", "il y a 2 jours", "3時間前") ---------------------


def _relative_page(label: str, lang: str) -> str:
    return (
        f"<html lang='{lang}'><head><title>Neue Buslinien</title></head><body><article><h1>Neue Buslinien</h1>"
        f"<span class='time'>{label}</span><p>{PROSE}</p><p>{PROSE}</p></article></body></html>"
    )


@pytest.mark.parametrize(
    ("label", "lang", "expected"),
    [
        ("vor 3 Stunden", "de", "2024-05-01T09:00:00+00:00"),
        ("vor einer Stunde", "de", "2024-05-01T11:00:00+00:00"),
        ("vor 2 Tagen", "de", "2024-04-29"),
        ("il y a 3 heures", "fr", "2024-05-01T09:00:00+00:00"),
        ("Publié il y a 45 min", "fr", "2024-05-01T11:15:00+00:00"),
        ("il y a 2 jours", "fr", "2024-04-29"),
        ("hace 3 horas", "es", "2024-05-01T09:00:00+00:00"),
        ("hace una hora", "es", "2024-05-01T11:00:00+00:00"),
        ("há 3 horas", "pt", "2024-05-01T09:00:00+00:00"),
        ("há 2 dias", "pt", "2024-04-29"),
        ("3 ore fa", "it", "2024-05-01T09:00:00+00:00"),
        ("un'ora fa", "it", "2024-05-01T11:00:00+00:00"),
        ("3 uur geleden", "nl", "2024-05-01T09:00:00+00:00"),
        ("3 часа назад", "ru", "2024-05-01T09:00:00+00:00"),
        ("5 минут назад", "ru", "2024-05-01T11:55:00+00:00"),
        ("3 saat önce", "tr", "2024-05-01T09:00:00+00:00"),
        ("3時間前", "ja", "2024-05-01T09:00:00+00:00"),
        ("3小时前", "zh", "2024-05-01T09:00:00+00:00"),
        ("2天前", "zh", "2024-04-29"),
        ("3시간 전", "ko", "2024-05-01T09:00:00+00:00"),
    ],
)
def test_a_relative_time_in_another_language_counts_back_from_the_fetch(
    label: str, lang: str, expected: str
) -> None:
    parsed = parse_article(_relative_page(label, lang), "https://paper.test/a/1", fetched_at=FETCHED)
    assert (parsed.published_at, parsed.provenance.get("published_at")) == (expected, "relative")


@pytest.mark.parametrize(
    ("label", "lang"),
    [
        # prose, not a label
        (
            "Die Busse fahren seit der Überschwemmung des Depots vor 3 Tagen nicht mehr, sagen die Anwohner.",
            "de",
        ),
        # "about three hours": not a time ago
        ("3時間前後", "ja"),
        # older than four weeks
        ("il y a 9 semaines", "fr"),
    ],
)
def test_other_languages_relative_times_in_prose_or_too_old_stay_unread(label: str, lang: str) -> None:
    parsed = parse_article(_relative_page(label, lang), "https://paper.test/a/1", fetched_at=FETCHED)
    assert parsed.published_at is None


# --- a day the page labels as its own, anywhere on a page nothing else dates ("Stand: 15.06.2018") -------------


def _footer_page(footer: str, *, lang: str = "de", extra: str = "") -> str:
    return (
        f"<html lang='{lang}'><head><title>Neue Buslinien</title></head><body><article><h1>Neue Buslinien</h1>"
        f"<p>{PROSE}</p><p>{PROSE}</p><p>{PROSE}</p><p>{PROSE}</p>{extra}</article>"
        f"<footer><p>{footer}</p></footer></body></html>"
    )


@pytest.mark.parametrize(
    ("footer", "lang", "expected"),
    [
        ("Stand: 15.06.2018", "de", "2018-06-15"),
        ("<strong>Stand:</strong> 15.06.2018", "de", "2018-06-15"),
        ("Veröffentlicht am 15. Juni 2018", "de", "2018-06-15"),
        ("Publié le 15 juin 2018", "fr", "2018-06-15"),
        ("Publicado el 15 de junio de 2018", "es", "2018-06-15"),
        ("Published on June 15, 2018", "en", "2018-06-15"),
        ("公開日：2018年6月15日", "ja", "2018-06-15"),
    ],
)
def test_a_labelled_day_dates_a_page_nothing_else_dates(footer: str, lang: str, expected: str) -> None:
    html = _footer_page(footer, lang=lang)
    parsed = parse_article(html, "https://paper.test/a/1", fetched_at=FETCHED)
    assert (parsed.published_at, parsed.provenance.get("published_at")) == (expected, "labelled")


@pytest.mark.parametrize(
    "footer",
    [
        # a bare day, a deadline, an update: not the page's publication
        "15.06.2018",
        "Anmeldeschluss: 15.06.2018",
        "Aktualisiert am 15.06.2018",
        "Mis à jour le 15 juin 2018",
    ],
)
def test_an_unlabelled_or_updated_day_does_not_date_the_page(footer: str) -> None:
    parsed = parse_article(_footer_page(footer), "https://paper.test/a/1", fetched_at=FETCHED)
    assert parsed.published_at is None


def test_a_labelled_day_does_not_replace_a_declared_date() -> None:
    html = _footer_page("Stand: 15.06.2018").replace(
        "</head>", "<meta property='article:published_time' content='2018-06-10T08:00:00+02:00'></head>"
    )
    parsed = parse_article(html, "https://paper.test/a/1", fetched_at=FETCHED)
    assert parsed.published_at == "2018-06-10T08:00:00+02:00"


# --- a UTC instant in the one offset the page's inline scripts give its other timestamps that week -------------


def _utc_page(script: str, byline: str = "") -> str:
    return (
        "<html lang='en'><head><title>Penn Station to close</title>"
        "<meta property='article:published_time' content='2020-05-02T02:54:29.000Z'>"
        f"<script>{script}</script></head><body><article><h1>Penn Station to close</h1>{byline}"
        f"<p>{PROSE}</p><p>{PROSE}</p></article></body></html>"
    )


def _utc_published(script: str, byline: str = "") -> str | None:
    return parse_article(
        _utc_page(script, byline), "https://station.test/a/1", fetched_at=FETCHED
    ).published_at


def test_a_utc_instant_takes_the_offset_of_the_page_s_script_timestamps() -> None:
    # a broadcaster's schedule in the page's data: "Fri, 01 May 2020 23:00:00 -0400" (abc7ny's New York clock)
    script = 'var data = {"onair": {"date": "Fri, 01 May 2020 23:00:00 -0400"}, "next": "2020-05-02T06:00:00-04:00"};'
    assert _utc_published(script) == "2020-05-01T22:54:29-04:00"


@pytest.mark.parametrize(
    ("script", "byline"),
    [
        # two offsets: nothing tells which is the publisher's
        ('var a = {"x": "2020-05-01T23:00:00-04:00", "y": "2020-05-01T23:00:00+02:00"};', ""),
        # a month away: another season may have another offset
        ('var a = {"x": "2020-03-01T23:00:00-05:00"};', ""),
        # UTC only: no offset to take
        ('var a = {"x": "2020-05-01T23:00:00Z"};', ""),
        # the page prints the UTC clock: it shows UTC
        ('var a = {"x": "2020-05-01T23:00:00-04:00"};', "<p class='date'>May 2, 2020 02:54</p>"),
    ],
)
def test_a_utc_instant_stays_utc_without_one_script_offset(script: str, byline: str) -> None:
    assert _utc_published(script, byline) == "2020-05-02T02:54:29+00:00"


# --- French two-figure years ("Publié le 24/08/20 à 18h23") and a zone after "Uhr" ("18:23 Uhr MESZ") ----------


@pytest.mark.parametrize(
    ("byline", "lang", "expected"),
    [
        ("Publié le 24/08/20 à 18h23", "fr", "2020-08-24T18:23:00"),
        ("Publié le 24/08/20 à 18h23 — Mis à jour le 25/08/20 à 06h12", "fr", "2020-08-24T18:23:00"),
        ("Publicado el 24/08/20 a las 18:23", "es", "2020-08-24T18:23:00"),
        ("24.08.2020 18:23 Uhr MESZ", "de", "2020-08-24T18:23:00+02:00"),
    ],
)
def test_a_two_figure_year_before_a_french_clock_and_a_zone_after_uhr(
    byline: str, lang: str, expected: str
) -> None:
    assert _published(byline, lang=lang) == expected


def test_a_two_figure_year_with_slashes_alone_stays_unread() -> None:
    # "11/13/19 11:00AM" on US story cards: month first, another story's; not read without a day-first word
    assert written_dates("11/13/19 11:00AM") == []
    assert written_dates("Posted 11/13/19 at 11:00AM") == []


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # a whole text in figures with a two-figure year: month first in US English, day first elsewhere
        ("10/13/16 12:34PM", "en-US", datetime(2016, 10, 13, 12, 34)),
        ("05/06/19 10:00", "en-US", datetime(2019, 5, 6, 10, 0)),
        ("05/06/19 10:00", "fr", datetime(2019, 6, 5, 10, 0)),
        ("24/08/20 à 18h23", "fr", datetime(2020, 8, 24, 18, 23)),
    ],
)
def test_a_two_figure_year_with_slashes_is_parsed_in_the_page_s_order(
    text: str, lang: str, expected: datetime
) -> None:
    parsed = parse_date(text, languages=[lang])
    assert parsed is not None and parsed.value == expected


# --- Levantine Arabic month names ("3 آذار 2024": Syria, Lebanon, Jordan, Iraq, Palestine) and the double form -----


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3 آذار 2024", datetime(2024, 3, 3)),
        ("3 آذار/مارس 2024", datetime(2024, 3, 3)),
        ("3 مارس/ آذار 2024", datetime(2024, 3, 3)),
        ("15 آب 2020", datetime(2020, 8, 15)),
        ("1 كانون الثاني 2021", datetime(2021, 1, 1)),
        ("9 تشرين الأول 2019", datetime(2019, 10, 9)),
        ("الأحد 3 آذار 2024 - 14:05", datetime(2024, 3, 3, 14, 5)),
    ],
)
def test_a_levantine_arabic_month_name(text: str, expected: datetime) -> None:
    parsed = parse_date(text, languages=["ar"])
    assert parsed is not None and parsed.value == expected


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        ("نشر في 3 آذار 2024", "2024-03-03"),
        ("الخميس 9 تشرين الأول 2019 - 14:05", "2019-10-09T14:05:00"),
        ("3 آذار/مارس 2024", "2024-03-03"),
    ],
)
def test_a_levantine_date_beside_the_headline(byline: str, expected: str) -> None:
    assert _published(byline, lang="ar") == expected


# --- month names in Indic and Thai scripts (their vowel signs are marks, not letters) and the Thai year -----------


@pytest.mark.parametrize(
    ("byline", "lang", "expected"),
    [
        ("3 मार्च 2024", "hi", "2024-03-03"),
        ("प्रकाशित: 03 मार्च, 2024 14:05", "hi", "2024-03-03T14:05:00"),
        ("03 মার্চ 2024, 14:05", "bn", "2024-03-03T14:05:00"),
        ("৩ মার্চ ২০২৪", "bn", "2024-03-03"),
        # the Thai solar calendar counts years from 543 BC: 2567 is 2024
        ("3 มีนาคม 2567", "th", "2024-03-03"),
        ("3 มีนาคม 2024", "th", "2024-03-03"),
    ],
)
def test_a_month_name_in_an_indic_or_thai_script(byline: str, lang: str, expected: str) -> None:
    assert _published(byline, lang=lang) == expected


# --- the Nordic "kl." / "klo" and Romanian "ora" before a clock ("3 mars 2024 kl. 14.05") -------------------------


@pytest.mark.parametrize(
    ("byline", "lang", "expected"),
    [
        ("Publicerad 3 mars 2024 kl. 14.05", "sv", "2024-03-03T14:05:00"),
        ("3. marts 2024 kl. 14.05", "da", "2024-03-03T14:05:00"),
        ("Publisert 3. mars 2024 kl. 14:05", "no", "2024-03-03T14:05:00"),
        ("3.3.2024 klo 14.05", "fi", "2024-03-03T14:05:00"),
        ("03.03.2024 ora 14:05", "ro", "2024-03-03T14:05:00"),
    ],
)
def test_a_nordic_or_romanian_word_before_the_clock(byline: str, lang: str, expected: str) -> None:
    assert _published(byline, lang=lang) == expected


@pytest.mark.parametrize(
    ("languages", "expected"),
    [
        # Norwegian declared "no" (dateparser's "nb"), and a code dateparser does not know beside a known one
        (["no"], datetime(2024, 3, 3, 14, 5)),
        (["nb", "no"], datetime(2024, 3, 3, 14, 5)),
        (["nb", "xx"], datetime(2024, 3, 3, 14, 5)),
    ],
)
def test_a_language_code_dateparser_knows_otherwise(languages: list[str], expected: datetime) -> None:
    parsed = parse_date("3. mars 2024 kl. 14:05", languages=languages)
    assert parsed is not None and parsed.value == expected


# --- the Solar Hijri calendar of Iranian and Afghan pages ("۱۳ اسفند ۱۴۰۲" is 3 March 2024) -----------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("۱۳ اسفند ۱۴۰۲", datetime(2024, 3, 3)),
        ("13 اسفند 1402 - 14:05", datetime(2024, 3, 3, 14, 5)),
        ("۱۴۰۲/۱۲/۱۳", datetime(2024, 3, 3)),
        ("1 فروردین 1403", datetime(2024, 3, 20)),
        ("۲۹ اسفند ۱۳۹۹ ساعت ۱۰:۳۰", datetime(2021, 3, 19, 10, 30)),
        ("1 دی 1399", datetime(2020, 12, 21)),
    ],
)
def test_a_solar_hijri_date(text: str, expected: datetime) -> None:
    parsed = parse_date(text, languages=["fa"])
    assert parsed is not None and parsed.value == expected


def test_a_solar_hijri_date_beside_the_headline() -> None:
    assert _published("۱۳ اسفند ۱۴۰۲ - ۱۴:۰۵", lang="fa") == "2024-03-03T14:05:00"


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # dateparser's table reads "IST" as Israel's; newsflow's (and dateutil's) as India's, the zone that writes it
        ("03 मार्च, 2024 14:05 IST", "hi", "2024-03-03T14:05:00+05:30"),
        ("3. März 2024, 14:05 MEZ", "de", "2024-03-03T14:05:00+01:00"),
    ],
)
def test_a_zone_abbreviation_on_a_localised_date_is_read_from_newsflow_s_table(
    text: str, lang: str, expected: str
) -> None:
    parsed = parse_date(text, languages=[lang])
    assert parsed is not None and parsed.iso() == expected


# --- Hungarian year-first dates ("2024. március 3. 14:05") and spaced dotted figures ("03. 03. 2024 14:05") -------


@pytest.mark.parametrize(
    ("byline", "lang", "expected"),
    [
        ("2024. március 3. 14:05", "hu", "2024-03-03T14:05:00"),
        ("Frissítve: 2024. március 5. Közzétéve: 2024. március 3.", "hu", "2024-03-03"),
        ("03. 03. 2024 14:05", "cs", "2024-03-03T14:05:00"),
        ("3. 3. 2024", "sk", "2024-03-03"),
    ],
)
def test_a_hungarian_or_spaced_dotted_date(byline: str, lang: str, expected: str) -> None:
    assert _published(byline, lang=lang) == expected
