"""Loading an HTML string into one lxml tree, whatever the input looks like, and small text helpers."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import lxml.html
from lxml import etree

# Control characters are not allowed in XML/HTML text and make lxml reject or truncate the input (NUL ends a
# C string inside libxml2); tab, LF and CR are kept.
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
# The text is already decoded; a leftover XML declaration would make libxml2 re-decode the UTF-8 bytes with
# the charset it names.
_CONTROL_BYTES = bytes(c for c in range(32) if c not in (9, 10, 13)) + b"\x7f"
_XML_DECLARATION_BYTES = re.compile(rb"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_PARSER = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, collect_ids=False, encoding="utf-8")
# Every element becomes an HtmlElement without asking Python: lxml.html's own lookup calls a Python method for
# each element object created (half the cost of walking a tree, in newsflow's code and in trafilatura's, which
# reads the same tree and its copies). What it adds, form-control classes (<form>, <input>...), is not used.
_PARSER.set_element_class_lookup(
    etree.ElementDefaultClassLookup(
        element=lxml.html.HtmlElement,
        comment=lxml.html.HtmlComment,
        pi=lxml.html.HtmlProcessingInstruction,
        entity=lxml.html.HtmlEntity,
    )
)


def load_document(html: str) -> Any | None:
    """Parse ``html`` into an ``lxml.html.HtmlElement`` root, or ``None`` when nothing usable is in it.

    Never raises: binary garbage, empty strings and malformed markup give ``None`` or a partial tree (libxml2
    recovers from unclosed tags and stops descending at its nesting limit instead of failing).
    """
    if not html or not html.strip() or "<" not in html:
        return None
    # Parsed as UTF-8 bytes: lxml converts a str to UTF-8 anyway, and bytes.translate drops the control
    # characters far faster than a regex over the text (measured: 0.4 ms of 1.6 ms per benchmark page).
    data = html.encode("utf-8", errors="replace").translate(None, _CONTROL_BYTES)
    data = _XML_DECLARATION_BYTES.sub(b"", data, count=1)
    try:
        root = lxml.html.document_fromstring(data, parser=_PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None
    if root is None or not isinstance(root, lxml.html.HtmlElement):
        return None
    return root


def text_of(element: Any) -> str:
    """``element.text_content()``, the same libxml2 routine reached by serialising instead of through an XPath
    evaluation: five times faster on a paragraph (text_content() runs the XPath ``string()`` on every call)."""
    text: str = etree.tostring(element, method="text", encoding=str, with_tail=False)
    return text


# Characters a reader never sees: soft hyphens (hyphenation hints that split a word for tokenisers and string
# comparison), zero-width spaces, word joiners, byte-order marks; and the zero-width joiner and non-joiner where
# they are stray (see ``_keep_spelling_joiners``).
_INVISIBLE_CHARS = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_ALWAYS_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u2060\ufeff"))
_JOINERS = re.compile("[\u200c\u200d]+")


def normalize_space(text: str | None) -> str:
    """Collapse runs of whitespace (including no-break spaces) into one space, drop invisible characters, trim."""
    if not text:
        return ""
    # str.translate with a dict looks every character up (a millisecond per benchmark page, the most of any
    # builtin); an ASCII text (isascii() reads a flag) or one without those characters gives the same result
    # untranslated, and a substring test per character is a fast scan.
    if not text.isascii() and _holds_invisible(text):
        text = text.translate(_ALWAYS_INVISIBLE)
        if "\u200c" in text or "\u200d" in text:
            text = clean_joiners(text)
    return " ".join(text.split())


def clean_joiners(text: str) -> str:
    """``text`` without the zero-width (non-)joiners that are not spelling (``_keep_spelling_joiners``)."""
    return _JOINERS.sub(_keep_spelling_joiners, text)


# Arabic script (Arabic with its supplements and presentation forms, Syriac, Thaana): the zero-width non-joiner
# is spelling there, a word's parts written apart ("دانش‌آموزان", "می‌خواهند").
_ARABIC_SCRIPT = re.compile("[\u0600-\u07bf\u0860-\u08ff\ufb50-\ufdff\ufe70-\ufefc]")


def _keep_spelling_joiners(match: re.Match[str]) -> str:
    """A run of zero-width (non-)joiners, kept where it is spelling: between two letters of the Arabic script
    (Persian, Urdu, Kurdish, Pashto write the non-joiner inside words) and inside an emoji sequence (a family, a
    profession: one picture, not several). Elsewhere it goes: next to Latin letters, a space or an edge it is a
    stray mark, and in the Indic scripts it only asks a font for a half form ("सामान्‍य"), which dictionaries,
    search engines and the entity reader know without it."""
    text, start, end = match.string, match.start(), match.end()
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if not before or not after:
        return ""
    if _ARABIC_SCRIPT.match(before) and _ARABIC_SCRIPT.match(after):
        return match.group()
    emoji_before = unicodedata.category(before) in ("So", "Sk") or before == "\ufe0f"
    return match.group() if emoji_before and unicodedata.category(after) == "So" else ""


def _holds_invisible(text: str) -> bool:
    """Whether ``text`` holds one of ``_INVISIBLE_CHARS``: the six substring tests written out, a third of the
    time of a generator over them on a short text (eleventh pass, speed; a test checks the list is the same)."""
    return (
        "\u00ad" in text
        or "\u200b" in text
        or "\u200c" in text
        or "\u200d" in text
        or "\u2060" in text
        or "\ufeff" in text
    )


def element_text(element: Any, *, limit: int = 2000) -> str:
    """The normalised visible text of ``element`` (scripts and styles left out), or ``""`` if longer than
    ``limit`` characters, which keeps metadata readers from walking whole page sections. Text is read in
    document order: an element's tail after its children's text ("By <span><a>A</a>, </span><a>B</a>" is
    "By A, B", not "By , A B"). The limit counts whitespace too: counting it as text is what keeps long
    author boxes out of bylines (tenth pass: not counting it cost six ``dev`` pages)."""
    parts: list[str] = []
    size = 0
    for event, node in etree.iterwalk(element, events=("start", "end", "comment", "pi")):
        if event == "start":
            if node is not element and node.tag in _BLOCK_TAGS:
                parts.append(" ")
            text = node.text if node.tag not in _SKIPPED_TAGS else None
        else:  # an element's end, or a comment or processing instruction (no children: its tail follows)
            text = node.tail if node is not element else None
        if text:
            parts.append(text)
            size += len(text)
            if size > limit:
                return ""
    return normalize_space("".join(parts))


# Class/id words of readers' comment threads ("comments", "comment-list", "commentaires"); "commentary" is an
# opinion column, the article itself (heritage.org's "node commentary").
_COMMENT_THREAD = re.compile(r"comment(?!ary)")


def names_comment_thread(names: str) -> bool:
    """Whether lower-cased class/id ``names`` (``class_and_id``) mark a readers' comment thread."""
    return "comment" in names and _COMMENT_THREAD.search(names) is not None


def class_and_id(element: Any) -> str:
    """The lower-cased ``class`` and ``id`` attributes of ``element``, for class-name heuristics."""
    return f"{element.get('class') or ''} {element.get('id') or ''}".lower()
