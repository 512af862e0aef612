"""The top of an extracted body: the headline and the standfirst (dek) are page header, not article text.

Extractors keep the ``<h1>`` when it sits inside ``<article>``, and the standfirst under it. The headline is
recognised by its words (equal to, or a long prefix of, the ``<h1>``/``og:title``/``<title>``); the standfirst by
equalling the page's description *and* not being a paragraph beside the next one: many sites reuse their first
body paragraph as the description, and that paragraph is article text (measured on benchmarks/extraction/).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from newsflow_ingest.extraction.document import normalize_space

_WORD = re.compile(r"\w+")
_MIN_PREFIX_CHARS = 30
_STANDFIRST_TAGS = ("p", "h2", "h3", "div", "span", "header", "section")


def word_key(text: str | None) -> str:
    """Case-folded words of ``text`` joined by one space: punctuation and spacing do not matter."""
    return " ".join(_WORD.findall(text or "")).casefold()


def strip_headlines(lines: list[str], headlines: Iterable[str | None]) -> list[str]:
    """Remove leading lines that repeat the headline (or a long prefix of it, or it plus a site suffix)."""
    keys = {key for key in (word_key(h) for h in headlines) if key}
    start = 0
    while start < len(lines):
        line = word_key(lines[start])
        if not line or not any(_same_headline(line, key) for key in keys):
            break
        start += 1
    return lines[start:]


def _same_headline(line: str, headline: str) -> bool:
    if line == headline:
        return True
    if len(line) > _MIN_PREFIX_CHARS and headline.startswith(line):
        return True
    return line.startswith(headline) and len(headline) > 0.8 * len(line)


def strip_standfirst(root: Any, lines: list[str], descriptions: Iterable[str | None]) -> list[str]:
    """Remove the first line when it is the page description printed as a standfirst above the body."""
    if len(lines) < 2:
        return lines
    first = word_key(lines[0])
    keys = [key for key in (word_key(d) for d in descriptions) if key]
    if not first or not any(_same_text(first, key) for key in keys):
        return lines
    first_element = second_element = None
    for element in root.iter(*_STANDFIRST_TAGS):
        text = normalize_space(element.text_content())
        if text == lines[0]:
            first_element = element  # the innermost match comes last in document order
        elif text == lines[1] and second_element is None:
            second_element = element
    if first_element is None:
        return lines  # not found as one element: be conservative, keep it
    if second_element is not None and first_element.getparent() is second_element.getparent():
        return lines  # a paragraph among the body's paragraphs
    return lines[1:]


def _same_text(line: str, description: str) -> bool:
    if line == description:
        return True
    return (len(line) > 40 and description.startswith(line)) or (
        len(description) > 40 and line.startswith(description)
    )
