"""Issue 15, thirteenth pass: bylines in the major news languages — the sign or label before a name ("Yazan:",
"Oleh", "Theo", "מאת", "लेखक:", "Του", "Av", "Teksti:", "Szerző:", "نویسنده:"), job words beside it
("muhabiri", "wartawan", "phóng viên", "כתב", "संवाददाता"), picture and source credits ("Fotoğraf:", "Ảnh:",
"צילום:", "Kaynak:", "Nguồn:"), and editor or translator credits ("Editor:", "Biên tập:", "Çeviri:", "ترجمة:"),
each a person, an organisation or dropped with a reason; and the same words in running text left alone."""

from __future__ import annotations

import pytest
from newsflow_ingest.extraction import byline_words, parse_article
from newsflow_ingest.extraction.authors import classify_byline, clean_author_names

from tests.unit.ingest.extraction.pages import FETCHED, PROSE


def _page(byline: str, lang: str) -> str:
    return (
        f"<html lang='{lang}'><head><title>Council expands bus network | The Courier</title></head><body>"
        f"<article><h1>Council expands bus network</h1>{byline}<p>{PROSE}</p><p>{PROSE}</p><p>{PROSE}</p>"
        "</article></body></html>"
    )


def _byline(html: str) -> tuple[list[str], str | None]:
    article = parse_article(html, "https://courier.test/news/bus", fetched_at=FETCHED)
    return article.authors, article.organisation


# --- the sign or label before a name, in byline markup -------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "raw", "names"),
    [
        ("tr", "Yazan: Ahmet Yılmaz", ["Ahmet Yılmaz"]),
        ("tr", "Haber: Ayşe Kaya", ["Ayşe Kaya"]),
        ("id", "Oleh: Budi Santoso", ["Budi Santoso"]),
        ("id", "Oleh Budi Santoso", ["Budi Santoso"]),
        ("id", "Penulis: Budi Santoso", ["Budi Santoso"]),
        ("id", "Pewarta: Rina Wati", ["Rina Wati"]),
        ("ms", "Oleh Ahmad Faizal", ["Ahmad Faizal"]),
        ("vi", "Theo Nguyễn Văn An", ["Nguyễn Văn An"]),
        ("vi", "Bởi Trần Thị Bình", ["Trần Thị Bình"]),
        ("vi", "Tác giả: Lê Minh Tuấn", ["Lê Minh Tuấn"]),
        ("he", "מאת: דני כהן", ["דני כהן"]),
        ("he", "מאת דני כהן", ["דני כהן"]),
        ("hi", "लेखक: राहुल शर्मा", ["राहुल शर्मा"]),
        ("hi", "द्वारा: प्रिया सिंह", ["प्रिया सिंह"]),
        ("bn", "লেখক: রহিম উদ্দিন", ["রহিম উদ্দিন"]),
        ("el", "Του Γιώργου Παπαδόπουλου", ["Γιώργου Παπαδόπουλου"]),  # the genitive, as printed
        ("el", "Της Μαρίας Νικολάου", ["Μαρίας Νικολάου"]),
        ("el", "Γράφει ο Νίκος Γεωργίου", ["Νίκος Γεωργίου"]),
        ("sv", "Av Anna Svensson", ["Anna Svensson"]),
        ("no", "Av Ola Nordmann", ["Ola Nordmann"]),
        ("da", "Af Lars Hansen", ["Lars Hansen"]),
        ("da", "Tekst og foto: Lars Hansen", ["Lars Hansen"]),  # one hand for both: the writer
        ("fi", "Teksti: Matti Virtanen", ["Matti Virtanen"]),
        ("fi", "Kirjoittaja: Liisa Korhonen", ["Liisa Korhonen"]),
        ("hu", "Szerző: Kovács Péter", ["Kovács Péter"]),
        ("hu", "Írta: Nagy Anna", ["Nagy Anna"]),
        ("fa", "نویسنده: علی رضایی", ["علی رضایی"]),
        ("fa", "گزارش: مریم احمدی", ["مریم احمدی"]),
        ("ur", "تحریر: عمران خان", ["عمران خان"]),
        ("ar", "كتب: محمد علي", ["محمد علي"]),
        ("ar", "كتب محمد علي", ["محمد علي"]),
        ("ar", "إعداد: سارة حسن", ["سارة حسن"]),
        ("hr", "Piše: Ivan Horvat", ["Ivan Horvat"]),
        ("sr", "Пише: Марко Петровић", ["Марко Петровић"]),
        ("cs", "Napsal Jan Novák", ["Jan Novák"]),
        ("bg", "Автор: Иван Иванов", ["Иван Иванов"]),
        ("nl", "Tekst: Piet de Vries", ["Piet de Vries"]),
        ("th", "โดย สมชาย ใจดี", ["สมชาย ใจดี"]),
        ("tl", "Ni Juan dela Cruz", ["Juan dela Cruz"]),
        ("sw", "Na Juma Hamisi", ["Juma Hamisi"]),
        ("ta", "செய்தியாளர்: முருகன் ராஜா", ["முருகன் ராஜா"]),
    ],
)
def test_the_sign_before_a_name_is_not_part_of_it(lang: str, raw: str, names: list[str]) -> None:
    assert _byline(_page(f"<div class='byline'>{raw}</div>", lang)) == (names, None)


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        # a first name that is also a sign word elsewhere, with one word after it: a name
        ("Theo Baker", ["Theo Baker"]),
        ("Oleh Pavliuk", ["Oleh Pavliuk"]),
        ("By Theo Baker", ["Theo Baker"]),
        ("Yazan Al-Saadi", ["Yazan Al-Saadi"]),  # "Yazan" signs only before a colon
        ("Na Young", ["Na Young"]),
        ("AV Club Staff", ["AV Club Staff"]),  # an acronym, not the Swedish sign
    ],
)
def test_names_that_start_like_a_sign_word_stay_whole(raw: str, names: list[str]) -> None:
    assert clean_author_names(raw) == names


# --- two writers: the languages' "and" -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        ("Oleh Budi Santoso dan Rina Wati", ["Budi Santoso", "Rina Wati"]),
        ("Yazan: Ahmet Yılmaz ve Ayşe Kaya", ["Ahmet Yılmaz", "Ayşe Kaya"]),
        ("Jan Kowalski i Anna Nowak", ["Jan Kowalski", "Anna Nowak"]),
        ("Av Anna Svensson och Erik Lund", ["Anna Svensson", "Erik Lund"]),
        ("Kovács Péter és Nagy Anna", ["Kovács Péter", "Nagy Anna"]),
        ("Theo Nguyễn Văn An và Trần Thị Bình", ["Nguyễn Văn An", "Trần Thị Bình"]),
        ("नवीन कुमार और प्रिया सिंह", ["नवीन कुमार", "प्रिया सिंह"]),
        ("علی رضایی و مریم احمدی", ["علی رضایی", "مریم احمدی"]),
        ("מאת דני כהן ורונית לוי", ["דני כהן", "רונית לוי"]),  # Hebrew glues its "and" to the second name
    ],
)
def test_two_writers_joined_by_the_languages_and(raw: str, names: list[str]) -> None:
    assert clean_author_names(raw) == names


def test_and_in_a_tagline_joins_no_writers() -> None:
    """A Persian news agency's tagline in its author tag ("latest news of Iran and the world"): one word after
    "و" before the next separator, no second name."""
    raw = "خبرگزاری باشگاه خبرنگاران | آخرین اخبار ایران و جهان | YJC"
    assert "آخرین اخبار ایران و جهان" in clean_author_names(raw)


# --- job words beside a name ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        ("AA Muhabiri Ahmet Yılmaz", ["Ahmet Yılmaz"]),
        ("Ahmet Yılmaz, muhabirimiz", ["Ahmet Yılmaz"]),
        ("Wartawan Budi Santoso", ["Budi Santoso"]),
        ("Phóng viên Nguyễn Văn An", ["Nguyễn Văn An"]),
        ("Иван Петров, специальный корреспондент", ["Иван Петров"]),
        ("מאת דני כהן, כתב", ["דני כהן"]),
        ("राहुल शर्मा, संवाददाता", ["राहुल शर्मा"]),
        ("مراسل: محمد علي", ["محمد علي"]),
        ("خبرنگار: علی رضایی", ["علی رضایی"]),
        ("Jan Kowalski, dziennikarz", ["Jan Kowalski"]),
        ("Ivan Horvat, novinar", ["Ivan Horvat"]),
        ("Γιώργος Παπαδόπουλος, δημοσιογράφος", ["Γιώργος Παπαδόπουλος"]),
    ],
)
def test_job_words_are_not_part_of_the_name(raw: str, names: list[str]) -> None:
    assert clean_author_names(raw) == names


@pytest.mark.parametrize("raw", ["Phóng viên", "Wartawan", "संवाददाता", "Mwandishi Wetu", "নিজস্ব প্রতিবেদক"])
def test_a_job_word_alone_names_no_one(raw: str) -> None:
    assert clean_author_names(raw) == []
    assert all(token.kind == "dropped" and token.reason for token in classify_byline(raw))


# --- picture and source credits ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "Fotoğraf: Ahmet Yılmaz",
        "Foto: Budi Santoso",
        "Фото: Иван Петров",
        "صورة: محمد علي",
        "تصوير محمد علي",
        "צילום: דני כהן",
        "फोटो: राहुल शर्मा",
        "Zdjęcie: Jan Kowalski",
        "Fot. Jan Kowalski",
        "Kuva: Matti Virtanen",
        "Ảnh: Nguyễn Văn An",
        "عکس: علی رضایی",
        "Φωτογραφία: Νίκος Γεωργίου",
        "Kép: Nagy Anna",
        "Снимка: Иван Иванов",
        "ছবি: রহিম উদ্দিন",
        "ภาพ: สมชาย ใจดี",
        "Picha: Juma Hamisi",
    ],
)
def test_a_picture_credit_is_no_author(raw: str) -> None:
    tokens = classify_byline(raw)
    assert [token.kind for token in tokens] == ["dropped"], tokens
    assert tokens[0].reason == "picture credit label"


@pytest.mark.parametrize(
    ("raw", "organisation"),
    [
        ("Kaynak: AA", "AA"),
        ("Nguồn: Tuổi Trẻ", "Tuổi Trẻ"),
        ("Источник: ТАСС", "ТАСС"),
        ("Sumber: Antara", "Antara"),
        ("Źródło: PAP", "PAP"),
        ("المصدر: وكالة الأنباء", "وكالة الأنباء"),
        ("מקור: ynet", "ynet"),
        ("Lähde: STT", "STT"),
        ("Forrás: MTI", "MTI"),
        ("Πηγή: ΑΠΕ-ΜΠΕ", "ΑΠΕ-ΜΠΕ"),
    ],
)
def test_a_source_line_names_an_organisation(raw: str, organisation: str) -> None:
    tokens = classify_byline(raw)
    assert [(token.text, token.kind) for token in tokens] == [(organisation, "organisation")]


# --- editors and translators beside the writer ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        ("Penulis: Budi Santoso Editor: Rina Wati", ["Budi Santoso"]),
        ("Reporter: Budi Santoso | Redaktur: Rina Wati", ["Budi Santoso"]),
        ("Автор: Иван Петров. Редактор: Мария Иванова", ["Иван Петров"]),
        ("Nguyễn Văn An - Biên tập: Trần Thị Bình", ["Nguyễn Văn An"]),
        ("Yazan: Ahmet Yılmaz Çeviri: Ayşe Kaya", ["Ahmet Yılmaz"]),
        ("بقلم: محمد علي ترجمة: سارة حسن", ["محمد علي"]),
        ("Teksti: Matti Virtanen Kuva: Liisa Korhonen", ["Matti Virtanen"]),
        ("Tekst: Piet de Vries, foto: Kees Jansen", ["Piet de Vries"]),
        ("Text: Anna Svensson Foto: Erik Lund", ["Anna Svensson"]),
        ("Текст: Иван Петров Фото: Мария Иванова", ["Иван Петров"]),
    ],
)
def test_editor_translator_and_picture_credits_are_split_from_the_writer(raw: str, names: list[str]) -> None:
    assert clean_author_names(raw) == names
    dropped = [token for token in classify_byline(raw) if token.kind == "dropped"]
    assert dropped and all(token.reason for token in dropped)


# --- plain-text bylines (no byline markup) -------------------------------------------------------------------


def _plain_page(after_h1: str, lang: str) -> str:
    return (
        f"<html lang='{lang}'><head><title>Buses | Courier</title></head><body><div class='page'>"
        f"<div class='head'><h1>Buses run again at night</h1>{after_h1}</div>"
        f"<div class='text'><p>{PROSE}</p><p>{PROSE}</p></div></div></body></html>"
    )


@pytest.mark.parametrize(
    ("line", "lang", "names"),
    [
        ("<p>Yazan: Ahmet Yılmaz</p>", "tr", ["Ahmet Yılmaz"]),
        ("<p>Av Anna Svensson</p>", "sv", ["Anna Svensson"]),
        ("<p>Oleh Budi Santoso</p>", "id", ["Budi Santoso"]),
        ("<p>Theo Nguyễn Văn An</p>", "vi", ["Nguyễn Văn An"]),
        ("<p>מאת דני כהן</p>", "he", ["דני כהן"]),
        ("<p>Szerző: Kovács Péter</p>", "hu", ["Kovács Péter"]),
        ("<p>Του Γιώργου Παπαδόπουλου</p>", "el", ["Γιώργου Παπαδόπουλου"]),
    ],
)
def test_a_plain_text_byline_in_the_major_languages(line: str, lang: str, names: list[str]) -> None:
    assert _byline(_plain_page(line, lang)) == (names, None)


@pytest.mark.parametrize(
    ("line", "lang"),
    [
        # "according to Reuters" opening a sentence of the story
        ("<p>Theo Reuters, giá dầu thế giới tăng mạnh.</p>", "vi"),
        ("<p>Theo Bộ Y tế, số ca mắc mới giảm.</p>", "vi"),
        # "av" and "oleh" as the prepositions they are in running text
        ("<p>Av alla som röstade sa de flesta ja.</p>", "sv"),
        ("<p>Av Stockholms invånare röstade många.</p>", "sv"),
        ("<p>Oleh karena itu Pemerintah Daerah menunda.</p>", "id"),
        ("<p>كتب الرئيس رسالة إلى الشعب اليوم</p>", "ar"),
    ],
)
def test_sign_words_in_running_text_are_no_byline(line: str, lang: str) -> None:
    assert _byline(_plain_page(line, lang)) == ([], None)


# --- a date's label left beside the name, an agency after the sign -------------------------------------------


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        ("Yazan: Ahmet Yılmaz | Güncelleme: 12.05.2024 10:00", ["Ahmet Yılmaz"]),
        ("Autor: Jan Novák | Aktualizace: 12. 5. 2024 10:00", ["Jan Novák"]),
        ("Max Muster | Aktualisiert: 12.05.2024", ["Max Muster"]),
        ("Theo TTXVN", ["TTXVN"]),  # "according to" the Vietnam News Agency: the agency, an organisation
    ],
)
def test_a_dates_label_is_no_name_and_an_agency_stays_one(raw: str, names: list[str]) -> None:
    assert clean_author_names(raw) == names


# --- the newsroom as a byline --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "raw"),
    [
        ("tr", "Haber Merkezi"),
        ("cs", "Redakce"),
        ("el", "Σύνταξη"),
        ("hi", "आजतक ब्यूरो"),
        ("bn", "অনলাইন ডেস্ক"),
        ("ur", "ویب ڈیسک"),
        ("ar", "وكالات"),
    ],
)
def test_the_newsroom_is_an_organisation_byline(lang: str, raw: str) -> None:
    assert _byline(_page(f"<div class='byline'>{raw}</div>", lang)) == ([], raw)


# --- the shortcut before the sign patterns -------------------------------------------------------------------


def test_every_sign_and_label_passes_the_first_word_shortcut() -> None:
    """``strip_sign`` looks the first word up before running its patterns: every sign and label of the vocabulary,
    in any case and glued to its colon, must pass that look-up, or the pattern would never see it."""
    words = byline_words._LABELS + byline_words._SIGNS + byline_words._GUARDED_SIGNS
    for word in words:
        for written in (word, word.upper(), word.capitalize()):
            assert byline_words._opens_with_sign_word(f"{written} Jane Doe"), written
            assert byline_words._opens_with_sign_word(f"{written}:Jane Doe"), written


@pytest.mark.parametrize(
    ("raw", "names"),
    [("Yazan:Ahmet Yılmaz", ["Ahmet Yılmaz"]), ("ΤΟΥ ΓΙΩΡΓΟΥ ΠΑΠΑΔΟΠΟΥΛΟΥ", ["Γιωργου Παπαδοπουλου"])],
)
def test_a_label_glued_to_its_name_or_in_capitals(raw: str, names: list[str]) -> None:
    assert clean_author_names(raw) == names
