"""Zero-width joiners carried through extraction: Persian, Urdu and emoji spelling survives trafilatura.

The zero-width non-joiner (U+200C) is part of written Persian and Urdu ("دانش‌آموزان", students; "می‌خواهند",
they want), and the zero-width joiner (U+200D) holds an emoji sequence together. trafilatura drops every
character that is not printable from the text it returns (``utils.remove_control_characters``), so a Persian
article came out with its words glued. Before parsing, ``protect`` swaps the joiners (and their entity forms) for
two letters of a script no news page is written in (Mro, U+16A40/U+16A41: printable, NFC-stable, letters to
every reader, as a joiner inside a word was); ``restore`` swaps them back in every text field of the result and
drops the joiners that are not spelling there (``document.clean_joiners``). A page that already holds one of the
stand-ins is left as it is: its joiners go as before, nothing else changes.

May import ``newsflow_shared`` and ``document``.
"""

from __future__ import annotations

import re
from typing import Any

from newsflow_shared.messages import ParsedArticle

from newsflow_ingest.extraction.document import clean_joiners

_STAND_IN = {"\u200c": "\U00016a40", "\u200d": "\U00016a41"}
_BACK = {ord(stand_in): joiner for joiner, stand_in in _STAND_IN.items()}
_JOINER_OR_ENTITY = re.compile(r"[\u200c\u200d]|&(?:zwn?j|#820[45]|#[xX]200[cCdD]);")
_ENTITY_JOINER = {"zwnj": "\u200c", "zwj": "\u200d", "#8204": "\u200c", "#8205": "\u200d"}


def protect(html: str) -> tuple[str, bool]:
    """``html`` with its joiners swapped for their stand-ins, and whether any was swapped."""
    # Substring scans before the pattern: most pages hold neither a joiner nor its entity (a few µs a page).
    if not ("\u200c" in html or "\u200d" in html or "&zw" in html or "&#820" in html or "&#x200" in html
            or "&#X200" in html):  # fmt: skip
        return html, False
    if any(stand_in in html for stand_in in _STAND_IN.values()):
        return html, False
    protected = _JOINER_OR_ENTITY.sub(_stand_in, html)
    return protected, protected != html


def _stand_in(match: re.Match[str]) -> str:
    found = match.group()
    if len(found) == 1:
        return _STAND_IN[found]
    name = found[1:-1].lower()
    return _STAND_IN[_ENTITY_JOINER.get(name) or ("\u200c" if name.endswith("c") else "\u200d")]


def restore(article: ParsedArticle) -> ParsedArticle:
    """``article`` with the stand-ins turned back into joiners, the stray ones dropped, in every text field."""
    return ParsedArticle.model_validate(_restored(article.model_dump()))


def _restored(value: Any) -> Any:
    if isinstance(value, str):
        return clean_joiners(value.translate(_BACK)) if _holds_stand_in(value) else value
    if isinstance(value, list):
        return [_restored(item) for item in value]
    if isinstance(value, dict):
        return {_restored(key): _restored(item) for key, item in value.items()}
    return value


def _holds_stand_in(text: str) -> bool:
    return "\U00016a40" in text or "\U00016a41" in text
