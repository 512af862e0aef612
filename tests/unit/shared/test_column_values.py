"""Message values to column values."""

from __future__ import annotations

import hashlib
import logging
from datetime import UTC, datetime, timedelta, timezone

import pytest
from newsflow_shared.column_values import as_utc, clean_text, content_hash, parse_timestamp


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


def test_parse_timestamp_reads_iso_forms_with_surrounding_space() -> None:
    assert parse_timestamp(" 2024-03-01T10:00:00-05:00\n") == datetime(2024, 3, 1, 15, 0, tzinfo=UTC)


def test_parse_timestamp_logs_what_it_ignores(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="newsflow_shared.column_values"):
        assert parse_timestamp("2024-13-45") is None
    assert "2024-13-45" in caplog.text


def test_as_utc_takes_naive_times_as_utc_and_converts_aware_ones() -> None:
    naive = datetime(2024, 3, 1, 10, 0)
    assert as_utc(naive) == datetime(2024, 3, 1, 10, 0, tzinfo=UTC)
    assert as_utc(naive).tzinfo is UTC
    riyadh = datetime(2024, 3, 1, 13, 0, tzinfo=timezone(timedelta(hours=3)))
    assert as_utc(riyadh) == datetime(2024, 3, 1, 10, 0, tzinfo=UTC)
    assert as_utc(riyadh).utcoffset() == timedelta(0)


def test_clean_text_keeps_everything_else() -> None:
    assert clean_text("") == ""
    assert clean_text("\x00\x00") == ""
    assert clean_text("نص عربي\x00 text") == "نص عربي text"
    assert clean_text("abc", 10) == "abc"
    assert clean_text("abc", 0) == ""


def test_content_hash_is_the_sha256_of_the_collapsed_body() -> None:
    body = "  Ceasefire\ttalks \n resume  "
    assert content_hash(body) == hashlib.sha256(b"Ceasefire talks resume").hexdigest()
