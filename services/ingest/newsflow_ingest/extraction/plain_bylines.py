"""Bylines written as plain text, in no byline markup: a line under the headline that starts with the word a
language signs with ("By Jane Doe", "by MrAJCosplay, Dec 19th 2023", "Von Max Muster", "Por Ana Ruiz", "Par
Jean Dupont", "Texte : …", "بقلم …"), whatever element holds it (a bare ``<p>``, an ``<h4>`` around an unmarked
``<span>``, the text after the ``<h1>`` itself).

Read only when neither the declarations nor the byline markup name anyone (and, by ``fields``, to tell whether a
page whose tags name only the site shows a byline). The page's lines are read in document order after the
headline, as a reader meets them, until the article's prose starts (a line of 200 characters or more): a byline
sits between the headline and the first paragraph. A line is the text of one block element (inline elements join
it), so "By" and a name in the next ``<span>`` or ``<a>`` are one line. Failing such a line, the credit closing
the article ("Reporting by …", "— Jane Doe") on the short line right after a paragraph.
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

from newsflow_ingest.extraction.authors import classify_byline
from newsflow_ingest.extraction.byline_tokens import SIGN_WORD_PATTERN
from newsflow_ingest.extraction.byline_words import label_alone, plain_sign_end
from newsflow_ingest.extraction.cjk_bylines import plain_cjk_byline
from newsflow_ingest.extraction.document import class_and_id, normalize_space
from newsflow_ingest.extraction.organisations import is_organisation

# The sign a byline line starts with, then a capitalised name (or a letter of a script without case): "By Jane",
# "Story by Jane", "Photos and story by Jane", "Von Max", "Por Ana", "Par Jean", "Door Piet", "Texte : Jean",
# "Autor: Max", "بقلم …"; a publishing verb may come first ("Posted by", "Publicado por", "Publié par",
# "Geschrieben von"). Not "By the numbers" nor "by 2030": the name's first letter is tested case-sensitively.
_NAME_START = r"(?=(?-i:[^\W\d_a-z]))"
_SIGN = re.compile(
    r"^(?:(?:written|story|text|words|reporting|reported|(?:photos?|pictures|text|words) and (?:story|text|words)|"
    r"posted|published|publicado|escrito|publié|écrit|geschrieben|verfasst)"
    rf"\s+)?(?:{SIGN_WORD_PATTERN})\s*:?\s+{_NAME_START}"
    rf"|^(?:texte|text|texto|testo|autor|autorin|auteur|autore|author)\s*:\s*{_NAME_START}"
    r"|^بقلم\s*:?\s*",
    re.I,
)
# A line opening with the date, the sign after it: "Published May 12, 2023 by Jane Doe", "Publié le 12 mai 2023
# par Jean Dupont" (a publishing word, a day number or a month first; a year or a clock before the sign)
_DATED = re.compile(
    r"^(?:published|posted|updated|publié|mis à jour|veröffentlicht|aktualisiert|publicado|actualizado|"
    r"pubblicato|aggiornato|\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b)",
    re.I,
)
_YEAR_OR_CLOCK = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)|\b\d{1,2}:\d{2}\b")
_SIGN_AFTER_DATE = re.compile(rf"\b(?:{SIGN_WORD_PATTERN})\s+{_NAME_START}", re.I)
# A name of two or three capitalised words, then the date, with no sign: "Jane Doe | May 12, 2023", "Jane Doe,
# 12.05.2023" (a month's name, a day and a month's name, or a digit date)
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_NAME_THEN_DATE = re.compile(
    r"^((?-i:[A-Z][\w'’.-]+)(?:\s+(?-i:[A-Z][\w'’.-]*)){1,2})\s*(?:[|,·•–—-]\s*)?"
    rf"(?={_MONTH}\s+\d|\d{{1,2}}\.?\s+{_MONTH}|\d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}}|\d{{4}}-\d{{2}}-\d{{2}})",
    re.I,
)
_MAX_NAMED_LINE = 80
# The story's source under the headline ("Source: Institute for Basic Science", "Quelle: dpa"): an organisation
_SOURCE = re.compile(r"^(?:source|quelle|fuente|fonte)\s*:\s*(?=\w)", re.I)
# A label alone on its line, its value on the next (``<dt>Source:</dt><dd>…</dd>``, ``<dt>Author:</dt>``)
_LABEL_ALONE = re.compile(
    rf"^(?:source|quelle|fuente|fonte|author|autor|autorin|auteur|autore|{SIGN_WORD_PATTERN})\s*:$", re.I
)
# A byline line is short: a name or two, a date; longer lines are prose.
_MAX_LINE = 120
# The article's prose has started: a byline is above it.
_PROSE_LINE = 200
_MAX_LINES = 15
# The closing credit: "Reporting by …", "Written by …", "Story by …" (not "Additional reporting by", a second
# hand's), or a dash before a capitalised name alone on its line ("— Jane Doe")
_CLOSING = re.compile(
    rf"^(?:(?:reporting|reported|written|story|text|words)\s+by\s*:?\s+{_NAME_START}|[—–]\s*"
    r"(?=(?-i:[^\W\d_a-z][^\s,;:]*(?:\s+[^\W\d_][^\s,;:]*){1,3}\.?$)))",
    re.I,
)
_SENTENCE_ENDS = (".", "!", "?", '"', "”", "’", "»", "。")
# A paragraph of prose before the closing credit: a sentence or more
_PARAGRAPH = 80
# Lines read looking for the closing credit: an article's paragraphs and a little more
_MAX_CLOSING_LINES = 300
_SKIPPED = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "figure",
        "figcaption",
        "audio",
        "video",
        "picture",
        "blockquote",
    }
)
_BLOCKS = frozenset(
    {
        "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "tr", "dt", "dd", "section",
        "article", "header", "footer", "blockquote", "table", "br", "aside", "nav", "main", "address",
    }
)  # fmt: skip


def plain_byline(headline: Any | None) -> str | None:
    """What follows the sign on the first line after ``headline`` (the ``<h1>``) that reads as a byline ("Jane
    Doe, Dec 19th 2023"); ``None`` when the prose starts first or no line does. The sign goes here, since its
    words ("Photos and story by") would read as a name of their own."""
    if headline is None:
        return None
    lines = _Lines(headline, _MAX_LINES, stop_at_prose=True)
    previous = ""
    for line in lines.read():
        if _LABEL_ALONE.match(previous) or label_alone(previous):
            # a definition list's term and its value: "Source:" / "Institute …", "Yazar:" / "Ahmet Yılmaz"
            line = f"{previous} {line}"
        previous = line
        if len(line) <= _MAX_LINE and _SOURCE.match(line):
            return line  # whole: the label makes what follows an organisation (``byline_tokens``)
        sign = (_SIGN.match(line) or _dated_sign(line)) if len(line) <= _MAX_LINE else None
        if sign:
            return line[sign.end() :]
        # the other major news languages' signs and labels ("Yazan: …", "Av …", "Oleh …", "Theo …", "מאת …"):
        # several are ordinary words opening a sentence ("Theo Reuters, giá dầu …" = "according to Reuters",
        # "Av alla som …" = "of all who"), so only a line that is names after the sign counts (``plain_sign_end``)
        start = plain_sign_end(line) if len(line) <= _MAX_LINE else None
        if start is not None:
            return line[start:]
        cjk = plain_cjk_byline(line)
        if cjk:
            return cjk
        named = _NAME_THEN_DATE.match(line) if len(line) <= _MAX_NAMED_LINE else None
        if named and _a_person(named.group(1)):
            return named.group(1)
    # the Korean wire lead opens the first paragraph of prose ("[서울=뉴시스]홍길동 기자 = …")
    return plain_cjk_byline(lines.prose) if lines.prose else None


def _a_person(text: str) -> bool:
    """Whether ``text`` reads as one person's name: no organisation, place or dropped piece."""
    tokens = classify_byline(text)
    return len(tokens) == 1 and tokens[0].kind == "person" and not is_organisation(tokens[0].text)


def _dated_sign(line: str) -> re.Match[str] | None:
    """The sign after the date on a line that opens with the date (``_DATED``), else ``None``."""
    if not _DATED.match(line):
        return None
    date = _YEAR_OR_CLOCK.search(line)
    return _SIGN_AFTER_DATE.search(line, date.end()) if date else None


def closing_credit(headline: Any | None) -> str | None:
    """The credit that closes the article, on the first short line right after a paragraph of its prose:
    "Reporting by The Associated Press.", "Written by Jane Doe", or a signature "— Jane Doe"; what follows the
    sign, or ``None``. Quotations (``<blockquote>``) are skipped: "— Mark Twain" there is no signature."""
    if headline is None:
        return None
    previous = ""
    for line in _Lines(headline, _MAX_CLOSING_LINES, stop_at_prose=False).read():
        sign = _CLOSING.match(line) if len(line) <= _MAX_LINE else None
        if sign and len(previous) >= _PARAGRAPH and previous.endswith(_SENTENCE_ENDS):
            return line[sign.end() :].rstrip(" .")
        previous = line
    return None


# A clock or a year on a line ("10:07 AM", "November 19, 2019", "2019-11-19"), and the parts a time line's
# credit is set off by ("November 19, 2019 / 10:07 AM / CBS News")
_CLOCK_OR_YEAR = re.compile(r"\b\d{1,2}:\d{2}\b|(?<!\d)(?:19|20)\d{2}(?!\d)")
_LINE_PARTS = re.compile(r"\s+[/|·•—–-]\s+")


def credited_after_time(headline: Any | None, name: str) -> bool:
    """Whether a line under ``headline`` (before the prose) holds the time and ends with ``name`` as its last
    part: "Updated on: November 19, 2019 / 10:07 AM / CBS News" credits the story to CBS News, as a byline
    would. The site's name elsewhere (a breadcrumb, a "watch live" link) is no credit."""
    if headline is None:
        return False
    key = name.casefold()
    for line in _Lines(headline, _MAX_LINES, stop_at_prose=True).read():
        parts = _LINE_PARTS.split(line) if len(line) <= _MAX_LINE else []
        credited = len(parts) >= 2 and parts[-1].strip(" .").casefold() == key
        if credited and _CLOCK_OR_YEAR.search(" ".join(parts[:-1])):
            return True
    return False


class _Lines:
    """Non-blank lines after the headline in reading order, a line being the text between two block
    boundaries; captions, media, quotations and comment threads skipped. Stops after ``max_lines`` lines (so that
    a page's length does not matter) or, with ``stop_at_prose``, at the first line of prose (not returned)."""

    def __init__(self, headline: Any, max_lines: int, *, stop_at_prose: bool) -> None:
        self.headline = headline
        self.max_lines = max_lines
        self.stop_at_prose = stop_at_prose
        self.lines: list[str] = []
        self.current: list[str] = []
        self.done = False
        self.prose = ""  # the line of prose the walk stopped at

    def read(self) -> list[str]:
        node = self.headline
        self.current.append(node.tail or "")
        while node is not None and node.tag != "body" and not self.done:
            for sibling in node.itersiblings():
                self._walk(sibling)
                self.current.append(sibling.tail or "")
                if self.done:
                    break
            node = node.getparent()
            if node is not None and node.tag in _BLOCKS:
                self._flush()
        self._flush()
        return self.lines

    def _flush(self) -> None:
        joined = " ".join(self.current)
        # most flushes hold only the whitespace between blocks, which normalises to nothing (15,000 flushes on the
        # AEB pages: speed, second round)
        text = "" if joined.isspace() else normalize_space(joined)
        self.current.clear()
        if not text or self.done:
            return
        if self.stop_at_prose and len(text) >= _PROSE_LINE:
            self.done = True
            self.prose = text
            return
        self.lines.append(text)
        self.done = len(self.lines) >= self.max_lines

    def _walk(self, element: Any) -> None:
        walker = etree.iterwalk(element, events=("start", "end"))
        for event, sub in walker:
            if self.done:
                return
            if not isinstance(sub.tag, str):
                continue
            if event == "start":
                if sub.tag in _SKIPPED or _not_article_text(class_and_id(sub)):
                    walker.skip_subtree()
                    continue
                if sub.tag in _BLOCKS:
                    self._flush()
                self.current.append(sub.text or "")
            else:
                if sub.tag in _BLOCKS:
                    self._flush()
                if sub is not element:
                    self.current.append(sub.tail or "")


def _not_article_text(names: str) -> bool:
    """Captions, credits and comment threads: a "By" there credits a picture or a reader."""
    return "caption" in names or "credit" in names or "comment" in names
