"""Article text split across repeated containers: some sites cut the body into several sibling chunks of the same
kind (``<div class="body__container">`` between ad slots); a main-text extractor keeps the first chunk only.

Rule (general, measured on benchmarks/extraction/): find the container kind (tag + class) that holds at least
30 % of the extracted text; every *other* container of that kind that the extractor skipped entirely, and whose
paragraphs read as prose (one of at least 150 characters, under 30 % of the text in links), is article text too.
Its paragraphs are inserted in document order. A container is of the main kind when its tag is the same and its
class words are the main container's, in the same order, with modifier words added after them ("article-text
c-gray-1" and "article-text c-gray-1 no-review": Engadget on metadata-dev's ``dev`` split). A container with fewer
words is not ("text-copy" beside the article's "text-copy bodyCopy auto": Space.com's forum pitch on AEB), nor one
sharing only some words (another column, a sidebar in the same colour).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from newsflow_ingest.extraction.document import normalize_space, text_of

_MAIN_KIND_SHARE = 0.3
_MIN_PROSE_PARAGRAPH = 150
_MAX_LINK_SHARE = 0.3
# A line of fewer characters is not looked up inside longer paragraphs (a label, a date: it weighs little).
_MIN_PART_CHARS = 40


def add_skipped_chunks(root: Any, lines: list[str]) -> tuple[list[str], set[str]]:
    """``lines`` with the paragraphs of skipped sibling chunks inserted; also returns the added lines."""
    paragraphs: dict[str, Any] = {}
    position: dict[Any, int] = {}
    for index, element in enumerate(root.iter("p")):
        text = normalize_space(text_of(element))
        if text and text not in paragraphs:
            paragraphs[text] = element
            position[element] = index
    matched = [paragraphs.get(line) for line in lines]
    main_kinds = _main_kinds(lines, matched)
    if not main_kinds and None in matched:
        matched = _match_parts(lines, matched, paragraphs)
        main_kinds = _main_kinds(lines, matched)
    if not main_kinds:
        return lines, set()
    used = {id(element) for element in matched if element is not None}
    extra: list[tuple[int, str]] = []
    main_words = [(tag, classes.split()) for tag, classes in main_kinds]
    # every element of the main kinds' tags is looked at (often every <div>): the first class word of a main
    # kind must be in the class attribute before the words are split and compared ("" for a blank class, whose
    # kind every class attribute is)
    holds_first = _holds_any({words[0] if words else "" for _, words in main_words})
    for container in root.iter(*{tag for tag, _ in main_kinds}):
        classes = container.get("class")
        if classes and holds_first(classes) and _same_kind(container.tag, classes.split(), main_words):
            extra += _prose_paragraphs(container, used, position)
    if not extra:
        return lines, set()
    items: list[tuple[int, int, str]] = []
    last = -1
    for line, element in zip(lines, matched, strict=True):
        if element is not None and element in position:
            last = position[element]
        items.append((last, 0, line))
    items += [(index, 1, text) for index, text in extra]
    items.sort(key=lambda item: (item[0], item[1]))
    return [text for _, _, text in items], {text for _, text in extra}


def _holds_any(words: set[str]) -> Callable[[str], bool]:
    """A test of whether a string holds one of ``words``: for the usual single word, the substring test itself
    (a generator over the words per container cost more than the test: eleventh pass, speed)."""
    if len(words) == 1:
        (word,) = words
        return lambda text: word in text
    return lambda text: any(word in text for word in words)


def _main_kinds(lines: list[str], matched: list[Any]) -> set[tuple[str, str]]:
    """The (tag, class) kinds of the paragraphs' containers holding at least 30 % of the text."""
    weight: dict[tuple[str, str], int] = {}
    for line, element in zip(lines, matched, strict=True):
        parent = element.getparent() if element is not None else None
        if parent is not None and parent.get("class"):
            kind = (parent.tag, parent.get("class"))
            weight[kind] = weight.get(kind, 0) + len(line)
    total = sum(len(line) for line in lines)
    return {kind for kind, chars in weight.items() if chars >= _MAIN_KIND_SHARE * total}


def _match_parts(lines: list[str], matched: list[Any], paragraphs: dict[str, Any]) -> list[Any]:
    """``matched`` with each unmatched line of some length matched to the ``<p>`` whose text holds it: a ``<p>``
    cut by ``<br><br>`` into several paragraphs comes out of the extractor as several lines (WordPress page
    builders: acredis.com on metadata-dev's ``dev`` split). Only run when no line matched a container kind."""
    longer = [(text, element) for text, element in paragraphs.items() if len(text) > _MIN_PART_CHARS]
    found = list(matched)
    for index, line in enumerate(lines):
        if found[index] is None and len(line) >= _MIN_PART_CHARS:
            found[index] = next((element for text, element in longer if line in text), None)
    return found


def _same_kind(tag: str, words: list[str], main_words: list[tuple[str, list[str]]]) -> bool:
    """Whether a container with this tag and these class words is of one of the main kinds: the same tag, and the
    main kind's class words followed by none or more modifiers."""
    return any(tag == main_tag and words[: len(main)] == main for main_tag, main in main_words)


def _prose_paragraphs(container: Any, used: set[int], position: dict[Any, int]) -> list[tuple[int, str]]:
    """The ``<p>`` children of a container the extractor did not touch, when they read as prose."""
    children = list(container.iterchildren("p"))
    if any(id(child) in used for child in children):
        return []
    texts = [(child, normalize_space(text_of(child))) for child in children]
    texts = [(child, text) for child, text in texts if text]
    if not texts or max(len(text) for _, text in texts) < _MIN_PROSE_PARAGRAPH:
        return []
    chars = sum(len(text) for _, text in texts)
    linked = sum(len(normalize_space(text_of(a))) for child, _ in texts for a in child.iter("a"))
    if linked > _MAX_LINK_SHARE * chars:
        return []
    return [(position.get(child, 0), text) for child, text in texts]
