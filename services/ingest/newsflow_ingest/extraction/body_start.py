"""Where the body starts: page header that the extractor returns as the start of the first line of text, and a
dateline the extractor would lose.

Some pages print the header block (a kicker, the headline, a dek, the byline, the date) and the lead in one
container with no paragraph elements, so the extractor's first line is "| Seeking a bigger role for a big rocket
by Jeff Foust Monday, November 18, 2019 Earlier this month, NASA announced …" (a table-laid page, AEB), "Amnesty.
More than 100 protesters killed in Iran unrest November 20, 2019 - 11:28 AMT PanARMENIAN.Net - …" (AEB), "Sports
NFL Concussion … By Kathy Wise Published in FrontBurner December 14, 2016 2:24 pm After the U.S. …" (``dev``).
``lead.strip_headlines`` removes a headline only when it is a line of its own; here the line is cut after the
date that closes the header, when the line opens with the headline (docs/extraction.md, "Eleventh pass").

A dateline printed in an element of its own right before the first paragraph (``<b class="place_cont">Washington/
New Delhi: </b><p>US President …</p>``, ``dev``) is not in any paragraph, so the extractor drops it; the reader
sees it open the lead. Before extraction it is moved into that paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

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

# Breadcrumb trails: parts joined by arrows ("Home > News > Science", the full-width "＞" of Japanese pages).
_CRUMB_ARROW = re.compile(r"\s+[>＞›»]\s+")
_MIN_CRUMB_ARROWS = 2
_MAX_CRUMB_PART_WORDS = 6
_MAX_CRUMB_CHARS = 160
_MAX_LEADING_LINES = 8

# A date label and what follows it: "Updated on September 19 at 3:15 p.m.", "Updated: 9.45pm".
_LABELLED_DATE = re.compile(r"(?:published|updated|posted|last updated)\b\s*:?\s*(.*)", re.I)
_MAX_LABELLED_DATE_CHARS = 60
_MAX_LABELLED_DATE_WORDS = 6

# A dateline: a few capitalised words (a place, "Washington/ New Delhi"), then a colon or a dash.
_DATELINE = re.compile(r"[^\W\d_][\w.'’/ ,-]{1,38}?\s*[:—–-]", re.UNICODE)
_DATELINE_TAGS = frozenset({"b", "strong", "span"})
# The first paragraph opens the article's text only among paragraphs: its parent holds several.
_MIN_PARAGRAPHS = 3


def attach_datelines(body: Any) -> int:
    """Move a dateline element that sits right before the first ``<p>`` of a container of paragraphs into that
    paragraph (in place); returns how many. Only ``<b>``, ``<strong>`` or ``<span>`` with no text between it and
    the paragraph, whose whole text is a short capitalised phrase ending with a colon or a dash, and a paragraph
    that opens with its sentence."""
    moved = 0
    # Most paragraphs follow a paragraph: the sibling test comes first, the container's count only for the few left.
    candidates = [
        p for p in body.iter("p") if (label := p.getprevious()) is not None and label.tag in _DATELINE_TAGS
    ]
    for first in candidates:
        label, parent = first.getprevious(), first.getparent()
        if parent is None or parent.find("p") is not first or len(parent.findall("p")) < _MIN_PARAGRAPHS:
            continue
        if (label.tail or "").strip() or len(label):
            continue
        text = " ".join((label.text or "").split())
        if not (text[:1].isupper() and _DATELINE.fullmatch(text) and _reads_as_lead(first.text or "")):
            continue  # the paragraph must open with its sentence: a label above links is no dateline
        first.text = f"{text} {first.text or ''}"
        label.tail = None
        parent.remove(label)
        moved += 1
    return moved


def drop_leading_crumbs(lines: list[str]) -> list[str]:
    """``lines`` without its leading breadcrumb trails ("HOME ＞ Events ＞ Forum ＞ NSF 2019", "トップ > ニュース
    リリース > 薄型キーボード") and lines with no letter or figure ("-", "| | |": an empty list item, a table's
    empty cells), above the first line of prose: neither can be where the reader's text starts."""
    for index, line in enumerate(lines[:_MAX_LEADING_LINES]):
        if not (_is_crumb_trail(line) or _WORD.search(line) is None):
            return lines[index:]
    return lines[_MAX_LEADING_LINES:] if len(lines) > _MAX_LEADING_LINES else lines


def _is_crumb_trail(line: str) -> bool:
    """Two or more trail arrows between short parts, the whole line short."""
    if len(line) > _MAX_CRUMB_CHARS or len(_CRUMB_ARROW.findall(line)) < _MIN_CRUMB_ARROWS:
        return False
    parts = _CRUMB_ARROW.split(line.strip(" |"))
    return all(0 < len(part.split()) <= _MAX_CRUMB_PART_WORDS for part in parts)


def is_labelled_date_line(line: str) -> bool:
    """A short line that opens with a date label and holds a figure in a few words after it ("Updated on
    September 19 at 3:15 p.m.", "Updated: 9.45pm", "Published: 18 Nov"): a date the date reader may not
    recognise (no year, a dotted clock), but the label says what it is."""
    if len(line) > _MAX_LABELLED_DATE_CHARS:
        return False
    match = _LABELLED_DATE.fullmatch(line)
    if match is None:
        return False
    rest = match.group(1)
    return any(c.isdigit() for c in rest) and len(rest.split()) <= _MAX_LABELLED_DATE_WORDS


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
    opening = line[: _MAX_CHARS_BEFORE_HEADLINE + len(words[0])].casefold()
    if words[0].casefold() not in opening:
        return None  # a cheap test before building the pattern (a first line rarely opens with the headline)
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
    text = text.lstrip()
    opening = text[:1]
    starts_sentence = opening.isupper() or opening.isdigit() or opening in "\"“‘'"
    return starts_sentence and len(text.split()) >= _MIN_LEAD_WORDS
