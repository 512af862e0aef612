"""The top of an extracted body: the headline and the standfirst (dek) are page header, not article text.

Extractors keep the ``<h1>`` when it sits inside ``<article>``, and the standfirst under it. The headline is
recognised by its words (equal to, or a long prefix of, the ``<h1>``/``og:title``/``<title>``); the standfirst by
equalling the page's description, not being a paragraph beside the next one *and* sitting in the headline's block:
many sites reuse their first body paragraph as the description, and that paragraph is article text (measured on
benchmarks/extraction/ and on metadata-dev's article-extraction-dataset pages).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from lxml import etree

from newsflow_ingest.extraction.document import normalize_space, text_of

_WORD = re.compile(r"\w+")
_MIN_PREFIX_CHARS = 30
# Text nodes that start a line: libxml2 scans the text, Python sees the few matches only. Written out, the
# same node-set as ``//body//text()[starts-with(normalize-space(.), $probe)]`` (``//body`` is
# ``/descendant-or-self::node()/child::body``), and a tenth faster on the benchmark pages: the explicit steps
# skip the descendant-or-self node-sets, and ``contains`` (no copy) rules out most text nodes before
# ``normalize-space`` copies them. It rules out no match: ``$head``, the probe up to its first space, holds no
# XML whitespace where a text node's normalised text starts with the probe, so it is a run of that text node's
# characters (twelfth pass, speed; test_fast_paths compares the two XPaths).
_TEXT_STARTING = etree.XPath(
    "/descendant::body/descendant::text()[contains(., $head)][starts-with(normalize-space(.), $probe)]"
)
_PROBE_CHARS = 24
_MAX_PROBES = 5
_MAX_LEVELS = 4
_STANDFIRST_TAGS = ("p", "h2", "h3", "div", "span", "header", "section")


def word_key(text: str | None) -> str:
    """Case-folded words of ``text`` joined by one space: punctuation and spacing do not matter."""
    return " ".join(_WORD.findall(text or "")).casefold()


_MAX_LINES_ABOVE = 4
_SHORT_LINE_WORDS = 8


def strip_headlines(lines: list[str], headlines: Iterable[str | None]) -> list[str]:
    """Remove leading lines that repeat the headline (or a long prefix of it, or it plus a site suffix), and the
    few short lines above such a line ("Supported by", "Guest Essay", a section, a breadcrumb, a date): what sits
    above the headline is page header, not article text."""
    keys = {key for key in (word_key(h) for h in headlines) if key}
    start = _below_header_lines(lines, keys)
    while start < len(lines):
        line = word_key(lines[start])
        if not line or not any(_same_headline(line, key) for key in keys):
            break
        start += 1
    return lines[start:]


def _below_header_lines(lines: list[str], keys: set[str]) -> int:
    """The index of the headline line when only a few short lines come before it, else 0."""
    for index, line in enumerate(lines[: _MAX_LINES_ABOVE + 1]):
        key = word_key(line)
        if index and key and any(_same_headline(key, headline) for headline in keys):
            return index
        if len(line.split()) >= _SHORT_LINE_WORDS:
            return 0
    return 0


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
    first_element = _element_with_text(root, lines[0])
    if first_element is None:
        return lines  # not found as one element: be conservative, keep it
    second_element = _element_with_text(root, lines[1])
    if second_element is not None and first_element.getparent() is second_element.getparent():
        return lines  # a paragraph among the body's paragraphs
    if not _in_headline_block(root, first_element, lines[1]):
        return lines  # the body's first paragraph, in the body's container, far from the headline
    return lines[1:]


def _in_headline_block(root: Any, element: Any, next_line: str) -> bool:
    """Whether ``element`` belongs with the page's headline rather than with the body: it sits inside an ``<h1>``'s
    own parent (``<header><h1/><p class=dek/></header>``), or the smallest element holding both the ``<h1>`` and
    it does not hold the next body line (a header block beside the body). A description-equal paragraph that
    shares only the article container with the headline is the body's first paragraph (hotair, mlssoccer: the
    dek a reader sees is the lead). A page without an ``<h1>`` gives no sign: the element counts as a standfirst.
    """
    headings = list(root.iter("h1"))
    if not headings:
        return True
    ancestors = list(element.iterancestors())
    probe = normalize_space(next_line)[:_PROBE_CHARS]
    for heading in headings:
        parent = heading.getparent()
        if parent is None or parent in ancestors:
            return True
        common = next((a for a in heading.iterancestors() if a in ancestors), None)
        if common is not None and probe not in normalize_space(text_of(common)):
            return True
    return False


def _same_text(line: str, description: str) -> bool:
    if line == description:
        return True
    return (len(line) > 40 and description.startswith(line)) or (
        len(description) > 40 and line.startswith(description)
    )


def _element_with_text(root: Any, line: str) -> Any | None:
    """The innermost element whose whole text is ``line``: found from the text node it starts with, else (no-break
    spaces and the like defeat XPath's normalize-space) by walking the block elements."""
    found = _probe(root, line)
    return found if found is not None else _innermost_with_text(root, line)


def _innermost_with_text(root: Any, line: str) -> Any | None:
    """The last block element (``_STANDFIRST_TAGS``) in document order whose normalised text is ``line``."""
    match = None
    walker = etree.iterwalk(root, events=("start",), tag=_STANDFIRST_TAGS)
    for _, element in walker:
        text = normalize_space(text_of(element))
        if text == line:
            match = element  # the innermost match comes last in document order
        elif line not in text:
            # an element's normalised text holds each descendant's (a run of its text, normalised alike): none
            # in here can be the line, and their texts are not serialised (eleventh pass, speed)
            walker.skip_subtree()
    return match


def _probe(root: Any, line: str) -> Any | None:
    probe = line[:_PROBE_CHARS]
    for node in _TEXT_STARTING(root, probe=probe, head=probe.split(" ", 1)[0])[:_MAX_PROBES]:
        element = node.getparent()
        if element is not None and node.is_tail:
            element = element.getparent()
        for _ in range(_MAX_LEVELS):
            if element is None:
                break
            if element.tag in _STANDFIRST_TAGS and normalize_space(text_of(element)) == line:
                return element
            element = element.getparent()
    return None
