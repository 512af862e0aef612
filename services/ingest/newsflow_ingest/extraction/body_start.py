"""Where the body starts: page header that the extractor returns as the start of the first line of text.

Some pages print the header block (a kicker, the headline, a dek, the byline, the date) and the lead in one
container with no paragraph elements, so the extractor's first line is "| Seeking a bigger role for a big rocket
by Jeff Foust Monday, November 18, 2019 Earlier this month, NASA announced …" (a table-laid page, AEB), "Amnesty.
More than 100 protesters killed in Iran unrest November 20, 2019 - 11:28 AMT PanARMENIAN.Net - …" (AEB), "Sports
NFL Concussion … By Kathy Wise Published in FrontBurner December 14, 2016 2:24 pm After the U.S. …" (``dev``).
``lead.strip_headlines`` removes a headline only when it is a line of its own; here the line is cut after the
date that closes the header, when the line opens with the headline (docs/extraction.md, "Eleventh pass").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from newsflow_ingest.extraction.dates import written_date_spans

_WORD = re.compile(r"\w+")
# The headline opens the line: at most a few characters before it (table pipes, a one-word kicker).
_MAX_CHARS_BEFORE_HEADLINE = 16
# A headline of fewer words is too likely to open an ordinary sentence.
_MIN_HEADLINE_WORDS = 3
# The header between the headline and its date: a dek, "By …", "Published in …" (measured: up to 120 characters).
_MAX_HEADER_CHARS = 250
# What is left must read as the lead.
_MIN_LEAD_WORDS = 8
_SEPARATORS = " \t-–—|·,:;"


def cut_run_in_header(lines: list[str], headlines: Iterable[str | None]) -> list[str]:
    """``lines`` with the first line's header cut off when that line opens with one of ``headlines`` and, within
    a short header after it, a written date (with its clock) followed by the lead; otherwise ``lines``."""
    if not lines:
        return lines
    first = lines[0]
    for headline in headlines:
        end = _headline_end(first, headline)
        if end is None:
            continue
        lead = _text_after_header_date(first, end)
        if lead is not None:
            return [lead, *lines[1:]]
    return lines


def _headline_end(line: str, headline: str | None) -> int | None:
    """Where ``headline`` ends in ``line`` when ``line`` opens with it (its words in order, any punctuation
    between them, case ignored), else ``None``."""
    words = _WORD.findall(headline or "")
    if len(words) < _MIN_HEADLINE_WORDS:
        return None
    pattern = r"\W+".join(re.escape(word) for word in words)
    reach = _MAX_CHARS_BEFORE_HEADLINE + len(headline or "")
    match = re.compile(pattern, re.IGNORECASE).search(line, 0, reach)
    if match is None or match.start() > _MAX_CHARS_BEFORE_HEADLINE:
        return None
    return match.end()


def _text_after_header_date(line: str, start: int) -> str | None:
    """The text after the first written date that starts within the header's reach of ``start``, when it reads
    as the lead (a capital, a figure or a quotation mark, then enough words)."""
    for date_start, date_end in written_date_spans(line[start : start + _MAX_HEADER_CHARS + 40]):
        if date_start > _MAX_HEADER_CHARS:
            return None
        lead = line[start + date_end :].lstrip(_SEPARATORS)
        return lead if _reads_as_lead(lead) else None
    return None


def _reads_as_lead(text: str) -> bool:
    opening = text[:1]
    starts_sentence = opening.isupper() or opening.isdigit() or opening in "\"“‘'"
    return starts_sentence and len(text.split()) >= _MIN_LEAD_WORDS
