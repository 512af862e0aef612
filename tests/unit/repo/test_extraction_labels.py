"""The hand-made metadata labels of the extraction benchmark are complete and well-formed.

``benchmarks/extraction/labels.json`` holds, for every page of the benchmark, the headline, bylined people,
organisation byline and publication date a reader sees (rules in ``benchmarks/extraction/LABELLING.md``).
The metadata accuracy the benchmark reports is only as good as these labels, so their shape is checked here.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[3]
BENCHMARK = ROOT / "benchmarks" / "extraction"
# The repository copy of the benchmark data; the helpers' shared copy only where the repository has none.
REPO_GROUND_TRUTH = BENCHMARK / "ground-truth.json"
SHARED_GROUND_TRUTH = ROOT.parent / "shared" / "benchmarks" / "aeb" / "ground-truth.json"
GROUND_TRUTH = REPO_GROUND_TRUTH if REPO_GROUND_TRUTH.exists() else SHARED_GROUND_TRUTH
FIELDS = {"url", "title", "authors", "organisation", "published", "published_source", "notes"}
SOURCES = {"visible", "visible_updated", "time_element", "url", "relative", "none"}
# A name that still carries byline decoration: "By ...", a handle, an e-mail or a link.
DECORATED_NAME = re.compile(r"^(by|von|posted by|written by)\b|@|https?:|\d", re.IGNORECASE)


@pytest.fixture(scope="module")
def labels() -> dict[str, dict[str, Any]]:
    data: dict[str, dict[str, Any]] = json.loads((BENCHMARK / "labels.json").read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def gold() -> dict[str, dict[str, str]]:
    data: dict[str, dict[str, str]] = json.loads(GROUND_TRUTH.read_text(encoding="utf-8"))
    return data


def test_labels_cover_exactly_the_benchmark_pages(
    labels: dict[str, dict[str, Any]], gold: dict[str, dict[str, str]]
) -> None:
    assert sorted(labels) == sorted(gold)
    assert list(labels) == sorted(labels), "labels.json is kept sorted by page id"
    assert all(labels[page]["url"] == gold[page]["url"] for page in gold)


def test_every_label_has_the_documented_fields(labels: dict[str, dict[str, Any]]) -> None:
    wrong = {page: sorted(set(label) ^ FIELDS) for page, label in labels.items() if set(label) != FIELDS}
    assert wrong == {}


def test_titles_are_non_empty_and_trimmed(labels: dict[str, dict[str, Any]]) -> None:
    bad = [
        page
        for page, label in labels.items()
        if not label["title"] or label["title"] != label["title"].strip()
    ]
    assert bad == []


def test_authors_are_clean_person_names(labels: dict[str, dict[str, Any]]) -> None:
    for page, label in labels.items():
        authors = label["authors"]
        assert isinstance(authors, list), page
        assert all(isinstance(name, str) and name.strip() == name and name for name in authors), page
        assert len(set(authors)) == len(authors), f"{page}: duplicate author"
        assert not [name for name in authors if DECORATED_NAME.search(name)], page
        organisation = label["organisation"]
        assert organisation is None or (isinstance(organisation, str) and organisation.strip()), page
        # An organisation is recorded only for bylines that name no person (LABELLING.md).
        assert not (authors and organisation), page


def test_dates_are_iso_days_not_in_the_future(labels: dict[str, dict[str, Any]]) -> None:
    today = dt.date.today()
    for page, label in labels.items():
        published, source = label["published"], label["published_source"]
        assert source in SOURCES, page
        assert (published is None) == (source == "none"), page
        if published is not None:
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", published), page
            day = dt.date.fromisoformat(published)
            assert dt.date(1995, 1, 1) <= day <= today, page


def test_notes_are_text_or_absent(labels: dict[str, dict[str, Any]]) -> None:
    assert all(label["notes"] is None or label["notes"].strip() for label in labels.values())
