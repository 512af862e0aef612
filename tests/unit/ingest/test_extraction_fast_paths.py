"""Shortcuts taken for speed must decide exactly what the rule they stand in front of decides."""

from __future__ import annotations

import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from newsflow_ingest.extraction.boilerplate import _TEASER_CLASS, is_teaser
from newsflow_ingest.extraction.document import load_document
from newsflow_ingest.extraction.extras import publisher_fields

_NAME_PARTS = st.sampled_from(
    ["latest", "LATEST", "Latest-news", "promo", "PromoBox", "newsletter", "sign-up", "SignUp", "subscribe",
     "most-read", "MostPopular", "most_viewed", "trending", "ſubscribe", "sıgnup", "latest-news", "box", "nav",
     "-", "_", " ", "x", "é", "Ā"]
)  # fmt: skip


def _element(classes: str, ident: str, tag: str = "div") -> lxml.html.HtmlElement:
    element = lxml.html.Element(tag)
    if classes:
        element.set("class", classes)
    if ident:
        element.set("id", ident)
    return element


@given(
    classes=st.lists(_NAME_PARTS, max_size=5).map("".join),
    ident=st.lists(_NAME_PARTS, max_size=3).map("".join),
)
@settings(max_examples=400, deadline=None)
def test_teaser_shortcut_agrees_with_the_pattern(classes: str, ident: str) -> None:
    expected = bool(_TEASER_CLASS.search(f"{classes} {ident}"))
    assert is_teaser(_element(classes, ident)) is expected
    assert is_teaser(_element(classes, ident), classes, ident) is expected


@pytest.mark.parametrize(
    ("classes", "ident", "expected"),
    [
        ("Most-Read box", "", True),
        ("", "LATEST_news", True),
        ("ſubscribe-box", "", True),  # the pattern is case-insensitive beyond ASCII
        ("mostly-harmless", "", False),
        ("sidebar", "signature", False),
        ("", "", False),
    ],
)
def test_teaser_names(classes: str, ident: str, expected: bool) -> None:
    assert is_teaser(_element(classes, ident)) is expected


def test_protected_tags_are_never_teasers() -> None:
    assert not is_teaser(_element("latest-news", "", tag="article"))


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ("<p>Media ID: 55361307</p>", {"Media ID": "55361307"}),
        ("<p><strong>Media ID:</strong> 55361307</p>", {"Media ID": "55361307"}),
        ("<p><b>Case Reference</b>\n: AB-1234</p>", {"Case Reference": "AB-1234"}),
        ("<div><span>Order No.</span><span>#</span> <em>77</em></div>", {"Order No.": "77"}),
        ("<p>Media ID 55361307</p>", {}),
        ("<p>The ID card: issued</p>", {}),
    ],
)
def test_publisher_fields_found_behind_the_text_check(markup: str, expected: dict[str, str]) -> None:
    root = load_document(f"<html><body><article><p>{'Text. ' * 20}</p>{markup}</article></body></html>")
    assert publisher_fields(root) == expected
