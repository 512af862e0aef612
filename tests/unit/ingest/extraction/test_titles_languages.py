"""Issue 15, thirteenth pass: the site's name, sections, generic news words and page artefacts cut from
``<title>`` the way publishers in the major news languages write it — and headlines left whole."""

from __future__ import annotations

import pytest
from newsflow_ingest.extraction import parse_article

from tests.unit.ingest.extraction.pages import FETCHED, PROSE


def _title(lang: str, title_tag: str, url: str, site: str | None = None, extra: str = "") -> str | None:
    """The title of a page with no displayed headline element: only ``<title>`` (and og:site_name) name it."""
    site_meta = f"<meta property='og:site_name' content='{site}'>" if site else ""
    page = (
        f"<html lang='{lang}'><head><title>{title_tag}</title>{site_meta}{extra}</head><body>"
        f"<article><p>{PROSE}</p><p>{PROSE}</p></article></body></html>"
    )
    return parse_article(page, url, fetched_at=FETCHED).title


_NIKKEI = "https://www.nikkei.com/article/DGXZQOUA1/"
_HEADLINE_JA = "政府、新たな経済対策を決定"


# --- separators of Chinese and Japanese titles: "_", full-width bars, colons, dashes, slashes ---


def test_a_chinese_portal_title_loses_the_site_after_an_underscore() -> None:
    url = "https://news.sina.com.cn/c/2024-05-01/doc-1.shtml"
    assert _title("zh", "国务院召开常务会议_新浪新闻", url, "新浪新闻") == "国务院召开常务会议"
    # section and site, the site ending in 网 ("-net", a website) and known from nothing else
    assert _title("zh", "国务院召开常务会议_国内新闻_新浪网", url) == "国务院召开常务会议"
    assert (
        _title("zh", "国务院召开常务会议-新华网", "https://www.news.cn/politics/a.htm")
        == "国务院召开常务会议"
    )


@pytest.mark.parametrize("separator", ["｜", "：", "－", " | ", "／", "‐", " : ", "_"])
def test_a_japanese_title_loses_the_site_after_any_of_its_separators(separator: str) -> None:
    assert _title("ja", f"{_HEADLINE_JA}{separator}日本経済新聞", _NIKKEI, "日本経済新聞") == _HEADLINE_JA


def test_a_kicker_in_lenticular_brackets_stays_and_a_bracketed_site_name_goes() -> None:
    assert (
        _title("ja", f"【速報】{_HEADLINE_JA}｜日本経済新聞", _NIKKEI, "日本経済新聞")
        == f"【速報】{_HEADLINE_JA}"
    )
    assert _title("ja", f"【独自】{_HEADLINE_JA}", _NIKKEI, "日本経済新聞") == f"【独自】{_HEADLINE_JA}"
    assert _title("ja", f"{_HEADLINE_JA}【日本経済新聞】", _NIKKEI, "日本経済新聞") == _HEADLINE_JA


def test_a_colon_inside_a_japanese_headline_is_not_a_site_separator() -> None:
    # "首相：" opens a quote; the rest merely starts with the publisher's name
    title = "首相：日経の取材に答える"
    assert _title("ja", title, _NIKKEI, "日経") == title
    # nor is a label after one: a quote ending in "新闻" ("news") is the headline's
    title = "特朗普在白宫发表讲话：这是假新闻"
    assert _title("zh", title, "https://news.sina.com.cn/w/2024-05-01/doc-3.shtml", "新浪新闻") == title


# --- generic news words, sections and the registrable domain after the last separator ---


def test_a_turkish_breaking_news_suffix_goes() -> None:
    url = "https://www.hurriyet.com.tr/gundem/hukumet-yeni-plani-acikladi-42424242"
    headline = "Hükümet yeni planı açıkladı"
    assert _title("tr", f"{headline} - Son Dakika Haberleri", url, "Hürriyet") == headline
    assert _title("tr", f"{headline} - Gündem Haberleri", url, "Hürriyet") == headline


@pytest.mark.parametrize(
    ("lang", "title", "expected"),
    [
        ("ru", "Правительство утвердило новый план - Новости", "Правительство утвердило новый план"),
        ("ru", "Правительство утвердило новый план | Новости России", "Правительство утвердило новый план"),
        ("id", "Pemerintah Umumkan Rencana Baru - Berita Terkini", "Pemerintah Umumkan Rencana Baru"),
        ("vi", "Chính phủ công bố kế hoạch mới - Tin tức", "Chính phủ công bố kế hoạch mới"),
        ("th", "รัฐบาลประกาศแผนใหม่ - ข่าว", "รัฐบาลประกาศแผนใหม่"),
        ("hi", "सरकार ने नई योजना की घोषणा की - समाचार", "सरकार ने नई योजना की घोषणा की"),
        ("es", "El Gobierno anuncia un nuevo plan | Noticias de España", "El Gobierno anuncia un nuevo plan"),
        ("de", "Regierung beschließt neuen Plan - Nachrichten", "Regierung beschließt neuen Plan"),
        (
            "fr",
            "Le gouvernement annonce un nouveau plan - Actualités",
            "Le gouvernement annonce un nouveau plan",
        ),
    ],
)
def test_a_generic_news_word_after_the_last_separator_goes(lang: str, title: str, expected: str) -> None:
    assert _title(lang, title, "https://example-press.test/a/1", "Example Press") == expected


def test_a_news_word_inside_the_headline_stays() -> None:
    # a headline's own words, not a label: the segment after " - " is a sentence in lower case
    title = "Vaccines: the good news - and the bad news"
    assert _title("en", title, "https://example-press.test/a/2", "Example Press") == title
    # title case: a phrase of the headline about news, not a section's label
    title = "Senate Passes Budget - Bad News For Trump"
    assert _title("en", title, "https://example-press.test/a/4", "Example Press") == title
    title = "Senate Passes Budget - The Good News"
    assert _title("en", title, "https://example-press.test/a/5", "Example Press") == title
    # a generic word before the headline is a kicker, kept
    kicker = "Nachrichten - Regierung beschließt neuen Plan"
    assert _title("de", kicker, "https://example-press.test/a/3", "Example Press") == kicker


def test_a_hindi_site_name_matches_its_latin_og_site_name() -> None:
    url = "https://www.jagran.com/news/national-sarkar-ne-nai-yojana-23456789.html"
    headline = "सरकार ने नई योजना की घोषणा की"
    assert _title("hi", f"{headline} - दैनिक जागरण", url, "Dainik Jagran") == headline
    # Cyrillic and Latin alike: "Коммерсантъ" is "Kommersant"
    url = "https://www.kommersant.ru/doc/6600000"
    headline = "Правительство утвердило план"
    assert _title("ru", f"{headline} | Коммерсантъ", url, "Kommersant") == headline


def test_the_registrable_domain_names_the_site_letters_and_all() -> None:
    # "WP" is wp.pl (the host is wiadomosci.wp.pl), "Wiadomości" ("news") the section before it
    url = "https://wiadomosci.wp.pl/rzad-oglosil-nowy-plan-6900000000000000a"
    assert (
        _title("pl", "Rząd ogłosił nowy plan - Wiadomości - WP", url, "Wirtualna Polska")
        == "Rząd ogłosił nowy plan"
    )
    url = "https://nasional.kompas.com/read/2024/05/01/10000001/pemerintah-umumkan-rencana-baru"
    assert (
        _title("id", "Pemerintah Umumkan Rencana Baru - Kompas.com", url) == "Pemerintah Umumkan Rencana Baru"
    )


def test_a_korean_breadcrumb_to_the_article_body_label_goes() -> None:
    # Korean newspapers' CMS: headline < section < "기사본문" (article body) - newspaper
    url = "https://www.example-ilbo.test/news/articleView.html?idxno=12345"
    title = "정부, 새 경제대책 발표 < 정치 < 기사본문 - 예시일보"
    assert _title("ko", title, url, "예시일보") == "정부, 새 경제대책 발표"


# --- pagination and print artefacts ---


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Pemerintah Umumkan Rencana Baru Halaman all - Kompas.com", "Pemerintah Umumkan Rencana Baru"),
        ("Pemerintah Umumkan Rencana Baru Halaman 2 - Kompas.com", "Pemerintah Umumkan Rencana Baru"),
        ("Regierung beschließt neuen Plan - Seite 2 - Example Press", "Regierung beschließt neuen Plan"),
        ("Rząd ogłosił nowy plan - Strona 2", "Rząd ogłosił nowy plan"),
        ("Council expands bus network - Page 2 of 3", "Council expands bus network"),
        ("Council expands bus network - Print", "Council expands bus network"),
        ("Council expands bus network | Printer Friendly Version", "Council expands bus network"),
    ],
)
def test_pagination_and_print_artefacts_go(title: str, expected: str) -> None:
    assert _title("en", title, "https://nasional.kompas.com/read/2024/05/01/1/a", "Example Press") == expected


# --- real headline parts stay ---


def test_a_headline_with_its_own_dash_or_bar_stays_whole() -> None:
    url = "https://dailyplanet.test/politics/trump-the-interview"
    assert _title("en", "Trump - the interview", url, "The Daily Planet") == "Trump - the interview"
    assert (
        _title("en", "Trump - the interview | The Daily Planet", url, "The Daily Planet")
        == "Trump - the interview"
    )
    assert _title("en", "Trump | The interview", url, "The Daily Planet") == "Trump | The interview"


def test_a_chinese_headline_with_an_underscore_inside_stays_whole() -> None:
    url = "https://news.sina.com.cn/c/2024-05-01/doc-2.shtml"
    assert _title("zh", "北京_上海高铁今日开通", url, "新浪新闻") == "北京_上海高铁今日开通"
    assert _title("zh", "北京_上海高铁今日开通_新浪新闻", url, "新浪新闻") == "北京_上海高铁今日开通"
