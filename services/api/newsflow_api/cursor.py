"""Opaque cursors for the article list.

A keyset cursor names the last article of a page (a relevance cursor, a position in a window of matches:
``newsflow_shared.article_query.ranked_page``). The next page is compared against that article's own
``(created_at, id)`` *in the database*, never against a timestamp parsed back from the cursor: SQLite keeps
``CURRENT_TIMESTAMP`` without fractional seconds while SQLAlchemy binds datetimes with them, so a
round-tripped timestamp would not compare equal to the stored one.
"""

from __future__ import annotations

import base64
import binascii
import re

from newsflow_shared.article_query import RelevancePosition

_ARTICLE_ID = re.compile(r"[0-9a-f]{64}")
_OFFSET = re.compile(r"[0-9]{1,9}")


class BadCursor(ValueError):
    """The cursor was not produced by this API. Raised by ``decode_cursor``; the router answers 400."""


def encode_cursor(article_id: str) -> str:
    """The cursor that continues after ``article_id``."""
    return base64.urlsafe_b64encode(f"a1:{article_id}".encode()).decode().rstrip("=")


def encode_relevance_cursor(position: RelevancePosition) -> str:
    """The cursor of a relevance-ordered page: the window's pinned start (see ``article_query.ranked_page``),
    whether it is included, and how many of the window's ranked matches came before."""
    start = position.start or ""
    bound = "i" if position.inclusive else "x"
    return base64.urlsafe_b64encode(f"r2:{bound}:{start}:{position.offset}".encode()).decode().rstrip("=")


def decode_position(cursor: str) -> str | RelevancePosition:
    """The article id of a keyset cursor, or the position of a relevance cursor."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise BadCursor("cursor is not valid") from exc
    version, _, value = raw.partition(":")
    if version == "r1" and _OFFSET.fullmatch(value):  # made before relevance windows: an offset in the first
        return RelevancePosition(offset=int(value))
    if version == "r2":
        bound, _, rest = value.partition(":")
        start, _, offset = rest.partition(":")
        if (
            bound in ("i", "x")
            and (start == "" or _ARTICLE_ID.fullmatch(start))
            and _OFFSET.fullmatch(offset)
        ):
            return RelevancePosition(start or None, bound == "i", int(offset))
        raise BadCursor("cursor is not valid")
    return decode_cursor(cursor)


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
