"""Per-paragraph languages, mixed-language articles, declared vs detected language, pluggable detectors."""

from __future__ import annotations

import pytest
from newsflow_enrich.language.detectors import Py3LangidDetector, detect_language, make_language_detector
from newsflow_enrich.language.profile import paragraph_languages, profile_languages
from newsflow_shared.errors import NotConfigured

ENGLISH = (
    "Talks between the two governments resumed in Geneva after a pause of several months. Diplomats on both "
    "sides described the first session as constructive, although no agreement was reached."
)
ARABIC = (
    "شهدت العاصمة أمس مظاهرات حاشدة احتجاجا على ارتفاع الأسعار. وطالب المتظاهرون الحكومة باتخاذ إجراءات "
    "عاجلة لدعم الأسر الفقيرة، وقالت الشرطة إن المظاهرات مرت بسلام."
)


def test_english_article_declared_english_agrees() -> None:
    profile = profile_languages("Talks resume in Geneva", f"{ENGLISH}\n\n{ENGLISH}", html_lang="en-GB")
    assert (profile.language, profile.declared, profile.agrees, profile.mixed) == ("en", "en", True, False)
    assert profile.shares == {"en": 1.0}
    assert [p.index for p in profile.paragraphs] == [0, 1]


def test_template_declaring_the_wrong_language_is_flagged() -> None:
    profile = profile_languages("مظاهرات في العاصمة", ARABIC, html_lang="en")
    assert (profile.language, profile.declared, profile.agrees) == ("ar", "en", False)


def test_unknown_declaration_or_language_gives_no_verdict() -> None:
    assert profile_languages("t", ENGLISH, html_lang=None).agrees is None
    assert profile_languages(None, "", html_lang="en").agrees is None


def test_bilingual_article_is_mixed_with_shares() -> None:
    body = "\n\n".join([ENGLISH, ARABIC, ENGLISH, ARABIC])
    profile = profile_languages("Protests", body)
    assert profile.mixed is True
    assert set(profile.shares) == {"en", "ar"}
    assert abs(sum(profile.shares.values()) - 1.0) < 0.01
    assert [p.language for p in profile.paragraphs] == ["en", "ar", "en", "ar"]


def test_short_paragraphs_are_not_judged_and_a_quote_does_not_make_it_mixed() -> None:
    body = "\n\n".join(["By Ann Writer", ENGLISH * 3, "Merci beaucoup, dit-il.", ENGLISH * 3])
    profile = profile_languages("Title", body)
    assert [p.index for p in profile.paragraphs] == [1, 3]
    assert profile.mixed is False


def test_detectors_are_pluggable_by_name() -> None:
    detector = make_language_detector("py3langid")
    assert isinstance(detector, Py3LangidDetector)
    assert detect_language(ARABIC, detector)[0] == "ar"
    with pytest.raises(NotConfigured, match="unknown language detector"):
        make_language_detector("no-such-detector")


def test_pycld2_is_not_configured_unless_installed() -> None:
    try:
        import pycld2  # noqa: F401
    except ImportError:
        with pytest.raises(NotConfigured, match="pycld2"):
            make_language_detector("pycld2")
    else:  # pragma: no cover - only where the optional package is installed
        assert make_language_detector("pycld2").detect(ENGLISH)[0] == "en"


def test_paragraph_detection_reads_at_most_the_cap() -> None:
    body = "\n\n".join([ENGLISH] * 200)
    assert len(paragraph_languages(body, Py3LangidDetector())) == 60
