"""Publisher fields printed on the page, such as "Media ID: 55361307"."""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

from newsflow_ingest.extraction.document import element_text, normalize_space, text_of

# A short label ending in ID/No./Number/Code/Ref, a colon, and one token with a digit in it.
_FIELD = re.compile(
    r"^((?:[A-Z][A-Za-z]*\s+){0,3}(?:ID|No\.|Number|Code|Ref(?:erence)?))\s*[:#]\s*([A-Za-z0-9][\w./-]{0,39})$"
)
_XPATH = etree.XPath(
    "//body//text()[contains(., 'ID') or contains(., 'No.') or contains(., 'Number') or contains(., 'Code')"
    " or contains(., 'Ref')][not(ancestor::script or ancestor::style)]"
)
# What every field shows somewhere in the page's text: a label word, then ':' or '#'. Searching the body's text
# for it costs a twentieth of the text-node scan below, which it spares on most pages (benchmark: all but one).
# A label and colon separated only by the text of a <noscript> or JSON-LD <script> between them would be missed.
_LABEL_THEN_COLON = re.compile(r"(?:ID|No\.|Number|Code|Ref(?:erence)?)\s*[:#]")
_MAX_TEXTS = 50
_MAX_FIELD_CHARS = 80


def publisher_fields(root: Any) -> dict[str, str]:
    """Label/value fields like ``{"Media ID": "55361307"}`` (the value must contain a digit)."""
    fields: dict[str, str] = {}
    body = root.find("body")
    if body is None or not _LABEL_THEN_COLON.search(text_of(body)):
        return fields
    for text in _XPATH(root)[:_MAX_TEXTS]:
        match = _FIELD.match(normalize_space(str(text)))
        element = text.getparent()
        # "<strong>Media ID:</strong> 55361307": the label and the value are split over two nodes
        for _ in range(2):
            if match or element is None:
                break
            match = _FIELD.match(element_text(element, limit=_MAX_FIELD_CHARS))
            element = element.getparent()
        if match and any(ch.isdigit() for ch in match.group(2)):
            fields.setdefault(match.group(1), match.group(2))
    return fields


def field_lines(fields: dict[str, str]) -> set[str]:
    """The lines these fields were printed as, so the body can leave them out."""
    return {f"{key}: {value}" for key, value in fields.items()} | {f"{k}:{v}" for k, v in fields.items()}
