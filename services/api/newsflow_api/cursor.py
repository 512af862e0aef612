"""Opaque keyset cursors for the article list.

A cursor names the last article of a page. The next page is compared against that article's own
``(created_at, id)`` *in the database*, never against a timestamp parsed back from the cursor: SQLite keeps
``CURRENT_TIMESTAMP`` without fractional seconds while SQLAlchemy binds datetimes with them, so a
round-tripped timestamp would not compare equal to the stored one.
"""

from __future__ import annotations

import base64
import binascii
import re

_ARTICLE_ID = re.compile(r"[0-9a-f]{64}")


class BadCursor(ValueError):
    """The cursor was not produced by this API. Raised by ``decode_cursor``; the router answers 400."""


def encode_cursor(article_id: str) -> str:
    """The cursor that continues after ``article_id``."""
    return base64.urlsafe_b64encode(f"a1:{article_id}".encode()).decode().rstrip("=")


def encode_offset_cursor(offset: int) -> str:
    """The cursor of a relevance-ordered page (ranks have no stable key): how many results came before."""
    return base64.urlsafe_b64encode(f"r1:{offset}".encode()).decode().rstrip("=")


def decode_position(cursor: str) -> tuple[str | None, int]:
    """``(article id, 0)`` of a keyset cursor or ``(None, offset)`` of a relevance cursor."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise BadCursor("cursor is not valid") from exc
    version, _, value = raw.partition(":")
    if version == "r1" and value.isdigit() and len(value) < 10:
        return None, int(value)
    return decode_cursor(cursor), 0


def decode_cursor(cursor: str) -> str:
    """The article id a cursor continues after."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise BadCursor("cursor is not valid") from exc
    version, _, article_id = raw.partition(":")
    if version != "a1" or not _ARTICLE_ID.fullmatch(article_id):
        raise BadCursor("cursor is not valid")
    return article_id
