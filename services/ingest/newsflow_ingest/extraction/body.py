"""The article body as plain text: trafilatura on the already parsed tree, then removal of what it lets
through on news pages (captions, publisher fields, share prompts, "Related Articles" tails)."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from typing import Any

import trafilatura

from newsflow_ingest.extraction.document import normalize_space

LOGGER = logging.getLogger(__name__)

# Captions are image metadata (see images.py); trafilatura keeps figcaption text in the body.
_CAPTION_XPATH = (
    "//figure | //figcaption | //*[contains(concat(' ', normalize-space(@class), ' '), ' wp-caption ')]"
    " | //*[contains(@class, 'caption') or contains(@class, 'credit')]"
)
_MAX_CAPTION_CHARS = 1500
# Lines that are page furniture whatever the site: menus, share bars, cookie and newsletter prompts.
_BOILERPLATE_LINE = re.compile(
    r"^(?:select page|menu|skip to (?:main )?content|share(?: (?:this|on \w+|via \w+)(?: \w+)?)?|tweet|"
    r"email this(?: story| article)?|print(?: this)?(?: article)?|advertisement|caption:?|"
    r"(?:follow|like) us on .{1,40}|sign up for .{1,80}|subscribe to .{1,80}|"
    r"(?:this (?:site|website) uses|we use) cookies.*|.*\baccept (?:all )?cookies\b.*|"
    r".*\b(?:enable|turn on|activate) javascript\b.*)$",
    re.I,
)
# A heading that starts a block of links to other stories; what follows it is dropped when it is all short.
_TAIL_HEADING = re.compile(
    r"^(?:most read|most popular|related(?: articles| posts| stories| news| coverage)?|read more|read also|"
    r"more (?:from|on|in) .{1,40}|you (?:may|might) also like|recommended(?: for you)?|trending(?: now)?)$",
    re.I,
)
_SHORT_LINE = 120


def remove_captions(root: Any) -> None:
    """Drop figures and caption elements from the tree (in place); run after images were read."""
    for element in root.xpath(_CAPTION_XPATH):
        if element.tag in ("body", "html", "article", "main") or element.getparent() is None:
            continue
        if element.tag not in ("figure", "figcaption") and len(element.text_content()) > _MAX_CAPTION_CHARS:
            continue  # a wrapper such as <div class="has-caption"> holds the article, not a caption
        element.drop_tree()


def extract_body(root: Any, url: str, *, drop: Iterable[str] = (), title: str | None = None) -> str:
    """The main text of the page: paragraphs separated by one blank line; ``drop`` lists lines (captions,
    publisher fields) known not to be body text; a leading line equal to ``title`` (the headline that
    trafilatura keeps when it sits inside ``<article>``) is removed too."""
    try:
        document = trafilatura.bare_extraction(
            root,
            url=url,
            include_comments=False,
            # measured: with tables, layout-table pages yield "| Home News |" rows; without, the prose only
            include_tables=False,
            with_metadata=False,
            deduplicate=False,
        )
    except Exception:  # trafilatura and its fallbacks raise assorted errors on hostile trees
        LOGGER.debug("trafilatura failed on %s", url, exc_info=True)
        return ""
    text = getattr(document, "text", None) if document is not None else None
    if not text:
        return ""
    lines = clean_lines(text.split("\n"), drop=drop)
    if lines and title and lines[0].casefold() == normalize_space(title).casefold():
        lines = lines[1:]
    return "\n\n".join(lines)


def clean_lines(lines: Iterable[str], *, drop: Iterable[str] = ()) -> list[str]:
    """Normalise lines and remove boilerplate, the ``drop`` lines and short-link tails after a heading."""
    dropped = {normalize_space(line).casefold() for line in drop if line}
    kept: list[str] = []
    for raw in lines:
        line = normalize_space(raw)
        if not line or line.casefold() in dropped:
            continue
        if len(line) < 400 and _BOILERPLATE_LINE.match(line):
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
