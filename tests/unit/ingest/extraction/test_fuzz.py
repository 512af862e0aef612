"""Property test of the parser's contract on hostile input (issue 3): malformed, deeply nested, huge, binary and
mis-encoded HTML never raises, always yields a valid ParsedArticle, and stays within a per-page time budget."""

from __future__ import annotations

import functools
import gzip
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from newsflow_ingest.extraction import parse_article
from newsflow_shared.messages import ParsedArticle

URL = "https://fuzz.test/2024/05/story-of-the-day"
BENCHMARK_PAGES = sorted(
    (Path(__file__).resolve().parents[4] / "benchmarks" / "extraction" / "html").glob("*.gz")
)
# Generous against CI noise; typical pages take ~20 ms, the 5 MB robustness page about 1 s.
BUDGET_SECONDS = 3.0
TAGS = [
    "p",
    "div",
    "article",
    "span",
    "a",
    "h1",
    "h2",
    "li",
    "ul",
    "table",
    "td",
    "script",
    "style",
    "figure",
]


@pytest.fixture(scope="module", autouse=True)
def _warm() -> None:
    """One-time costs of a worker's first page (imports, dateparser's language data) are not per-page time."""
    parse_article("<html lang='en'><body><h1>x</h1><p>publiziert am 30. Juli 2018</p></body></html>", URL)


@functools.cache
def _warm_parser() -> None:
    """Parse one page unmeasured: the first parse in a process pays one-time loading (dateparser's language data,
    lxml and trafilatura set-up), which is not the parser's work on the page under test. Found when the first
    Hypothesis example of a test run alone overran the budget and the replay passed (FlakyFailure)."""
    parse_article("<html><body><article><h1>Warm</h1><p>Up on 3 March 2024.</p></article></body></html>", URL)


def _parse_within_budget(html: str) -> ParsedArticle:
    _warm_parser()
    start = time.process_time()  # CPU time: the budget is the parser's work, not the shared machine's load
    parsed = parse_article(html, URL)
    assert time.process_time() - start < BUDGET_SECONDS
    assert parsed.status in ("article", "not_article", "paywalled", "js_required", "thin")
    assert parsed.canonical_url and parsed.fetched_at
    assert parsed.body == "\n\n".join(block.text for block in parsed.blocks)
    ParsedArticle.model_validate_json(parsed.model_dump_json())  # it travels as JSON between stages
    return parsed


@st.composite
def tag_soup(draw: st.DrawFn) -> str:
    """Random nesting of real tags with attributes and text, closed or not, in any order."""
    parts: list[str] = []
    for _ in range(draw(st.integers(1, 60))):
        tag = draw(st.sampled_from(TAGS))
        kind = draw(st.sampled_from(["open", "close", "text", "attr"]))
        if kind == "open":
            parts.append(f"<{tag}>")
        elif kind == "close":
            parts.append(f"</{tag}>")
        elif kind == "attr":
            value = draw(st.text(max_size=20)).replace('"', "")
            parts.append(f'<{tag} class="{value}" id={value[:5]}>')
        else:
            parts.append(draw(st.text(max_size=80)))
    return "<html><body>" + "".join(parts)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tag_soup())
def test_tag_soup(html: str) -> None:
    _parse_within_budget(html)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(100, 20_000), st.sampled_from(["div", "span", "p", "li", "table", "a", "b"]))
def test_deep_nesting(depth: int, tag: str) -> None:
    _parse_within_budget(f"<html><body>{f'<{tag}>' * depth}<p>deep</p>{f'</{tag}>' * (depth // 2)}")


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(min_size=1, max_size=50_000), st.sampled_from(["latin-1", "utf-8", "cp1252", "utf-16-le"]))
def test_binary_decoded_under_any_codec(data: bytes, codec: str) -> None:
    _parse_within_budget(data.decode(codec, errors="replace"))


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(BENCHMARK_PAGES[:40]),
    st.sampled_from(["latin-1", "cp1252", "utf-16-le", "koi8-r"]),
    st.integers(0, 100),
    st.integers(0, 255),
)
def test_real_pages_mis_encoded_truncated_and_corrupted(path: Path, codec: str, cut: int, byte: int) -> None:
    raw = gzip.decompress(path.read_bytes())
    raw = raw[: max(1, len(raw) * cut // 100)]  # truncated anywhere, even inside a tag
    raw = raw.replace(b">", bytes([byte]), 50)  # corrupted markup
    _parse_within_budget(raw.decode(codec, errors="replace"))  # UTF-8 bytes read with the wrong charset


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(200, 1_500), st.booleans())
def test_huge_pages(paragraphs: int, closed: bool) -> None:
    """Up to 1.5 MB of article text, with or without closing tags."""
    paragraph = "<p>" + "word " * 200 + ("</p>" if closed else "")
    _parse_within_budget("<html><body><article>" + paragraph * paragraphs + "</article></body></html>")
