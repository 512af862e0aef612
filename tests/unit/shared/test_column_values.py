"""Message values to column values."""

from __future__ import annotations

from datetime import UTC, datetime

from newsflow_shared.column_values import clean_text, content_hash, parse_timestamp


def test_parse_timestamp_normalises_to_utc() -> None:
    assert parse_timestamp("2024-03-01T10:00:00+02:00") == datetime(2024, 3, 1, 8, 0, tzinfo=UTC)
    assert parse_timestamp("2024-03-01T10:00:00Z") == datetime(2024, 3, 1, 10, 0, tzinfo=UTC)
    assert parse_timestamp("2024-03-01T10:00:00.5") == datetime(2024, 3, 1, 10, 0, 0, 500000, tzinfo=UTC)
    assert parse_timestamp("2024-03-01") == datetime(2024, 3, 1, tzinfo=UTC)


def test_parse_timestamp_gives_none_for_missing_or_unreadable() -> None:
    assert parse_timestamp(None) is None
    assert parse_timestamp("") is None
    assert parse_timestamp("last Tuesday") is None


def test_content_hash_ignores_whitespace_layout_only() -> None:
    assert content_hash("a  b\n\nc ") == content_hash("a b c")
    assert content_hash("a b c") != content_hash("a b d")
    assert len(content_hash("")) == 64


def test_clean_text_drops_nul_and_cuts() -> None:
    assert clean_text("ab\x00cdef", 4) == "abcd"
    assert clean_text(None) is None
