"""Issue 15, thirteenth pass, second step: bylines in the major news languages — the sign of the byline element
the story is signed with among several ("Av …", "Yazan: …" beside an author box), a label alone on its line
above the name ("Yazar:" / "Ahmet Yılmaz"), a role word before a name with no colon ("Redaktur Budi"),
Romanian "de" and Persian/Urdu "از" as signs in byline markup, and a date or a reading time printed in the
byline element in these languages ("12 Mart 2024 14:30", "5 dakika okuma", "٥ دقائق قراءة"); and names holding
the same words left whole."""

from __future__ import annotations

import pytest
from newsflow_ingest.extraction import parse_article
from newsflow_ingest.extraction.authors import clean_author_names

from tests.unit.ingest.extraction.pages import FETCHED, PROSE


def _page(byline: str, lang: str) -> str:
    return (
        f"<html lang='{lang}'><head><title>Council expands bus network | The Courier</title></head><body>"
        f"<article><h1>Council expands bus network</h1>{byline}<p>{PROSE}</p><p>{PROSE}</p><p>{PROSE}</p>"
        "</article></body></html>"
    )


def _plain_page(after_h1: str, lang: str) -> str:
    return (
        f"<html lang='{lang}'><head><title>Buses | Courier</title></head><body><div class='page'>"
        f"<div class='head'><h1>Buses run again at night</h1>{after_h1}</div>"
        f"<div class='text'><p>{PROSE}</p><p>{PROSE}</p></div></div></body></html>"
    )


def _authors(html: str) -> list[str]:
    return parse_article(html, "https://courier.test/news/bus", fetched_at=FETCHED).authors


# --- the signed byline element among several -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "signed", "names"),
    [
        ("sv", "Av Anna Svensson", ["Anna Svensson"]),
        ("tr", "Yazan: Ahmet Yılmaz", ["Ahmet Yılmaz"]),
        ("id", "Oleh Budi Santoso", ["Budi Santoso"]),
        ("vi", "Theo Nguyễn Văn An", ["Nguyễn Văn An"]),
        ("he", "מאת דני כהן", ["דני כהן"]),
        ("el", "Του Γιώργου Παπαδόπουλου", ["Γιώργου Παπαδόπουλου"]),
        ("hi", "द्वारा राहुल शर्मा", ["राहुल शर्मा"]),
    ],
)
def test_the_signed_byline_wins_over_an_author_box(lang: str, signed: str, names: list[str]) -> None:
    html = _page(f"<div class='author-box'>Erik Lund</div><div class='byline'>{signed}</div>", lang)
    assert _authors(html) == names


@pytest.mark.parametrize(
    ("lang", "other"),
    [
        ("uk", "Oleh Pavliuk"),  # a Ukrainian first name, not the Indonesian sign
        ("en", "Theo Baker"),  # "Theo" signs only before Vietnamese letters or an agency
        ("sv", "AV Club Staff"),  # an acronym
    ],
)
def test_a_first_name_like_a_sign_signs_no_element(lang: str, other: str) -> None:
    html = _page(f"<div class='author-box'>Erik Lund</div><div class='byline'>{other}</div>", lang)
    assert "Erik Lund" in _authors(html)


# --- a label alone on its line, the name on the next ---------------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "lang", "names"),
    [
        ("<dl><dt>Yazar:</dt><dd>Ahmet Yılmaz</dd></dl>", "tr", ["Ahmet Yılmaz"]),
        ("<p>Tekst:</p><p>Piet de Vries</p>", "nl", ["Piet de Vries"]),
        ("<p>كتب:</p><p>محمد علي</p>", "ar", ["محمد علي"]),
        ("<p>Penulis:</p><p>Budi Santoso</p>", "id", ["Budi Santoso"]),
        ("<p>Автор:</p><p>Иван Петров</p>", "ru", ["Иван Петров"]),
        ("<p>लेखक:</p><p>राहुल शर्मा</p>", "hi", ["राहुल शर्मा"]),
        ("<p>Szerző:</p><p>Kovács Péter</p>", "hu", ["Kovács Péter"]),
    ],
)
def test_a_label_alone_above_the_name(lines: str, lang: str, names: list[str]) -> None:
    assert _authors(_plain_page(lines, lang)) == names


def test_a_label_alone_above_prose_is_no_byline() -> None:
    lines = "<p>Yazar:</p><p>Bu hafta belediye meclisi yeni otobüs hatlarını onayladı.</p>"
    assert _authors(_plain_page(lines, "tr")) == []


# --- a role word before a name, no colon ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        ("Redaktur Budi", ["Budi"]),
        ("Redaktur Budi Santoso", ["Budi Santoso"]),
        ("Penyunting Rina Wati", ["Rina Wati"]),
        ("Editör Ahmet Yılmaz", ["Ahmet Yılmaz"]),
        ("Redaktor Jan Novák", ["Jan Novák"]),
        ("Редактор Мария Иванова", ["Мария Иванова"]),
        ("Колумнист Иван Петров", ["Иван Петров"]),
        ("Redacteur Piet Jansen", ["Piet Jansen"]),
        ("Biên tập viên Trần Thị Bình", ["Trần Thị Bình"]),
    ],
)
def test_a_role_word_before_a_name_is_not_part_of_it(raw: str, names: list[str]) -> None:
    assert clean_author_names(raw) == names


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        ("Ahmet Yazar", ["Ahmet Yazar"]),  # a surname
        ("Redaktur", []),  # the role alone names no one
        ("redaktur budi", []),  # no name after it: a handle
        ("Editor Rina Wati", ["Rina Wati"]),  # as before (the English role-word rule)
    ],
)
def test_a_role_word_without_a_name_after_it(raw: str, names: list[str]) -> None:
    assert clean_author_names(raw) == names


# --- Romanian "de", Persian and Urdu "از" --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        ("de Ion Popescu", ["Ion Popescu"]),
        ("de Andrei Luca Popescu", ["Andrei Luca Popescu"]),
        ("از علی رضایی", ["علی رضایی"]),
        ("از محمد احمد خان", ["محمد احمد خان"]),
    ],
)
def test_romanian_de_and_persian_az_sign_a_byline(raw: str, names: list[str]) -> None:
    assert clean_author_names(raw) == names


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        ("de Gaulle", ["de Gaulle"]),
        ("Charles de Gaulle", ["Charles de Gaulle"]),
        ("De Wet Potgieter", ["De Wet Potgieter"]),  # a capitalised particle: the name's own
        ("de la Cruz", ["de la Cruz"]),
        ("Piet de Vries", ["Piet de Vries"]),
        ("علی رضایی", ["علی رضایی"]),
    ],
)
def test_names_holding_de_stay_whole(raw: str, names: list[str]) -> None:
    assert clean_author_names(raw) == names


# --- a date or a reading time in the byline element ----------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        ("Yazan: Ahmet Yılmaz 12 Mart 2024 14:30", ["Ahmet Yılmaz"]),
        ("Ahmet Yılmaz 12 Mart 2024 Salı", ["Ahmet Yılmaz"]),
        ("Oleh Budi Santoso 12 Maret 2024", ["Budi Santoso"]),
        ("Иван Петров 12 марта 2024", ["Иван Петров"]),
        ("Ion Popescu 12 martie 2024", ["Ion Popescu"]),
        ("Jan Kowalski 12 marca 2024 r.", ["Jan Kowalski"]),
        ("محمد علي ١٢ مارس ٢٠٢٤", ["محمد علي"]),
        ("محمد علي، ١٢ مارس ٢٠٢٤", ["محمد علي"]),
        ("علی رضایی ۱۴۰۳/۰۱/۲۵", ["علی رضایی"]),
        ("Ahmet Yılmaz 5 dakika okuma", ["Ahmet Yılmaz"]),
        ("Ahmet Yılmaz 3 saat önce", ["Ahmet Yılmaz"]),
        ("Budi Santoso 5 menit baca", ["Budi Santoso"]),
        ("Budi Santoso 2 jam yang lalu", ["Budi Santoso"]),
        ("Nguyễn Văn An 5 phút đọc", ["Nguyễn Văn An"]),
        ("Иван Петров 5 минут чтения", ["Иван Петров"]),
        ("Иван Петров 2 часа назад", ["Иван Петров"]),
        ("محمد علي ٥ دقائق قراءة", ["محمد علي"]),
        ("דני כהן 4 דקות קריאה", ["דני כהן"]),
        ("Kovács Péter 6 perc olvasás", ["Kovács Péter"]),
        ("Γιώργος Παπαδόπουλος 4 λεπτά ανάγνωσης", ["Γιώργος Παπαδόπουλος"]),
        ("राहुल शर्मा 3 मिनट में पढ़ें", ["राहुल शर्मा"]),
        ("Ahmet Yılmaz Okuma süresi: 5 dk", ["Ahmet Yılmaz"]),
        ("Jan Kowalski Czas czytania: 3 min", ["Jan Kowalski"]),
        ("Budi Santoso Waktu baca 5 menit", ["Budi Santoso"]),
        # "ago" before the number
        ("Ivan Horvat prije 2 sata", ["Ivan Horvat"]),
        ("Νίκος Γεωργίου πριν 2 ώρες", ["Νίκος Γεωργίου"]),
        ("Ion Popescu acum 2 ore", ["Ion Popescu"]),
        ("محمد علي منذ 3 ساعات", ["محمد علي"]),
        ("דני כהן לפני 3 שעות", ["דני כהן"]),
        ("Anna Svensson för 2 timmar sedan", ["Anna Svensson"]),
    ],
)
def test_a_date_or_reading_time_is_cut_from_the_name(raw: str, names: list[str]) -> None:
    assert clean_author_names(raw) == names


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        ("BBC Radio 4", []),  # a number in a name: no cut, dropped as before
        ("Hari Santoso", ["Hari Santoso"]),  # "hari" (day) as a first name
        ("Saat Ahmet", ["Saat Ahmet"]),
    ],
)
def test_time_words_in_names_stay(raw: str, names: list[str]) -> None:
    assert clean_author_names(raw) == names


@pytest.mark.parametrize(
    ("lang", "byline", "names"),
    [
        ("tr", "Yazan: Ahmet Yılmaz 12 Mart 2024 14:30", ["Ahmet Yılmaz"]),
        ("tr", "Ahmet Yılmaz 5 dakika okuma", ["Ahmet Yılmaz"]),
        ("ar", "محمد علي ٥ دقائق قراءة", ["محمد علي"]),
        ("fa", "از علی رضایی", ["علی رضایی"]),
        ("ro", "de Ion Popescu", ["Ion Popescu"]),
        ("id", "Redaktur Budi", ["Budi"]),
    ],
)
def test_the_byline_element_of_a_page(lang: str, byline: str, names: list[str]) -> None:
    assert _authors(_page(f"<div class='byline'>{byline}</div>", lang)) == names
