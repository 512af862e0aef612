"""Where newsflow's extraction spends its time, and proof that a speed change leaves every output as it was.

Runs ``parse_article`` (``newsflow_ingest.extraction``) over the AEB pages (``html/`` + ``ground-truth.json``, as
``run.py`` loads them) and, with ``--metadata-dev``, over the metadata-dev pages (as ``generality.py`` loads
them: both splits, only to run the extractor, never to read a page). Four modes, combinable:

``--profile`` (default when no other mode is given)
    one warm-up pass, then one pass under cProfile; prints the top ``--top`` functions by cumulative and by own
    ("tottime") time.
``--sample N``
    N passes under a sampling profiler (a CPU timer signal every half millisecond; each sample goes to the
    newsflow function and line nearest the top of the stack, or to trafilatura when one of its frames is on
    it). cProfile's per-call overhead inflates Python-heavy readers and hides libxml2's own time; samples do
    neither: time spent in lxml (a walk, an attribute read, a serialisation) lands on the line that asked.
``--time N``
    N passes timed with ``time.process_time`` (CPU of this process), after one warm-up pass; prints CPU
    milliseconds per page for each pass and their median. Steadier than pages per wall second on a shared
    machine; to compare two trees, run it in each worktree alternately.
``--dump FILE``
    every page's full ``ParsedArticle`` (title, authors, organisation, dates, body, blocks, images, extras,
    status, provenance, …) as JSON, keyed by set and page id; ``fetched_at`` is fixed so that two runs compare
    byte for byte. ``--compare OTHER`` then lists the pages and fields where FILE and OTHER differ (exit 1).

    python benchmarks/extraction/profile_extract.py --profile --top 40
    python benchmarks/extraction/profile_extract.py --metadata-dev /work/shared/benchmarks/metadata-dev \\
        --dump /tmp/after.json --compare /tmp/before.json
    python benchmarks/extraction/profile_extract.py --time 3
    python benchmarks/extraction/profile_extract.py --sample 4 --top 40
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import signal
import statistics
import sys
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from benchmarks.extraction.generality import load_metadata_dev  # noqa: E402
from benchmarks.extraction.run import load_pages  # noqa: E402

# A fixed fetch time: relative dates ("3 hours ago") and the plausibility bound depend on it.
FETCHED_AT = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)

PageInput = tuple[str, str, str, str]  # set, page id, url, html


def load_inputs(metadata_dev: Path | None) -> list[PageInput]:
    """The AEB pages, then (if asked) the metadata-dev pages, as (set, id, url, html)."""
    inputs = [("aeb", p.page_id, p.url, p.html) for p in load_pages()]
    if metadata_dev is not None:
        inputs += [
            ("metadata-dev", p.page_id, p.url or "https://unknown.invalid/", p.html)
            for p in load_metadata_dev(metadata_dev)
        ]
    return inputs


def extract_all(inputs: list[PageInput]) -> list[Any]:
    """``parse_article`` on every page, in order."""
    from newsflow_ingest.extraction import parse_article

    return [parse_article(html, url, fetched_at=FETCHED_AT) for _, _, url, html in inputs]


def profile(inputs: list[PageInput], top: int) -> None:
    """One warm-up pass, then one profiled pass; the top functions by cumulative and by own time."""
    extract_all(inputs)
    profiler = cProfile.Profile()
    profiler.enable()
    extract_all(inputs)
    profiler.disable()
    stats = pstats.Stats(profiler, stream=sys.stdout).strip_dirs()
    for key in ("cumulative", "tottime"):
        print(f"\n=== top {top} by {key} ===")
        stats.sort_stats(key).print_stats(top)


_PACKAGE = "newsflow_ingest/extraction/"


def sample(inputs: list[PageInput], passes: int, top: int) -> None:
    """One warm-up pass, then ``passes`` passes under a SIGPROF sampler; the top lines and functions by share."""
    extract_all(inputs)
    lines: Counter[str] = Counter()
    functions: Counter[str] = Counter()

    def record(_signal: int, frame: FrameType | None) -> None:
        nearest, seen, in_trafilatura = None, set(), False
        while frame is not None:
            path = frame.f_code.co_filename
            in_trafilatura = in_trafilatura or f"{os.sep}trafilatura{os.sep}" in path
            if _PACKAGE in path:
                name = f"{path.split(_PACKAGE)[1]}:{frame.f_code.co_name}"
                nearest = nearest or f"{name}:{frame.f_lineno}"
                seen.add(name)
            frame = frame.f_back
        lines["<trafilatura>" if in_trafilatura else nearest or "<other>"] += 1
        functions.update(seen)

    previous = signal.signal(signal.SIGPROF, record)
    signal.setitimer(signal.ITIMER_PROF, 0.0005, 0.0005)
    try:
        for _ in range(passes):
            extract_all(inputs)
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0, 0)
        signal.signal(signal.SIGPROF, previous)
    total = sum(lines.values()) or 1
    for title, counts in (
        ("lines (own time; trafilatura lumped)", lines),
        ("functions (inclusive)", functions),
    ):
        print(f"\n=== top {top} {title}, {total} samples ===")
        for name, count in counts.most_common(top):
            print(f"{100 * count / total:6.2f}%  {name}")


def time_passes(inputs: list[PageInput], passes: int) -> None:
    """CPU milliseconds per page over ``passes`` timed passes, after one warm-up pass."""
    extract_all(inputs)
    per_page = []
    for n in range(passes):
        start = time.process_time()
        extract_all(inputs)
        per_page.append((time.process_time() - start) * 1000 / len(inputs))
        print(f"pass {n + 1}: {per_page[-1]:.2f} CPU ms/page")
    print(f"median: {statistics.median(per_page):.2f} CPU ms/page over {len(inputs)} pages")


def dump(inputs: list[PageInput], path: Path) -> dict[str, Any]:
    """Every page's full output as JSON at ``path``; returns what it wrote."""
    rows = {
        f"{kind}/{page_id}": parsed.model_dump(mode="json")
        for (kind, page_id, _, _), parsed in zip(inputs, extract_all(inputs), strict=True)
    }
    path.write_text(json.dumps(rows, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
    return rows


def compare(new: dict[str, Any], old_path: Path) -> int:
    """Print every page and field where ``new`` and the dump at ``old_path`` differ; the number of pages."""
    old = json.loads(old_path.read_text(encoding="utf-8"))
    differing = 0
    for key in sorted(set(new) | set(old)):
        a, b = old.get(key), new.get(key)
        if a == b:
            continue
        differing += 1
        if a is None or b is None:
            print(f"{key}: only in {'new' if a is None else 'old'}")
            continue
        for field in sorted(set(a) | set(b)):
            if a.get(field) != b.get(field):
                print(f"{key} {field}: {str(a.get(field))[:120]!r} -> {str(b.get(field))[:120]!r}")
    print(f"{differing} of {len(set(new) | set(old))} pages differ")
    return differing


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--metadata-dev", type=Path, help="also the metadata-dev pages (this directory)")
    parser.add_argument("--profile", action="store_true", help="profile one pass under cProfile")
    parser.add_argument("--top", type=int, default=30, help="functions to print per ordering")
    parser.add_argument("--sample", type=int, default=0, help="passes under a sampling profiler")
    parser.add_argument("--time", type=int, default=0, help="timed passes (CPU ms per page)")
    parser.add_argument("--dump", type=Path, help="write every page's full output here (JSON)")
    parser.add_argument("--compare", type=Path, help="with --dump: an earlier dump to compare against")
    args = parser.parse_args()

    inputs = load_inputs(args.metadata_dev)
    if args.profile or not (args.time or args.dump or args.sample):
        profile(inputs, args.top)
    if args.sample:
        sample(inputs, args.sample, args.top)
    if args.time:
        time_passes(inputs, args.time)
    if args.dump:
        rows = dump(inputs, args.dump)
        if args.compare and compare(rows, args.compare):
            sys.exit(1)


if __name__ == "__main__":
    main()
