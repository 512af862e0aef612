"""Page furniture at the edges of an extracted body, written as plain lines the markup does not mark: the date
line above the text ("December 20, 2023", "Published 18 November 2019", "Tex Hollywood - December 21, 2023"),
and the notes below it (the writer's biography, "Reporting by …", "This post originally appeared on …",
"Follow … on Instagram"). Measured on metadata-dev's ``dev`` split and AEB, whose references leave them out
(docs/extraction.md, "Tenth pass: body edges").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from newsflow_ingest.extraction.body_start import is_labelled_date_line
from newsflow_ingest.extraction.dates import without_clocks, without_written_dates
from newsflow_ingest.extraction.furniture_words import PICTURE_CREDIT

# The date line is looked for among the first lines, above the first line of prose.
_MAX_LEADING_LINES = 4
_PROSE_WORDS = 8
_MAX_DATE_LINE_CHARS = 80
# Besides the date: a label ("Published", "UPDATED:", "기사입력"), a weekday, a zone, or the byline's name.
_MAX_OTHER_WORDS = 3
_WORD = re.compile(r"\w+")
# Scripts written without spaces: each character is counted as a word, so that a section label written in them
# ("OSS×クラウド最新TOPICS 2019年3月15日") is not taken for a short label.
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")
_STAMP_LABEL = re.compile(r"(?:published|updated|posted|last updated)(?:\s*:|\s+(?:at|on)\b)", re.I)
_DATE_LABEL = re.compile(r"(?:published|updated|posted|last updated)\s*:?", re.I)
# "5 min read", "Reading time: 3 minutes", "Lesezeit: 4 Min.", "Tempo de leitura: 1 minuto", …
_READING_TIME = re.compile(
    r"(?:\d+\s*(?:min(?:ute)?s?\.?|minutos?|minuti)\s*(?:read|de lectura|de leitura|di lettura))|"
    r"(?:reading time|read time|lesezeit|temps de lecture|tiempo de lectura|tempo de leitura|tempo di lettura|"
    r"leestijd)\s*:?\s*(?:ca\.\s*)?\d+\s*[^\W\d_]*\.?",
    re.I,
)

# The notes are looked for among the last lines.
_MAX_CLOSING_LINES = 3
_MAX_NOTE_CHARS = 300
_MAX_BIOGRAPHY_CHARS = 600
# Credit and provenance notes: the agency or the reporters behind the story, where it ran first, whose pictures
# these are.
_CREDIT_NOTE = re.compile(
    r"^[(\[—–-]*\s*(?:(?:additional )?reporting by|(?:with )?(?:additional )?reporting from|"
    r"includes (?:information|reporting|material) from|editing by|writing by|"
    r"(?:this (?:piece|post|story|article|essay|column) )?(?:was |has been )?(?:originally|first) "
    r"(?:appeared|published|ran|posted)|cross-?posted from|republished from|reprinted from|source:\s|"
    # Yahoo's and AOL's syndication footer: "Read the original article on Parents."
    r"read the original article (?:on|at)\b|"
    # a picture credit: "[Image via MEGA/WENN]", "Source images by …", "Image Source: …", "Photos: …"
    r"(?:featured |source |header |lead )?(?:images?|photos?|pictures?)(?: source| credits?)?\s*"
    r"(?::|by\b|via\b|courtesy of\b))|"
    r"\bcontributed (?:reporting|to this (?:report|story|article))\b",
    re.I,
)
# How to reach the writer ("Have a tip? … may be reached at …", "Reach the reporters on Twitter at …", "Email
# Tariq Malik at …"), and the comment section's and the archive's labels ("Comments", "Post Your Comment",
# "Tell us what YOU think...", "Filed under: …", "Explore further").
_CONTACT_OR_LABEL = re.compile(
    r"\b(?:may|can) be reached (?:at|on|by)\b|^have a (?:news )?tip\b|"
    r"^(?:reach|contact|e-?mail) (?:the )?(?:reporters?|writers?|author|him|her|them|(?-i:[A-Z]\w+ [A-Z]\w+)) "
    r"(?:at|on|via)\b|"
    r"^contact (?-i:[A-Z]\w+)(?: (?-i:[A-Z]\w+))? with\b.{0,80}\bvia\b|"
    # the writer's address alone on a line: "paul.takahashi@chron.com", "twitter.com/paultakahashi", "@handle"
    r"^(?:[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?:https?://)?(?:www\.)?(?:twitter|x|instagram|facebook|linkedin|tiktok)"
    r"\.com/[\w./-]+|@\w+)$|"
    r"^(?:\d+\s+)?comments?$|^(?:post|leave|add) (?:a|your) comment$|^tell us what you think\W*$|"
    r"^explore further$|^filed under:",
    re.I,
)
# "Follow the New York Times Opinion section on Facebook, Instagram …", "Follow Deputy Editor … on Instagram".
_FOLLOW_PROMPT = re.compile(
    r"^follow\b.{0,80}\bon (?:facebook|twitter|instagram|x|linkedin|tiktok|youtube|threads|bluesky)\b", re.I
)
# What a biography line says of its subject right after the name.
_BIOGRAPHY_VERB = r"(?:is|was|has|writes|covers|reports|edits|lives|joined|serves)\b"


def drop_leading_date_lines(lines: list[str], names: Iterable[str] = ()) -> list[str]:
    """Remove lines above the first line of prose that hold a written date or the byline's ``names`` and at most
    a label, a weekday or a zone ("Sunday 17 December 2023 17:23, UK", "기사입력 :[ 2018-08-25 15:24 ]", "By
    Gregory Day"), lone date labels ("Published") and reading times ("5 min read"): the page header's date and
    byline, which extractors keep when they sit in the article."""
    names = [name for name in names if name]
    kept: list[str] = []
    for index, line in enumerate(lines):
        if index >= _MAX_LEADING_LINES:
            return kept + lines[index:]
        if _is_header_line(line, names):
            continue  # checked first: "22 de janeiro de 2018 às 0:13" is eight words
        if len(line.split()) >= _PROSE_WORDS:
            return kept + lines[index:]
        kept.append(line)
    return kept


def _is_header_line(line: str, names: list[str]) -> bool:
    """A date label, a reading time, or a line holding a written date or the byline's names and at most three
    other words ("By Gregory Day", "by MrAJCosplay,", "Staff Reports"); a list item's marker ("- Published":
    BBC News) is not counted."""
    line = line.removeprefix("- ")
    if _DATE_LABEL.fullmatch(line) or _READING_TIME.fullmatch(line) or is_labelled_date_line(line):
        return True
    if len(line) > _MAX_DATE_LINE_CHARS:
        return False
    # a clock is header too ("5:45 AM PST 11/19/2019 by Patrick Shanley")
    rest = without_clocks(without_written_dates(line))
    for name in names:
        rest = rest.replace(name, " ")
    if rest == line:
        return False  # neither a date nor a name: a heading, a label
    return len(_WORD.findall(rest)) + len(_UNSPACED.findall(rest)) <= _MAX_OTHER_WORDS


def is_follow_prompt(line: str) -> bool:
    """Whether a short line asks the reader to follow someone on a social network."""
    return len(line) < _MAX_NOTE_CHARS and _FOLLOW_PROMPT.match(line) is not None


def drop_closing_notes(lines: list[str], names: Iterable[str] = ()) -> list[str]:
    """Remove, among the last lines, credit and provenance notes ("Reporting by The Associated Press.",
    "Cross-posted from the Boston Globe.", "… contributed to this report."), ways to reach the writer, the
    comment section's label, and a biography of one of the byline's ``names`` ("Caroline Delbert
    is a writer …", "Mr. Healy is …", "Rose is a Senior Editor …")."""
    biography = _biography_pattern(names)
    start = max(0, len(lines) - _MAX_CLOSING_LINES)
    kept = lines[:start] + [line for line in lines[start:] if not _is_closing_note(line, biography)]
    return kept or lines  # a body of notes only stays as it is


def _is_closing_note(line: str, biography: re.Pattern[str] | None) -> bool:
    line = line.removeprefix("- ")  # a list item's marker
    if len(line) < _MAX_NOTE_CHARS and (
        _CREDIT_NOTE.search(line) or _CONTACT_OR_LABEL.search(line) or PICTURE_CREDIT.match(line)
    ):
        return True  # PICTURE_CREDIT: "Foto: …", "Фото: …", "צילום: …" in the other major news languages
    # an update stamp below the text: "Updated at 1:23 p.m." (The Hill, AEB); "Updated figures show …" is prose
    if _STAMP_LABEL.match(line) and is_labelled_date_line(line):
        return True
    return biography is not None and len(line) < _MAX_BIOGRAPHY_CHARS and biography.match(line) is not None


def _biography_pattern(names: Iterable[str]) -> re.Pattern[str] | None:
    """The start of a biography of a byline's person: the full name, the first name or an honorific and the
    surname, then a verb that describes them. Single-word names (an organisation, a pen name) are left out."""
    forms: list[str] = []
    for name in names:
        parts = name.split()
        if len(parts) < 2:
            continue
        forms += [re.escape(name), re.escape(parts[0]), rf"(?:Mr|Ms|Mrs|Dr)\.? {re.escape(parts[-1])}"]
    if not forms:
        return None
    return re.compile(rf"^(?:{'|'.join(forms)})\s+{_BIOGRAPHY_VERB}")
