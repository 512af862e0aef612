"""Opaque keyset and relevance cursors of the article list (``newsflow_api.cursor``)."""

from __future__ import annotations

import base64

import pytest
from newsflow_api.cursor import (
    BadCursor,
    decode_cursor,
    decode_position,
    encode_cursor,
    encode_relevance_cursor,
)
from newsflow_shared.article_query import RelevancePosition
from newsflow_shared.messages import url_key

ARTICLE_ID = url_key("https://news.example/a")


def test_a_cursor_round_trips_the_article_id() -> None:
    cursor = encode_cursor(ARTICLE_ID)
    assert decode_cursor(cursor) == ARTICLE_ID
    assert ARTICLE_ID not in cursor  # opaque


def test_a_cursor_is_url_safe_and_unpadded() -> None:
    for i in range(20):
        cursor = encode_cursor(url_key(f"https://news.example/{i}"))
        assert "=" not in cursor
        assert set(cursor) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def test_a_padded_cursor_is_read_too() -> None:
    cursor = encode_cursor(ARTICLE_ID)
    assert decode_cursor(cursor + "=" * (-len(cursor) % 4)) == ARTICLE_ID


def forged(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode("utf-8")).decode().rstrip("=")


@pytest.mark.parametrize(
    "cursor",
    [
        "",
        "not a cursor",
        "!!!!",
        "a",
        forged(ARTICLE_ID),  # no version
        forged(f"a2:{ARTICLE_ID}"),  # another version
        forged(f"a1:{ARTICLE_ID.upper()}"),
        forged(f"a1:{ARTICLE_ID[:-1]}"),
        forged(f"a1:{ARTICLE_ID}0"),
        forged(f"a1:{ARTICLE_ID[:-1]}g"),
        forged("a1:' OR 1=1 --"),
        forged(f"a1:{ARTICLE_ID[:-1]}é"),
        base64.urlsafe_b64encode(b"a1:\xff\xfe").decode(),  # not ASCII
    ],
)
def test_anything_else_is_a_bad_cursor(cursor: str) -> None:
    with pytest.raises(BadCursor, match="cursor is not valid"):
        decode_cursor(cursor)


def test_a_bad_cursor_is_a_value_error() -> None:
    assert issubclass(BadCursor, ValueError)


@pytest.mark.parametrize(
    "position",
    [
        RelevancePosition(),
        RelevancePosition(ARTICLE_ID, True, 150),
        RelevancePosition(ARTICLE_ID, False, 0),
    ],
)
def test_a_relevance_cursor_round_trips_its_position(position: RelevancePosition) -> None:
    cursor = encode_relevance_cursor(position)
    assert decode_position(cursor) == position
    assert "=" not in cursor


def test_a_cursor_made_before_relevance_windows_reads_as_an_offset_in_the_first() -> None:
    assert decode_position(forged("r1:100")) == RelevancePosition(None, True, 100)
    assert decode_position(encode_cursor(ARTICLE_ID)) == ARTICLE_ID


@pytest.mark.parametrize(
    "text",
    [
        f"r2:y:{ARTICLE_ID}:0",  # neither inclusive nor exclusive
        f"r2:i:{ARTICLE_ID[:-1]}:0",
        f"r2:i:{ARTICLE_ID}:-1",
        f"r2:i:{ARTICLE_ID}:1234567890",
        f"r2:i:{ARTICLE_ID}",
        "r2:",
        "r1:-5",
    ],
)
def test_a_forged_relevance_cursor_is_bad(text: str) -> None:
    with pytest.raises(BadCursor, match="cursor is not valid"):
        decode_position(forged(text))
