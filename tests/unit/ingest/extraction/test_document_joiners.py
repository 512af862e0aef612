"""Zero-width joiners are spelling in the scripts that write them: kept between such letters, dropped elsewhere.

Persian writes the zero-width non-joiner inside words ("دانش‌آموزان", students; "می‌خواهند"), and emoji sequences
are held together by the joiner: dropping them changes what a reader sees. In the Indic scripts a joiner only
asks the font for a half form (the word is spelt without it), and next to Latin letters, spaces or an edge it is
a stray mark: there they go.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from newsflow_ingest.extraction import parse_article
from newsflow_ingest.extraction.document import normalize_space

ZWNJ, ZWJ = "\u200c", "\u200d"


@pytest.mark.parametrize(
    "text",
    [
        f"دانش{ZWNJ}آموزان",  # Persian: students
        f"می{ZWNJ}خواهند",  # Persian: they want
        f"کتاب{ZWNJ}ها",  # Persian: books
        f"ہم{ZWNJ}آہنگی",  # Urdu: harmony
        f"👨{ZWJ}👩{ZWJ}👧",  # one family emoji, not three people
    ],
)
def test_a_joiner_between_letters_of_a_script_that_writes_it_stays(text: str) -> None:
    assert normalize_space(f"  {text}  ") == text


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        (f"Wörd{ZWNJ} x", "Wörd x"),
        (f"word{ZWJ}", "word"),
        (f" {ZWNJ}دانش", "دانش"),
        (f"é{ZWJ}é", "éé"),  # Latin letters: no joiner is spelling there
        # Indic scripts: the joiner only asks the font for a half form; the word is spelt without it
        (f"सामान्{ZWJ}य", "सामान्य"),
        (f"क्{ZWNJ}ष", "क्ष"),
        (f"دانش{ZWNJ} آموزان", "دانش آموزان"),  # before a space: stray
        ("Soft\u00adhyphen\xa0é\u200b ", "Softhyphen é"),
    ],
)
def test_a_stray_joiner_and_the_other_invisible_characters_go(raw: str, clean: str) -> None:
    assert normalize_space(raw) == clean


def test_a_persian_page_keeps_its_words_in_the_title_and_the_body() -> None:
    sentence = (
        f"دانش{ZWNJ}آموزان مدرسه می{ZWNJ}خواهند که کتاب{ZWNJ}ها را بخوانند و این جمله برای آزمایش است. " * 6
    )
    html = (
        f'<html lang="fa"><head><title>خبر دانش{ZWNJ}آموزان</title></head><body><article>'
        f"<h1>خبر دانش{ZWNJ}آموزان</h1><p>{sentence}</p><p>{sentence}</p></article></body></html>"
    )
    article = parse_article(html, "https://example.ir/news/1", fetched_at=datetime(2024, 3, 20, tzinfo=UTC))
    assert article.title == f"خبر دانش{ZWNJ}آموزان"
    assert f"دانش{ZWNJ}آموزان مدرسه" in article.body


def _page(body_html: str, lang: str = "fa") -> str:
    return (
        f'<html lang="{lang}"><head><title>خبر</title></head><body><article><h1>خبر امروز</h1>{body_html}'
        "</article></body></html>"
    )


_SENTENCE = "این یک جمله طولانی برای آزمایش متن خبر است که باید در متن بماند. " * 6


@pytest.mark.parametrize("entity", ["&zwnj;", "&#8204;", "&#x200c;", "&#X200C;"])
def test_a_joiner_written_as_an_entity_on_a_page_of_entities_is_kept_too(entity: str) -> None:
    # A page that writes every non-ASCII character as a character reference, as some older CMSs do
    page = _page(f"<p>دانش{entity}آموزان {_SENTENCE}</p><p>{_SENTENCE}</p>")
    html = page.encode("ascii", "xmlcharrefreplace").decode("ascii")
    article = parse_article(html, "https://example.ir/news/2", fetched_at=datetime(2024, 3, 20, tzinfo=UTC))
    assert f"دانش{ZWNJ}آموزان" in article.body


def test_an_emoji_sequence_in_the_body_stays_one_emoji() -> None:
    family = f"👨{ZWJ}👩{ZWJ}👧"
    html = _page(f"<p>{_SENTENCE} {family}</p><p>{_SENTENCE}</p>")
    article = parse_article(html, "https://example.ir/news/3", fetched_at=datetime(2024, 3, 20, tzinfo=UTC))
    assert family in article.body


def test_a_stray_joiner_is_dropped_from_every_field_and_the_stand_ins_never_leak() -> None:
    html = _page(f"<p>{ZWNJ}Latin{ZWNJ} words {_SENTENCE}</p><p>دانش{ZWNJ}آموزان {_SENTENCE}</p>")
    article = parse_article(html, "https://example.ir/news/4", fetched_at=datetime(2024, 3, 20, tzinfo=UTC))
    dumped = article.model_dump_json()
    assert "Latin words" in article.body
    assert "\U00016a40" not in dumped and "\U00016a41" not in dumped
    assert f"دانش{ZWNJ}آموزان" in article.body


def test_a_page_that_holds_a_stand_in_is_parsed_as_before() -> None:
    html = _page(f"<p>\U00016a40 {_SENTENCE}</p><p>دانش{ZWNJ}آموزان {_SENTENCE}</p>")
    article = parse_article(html, "https://example.ir/news/5", fetched_at=datetime(2024, 3, 20, tzinfo=UTC))
    assert "\U00016a40" in article.body  # the page's own character, untouched
    assert f"دانش{ZWNJ}آموزان" not in article.body  # its joiners go as before this module
