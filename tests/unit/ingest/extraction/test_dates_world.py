"""Issue 15, thirteenth pass: publication dates in the major news languages.

A news page's meta line often prints two dates, the update before or after the publication ("Diperbarui: 13
Maret 2024, 09:00 WIB  Diterbitkan: 12 Maret 2024, 14:30 WIB"). The publication is the value a reader trusts:
the update label of each language must keep its date from being taken for the publication, in either order.
Then the month names, numeric orders, separators and zone words those languages print. Each case is a form
the language's news sites use (made up here, not taken from a benchmark page).
"""

from __future__ import annotations

import pytest
from newsflow_ingest.extraction import parse_article
from newsflow_ingest.extraction.dates import parse_date, written_dates

from tests.unit.ingest.extraction.pages import FETCHED, PROSE

# published 12 March 2024 14:30, updated 13 March 2024 09:00, in each language's own words and date forms:
# (lang, url, updated line, published line, the publication as ISO with the offset the page or its country
# gives; none for a country across clocks: Russia, Ukraine)
_META_LINES = [
    ("id", "https://berita.co.id/a/1", "Diperbarui: 13 Maret 2024, 09:00 WIB", "Diterbitkan: 12 Maret 2024, 14:30 WIB",
     "2024-03-12T14:30:00+07:00"),
    ("id", "https://berita.co.id/a/1", "Pembaruan: 13/03/2024, 09:00 WIB", "Dipublikasikan: 12/03/2024, 14:30 WIB",
     "2024-03-12T14:30:00+07:00"),
    ("ms", "https://berita.com.my/a/1", "Dikemas kini: Mac 13, 2024 @ 9:00am", "Disiarkan pada: Mac 12, 2024 @ 2:30pm",
     "2024-03-12T14:30:00+08:00"),
    ("vi", "https://bao.vn/a/1", "Cập nhật: 13/03/2024 09:00", "Đăng ngày: 12/03/2024 14:30",
     "2024-03-12T14:30:00+07:00"),
    ("ar", "https://akhbar.com.sa/a/1", "آخر تحديث: 13 مارس 2024 - 09:00", "نشر في: 12 مارس 2024 - 14:30",
     "2024-03-12T14:30:00+03:00"),
    ("ar", "https://akhbar.com.lb/a/1", "آخر تعديل: 13 آذار 2024 - 09:00", "تاريخ النشر: 12 آذار 2024 - 14:30",
     "2024-03-12T14:30:00+02:00"),
    ("he", "https://news.co.il/a/1", "עודכן: 13.03.24, 09:00", "פורסם: 12.03.24, 14:30", "2024-03-12T14:30:00+02:00"),
    ("hi", "https://khabar.in/a/1", "अपडेटेड: 13 मार्च 2024, 09:00 IST", "प्रकाशित: 12 मार्च 2024, 14:30 IST",
     "2024-03-12T14:30:00+05:30"),
    ("bn", "https://khobor.com.bd/a/1", "আপডেট: ১৩ মার্চ ২০২৪, ০৯:০০", "প্রকাশিত: ১২ মার্চ ২০২৪, ১৪:৩০",
     "2024-03-12T14:30:00+06:00"),
    ("ta", "https://seithi.in/a/1", "புதுப்பிக்கப்பட்டது: 13 மார்ச் 2024, 09:00 IST",
     "வெளியிடப்பட்டது: 12 மார்ச் 2024, 14:30 IST", "2024-03-12T14:30:00+05:30"),
    ("ur", "https://khabar.com.pk/a/1", "اپ ڈیٹ: 13 مارچ 2024, 09:00 PKT", "شائع: 12 مارچ 2024, 14:30 PKT",
     "2024-03-12T14:30:00+05:00"),
    ("fa", "https://khabar.ir/a/1", "به‌روزرسانی: ۲۳ اسفند ۱۴۰۲ - ۰۹:۰۰", "تاریخ انتشار: ۲۲ اسفند ۱۴۰۲ - ۱۴:۳۰",
     "2024-03-12T14:30:00+03:30"),
    ("tr", "https://haber.com.tr/a/1", "Güncellenme: 13 Mart 2024 09:00", "Yayınlanma: 12 Mart 2024 14:30",
     "2024-03-12T14:30:00+03:00"),
    ("tr", "https://haber.com.tr/a/1", "GÜNCELLENDİ: 13.03.2024 09:00", "YAYINLANMA: 12.03.2024 14:30",
     "2024-03-12T14:30:00+03:00"),
    ("ru", "https://novosti.ru/a/1", "Обновлено: 13 марта 2024, 09:00", "Опубликовано: 12 марта 2024, 14:30",
     "2024-03-12T14:30:00"),
    ("uk", "https://novyny.com.ua/a/1", "Оновлено: 13 березня 2024, 09:00", "Опубліковано: 12 березня 2024, 14:30",
     "2024-03-12T14:30:00"),
    ("pl", "https://wiadomosci.pl/a/1", "Aktualizacja: 13 marca 2024, 09:00", "Opublikowano: 12 marca 2024, 14:30",
     "2024-03-12T14:30:00+01:00"),
    ("cs", "https://zpravy.cz/a/1", "Aktualizováno: 13. března 2024 9:00", "Publikováno: 12. března 2024 14:30",
     "2024-03-12T14:30:00+01:00"),
    ("sk", "https://spravy.sk/a/1", "Aktualizované: 13. 3. 2024 9:00", "Publikované: 12. 3. 2024 14:30",
     "2024-03-12T14:30:00+01:00"),
    ("hu", "https://hirek.hu/a/1", "Frissítve: 2024. március 13. 09:00", "Közzétéve: 2024. március 12. 14:30",
     "2024-03-12T14:30:00+01:00"),
    ("ro", "https://stiri.ro/a/1", "Actualizat: 13 martie 2024, 09:00", "Publicat: 12 martie 2024, 14:30",
     "2024-03-12T14:30:00+02:00"),
    ("bg", "https://novini.bg/a/1", "Обновено: 13 март 2024 г., 09:00", "Публикувано: 12 март 2024 г., 14:30",
     "2024-03-12T14:30:00+02:00"),
    ("sr", "https://vesti.rs/a/1", "Ažurirano: 13. mart 2024. 09:00", "Objavljeno: 12. mart 2024. 14:30",
     "2024-03-12T14:30:00+01:00"),
    ("sr", "https://vesti.rs/a/1", "Ажурирано: 13. март 2024. 09:00", "Објављено: 12. март 2024. 14:30",
     "2024-03-12T14:30:00+01:00"),
    ("hr", "https://vijesti.hr/a/1", "Ažurirano: 13. ožujka 2024. u 09:00", "Objavljeno: 12. ožujka 2024. u 14:30",
     "2024-03-12T14:30:00+01:00"),
    ("bs", "https://vijesti.ba/a/1", "Ažurirano: 13.03.2024. u 09:00", "Objavljeno: 12.03.2024. u 14:30",
     "2024-03-12T14:30:00+01:00"),
    ("sl", "https://novice.si/a/1", "Posodobljeno: 13. marec 2024 ob 09:00", "Objavljeno: 12. marec 2024 ob 14:30",
     "2024-03-12T14:30:00+01:00"),
    ("el", "https://eidiseis.gr/a/1", "Ενημερώθηκε: 13 Μαρτίου 2024, 09:00", "Δημοσιεύθηκε: 12 Μαρτίου 2024, 14:30",
     "2024-03-12T14:30:00+02:00"),
    ("el", "https://eidiseis.gr/a/1", "ΤΕΛΕΥΤΑΙΑ ΕΝΗΜΕΡΩΣΗ: 13.03.2024 09:00", "ΔΗΜΟΣΙΕΥΣΗ: 12.03.2024 14:30",
     "2024-03-12T14:30:00+02:00"),
    ("nl", "https://nieuws.nl/a/1", "Bijgewerkt: 13 maart 2024, 09:00", "Gepubliceerd: 12 maart 2024, 14:30",
     "2024-03-12T14:30:00+01:00"),
    ("sv", "https://nyheter.se/a/1", "Uppdaterad: 13 mars 2024 kl. 09.00", "Publicerad: 12 mars 2024 kl. 14.30",
     "2024-03-12T14:30:00+01:00"),
    ("da", "https://nyheder.dk/a/1", "Opdateret: 13. marts 2024 kl. 09.00", "Udgivet: 12. marts 2024 kl. 14.30",
     "2024-03-12T14:30:00+01:00"),
    ("no", "https://nyheter.no/a/1", "Oppdatert: 13. mars 2024 kl. 09.00", "Publisert: 12. mars 2024 kl. 14.30",
     "2024-03-12T14:30:00+01:00"),
    ("fi", "https://uutiset.fi/a/1", "Päivitetty: 13.3.2024 klo 9.00", "Julkaistu: 12.3.2024 klo 14.30",
     "2024-03-12T14:30:00+02:00"),
    ("th", "https://khao.co.th/a/1", "อัปเดต: 13 มี.ค. 2567 09:00 น.", "เผยแพร่: 12 มี.ค. 2567 14:30 น.",
     "2024-03-12T14:30:00+07:00"),
    ("th", "https://khao.co.th/a/1", "อัพเดท 13 มีนาคม 2567 - 09:00 น.", "เผยแพร่ 12 มีนาคม 2567 - 14:30 น.",
     "2024-03-12T14:30:00+07:00"),
    ("tl", "https://balita.ph/a/1", "Na-update: Marso 13, 2024, 9:00 AM", "Inilathala: Marso 12, 2024, 2:30 PM",
     "2024-03-12T14:30:00+08:00"),
    ("sw", "https://habari.co.tz/a/1", "Imesasishwa: 13 Machi 2024, 09:00", "Imechapishwa: 12 Machi 2024, 14:30",
     "2024-03-12T14:30:00+03:00"),
]  # fmt: skip


def _meta_page(lang: str, first: str, second: str, head: str = "") -> str:
    return (
        f"<html lang='{lang}'><head><title>Headline of the story</title>{head}</head><body><article>"
        f"<h1>Headline of the story</h1><div class='meta'><span>{first}</span> <span>{second}</span></div>"
        f"<p>{PROSE}</p><p>{PROSE}</p></article></body></html>"
    )


@pytest.mark.parametrize(("lang", "url", "updated", "published", "expected"), _META_LINES)
def test_the_update_label_keeps_its_date_from_the_publication(
    lang: str, url: str, updated: str, published: str, expected: str
) -> None:
    # the update printed first: only its label tells the reader it is not the publication
    page = _meta_page(lang, updated, published)
    assert parse_article(page, url, fetched_at=FETCHED).published_at == expected


@pytest.mark.parametrize(("lang", "url", "updated", "published", "expected"), _META_LINES)
def test_the_publication_printed_first_stays_the_publication(
    lang: str, url: str, updated: str, published: str, expected: str
) -> None:
    page = _meta_page(lang, published, updated)
    assert parse_article(page, url, fetched_at=FETCHED).published_at == expected


@pytest.mark.parametrize(
    ("lang", "url", "updated", "expected"),
    [
        # Indonesia keeps three clocks: the declared wall clock gets no offset from the country
        ("id", "https://berita.co.id/a/1", "Diperbarui: 13 Maret 2024, 09:00 WIB", "2024-03-12T14:30:00"),
        ("vi", "https://bao.vn/a/1", "Cập nhật: 13/03/2024 09:00", "2024-03-12T14:30:00+07:00"),
        ("he", "https://news.co.il/a/1", "עודכן: 13.03.24, 09:00", "2024-03-12T14:30:00+02:00"),
        ("hi", "https://khabar.in/a/1", "अपडेटेड: 13 मार्च 2024, 09:00 IST", "2024-03-12T14:30:00+05:30"),
        ("tr", "https://haber.com.tr/a/1", "Güncellenme: 13 Mart 2024 09:00", "2024-03-12T14:30:00+03:00"),
        ("th", "https://khao.co.th/a/1", "อัปเดต: 13 มี.ค. 2567 09:00 น.", "2024-03-12T14:30:00+07:00"),
        ("sr", "https://vesti.rs/a/1", "Ažurirano: 13. mart 2024. 09:00", "2024-03-12T14:30:00+01:00"),
    ],
)
def test_an_update_line_beside_a_declared_publication_does_not_replace_it(
    lang: str, url: str, updated: str, expected: str
) -> None:
    # the page declares its publication (a naive wall clock) and prints only the update: the declaration stands
    meta = "<meta property='article:published_time' content='2024-03-12T14:30:00'>"
    page = _meta_page(lang, updated, "", meta)
    assert parse_article(page, url, fetched_at=FETCHED).published_at == expected


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # Czech, Slovak, Slovene figures with spaces are day first too ("12. 3. 2024" is 12 March)
        ("12. 3. 2024 14:30", "cs", "2024-03-12T14:30:00"),
        ("12. 3. 2024 ob 14:30", "sl", "2024-03-12T14:30:00"),
        # South Slavic years end with a dot, and "u"/"ob" stand before the clock; Latin-script Serbian
        ("12. mart 2024. 14:30", "sr", "2024-03-12T14:30:00"),
        ("12. mart 2024. u 14:30", "bs", "2024-03-12T14:30:00"),
        ("12.03.2024. u 14:30", "hr", "2024-03-12T14:30:00"),
        # Bulgarian and Russian "г." (year) after the year
        ("12 март 2024 г., 14:30", "bg", "2024-03-12T14:30:00"),
        ("12 марта 2024 г. в 14:30", "ru", "2024-03-12T14:30:00"),
        # Thai abbreviated months (with dots inside), Buddhist-era years in four or two figures, "น." after
        # the clock, "เวลา" (time) before it
        ("12 มี.ค. 2567 14:30 น.", "th", "2024-03-12T14:30:00"),
        ("12 มี.ค. 67 - 14.30 น.", "th", "2024-03-12T14:30:00"),
        ("12 ธ.ค. 2566 เวลา 09:15 น.", "th", "2023-12-12T09:15:00"),
        # Malay: "@" before the clock, "petang" (afternoon) after it
        ("Mac 12, 2024 @ 2:30pm", "ms", "2024-03-12T14:30:00"),
        ("12 Mac 2024, 2:30 petang", "ms", "2024-03-12T14:30:00"),
        # Indonesian "pukul" before a dotted clock
        ("Selasa, 12 Maret 2024 pukul 14.30 WIB", "id", "2024-03-12T14:30:00+07:00"),
        # Vietnamese "tháng" (month) and "năm" (year) written out, "lúc" (at) before the clock
        ("ngày 12 tháng 3 năm 2024", "vi", "2024-03-12"),
        ("12 tháng 3, 2024 lúc 14:30", "vi", "2024-03-12T14:30:00"),
        # Turkish "saat" (hour) before the clock, "TSİ" (Turkish time) after it
        ("12 Mart 2024 saat 14:30 TSİ", "tr", "2024-03-12T14:30:00+03:00"),
        # Russian "МСК" (Moscow time) after the clock: the page states its zone, so a country across clocks
        # does not matter
        ("12 марта 2024, 14:30 МСК", "ru", "2024-03-12T14:30:00+03:00"),
        # May's names of two characters: Hindi, Bengali, Tamil, Telugu, Persian
        ("12 मई 2024, 14:30 IST", "hi", "2024-05-12T14:30:00+05:30"),
        ("মে 12, 2024", "bn", "2024-05-12"),
        ("১২ মে ২০২৪", "bn", "2024-05-12"),
        ("12 மே 2024", "ta", "2024-05-12"),
        ("12 మే 2024", "te", "2024-05-12"),
        ("12 مه 2024", "fa", "2024-05-12"),
        # the Maghreb's Arabic month names: Algerian and Tunisian (French), Moroccan
        ("12 جوان 2023 - 14:30", "ar", "2023-06-12T14:30:00"),
        ("12 أوت 2023", "ar", "2023-08-12"),
        ("12 جانفي 2024", "ar", "2024-01-12"),
        ("12 ماي 2023", "ar", "2023-05-12"),
        ("12 شتنبر 2023", "ar", "2023-09-12"),
        ("12 يوليوز 2023", "ar", "2023-07-12"),
        # Arabic "الساعة" (the hour) before the clock; Hebrew "בשעה" (at the hour)
        ("12 مارس 2024 الساعة 14:30", "ar", "2024-03-12T14:30:00"),
        ("12.03.2024 בשעה 14:30", "he", "2024-03-12T14:30:00"),
    ],
)
def test_date_forms_of_the_major_news_languages(text: str, lang: str, expected: str) -> None:
    found = written_dates(text)
    assert found, text
    parsed = parse_date(found[0][0], languages=[lang])
    assert parsed is not None and parsed.iso() == expected


@pytest.mark.parametrize(
    ("lang", "url", "byline", "expected"),
    [
        # a Tamil page on .in: Tamil is an official language of India (of a state), so India's clock applies
        ("ta", "https://seithi.in/a/1", "12 மார்ச் 2024, 14:30", "2024-03-12T14:30:00+05:30"),
        # "tl" (Tagalog) is how pages code Filipino
        ("tl", "https://balita.ph/a/1", "Marso 12, 2024, 2:30 PM", "2024-03-12T14:30:00+08:00"),
        # Arabic "بتوقيت مكة المكرمة" (Mecca time) after the clock, on a domain of no country
        (
            "ar",
            "https://akhbar.net/a/1",
            "12 مارس 2024 02:30 م بتوقيت مكة المكرمة",
            "2024-03-12T14:30:00+03:00",
        ),
        # no zone is guessed for a country across clocks
        ("ru", "https://novosti.ru/a/1", "12 марта 2024, 14:30", "2024-03-12T14:30:00"),
        ("id", "https://berita.co.id/a/1", "12 Maret 2024, 14:30", "2024-03-12T14:30:00"),
    ],
)
def test_the_offset_a_page_or_its_country_gives(lang: str, url: str, byline: str, expected: str) -> None:
    page = _meta_page(lang, byline, "")
    assert parse_article(page, url, fetched_at=FETCHED).published_at == expected


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Versi 12.3 dirilis 2024", "id"),  # a version and a year
        ("พ.ศ. 2567 มี 12 เดือน", "th"),  # the era's abbreviation is not a month
        ("Sezon 2023/24, 12. kolo u 14 gradova", "hr"),
    ],
)
def test_numbers_that_are_no_date_stay_unread(text: str, lang: str) -> None:
    assert [parse_date(found, languages=[lang]) for found, _ in written_dates(text)] in ([], [None])


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # "u" and "ob" join a clock only: "u Beogradu" after a date is a place
        ("12.03.2024. u Beogradu", "sr", "2024-03-12"),
        # "Güncel" (current: a section name) is not an update label; "Güncelleme" is
        ("Güncel 12.03.2024 14:30", "tr", "2024-03-12T14:30:00"),
    ],
)
def test_words_near_a_date_that_are_neither_clock_nor_label(text: str, lang: str, expected: str) -> None:
    found = written_dates(text)
    assert found and not found[0][1]
    parsed = parse_date(found[0][0], languages=[lang])
    assert parsed is not None and parsed.iso() == expected


@pytest.mark.parametrize(
    ("lang", "url", "bare", "labelled", "expected"),
    [
        ("sr", "https://vesti.rs/a/1", "13.03.2024. 09:00", "Objavljeno: 12.03.2024. u 14:30",
         "2024-03-12T14:30:00+01:00"),
        ("id", "https://berita.co.id/a/1", "13/03/2024, 09:00 WIB", "Diterbitkan: 12/03/2024, 14:30 WIB",
         "2024-03-12T14:30:00+07:00"),
        ("he", "https://news.co.il/a/1", "13.03.24, 09:00", "פורסם: 12.03.24, 14:30", "2024-03-12T14:30:00+02:00"),
        ("en", "https://paper.co.uk/a/1", "13 March 2024, 09:00", "Published: 12 March 2024, 14:30",
         "2024-03-12T14:30:00+00:00"),
    ],
)  # fmt: skip
def test_a_date_the_publication_label_introduces_comes_before_a_bare_one(
    lang: str, url: str, bare: str, labelled: str, expected: str
) -> None:
    # a meta line that prints the update without a label and the publication with one: the label tells
    page = _meta_page(lang, bare, labelled)
    assert parse_article(page, url, fetched_at=FETCHED).published_at == expected


def _relative_page(label: str, lang: str) -> str:
    return (
        f"<html lang='{lang}'><head><title>Headline of the story</title></head><body><article>"
        f"<h1>Headline of the story</h1><span class='time'>{label}</span><p>{PROSE}</p><p>{PROSE}</p></article>"
        "</body></html>"
    )


_THREE_HOURS = "2024-05-01T09:00:00+00:00"
_TWO_DAYS = "2024-04-29"


@pytest.mark.parametrize(
    ("label", "lang", "expected"),
    [
        ("3 jam yang lalu", "id", _THREE_HOURS),
        ("45 menit lalu", "id", "2024-05-01T11:15:00+00:00"),
        ("2 hari lalu", "ms", _TWO_DAYS),
        ("3 giờ trước", "vi", _THREE_HOURS),
        ("2 ngày trước", "vi", _TWO_DAYS),
        ("3 godziny temu", "pl", _THREE_HOURS),
        ("před 3 hodinami", "cs", _THREE_HOURS),
        ("pred 2 dňami", "sk", _TWO_DAYS),
        ("3 години тому", "uk", _THREE_HOURS),
        ("преди 3 часа", "bg", _THREE_HOURS),
        ("prije 3 sata", "hr", _THREE_HOURS),
        ("pre 2 dana", "sr", _TWO_DAYS),
        ("acum 3 ore", "ro", _THREE_HOURS),
        ("3 órája", "hu", _THREE_HOURS),
        ("2 napja", "hu", _TWO_DAYS),
        ("πριν από 3 ώρες", "el", _THREE_HOURS),
        ("לפני 3 שעות", "he", _THREE_HOURS),
        ("3 timmar sedan", "sv", _THREE_HOURS),
        ("3 timer siden", "da", _THREE_HOURS),
        ("2 dager siden", "no", _TWO_DAYS),
        ("3 tuntia sitten", "fi", _THREE_HOURS),
        ("3 ชั่วโมงที่แล้ว", "th", _THREE_HOURS),
        ("3 घंटे पहले", "hi", _THREE_HOURS),
        ("৩ ঘণ্টা আগে", "bn", _THREE_HOURS),
        ("۳ ساعت پیش", "fa", _THREE_HOURS),
        ("3 گھنٹے پہلے", "ur", _THREE_HOURS),
    ],
)
def test_a_relative_time_in_the_major_news_languages_counts_back_from_the_fetch(
    label: str, lang: str, expected: str
) -> None:
    parsed = parse_article(_relative_page(label, lang), "https://paper.test/a/1", fetched_at=FETCHED)
    assert (parsed.published_at, parsed.provenance.get("published_at")) == (expected, "relative")


@pytest.mark.parametrize(
    ("label", "lang"),
    [
        # an update told relatively is no publication
        ("Diperbarui 3 jam yang lalu", "id"),
        ("Updated 3 hours ago", "en"),
        ("עודכן לפני 3 שעות", "he"),
    ],
)
def test_a_relative_update_is_no_publication(label: str, lang: str) -> None:
    parsed = parse_article(_relative_page(label, lang), "https://paper.test/a/1", fetched_at=FETCHED)
    assert parsed.provenance.get("published_at") != "relative"
