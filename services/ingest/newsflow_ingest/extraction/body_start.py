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

Above the first line of prose, lines that cannot be where the reader's text starts go (``drop_leading_crumbs``):
breadcrumb trails, wordless lines, the header's metadata strip written as a short list ("- Published", "- 24 July
2015 / - From the section US & Canada"), a picture credit and its caption, a signed byline line and a header line
of parts with a date ("Patricio Candia | Palma de Mallorca | 08/01/2014") (docs/extraction.md, "Twelfth pass").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from newsflow_ingest.extraction.byline_tokens import SIGN_WORD_PATTERN, pre_classify
from newsflow_ingest.extraction.dates import written_date_spans
from newsflow_ingest.extraction.furniture_words import PICTURE_CREDIT

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

# A header strip written as a list (``<ul>`` of the date, the section, "Published", "Print Article"): a few short
# items, trafilatura's "- " marking them, right above the lead.
_LIST_MARK = "- "
_MAX_STRIP_ITEMS = 4
_MAX_STRIP_ITEM_WORDS = 6
_MIN_PROSE_WORDS = 8
_MIN_PROSE_CHARS = 80  # a line of a script written without spaces

# A picture's credit ("Foto: Agencije", "Photo : Radio-Canada / Steve Bruce", "Getty Images") and the caption right
# above it: the byline vocabulary's verdict (``byline_tokens``) on a short line.
_MAX_CREDIT_CHARS = 80
_PICTURE_REASONS = frozenset({"picture credit label", "picture copyright", "picture agency"})
_MAX_CAPTION_WORDS = 20

# A signed byline line: the sign word, then one to four capitalised names ("By Cristina Alonso", "Von Jennifer
# Patt", "Por FIDEL RENDÓN MATIENZO", "By Jane Doe and John Smith"); "By the numbers", "By 2030, …" are not.
_NAME = r"(?-i:[^\W\d_a-z])[\w.'’-]*"
# The sign word alone ("by", "By:") is what is left of a byline whose name the extractor put elsewhere.
_SIGNED_BYLINE = re.compile(
    rf"(?:{SIGN_WORD_PATTERN})(?:\s*:|\s+{_NAME}(?:\s+{_NAME}){{0,3}}"
    rf"(?:\s*(?:,|&|\band\b|\bund\b|\bet\b|\by\b)\s*{_NAME}(?:\s+{_NAME}){{0,3}})?)?",
    re.I,
)
_MAX_BYLINE_CHARS = 60

# A header line of parts joined by bars or dots, one of them a date ("Patricio Candia | Palma de Mallorca |
# 08/01/2014", "Fahad Shabbir … Wed 29th April 2020 | 03:32 PM"): the byline, the place, the date, the clock.
_PART_SEPARATOR = re.compile(r"\s+[|·•]\s+")
_NUMERIC_DATE = re.compile(r"\b\d{1,4}[./-]\d{1,2}[./-]\d{2,4}\b")
_MAX_HEADER_PARTS = 5
_MAX_HEADER_LINE_CHARS = 120
_MAX_HEADER_PART_WORDS = 10

# A lead opening with a newswire dateline (a place in capitals, perhaps a date and the agency, then a colon or a
# dash: "WASHINGTON (CNN) —", "NEW DELHI:", "SEOUL, Aug. 20 (Yonhap) --") starts the article's text: the short lines
# above it are header (a credit "CNN", "BCCL", a byline "F.P. Report", a kicker).
_DATELINE_LEAD = re.compile(
    r"(?-i:[A-Z][A-Z.'’-]+(?:[ /,-]+[A-Z][A-Za-z.'’-]*){0,4})(?:,? (?-i:[A-Z])[a-z]{2,8}\.? \d{1,2})?"
    r"(?:\s*\([^)]{1,40}\))?\s*(?::|—|–|-{1,2})\s"
)
_MAX_LINES_ABOVE_DATELINE = 3
_MAX_WORDS_ABOVE_DATELINE = 3

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
    """``lines`` without the furniture above the first line of prose: a header strip written as a short list
    ("- Published", "- 24 July 2015 / - From the section US & Canada"), breadcrumb trails ("HOME ＞ Events ＞
    Forum ＞ NSF 2019", "トップ > ニュースリリース > 薄型キーボード"), lines with no letter or figure ("-", "| | |":
    an empty list item, a table's empty cells), a picture credit with the caption above it ("Foto: Agencije"),
    a signed byline line ("By Cristina Alonso") and a header line of parts with a date ("Patricio Candia |
    Palma de Mallorca | 08/01/2014"), and short lines above a lead opening with a dateline ("CNN" above "WASHINGTON
    (CNN) — …"): none can be where the reader's text starts."""
    lines = _above_datelined_lead(_without_header_strip(lines))
    for index, line in enumerate(lines[:_MAX_LEADING_LINES]):
        if not (_is_crumb_trail(line) or _WORD.search(line) is None or _is_leading_header(lines, index)):
            return lines[index:]
    return lines[_MAX_LEADING_LINES:] if len(lines) > _MAX_LEADING_LINES else lines


def _without_header_strip(lines: list[str]) -> list[str]:
    """``lines`` without the leading run of at most four short list items, when a line of prose (not an item)
    follows it: the page header's metadata list, not a list of the text (key points are sentences, a list that
    is the text has no lead right after it)."""
    count = 0
    for line in lines[: _MAX_STRIP_ITEMS + 1]:
        if not (line.startswith(_LIST_MARK) and len(line.split()) - 1 <= _MAX_STRIP_ITEM_WORDS):
            break
        count += 1
    if not 0 < count <= _MAX_STRIP_ITEMS or count >= len(lines):
        return lines
    following = lines[count]
    return lines[count:] if not following.startswith(_LIST_MARK) and _is_prose(following) else lines


def _above_datelined_lead(lines: list[str]) -> list[str]:
    """``lines`` from the first line of prose when it opens with a dateline and the (at most three) lines above it
    are of at most three words and end no sentence; otherwise ``lines``."""
    for index, line in enumerate(lines[: _MAX_LINES_ABOVE_DATELINE + 1]):
        if _is_prose(line):
            return lines[index:] if index and _DATELINE_LEAD.match(line) else lines
        if len(line.split()) > _MAX_WORDS_ABOVE_DATELINE or line.endswith((".", "!", "?")):
            return lines
    return lines


def _is_prose(line: str) -> bool:
    return len(line.split()) >= _MIN_PROSE_WORDS or len(line) >= _MIN_PROSE_CHARS


def _is_leading_header(lines: list[str], index: int) -> bool:
    """A picture credit, the caption right above one, a signed byline line or a header line of parts with a
    date, at ``index`` of ``lines``."""
    line = lines[index]
    if _is_picture_credit(line) or _is_signed_byline(line) or _is_dated_header(line):
        return True
    following = lines[index + 1] if index + 1 < len(lines) else ""
    return len(line.split()) <= _MAX_CAPTION_WORDS and _is_picture_credit(following)


def _is_picture_credit(line: str) -> bool:
    if not line or len(line) > _MAX_CREDIT_CHARS:
        return False
    if PICTURE_CREDIT.match(line):  # "Фото: …", "צילום: …", "사진=…": the labels of the other news languages
        return True
    verdict = pre_classify(line)
    return verdict is not None and verdict.kind == "dropped" and verdict.reason in _PICTURE_REASONS


def _is_dated_header(line: str) -> bool:
    """Two to five short parts joined by bars or dots, one holding a date; not a table row ("| a | b |"), not a
    sentence (no sentence end)."""
    if len(line) > _MAX_HEADER_LINE_CHARS or line.startswith("|") or line.endswith((".", "!", "?")):
        return False
    parts = _PART_SEPARATOR.split(line)
    if not 2 <= len(parts) <= _MAX_HEADER_PARTS:
        return False
    if any(len(part.split()) > _MAX_HEADER_PART_WORDS for part in parts):
        return False
    return any(_NUMERIC_DATE.search(part) or written_date_spans(part) for part in parts)


def _is_signed_byline(line: str) -> bool:
    return len(line) <= _MAX_BYLINE_CHARS and _SIGNED_BYLINE.fullmatch(line.strip(" ,")) is not None


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
