"""Entity quality on the hand-labelled gold sets stays at the figures docs/enrichment.md reports.

Thresholds sit a little below the measured values, so a change that loses recall or precision fails here.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[4]
sys.path.insert(0, str(ROOT / "benchmarks"))

from enrich import PARALLEL_SETS, parallel_identity, quality  # type: ignore[import-not-found]  # noqa: E402


@pytest.fixture(scope="module")
def results() -> dict[str, Any]:
    figures: dict[str, Any] = quality()
    return figures


TRANSLATED = "+ translation route (oracle: the parallel English paragraph)"


@pytest.mark.parametrize(
    ("run", "mode", "precision", "recall"),
    [
        ("en dev (entity_gold_en)", "strict", 0.97, 0.96),
        ("en held-out (entity_heldout_en)", "strict", 0.95, 0.97),
        ("en held-out 2 (entity_heldout2_en)", "strict", 0.97, 0.97),
        ("en held-out 3 (entity_heldout3_en)", "strict", 0.95, 0.93),
        ("en held-out 4 (entity_heldout4_en)", "strict", 0.90, 0.87),
        ("en held-out 5 (entity_heldout5_en)", "strict", 0.90, 0.88),
        ("ar dev (entity_gold_ar)", "lenient", 0.97, 0.93),
        ("ar held-out (entity_heldout_ar)", "lenient", 0.95, 0.93),
        ("ar held-out 2 (entity_heldout2_ar)", "lenient", 0.97, 0.92),
        ("ar held-out 3 (entity_heldout3_ar)", "lenient", 0.95, 0.95),
        ("ar held-out 4 (entity_heldout4_ar)", "lenient", 0.88, 0.65),
        ("ar held-out 5 (entity_heldout5_ar)", "lenient", 0.82, 0.76),
        (f"ar dev {TRANSLATED}", "strict", 0.90, 0.96),
        (f"ar held-out {TRANSLATED}", "strict", 0.95, 0.97),
        (f"ar held-out 2 {TRANSLATED}", "strict", 0.95, 0.97),
        (f"ar held-out 3 {TRANSLATED}", "strict", 0.90, 0.92),
        (f"ar held-out 4 {TRANSLATED}", "strict", 0.81, 0.85),
        (f"ar held-out 5 {TRANSLATED}", "strict", 0.85, 0.88),
        ("fr dev (entity_gold_fr)", "lenient", 0.93, 0.92),
        ("fr held-out 5 (entity_heldout5_fr)", "lenient", 0.87, 0.87),
        ("fr held-out 6 (entity_heldout6_fr)", "lenient", 0.92, 0.90),
        ("ar people dev (entity_people_dev_ar)", "lenient", 0.82, 0.78),
    ],
)
def test_overall_scores(
    results: dict[str, Any], run: str, mode: str, precision: float, recall: float
) -> None:
    overall = results[run][mode]["ALL"]
    assert overall["precision"] >= precision, results[run][mode]["_errors"]
    assert overall["recall"] >= recall, results[run][mode]["_errors"]


def test_english_meets_the_issues_targets_on_the_whole_gold_set(results: dict[str, Any]) -> None:
    """Issue 5: entity recall ≥ 0.90 and precision ≥ 0.85 after normalisation, every type included."""
    overall = results["ALL SETS, en"]["strict"]["ALL"]
    assert overall["precision"] >= 0.85 and overall["recall"] >= 0.90
    assert results["ALL SETS, en"]["strict"]["ALL"]["gold"] >= 250


@pytest.mark.parametrize(
    "run",
    [
        "en held-out 5 (entity_heldout5_en)",
        "ALL SETS, en + ar + translation route (oracle)",
        "held-out 5, en + ar + translation route (oracle)",
    ],
)
def test_issue_targets_where_the_route_has_a_model(results: dict[str, Any], run: str) -> None:
    """English, and English and Arabic together through the translation route, meet the issue's targets (recall
    ≥ 0.90, precision ≥ 0.85), on the clean held-out 5 too."""
    overall = results[run]["strict"]["ALL"]
    assert overall["precision"] >= 0.85 and overall["recall"] >= 0.90, results[run]["strict"]


def test_aliases_and_gazetteer_lift_the_plain_model(results: dict[str, Any]) -> None:
    ours = results["en dev (entity_gold_en)"]["strict"]["ALL"]
    plain = results["en dev, model only (no aliases, no gazetteer)"]["strict"]["ALL"]
    assert ours["recall"] > plain["recall"] + 0.1
    assert ours["precision"] > plain["precision"] + 0.1


def test_gold_sets_are_big_enough_in_both_languages() -> None:
    from enrich import GOLD_FILES, load_gold

    english = [g for pattern in GOLD_FILES.values() for g in load_gold(pattern.format("en"))]
    arabic = [g for pattern in GOLD_FILES.values() for g in load_gold(pattern.format("ar"))]
    assert len(english) + len(arabic) >= 40
    assert min(len(english), len(arabic)) >= 20
    for paragraph in english + arabic:
        assert paragraph["entities"], paragraph["id"]
        assert all(
            entity["type"] in {"PERSON", "ORG", "GPE", "LOC", "NORP"} for entity in paragraph["entities"]
        )


def test_french_meets_the_issues_target_on_its_held_out_sets(results: dict[str, Any]) -> None:
    """Issue 16: French entities on held-out gold P ≥ 0.85 and R ≥ 0.85 (the sets were not tuned on)."""
    overall = results["ALL SETS, fr held-out"]["lenient"]["ALL"]
    assert overall["precision"] >= 0.85 and overall["recall"] >= 0.85, overall


def test_people_named_once_are_found(results: dict[str, Any]) -> None:
    """Issue 16: a person named once (title, apposition, "…، قال X") in English and Arabic."""
    assert results["ALL SETS, en"]["single_mention_people"]["recall"] >= 0.98
    arabic = [results[f"ar {label} (entity_{name}_ar)"]["single_mention_people"] for label, name in (
        ("dev", "gold"), ("held-out", "heldout"), ("held-out 2", "heldout2"), ("held-out 3", "heldout3"),
        ("held-out 4", "heldout4"), ("held-out 5", "heldout5"))]  # fmt: skip
    found, gold = sum(run["found"] for run in arabic), sum(run["gold"] for run in arabic)
    assert found / gold >= 0.88, [run["missed"] for run in arabic]
    assert results["ar people dev (entity_people_dev_ar)"]["single_mention_people"]["recall"] >= 0.8


@pytest.mark.parametrize(
    ("label", "order", "most_splits"),
    [("dev", "en → ar → fr", 1), ("held-out 5", "en → ar → fr", 2),
     ("dev", "ar → fr → en", 1), ("held-out 5", "ar → fr → en", 2)],
)  # fmt: skip
def test_one_catalogue_entity_across_languages(label: str, order: str, most_splits: int) -> None:
    """Issue 16: the same entity named in English, Arabic and French resolves to one catalogue row of the real
    store (a person named in Arabic script joins the Latin row stored before it); the splits left are counted in
    docs/enrichment.md. No two real-world entities may share one."""
    identity = parallel_identity(PARALLEL_SETS[label])[order]
    assert identity["merges"] == []
    assert len(identity["splits"]) <= most_splits, identity["splits"]
