"""The dates a page shows its readers beside the headline: the byline line under it ("Chris Davies - Nov 19,
2019, 10:31 pm CST", "Updated 10:01 pm PST, Tuesday, November 19, 2019") or a kicker line above it
("publiziert am 25. September 2018").

The headline is the element that displays the extracted title: normally the first ``<h1>``, but when that is a
site logo the element whose own text is the title (a ``<dt>``, a ``<p class="titulo">``). The text is read in
document order from there, a few hundred characters after it (then, only when no date is there, before it),
so a byline date in the next block is found even when the headline's own block holds the whole article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from lxml import etree

from newsflow_ingest.extraction.dates import labelled_dates
from newsflow_ingest.extraction.document import class_and_id, element_text, names_comment_thread

# Enough for a caption, a byline and a date line; short enough to stay out of the article's text.
_AFTER_CHARS = 700
_BEFORE_CHARS = 300
_MAX_DATES = 3
_SKIPPED = frozenset({"script", "style", "noscript", "template", "title", "head"})
# Media and their captions: a date there is the picture's or the recording's, not the article's.
_MEDIA_TAGS = frozenset({"figure", "figcaption", "audio", "video", "picture"})
_HEADLINE_TAGS = frozenset({"h1", "h2", "h3", "h4", "dt", "p", "div", "span", "strong", "b", "td", "header"})
_KEY = re.compile(r"\W+")
# The nearest non-blank text nodes before the headline (libxml2 stops at the position limit).
_PRECEDING_TEXT = etree.XPath(
    "preceding::text()[normalize-space()][not(parent::script or parent::style or parent::title"
    " or parent::noscript)][not(ancestor::figure or ancestor::figcaption or ancestor::audio or ancestor::video)]"
    "[position() <= 30]"
)


@dataclass(frozen=True)
class ShownDate:
    """A date as the page writes it; ``updated`` when an update word introduces it ("Updated …")."""

    text: str
    updated: bool


def headline_element(root: Any, title: str | None) -> Any | None:
    """The element showing the headline: the first non-empty ``<h1>`` when it shows ``title`` (or when the
    title is unknown or found nowhere else), else the first element whose own text is the title."""
    first_h1 = next((h for h in root.iter("h1") if element_text(h, limit=400)), None)
    if not title:
        return first_h1
    key = _key(title)
    if first_h1 is not None and _shows(_key(element_text(first_h1, limit=400)), key):
        return first_h1
    shown = " ".join(title.split())
    for element in root.xpath("//body//*[normalize-space(text())=$title]", title=shown):
        if element.tag in _HEADLINE_TAGS:
            return element
    return first_h1


def displays_title(headline: Any | None, title: str | None) -> bool:
    """Whether ``headline`` (``headline_element``'s answer) displays ``title``; not when it is only the first
    ``<h1>`` taken for want of one that does (a section name such as "Fútbol" above a list of other stories).
    True when the title is unknown: there is nothing to tell them apart by."""
    if headline is None or not title:
        return headline is not None
    return _shows(_key(element_text(headline, limit=400)), _key(title))


def dates_near_headline(headline: Any | None) -> list[ShownDate]:
    """Up to three dates written just after the headline, else just before it, in reading order."""
    if headline is None:
        return []
    after = _dates_in(" ".join(_text_after(headline)))
    return after or _dates_in(" ".join(_text_before(headline)))


def texts_near_headline(headline: Any | None) -> list[str]:
    """The text nodes just after the headline, then those just before it (the windows dates are read from)."""
    if headline is None:
        return []
    return [*_text_after(headline), *_text_before(headline)]


def texts_around_headline(headline: Any | None) -> tuple[list[str], list[str]]:
    """The text nodes just after the headline and those just before it, apart (``texts_near_headline``)."""
    if headline is None:
        return [], []
    return _text_after(headline), _text_before(headline)


def _dates_in(text: str) -> list[ShownDate]:
    """The dates in ``text`` in reading order, but the first one a publication label introduces ("Published:",
    "Diterbitkan:", "פורסם:") first: the value a reader trusts, before a date printed without a label (a
    modification shown bare, an event's day)."""
    found = labelled_dates(text, limit=_MAX_DATES)
    dates = [ShownDate(written, updated) for written, updated, _ in found]
    labelled = next((index for index, (_, _, published) in enumerate(found) if published), 0)
    return [dates[labelled], *dates[:labelled], *dates[labelled + 1 :]] if dates else dates


def _text_after(headline: Any) -> list[str]:
    """Text nodes following the headline in document order, up to about ``_AFTER_CHARS`` characters; readers'
    comment threads are skipped (their dates are the comments')."""
    parts: list[str] = []
    size = 0
    node = headline
    while node is not None and node.tag != "body" and size < _AFTER_CHARS:
        size += _add(parts, node.tail)
        for sibling in node.itersiblings():
            size += _subtree_text(sibling, parts, _AFTER_CHARS - size)
            if size >= _AFTER_CHARS:
                return parts
            size += _add(parts, sibling.tail)
        node = node.getparent()
    return parts


def _subtree_text(element: Any, parts: list[str], budget: int) -> int:
    """Append the text of ``element``'s subtree in reading order (tails after children) until ``budget``
    characters; return how many were added."""
    size = 0
    walker = etree.iterwalk(element, events=("start", "end"))
    for event, sub in walker:
        if event == "start":
            if sub.tag in _SKIPPED or sub.tag in _MEDIA_TAGS or _not_article_text(class_and_id(sub)):
                walker.skip_subtree()
                continue
            size += _add(parts, sub.text)
        elif sub is not element:
            size += _add(parts, sub.tail)
        if size >= budget:
            break
    return size


def _not_article_text(names: str) -> bool:
    """Class/id names of readers' comments and of captions and credits, whose dates are not the article's."""
    return names_comment_thread(names) or "caption" in names or "credit" in names


def _text_before(headline: Any) -> list[str]:
    """Text nodes preceding the headline (in reading order), up to about ``_BEFORE_CHARS`` characters."""
    parts: list[str] = []
    size = 0
    for text in reversed(_PRECEDING_TEXT(headline)):  # the XPath gives document order; nearest first here
        size += _add(parts, text)
        if size >= _BEFORE_CHARS:
            break
    return parts[::-1]


def _add(parts: list[str], text: str | None) -> int:
    """Append a text node that has more than whitespace; its stripped length (indentation is not text)."""
    stripped = text.strip() if text else ""
    if stripped:
        parts.append(stripped)
    return len(stripped)


def _key(text: str) -> str:
    return _KEY.sub("", text.casefold())


def _shows(h1_key: str, title_key: str) -> bool:
    """Whether the h1 displays the title: the same words, or one contains the other (a kicker, a suffix)."""
    if not h1_key or not title_key:
        return False
    return h1_key == title_key or (
        min(len(h1_key), len(title_key)) >= 10 and (title_key in h1_key or h1_key in title_key)
    )
