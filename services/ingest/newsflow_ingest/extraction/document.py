"""Loading an HTML string into one lxml tree, whatever the input looks like, and small text helpers."""

from __future__ import annotations

import re
from typing import Any

import lxml.html
from lxml import etree

# Control characters are not allowed in XML/HTML text and make lxml reject or truncate the input (NUL ends a
# C string inside libxml2); tab, LF and CR are kept.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# lxml refuses a ``str`` that carries an XML encoding declaration ("Unicode strings with encoding declaration
# are not supported"); the text is already decoded, so the declaration is meaningless here.
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_SKIPPED_TAGS = frozenset({"script", "style", "noscript", "template"})
# Tags that separate words even when the markup has no whitespace around them.
_BLOCK_TAGS = frozenset(
    {
        "br",
        "p",
        "div",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "figcaption",
        "figure",
        "td",
        "th",
        "tr",
        "dt",
        "dd",
        "section",
        "article",
        "header",
        "footer",
        "blockquote",
    }
)
_PARSER = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, collect_ids=False)


def load_document(html: str) -> Any | None:
    """Parse ``html`` into an ``lxml.html.HtmlElement`` root, or ``None`` when nothing usable is in it.

    Never raises: binary garbage, empty strings and malformed markup give ``None`` or a partial tree (libxml2
    recovers from unclosed tags and stops descending at its nesting limit instead of failing).
    """
    if not html or not html.strip():
        return None
    text = _XML_DECLARATION.sub("", _CONTROL_CHARS.sub("", html), count=1)
    if "<" not in text:
        return None
    try:
        root = lxml.html.document_fromstring(text, parser=_PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None
    if root is None or not isinstance(root, lxml.html.HtmlElement):
        return None
    return root


def normalize_space(text: str | None) -> str:
    """Collapse runs of whitespace (including no-break spaces) into one space and trim."""
    if not text:
        return ""
    return " ".join(text.split())


def element_text(element: Any, *, limit: int = 2000) -> str:
    """The normalised visible text of ``element`` (scripts and styles left out), or ``""`` if longer than
    ``limit`` characters, which keeps metadata readers from walking whole page sections."""
    parts: list[str] = []
    size = 0
    for node in element.iter():
        if node is not element and node.tag in _BLOCK_TAGS:
            parts.append(" ")
        if isinstance(node.tag, str) and node.tag not in _SKIPPED_TAGS and node.text:
            parts.append(node.text)
            size += len(node.text)
        if node is not element and node.tail:
            parts.append(node.tail)
            size += len(node.tail)
        if size > limit:
            return ""
    return normalize_space("".join(parts))


def class_and_id(element: Any) -> str:
    """The lower-cased ``class`` and ``id`` attributes of ``element``, for class-name heuristics."""
    return f"{element.get('class') or ''} {element.get('id') or ''}".lower()
