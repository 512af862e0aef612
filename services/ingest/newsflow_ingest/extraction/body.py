"""The article body as typed blocks and plain text: trafilatura on the already parsed tree, then the removal of
what it lets through on news pages (captions, publisher fields, share prompts, "Related Articles" tails, the
headline and standfirst) and the recovery of article chunks it skips."""

from __future__ import annotations

import copy
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import trafilatura
from lxml import etree
from newsflow_shared.messages import BlockKind
from trafilatura.settings import Extractor

from newsflow_ingest.extraction.body_start import (
    attach_datelines,
    cut_run_in_header,
    drop_leading_crumbs,
)
from newsflow_ingest.extraction.boilerplate import (
    drop_closing_statements,
    drop_link_lines,
    drop_promotion_lists,
    drop_trailing_links,
    is_click_prompt,
    is_coverage_pointer,
    is_hidden_box,
    is_social_call,
    is_subscription_pitch,
    is_teaser,
    remove_hidden_boxes,
    remove_teaser_boxes,
    without_tweet_button,
)
from newsflow_ingest.extraction.continuation import add_skipped_chunks
from newsflow_ingest.extraction.document import normalize_space, text_of
from newsflow_ingest.extraction.edge_lines import (
    drop_closing_notes,
    drop_leading_date_lines,
    is_follow_prompt,
)
from newsflow_ingest.extraction.furniture_words import (
    NEWSLETTER_CALL,
    NEWSLETTER_NOUNS,
    NEWSLETTER_NOUNS_ASCII,
)
from newsflow_ingest.extraction.lead import strip_headlines, strip_standfirst
from newsflow_ingest.extraction.loose_text import wrap_loose_text

LOGGER = logging.getLogger(__name__)

# Captions are image metadata (see images.py); trafilatura keeps figcaption text in the body.
_MAX_CAPTION_CHARS = 1500
# Lines that are page furniture whatever the site: menus, share bars, cookie and newsletter prompts (the whole
# line), and any line asking to accept cookies or to enable JavaScript.
_BOILERPLATE_LINE = re.compile(
    r"(?:select page|menu|skip to (?:main )?content|share(?: (?:this|on \w+|via \w+)(?: \w+)?)?|tweet|"
    r"email this(?: story| article)?|print(?: this)?(?: article)?|advertisement|caption:?|"
    r"(?:follow|like) us on .{1,40}|sign up for .{1,80}|subscribe to .{1,80}|"
    r"(?:this (?:site|website) uses|we use) cookies.*)",
    re.I,
)
_BOILERPLATE_PHRASE = re.compile(
    r"\baccept (?:all )?cookies\b|\b(?:enable|turn on|activate) javascript\b", re.I
)
# A newsletter pitch: a line about a newsletter or an inbox that asks the reader to sign up or subscribe, or that
# confirms a sign-up; measured on metadata-dev's dev pages and AEB, where such lines are extra text the references
# leave out (one AEB gold and one dev reference keep one).
_NEWSLETTER_PITCH = re.compile(
    r"\b(?:sign(?:ing)? up|subscrib\w*|delivered)\b.*\b(?:newsletters?|inbox)\b|"
    r"\b(?:newsletters?|inbox)\b.*\b(?:sign(?:ing)? up|subscrib\w*|delivered)\b|"
    r"^thanks? (?:you )?for signing up\W*$|^your subscription (?:has been|is) confirmed\b",
    re.I,
)
_MAX_PITCH_CHARS = 250
# A heading that starts a block of links to other stories; what follows it is dropped when it is all short.
_TAIL_HEADING = re.compile(
    r"^(?:most read|most popular|related(?: articles| posts| stories| news| coverage)?|read more|read also|"
    r"more (?:from|on|in) .{1,40}|you (?:may|might) also like|recommended(?: for you)?|trending(?: now)?)$",
    re.I,
)
_SHORT_LINE = 120
# Below this share of prose the fast extraction found page furniture: the full cascade runs (measured: menus).
_MIN_PROSE_SHARE = 0.5
_PROSE_LINE_WORDS = 8
# Short lines above the first prose line that make a site menu, not an article's header (twelfth pass).
_MENU_LINES = 20
_TRAFILATURA_KINDS: dict[str, BlockKind] = {"head": "heading", "item": "list_item", "quote": "quote"}
# trafilatura's options for each mode, built once: building them reads its configuration (0.09 ms a call); each
# call gets a copy carrying its URL. Comments left out, no metadata, no deduplication across pages.
_TRAFILATURA_OPTIONS = {
    fast: Extractor(output_format="python", fast=fast, comments=False, dedup=False, with_metadata=False)
    for fast in (True, False)
}


@dataclass(frozen=True)
class Furniture:
    """Elements of the body that are not article text, in document order: ``captions`` (figures, figcaptions,
    elements whose class names a caption or a credit), ``teasers`` (teaser rails, promos, sign-up boxes) and
    ``hidden`` (elements a class hides: popovers, dialogs)."""

    captions: list[Any]
    teasers: list[Any]
    hidden: list[Any] = field(default_factory=list)


def find_furniture(root: Any) -> Furniture:
    """One walk over the body finds both kinds (a walk costs about a millisecond on a news page: the class and
    id are read once per element, the teaser pattern only runs on elements that have one). images.py picks its
    figures from the captions, so the walk serves both."""
    body = root.find("body")
    captions: list[Any] = []
    teasers: list[Any] = []
    hidden: list[Any] = []
    if body is None:
        return Furniture(captions, teasers, hidden)
    for element in body.iter(etree.Element):
        classes = element.get("class")
        if element.tag in ("figure", "figcaption") or (classes and _names_caption(classes)):
            captions.append(element)
            continue
        ident = element.get("id")
        if (classes or ident) and is_teaser(element, classes or "", ident or ""):
            teasers.append(element)
        elif classes and is_hidden_box(classes):
            hidden.append(element)
    return Furniture(captions, teasers, hidden)


def _names_caption(classes: str) -> bool:
    """Whether a class attribute names a caption or a credit, in any case ("imageCaption", "photoCredit": Daily
    Mail's picture captions were missed in lower case only). The lower-casing runs only when the letters after
    the first one are there."""
    if "aption" not in classes and "redit" not in classes:
        return False
    lowered = classes.lower()
    return "caption" in lowered or "credit" in lowered


def remove_captions(root: Any, furniture: Furniture | None = None) -> None:
    """Drop figures and caption elements, then teaser boxes and hidden boxes, from the tree (in place); run after
    images were read. ``furniture`` is what :func:`find_furniture` found on this tree, unchanged since (found now
    if not given)."""
    body = root.find("body")
    if body is None:
        return
    if furniture is None:
        furniture = find_furniture(root)
    for element in furniture.captions:
        if element.tag in ("body", "html", "article", "main") or element.getparent() is None:
            continue
        if element.tag not in ("figure", "figcaption") and len(text_of(element)) > _MAX_CAPTION_CHARS:
            continue  # a wrapper such as <div class="has-caption"> holds the article, not a caption
        element.drop_tree()
    remove_teaser_boxes(body, furniture.teasers)
    remove_hidden_boxes(furniture.hidden)


@dataclass(frozen=True)
class BodyText:
    """The article text as typed blocks; ``text`` is the plain body (blocks joined by a blank line)."""

    blocks: list[tuple[BlockKind, str]]

    @property
    def text(self) -> str:
        return "\n\n".join(text for _, text in self.blocks)


def extract_body(
    root: Any,
    url: str,
    *,
    drop: Iterable[str] = (),
    headlines: Iterable[str | None] = (),
    descriptions: Iterable[str | None] = (),
    bylines: Iterable[str] = (),
) -> BodyText:
    """The main text of the page; ``root`` already went through ``strip_code`` and ``remove_captions`` (which
    prunes teaser boxes too).

    trafilatura's main extractor (without its readability/jusText comparison, which doubles the time) reads the
    tree (a paragraph written as bare text after a box first gets a ``<p>`` of its own: ``loose_text.py``); when
    what it finds is mostly short lines (a menu, a link list), its full cascade runs instead. Then: boilerplate
    lines and the ``drop`` lines (captions, publisher fields) go, leading lines repeating one of ``headlines`` go,
    article chunks the extractor skipped are added, "Read more: …" link lines and labelled promotion lists
    ("Don't Miss:" and its linked items) go, a leading standfirst equal to one of ``descriptions`` goes, and the
    edges' furniture goes: a date line above the text (with the ``bylines`` names, if any), credit notes and a
    biography of one of ``bylines`` below it (``edge_lines.py``), the publisher's statement and invitations to the
    reader below it (``boilerplate.py``). Each step is measured on benchmarks/extraction/
    (docs/extraction.md).
    """
    drop, bylines = list(drop), list(bylines)
    body = root.find("body")
    if body is not None:
        wrap_loose_text(body)  # a paragraph left as a box's tail would go with the box
        attach_datelines(body)  # a dateline in its own element before the lead would be dropped
    document = _trafilatura(root, url, fast=True)
    lines = clean_lines(_text_lines(document), drop=drop)
    # Not when nothing is prose at all (a pure link list, a listing page): the cascade would find none either and
    # doubles the time of the heaviest pages (measured: 20,000 links, 0.7 s more).
    if wants_full_cascade(lines):
        fuller = _trafilatura(root, url, fast=False)
        alternative = clean_lines(_text_lines(fuller), drop=drop)
        if _prefers_cascade(alternative, lines):
            document, lines = fuller, alternative
    headlines = list(headlines)
    lines = drop_leading_crumbs(cut_run_in_header(strip_headlines(lines, headlines), headlines))
    lines, _ = add_skipped_chunks(root, lines)
    lines = drop_link_lines(lines, root)
    lines = drop_promotion_lists(lines, root)
    lines = strip_standfirst(root, lines, descriptions)
    lines = drop_closing_notes(drop_leading_date_lines(lines, bylines), bylines)
    lines = drop_trailing_links(lines, root)
    lines = drop_closing_statements(lines)
    kinds = _block_kinds(document)
    return BodyText([_typed(line, kinds) for line in lines])


def strip_code(root: Any) -> None:
    """Remove scripts (but JSON-LD, which trafilatura's rescue reads), styles and SVG drawings in place.

    trafilatura removes them too, but only after copying the whole tree, and its page-size check runs on the
    uncleaned tree; a page's scripts are often most of its bytes (measured: a third less time in trafilatura).
    """
    etree.strip_elements(root, "style", "svg", "template", etree.Comment, with_tail=False)
    for script in list(root.iter("script")):
        if "ld+json" not in (script.get("type") or "").lower():
            script.drop_tree()


def drop_head_metadata(root: Any) -> None:
    """Remove the head's ``meta``, ``link``, ``title`` and ``base`` elements (in place) once they were read.

    trafilatura copies the tree it is given three or four times and, extracting without metadata, reads none of
    them (a tenth of a news page's elements; measured: 3 % less time in trafilatura, same output on every
    benchmark page). JSON-LD scripts, which trafilatura reads, and ``noscript``, which the status rules read, stay.
    """
    head = root.find("head")
    if head is not None:
        etree.strip_elements(head, "meta", "link", "title", "base", with_tail=False)


def _trafilatura(root: Any, url: str, *, fast: bool) -> Any:
    options = copy.copy(_TRAFILATURA_OPTIONS[fast])
    options.url = options.source = url
    try:
        return trafilatura.bare_extraction(root, options=options)
    except Exception:  # trafilatura and its fallbacks raise assorted errors on hostile trees
        LOGGER.debug("trafilatura failed on %s", url, exc_info=True)
        return None


def _text_lines(document: Any) -> list[str]:
    text = getattr(document, "text", None) if document is not None else None
    return text.split("\n") if text else []


def wants_full_cascade(lines: list[str]) -> bool:
    """Whether the fast extraction's lines call for the full cascade: mostly short lines (a menu, a link list), or
    a run of 20+ short lines above the first line of prose (the site's menu: the fast extraction took the whole
    page, and the story's paragraphs kept the prose share above half). Not when no line is prose at all."""
    share = prose_share(lines)
    return share > 0 and (share < _MIN_PROSE_SHARE or _opens_with_menu(lines))


def _opens_with_menu(lines: list[str]) -> bool:
    """Whether 20+ short lines come before the first line of prose; an article's own header (kicker, headline,
    byline, date, share labels) is a few lines. Measured on metadata-dev's ``dev`` pages and AEB: three pages
    (Times of India twice, Focus Taiwan: 27 to 60 menu lines) call the cascade for it, and it finds the story on
    each."""
    if len(lines) < _MENU_LINES:
        return False
    return all(len(line.split()) < _PROSE_LINE_WORDS for line in lines[:_MENU_LINES])


def _prefers_cascade(alternative: list[str], lines: list[str]) -> bool:
    """Whether the cascade's lines replace the fast extraction's: more of them are prose."""
    return bool(alternative) and prose_share(alternative) > prose_share(lines)


def prose_share(lines: list[str]) -> float:
    """The share of characters in lines of at least 8 words: near 0 for menus and link lists."""
    total = sum(len(line) for line in lines)
    prose = sum(len(line) for line in lines if len(line.split()) >= _PROSE_LINE_WORDS)
    return prose / total if total else 0.0


def _block_kinds(document: Any) -> dict[str, BlockKind]:
    """Text of trafilatura's headings, list items and quotes, mapped to their block kind."""
    body = getattr(document, "body", None) if document is not None else None
    kinds: dict[str, BlockKind] = {}
    if body is None:
        return kinds
    for element in body.iter("head", "item", "quote"):
        kind: BlockKind = _TRAFILATURA_KINDS[element.tag]
        parts = [element, *element.iter("p")] if kind == "quote" else [element]
        for part in parts:
            text = normalize_space(" ".join(part.itertext()))
            if text:
                kinds.setdefault(f"- {text}" if kind == "list_item" else text, kind)
    return kinds


def _typed(line: str, kinds: dict[str, BlockKind]) -> tuple[BlockKind, str]:
    kind = kinds.get(line, "paragraph")
    if kind == "list_item" and line.startswith("- "):
        return kind, line[2:]
    return kind, line


def is_boilerplate_line(line: str) -> bool:
    """Whether a (space-normalised) line is page furniture: a whole-line pattern, or a cookie/JavaScript phrase
    anywhere. The phrase search only runs on lines that contain "cookies" or "javascript" (substring tests are
    three times faster than the case-insensitive search; a non-ASCII line always gets the search)."""
    if _BOILERPLATE_LINE.fullmatch(line):
        return True
    if line.isascii():
        lowered = line.lower()
        if "cookies" not in lowered and "javascript" not in lowered:
            return False
    return _BOILERPLATE_PHRASE.search(line) is not None


def is_newsletter_pitch(line: str) -> bool:
    """Whether a short line asks the reader to sign up for a newsletter ("Sign up for our Weekly Apple Brief …
    delivered right to your inbox.") or confirms it ("Thanks for signing up!"); the pattern runs only on lines
    that mention one of its words."""
    lowered = line.lower()
    if any(word in lowered for word in ("newsletter", "inbox", "signing up", "subscription")) and (
        _NEWSLETTER_PITCH.search(line) is not None
    ):
        return True
    # In the other major news languages: a newsletter and a call to sign up for it ("Abonnez-vous à notre
    # newsletter", "Подпишитесь на нашу рассылку").
    nouns = NEWSLETTER_NOUNS_ASCII if line.isascii() else NEWSLETTER_NOUNS
    if not any(noun in lowered for noun in nouns):
        return False
    return NEWSLETTER_CALL.search(line) is not None


def clean_lines(lines: Iterable[str], *, drop: Iterable[str] = ()) -> list[str]:
    """Normalise lines and remove boilerplate, the ``drop`` lines and short-link tails after a heading."""
    dropped = {normalize_space(line).casefold() for line in drop if line}
    kept: list[str] = []
    for raw in lines:
        line = without_tweet_button(normalize_space(raw))
        if not line or line.casefold() in dropped:
            continue
        if len(line) < 400 and (is_boilerplate_line(line) or is_social_call(line)):
            continue
        if len(line) < _MAX_PITCH_CHARS and is_newsletter_pitch(line):
            continue
        if is_subscription_pitch(line) or is_coverage_pointer(line) or is_click_prompt(line):
            continue
        if line[:1] in "Ff" and is_follow_prompt(line):
            continue
        kept.append(line)
    for index, line in enumerate(kept):
        if (
            index > 0
            and _TAIL_HEADING.match(line)
            and all(len(rest) < _SHORT_LINE for rest in kept[index + 1 :])
        ):
            return kept[:index]
    return kept
