"""Language identification with py3langid's bundled model."""

from __future__ import annotations

from pathlib import Path

import pytest
from newsflow_enrich.language.detectors import DETECT_MAX_CHARS, detect_language, normalize_language_code

ARABIC = (
    "أعلنت وزارة الدفاع التركية اليوم أن رئيس الأركان التقى نظيره الروسي في موسكو لبحث التعاون العسكري "
    "والوضع في سوريا، وأكد الجانبان ضرورة مواصلة التنسيق بين الجيشين."
)
GERMAN = "Der Bundeskanzler hat heute in Berlin eine Rede über die Lage im Nahen Osten gehalten."
FRENCH = "Le président de la République a annoncé hier une réforme des retraites devant le Parlement."


def test_seed_article_is_english_with_high_confidence(fixtures_dir: Path) -> None:
    body = (fixtures_dir / "seed_body.txt").read_text(encoding="utf-8")
    language, confidence = detect_language(body)
    assert language == "en"
    assert confidence is not None and 0.9 < confidence <= 1.0


@pytest.mark.parametrize(("text", "expected"), [(ARABIC, "ar"), (GERMAN, "de"), (FRENCH, "fr")])
def test_other_languages(text: str, expected: str) -> None:
    language, confidence = detect_language(text)
    assert language == expected
    assert confidence is not None and confidence > 0.5


@pytest.mark.parametrize("text", ["", "   \n\n ", "hello", "12345 67890 2016", "—…!?"])
def test_empty_or_too_short_text_is_unknown(text: str) -> None:
    assert detect_language(text) == (None, None)


def test_only_the_start_of_a_long_text_is_read() -> None:
    # English first, then far more German beyond the cap: the answer follows what is read.
    text = ("The minister said the talks would continue next week in the capital. " * 40)[:DETECT_MAX_CHARS]
    assert detect_language(text + GERMAN * 200)[0] == "en"


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        *[("EN", "en"), ("pt-BR", "pt"), ("zh_Hant", "zh"), ("iw", "he"), ("in", "id"), ("arz", "ar")],
        *[("sdh", "ku"), ("ckb", "ku"), ("no", "nb"), ("ara", "ar"), ("fre", "fr"), ("pes", "fa")],
        *[("zxx", None), ("und", None), ("", None), (None, None), ("e1", None), ("english", None)],
    ],
)
def test_normalize_language_code(code: str | None, expected: str | None) -> None:
    assert normalize_language_code(code) == expected
