"""Body scores newsflow beside trafilatura, per page where pages may be read (AEB, metadata-dev ``dev``) and as
aggregates only on the held-out ``check`` split (issue 15, ninth pass).

Per page: token F1 (the AEB metric, as ``generality.py`` scores ``body``) where the reference is a full body, and
``body_start`` (the reference's first 10 words within the body's first 60) elsewhere. ``--losses FILE`` writes
one JSON line per AEB or ``dev`` page where trafilatura scores higher than newsflow, with both bodies and the
reference, largest loss first. ``check`` pages are scored in memory and only their means are printed, by
language group as well; no ``check`` page, score or output is written anywhere.

trafilatura's scores do not depend on newsflow's code: ``--cache FILE`` keeps its per-page figures for AEB and
``dev`` and its ``check`` means, so that a rule can be ablated with one newsflow pass (about a minute).

    python benchmarks/extraction/body_losses.py [--data DIR] [--losses FILE] [--cache FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from benchmarks.extraction.generality import (  # noqa: E402
    Page,
    load_aeb,
    load_metadata_dev,
    newsflow,
    trafilatura,
)
from benchmarks.extraction.metadata_dev.scoring import body_start  # noqa: E402
from benchmarks.extraction.metric import score_page, summarize  # noqa: E402


def page_scores(page: Page, body: str) -> dict[str, float]:
    """The page's body figures: ``body`` (token F1) and/or ``body_start`` (0 or 1)."""
    found: dict[str, float] = {}
    if page.label["body"]:
        found["body"] = summarize([score_page(page.label["body"], body)]).f1
    if page.label["body_prefix"]:
        found["body_start"] = float(body_start(page.label["body_prefix"], body))
    return found


def part_of(page: Page, set_name: str) -> str:
    return "AEB" if set_name == "AEB" else page.split


def means(rows: list[tuple[str, str, dict[str, float]]]) -> dict[str, dict[str, list[float]]]:
    """``{part or "part · group": {field: [sum, count]}}``."""
    totals: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(lambda: [0.0, 0.0]))
    for part, group, scores in rows:
        for name in (part, f"{part} · {group}"):
            for field, value in scores.items():
                totals[name][field][0] += value
                totals[name][field][1] += 1
    return {k: {f: list(v) for f, v in fields.items()} for k, fields in totals.items()}


def score_all(
    extract: Any, sets: dict[str, list[Page]]
) -> tuple[dict[str, dict[str, float]], dict[str, dict[str, list[float]]], float]:
    """Per-page scores of readable pages (keyed by id), means of every part and group, pages per CPU second."""
    readable: dict[str, dict[str, float]] = {}
    rows: list[tuple[str, str, dict[str, float]]] = []
    count, cpu = 0, time.process_time()
    for set_name, pages in sets.items():
        for page in pages:
            try:
                body = extract(page).body
            except Exception:  # scored as an empty body, as generality.py does
                body = ""
            count += 1
            scores = page_scores(page, body)
            part = part_of(page, set_name)
            rows.append((part, page.language, scores))
            if part != "check":
                readable[page.page_id] = scores
    return readable, means(rows), count / max(time.process_time() - cpu, 1e-9)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    default = os.environ.get("NEWSFLOW_METADATA_DEV") or str(HERE / "metadata_dev" / "data")
    parser.add_argument("--data", type=Path, default=Path(default))
    parser.add_argument("--losses", type=Path)
    parser.add_argument("--cache", type=Path)
    args = parser.parse_args()
    dev = [p for p in load_metadata_dev(args.data) if p.label["body"] or p.label["body_prefix"]]
    sets = {"AEB": load_aeb(), "metadata-dev": dev}
    newsflow(sets["AEB"][0])  # warm-up
    mine, my_means, speed = score_all(newsflow, sets)
    if args.cache and args.cache.exists():
        cached = json.loads(args.cache.read_text())
        theirs, their_means = cached["pages"], cached["means"]
    else:
        theirs, their_means, _ = score_all(trafilatura, sets)
        if args.cache:
            args.cache.write_text(json.dumps({"pages": theirs, "means": their_means}))
    print(f"newsflow pages/CPU-s {speed:.1f}")
    print("| part | field | newsflow | trafilatura | n |")
    print("|---|---|---|---|---|")
    for name in sorted(my_means):
        for field, (total, n) in sorted(my_means[name].items()):
            other = their_means.get(name, {}).get(field, [0.0, 1.0])
            print(f"| {name} | {field} | {total / n:.4f} | {other[0] / other[1]:.4f} | {int(n)} |")
    if args.losses:
        write_losses(args.losses, sets, mine, theirs)


def write_losses(
    path: Path, sets: dict[str, list[Page]], mine: dict[str, dict[str, float]], theirs: dict[str, Any]
) -> None:
    """Every readable page where trafilatura scores higher, with both bodies (recomputed) and the reference."""
    rows = []
    for set_name, pages in sets.items():
        for page in pages:
            if part_of(page, set_name) == "check":
                continue
            for field, value in mine.get(page.page_id, {}).items():
                other = theirs.get(page.page_id, {}).get(field, 0.0)
                if other > value + 1e-9:
                    rows.append({"set": part_of(page, set_name), "id": page.page_id, "url": page.url,
                                 "field": field, "newsflow": round(value, 4), "trafilatura": round(other, 4),
                                 "loss": round(other - value, 4), "language": page.language,
                                 "reference": page.label["body"] or page.label["body_prefix"],
                                 "newsflow_body": newsflow(page).body,
                                 "trafilatura_body": trafilatura(page).body})  # fmt: skip
    rows.sort(key=lambda row: -row["loss"])
    path.write_text("\n".join(json.dumps(row, ensure_ascii=False) for row in rows) + "\n", "utf-8")
    print(f"{len(rows)} losses written to {path}")


if __name__ == "__main__":
    main()
