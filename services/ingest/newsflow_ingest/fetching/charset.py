"""Decoding fetched HTML/XML bytes to text, in the order of the HTML standard's encoding sniffing (§13.2.3.2).

1. a byte order mark; 2. the ``charset`` of the Content-Type header; 3. ``<meta charset>``, ``<meta
http-equiv=Content-Type>`` or the XML declaration within the first 4 KB ("prescan"); 4. valid UTF-8;
5. statistical detection (charset-normalizer); 6. UTF-8 with replacement characters.

Labels are mapped like browsers do (WHATWG Encoding standard): ``iso-8859-1``/``latin1``/``us-ascii`` mean
windows-1252, which is what such pages really are. Returned encodings are Python codec names (``cp1256``).
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

PRESCAN_BYTES = 4096
# Detection on a sample keeps a 10 MB page from costing seconds; news pages declare their charset anyway.
DETECT_SAMPLE_BYTES = 64 * 1024

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: its BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_WHATWG_ALIASES = {
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "l1": "cp1252",
    "iso8859-1": "cp1252",
    "iso_8859-1": "cp1252",
    "ascii": "cp1252",
    "us-ascii": "cp1252",
    "iso-8859-9": "cp1254",
    "latin5": "cp1254",
    "tis-620": "cp874",
    "iso-8859-11": "cp874",
    "x-user-defined": "cp1252",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-sjis": "shift_jis",
    "ks_c_5601-1987": "cp949",
    "euc-kr": "cp949",
}
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?([^\s;"']+)""", re.IGNORECASE)
_META_CHARSET = re.compile(
    rb"""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9._:\-]+)""", re.IGNORECASE | re.DOTALL
)
_XML_DECLARATION = re.compile(rb"""^\s*<\?xml\b[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._\-]+)["']""")


def codec_name(label: str | None) -> str | None:
    """The Python codec for an encoding label as found in headers and meta tags, or None when unknown."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = _WHATWG_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def charset_from_content_type(content_type: str | None) -> str | None:
    """The codec named by the ``charset`` parameter of a Content-Type header value, if any and known."""
    if not content_type:
        return None
    match = _HEADER_CHARSET.search(content_type)
    return codec_name(match.group(1)) if match else None


def sniff_bom(body: bytes) -> tuple[str, int] | None:
    """(codec, BOM length) when ``body`` starts with a byte order mark."""
    for bom, name in _BOMS:
        if body.startswith(bom):
            return name, len(bom)
    return None


def prescan(body: bytes) -> str | None:
    """The encoding declared in the first 4 KB (meta charset, http-equiv, or XML declaration)."""
    head = body[:PRESCAN_BYTES]
    match = _XML_DECLARATION.match(head) or _META_CHARSET.search(head)
    if match is None:
        return None
    name = codec_name(match.group(1).decode("ascii", "replace"))
    # A document that can be read as ASCII to find its meta tag is not UTF-16/32: HTML §13.2.3.2 step 2.2.
    if name is not None and name.startswith(("utf-16", "utf-32")):
        return "utf-8"
    return name


def detect(body: bytes) -> str | None:
    """The most probable codec according to charset-normalizer, or None when nothing fits."""
    best = charset_normalizer.from_bytes(body[:DETECT_SAMPLE_BYTES]).best()
    return codec_name(best.encoding) if best is not None else None


def decode_html(body: bytes, content_type: str | None) -> tuple[str, str]:
    """Decode an HTML/XML body; returns (text, Python codec name used). Never raises on bad bytes."""
    bom = sniff_bom(body)
    if bom is not None:
        name, length = bom
        return body[length:].decode(name, errors="replace"), name
    declared = charset_from_content_type(content_type) or prescan(body)
    if declared is not None:
        return body.decode(declared, errors="replace"), declared
    try:
        return body.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        detected = detect(body) or "utf-8"
    return body.decode(detected, errors="replace"), detected
