"""Article text written as bare text after a box: ``<p>…</p><div class="related">…</div>The next paragraph…<br>``.

In the tree that text is the *tail* of the box element. A browser shows it as a paragraph of its own (an
anonymous block box), but trafilatura drops the tail with the box when it prunes the box as boilerplate (a
"Related stories" rail inside the article: Forbes India on metadata-dev's ``dev`` split). Before the extractor
runs, such a tail, with the inline elements that continue its sentence up to the next ``<br>`` or block, is
wrapped in a ``<p>`` of its own placed right after the box, so pruning the box leaves it in place.

Only among paragraphs: the box's parent must also hold ``<p>`` elements (the article's text container). Bare text
in a box of its own is page furniture more often than not (Hindustan Times: "Unlock a world of Benefits with HT!
… Login Now!" after an empty spacer ``<div>`` in the sign-up box under the article).
"""

from __future__ import annotations

from typing import Any

# Elements a browser lays out as blocks: text after one of them starts a new line.
_BLOCK_TAGS = frozenset(
    {"div", "ul", "ol", "dl", "table", "figure", "blockquote", "section", "aside", "header", "footer",
     "nav", "form", "p", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "hr"}
)  # fmt: skip
# A run of fewer words is a separator or a label ("|", "or", "Advertisement"), not a paragraph.
_MIN_WORDS = 8


def wrap_loose_text(body: Any) -> int:
    """Wrap each prose tail of a block element among paragraphs under ``body`` in a new ``<p>`` (in place);
    returns how many.

    Only the tail of each block element is read (no text serialisation); the few with a tail of eight words or
    more are rewritten."""
    # The tag test runs in libxml2's walk (measured: a third faster than testing the tag in Python).
    runs = [
        element
        for element in body.iter(*_BLOCK_TAGS)
        if element.tail
        and len(element.tail.split()) >= _MIN_WORDS
        and (parent := element.getparent()) is not None
        and parent.find("p") is not None
    ]
    for element in runs:
        _wrap_tail(element)
    return len(runs)


def _wrap_tail(element: Any) -> None:
    """Move ``element``'s tail and the inline siblings that follow it, up to a ``<br>`` or a block, into a new
    ``<p>`` right after ``element``."""
    paragraph = element.makeelement("p", {})  # the tree's own element class
    paragraph.text, element.tail = element.tail, None
    sibling = element.getnext()
    while sibling is not None and sibling.tag not in _BLOCK_TAGS and sibling.tag != "br":
        following = sibling.getnext()
        paragraph.append(sibling)  # moves it, with its tail
        sibling = following
    element.addnext(paragraph)
