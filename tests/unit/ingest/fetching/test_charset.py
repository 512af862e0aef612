from __future__ import annotations

import codecs

import pytest
from newsflow_ingest.fetching.charset import charset_from_content_type, codec_name, decode_html, prescan

ARABIC = (
    "أعلنت الحكومة اليوم عن خطة جديدة لدعم الاقتصاد الوطني وتحسين الخدمات العامة في جميع المحافظات، "
    "وقال وزير المالية إن الميزانية الجديدة ستركز على التعليم والصحة والبنية التحتية خلال السنوات المقبلة."
)
FRENCH = "L'été à Montréal: les élèves ont célébré la fête de fin d'année avec enthousiasme."


def page(body: str, head: str = "") -> str:
    return f"<html><head>{head}<title>t</title></head><body><p>{body}</p></body></html>"


def test_arabic_windows_1256_from_header() -> None:
    raw = page(ARABIC).encode("windows-1256")
    text, encoding = decode_html(raw, "text/html; charset=windows-1256")
    assert encoding == "cp1256"
    assert ARABIC in text


def test_arabic_windows_1256_from_meta() -> None:
    raw = page(ARABIC, '<meta charset="windows-1256">').encode("windows-1256")
    text, encoding = decode_html(raw, "text/html")
    assert encoding == "cp1256"
    assert ARABIC in text


def test_arabic_windows_1256_from_http_equiv() -> None:
    meta = '<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">'
    text, encoding = decode_html(page(ARABIC, meta).encode("cp1256"), None)
    assert encoding == "cp1256"
    assert ARABIC in text


def test_arabic_windows_1256_detected_without_declaration() -> None:
    raw = page(ARABIC * 3).encode("windows-1256")
    text, encoding = decode_html(raw, "text/html")
    assert encoding == "cp1256"
    assert ARABIC in text


def test_bom_wins_over_header_and_meta() -> None:
    raw = codecs.BOM_UTF8 + page(FRENCH, '<meta charset="iso-8859-1">').encode("utf-8")
    text, encoding = decode_html(raw, "text/html; charset=windows-1256")
    assert encoding == "utf-8"
    assert FRENCH in text
    assert not text.startswith("\ufeff")


def test_utf16_bom() -> None:
    raw = codecs.BOM_UTF16_LE + page(FRENCH).encode("utf-16-le")
    text, encoding = decode_html(raw, None)
    assert encoding == "utf-16-le"
    assert FRENCH in text


def test_header_wins_over_meta() -> None:
    raw = page(FRENCH, '<meta charset="utf-8">').encode("cp1252")
    text, encoding = decode_html(raw, 'text/html; charset="ISO-8859-1"')
    assert encoding == "cp1252"  # WHATWG: latin-1 labels mean windows-1252
    assert FRENCH in text


def test_xml_declaration() -> None:
    raw = f'<?xml version="1.0" encoding="ISO-8859-15"?><rss><title>{FRENCH}</title></rss>'.encode(
        "iso-8859-15"
    )
    text, encoding = decode_html(raw, "application/xml")
    assert encoding == "iso8859-15"
    assert FRENCH in text


def test_undeclared_utf8_and_unknown_labels() -> None:
    raw = page(FRENCH).encode("utf-8")
    assert decode_html(raw, "text/html; charset=no-such-charset") == (page(FRENCH), "utf-8")


def test_meta_utf16_means_utf8() -> None:
    raw = page(FRENCH, '<meta charset="utf-16">').encode("utf-8")
    assert decode_html(raw, None)[1] == "utf-8"


def test_meta_beyond_prescan_window_is_ignored() -> None:
    raw = (" " * 5000 + '<meta charset="windows-1256">').encode("ascii")
    assert prescan(raw) is None


def test_undecodable_bytes_never_raise() -> None:
    text, encoding = decode_html(b"<p>\xfa\x00\x81\xc3" * 3 + b"<p>x</p>", "text/html; charset=utf-8")
    assert encoding == "utf-8"
    assert "\ufffd" in text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("text/html; charset=UTF-8", "utf-8"),
        ("text/html;charset='windows-1256'", "cp1256"),
        ("text/html", None),
        (None, None),
    ],
)
def test_charset_from_content_type(value: str | None, expected: str | None) -> None:
    assert charset_from_content_type(value) == expected


def test_codec_name_aliases() -> None:
    assert codec_name("us-ascii") == "cp1252"
    assert codec_name("GBK") == "gb18030"
    assert codec_name("x-unknown") is None
