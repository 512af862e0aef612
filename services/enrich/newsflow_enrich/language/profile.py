"""The languages of one article: the whole text, each paragraph, and the page's declared ``html_lang``.

The article's language is detected on title + start of body (what a reader sees first). Paragraphs are
detected one by one so that an article quoting a long passage in another language, or a bilingual page, is
visible as ``mixed_language`` with the share of letters per language. The declared language is kept beside
the detected one: CMS templates often declare the site's default language on every page, so disagreement is
common and worth flagging, not trusting either side blindly.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from newsflow_shared.messages import ParagraphLanguage

from newsflow_enrich.language.codes import normalize_language_code
from newsflow_enrich.language.detectors import LanguageDetector, Py3LangidDetector, detect_language

# A paragraph shorter than this (letters) is a byline, a caption or "Advertisement": too short to judge.
PARAGRAPH_MIN_LETTERS = 40
# A paragraph is judged on at most its first 400 characters: plenty for prose, and it bounds the cost of a
# giant "paragraph" (a table or a list flattened by extraction).
PARAGRAPH_MAX_CHARS = 400
# At most this many paragraphs are detected: a long article's language mix is clear well before its end.
MAX_PARAGRAPHS = 60
# A paragraph's language counts only when the detector is this sure (short texts get flat distributions).
PARAGRAPH_MIN_CONFIDENCE = 0.8
# An article is mixed when languages other than its main one hold at least this share of the judged letters.
MIXED_MIN_SHARE = 0.2


@dataclass
class LanguageProfile:
    """What language detection found for one article."""

    language: str | None
    confidence: float | None
    declared: str | None = None
    agrees: bool | None = None
    paragraphs: list[ParagraphLanguage] = field(default_factory=list)
    shares: dict[str, float] = field(default_factory=dict)
    mixed: bool = False


def _letters(text: str) -> int:
    return sum(map(str.isalpha, text))


def paragraph_languages(body: str, detector: LanguageDetector) -> list[ParagraphLanguage]:
    """The detected language of each paragraph of ``body`` (blank-line separated) long enough to judge."""
    found = []
    paragraphs = [part for part in body.split("\n\n") if part.strip()]
    for index, paragraph in enumerate(paragraphs[:MAX_PARAGRAPHS]):
        letters = _letters(paragraph)
        if letters < PARAGRAPH_MIN_LETTERS:
            continue
        language, confidence = detector.detect(paragraph[:PARAGRAPH_MAX_CHARS])
        found.append(
            ParagraphLanguage(index=index, language=language, confidence=confidence, letters=letters)
        )
    return found


def language_shares(paragraphs: list[ParagraphLanguage]) -> dict[str, float]:
    """Share of the confidently judged letters per language, largest first, rounded to 3 decimals."""
    letters: Counter[str] = Counter()
    for paragraph in paragraphs:
        if paragraph.language and (paragraph.confidence or 0.0) >= PARAGRAPH_MIN_CONFIDENCE:
            letters[paragraph.language] += paragraph.letters
    total = sum(letters.values())
    return {language: round(count / total, 3) for language, count in letters.most_common()} if total else {}


def profile_languages(
    title: str | None,
    body: str,
    html_lang: str | None = None,
    detector: LanguageDetector | None = None,
) -> LanguageProfile:
    """Detected language of title + body, per-paragraph languages, and agreement with ``html_lang``."""
    detector = detector or Py3LangidDetector()
    text = "\n\n".join(part for part in (title, body) if part and part.strip())
    language, confidence = detect_language(text, detector)
    declared = normalize_language_code(html_lang)
    paragraphs = paragraph_languages(body, detector)
    shares = language_shares(paragraphs)
    others = sum(share for other, share in shares.items() if other != language)
    return LanguageProfile(
        language=language,
        confidence=confidence,
        declared=declared,
        agrees=None if declared is None or language is None else declared == language,
        paragraphs=paragraphs,
        shares=shares,
        mixed=len(shares) > 1 and others >= MIXED_MIN_SHARE,
    )
