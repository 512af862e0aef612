"""Article-body extraction benchmark: newsflow beside trafilatura and readability-lxml, measured in one run.

Data: the Zyte article-extraction benchmark (181 pages, gold bodies; ``html/``, ``ground-truth.json``, MIT licence
in ``LICENSE``). Metric: ``metric.py``. Every page is decompressed and decoded into memory first; each extractor
then makes one warm-up pass over all pages (imports, caches, lazy compilation) and five timed passes, interleaved
across extractors (median speed; the last pass's outputs are scored). When ``labels.json`` (hand-labelled title,
authors, publication date per page) is present, the metadata accuracy of newsflow and trafilatura is printed too.

    python benchmarks/extraction/run.py [--only newsflow] [--bootstrap 1000] [--dump DIR]
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.extraction.metadata_eval import print_metadata_table  # noqa: E402
from benchmarks.extraction.metric import PageScore, bootstrap_std, score_page, summarize  # noqa: E402


@dataclass(frozen=True)
class Page:
    page_id: str
    url: str
    html: str
    gold: str


def load_pages() -> list[Page]:
    """Every benchmark page with its gold body, HTML already decoded (UTF-8, as the benchmark saved it)."""
    truth = json.loads((HERE / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for page_id in sorted(truth):
        raw = gzip.decompress((HERE / "html" / f"{page_id}.html.gz").read_bytes())
        html = raw.decode("utf-8", errors="replace")
        pages.append(Page(page_id, truth[page_id]["url"], html, truth[page_id]["articleBody"]))
    return pages


def _newsflow(page: Page) -> str:
    from newsflow_ingest.extraction import parse_article

    return parse_article(page.html, page.url).body


def _trafilatura(page: Page) -> str:
    import trafilatura

    return trafilatura.extract(page.html, url=page.url, include_comments=False) or ""


def _trafilatura_precision(page: Page) -> str:
    import trafilatura

    return trafilatura.extract(page.html, url=page.url, include_comments=False, favor_precision=True) or ""


def _readability(page: Page) -> str:
    import lxml.html
    from readability import Document

    summary = Document(page.html).summary(html_partial=True)
    # text nodes joined by spaces: text_content() would glue "</p><p>" neighbours into one token
    return " ".join(lxml.html.fromstring(summary).itertext()) if summary.strip() else ""


EXTRACTORS: dict[str, tuple[str, Callable[[Page], str]]] = {
    "newsflow": ("newsflow", _newsflow),
    "trafilatura": ("trafilatura 2.3.1 (`include_comments=False`)", _trafilatura),
    "trafilatura-precision": ("trafilatura 2.3.1, `favor_precision=True`", _trafilatura_precision),
    "readability": ("readability-lxml 0.9", _readability),
}


def warm_up(extract: Callable[[Page], str], pages: list[Page]) -> None:
    """One untimed pass: imports, caches, lazily compiled patterns."""
    for page in pages:
        _safe(extract, page)


def timed_pass(extract: Callable[[Page], str], pages: list[Page]) -> tuple[list[str], float, float]:
    """One timed pass over every page: the outputs, pages per wall-clock second and per CPU second."""
    start, cpu_start = time.perf_counter(), time.process_time()
    outputs = [_safe(extract, page) for page in pages]
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    return outputs, len(pages) / wall, len(pages) / max(cpu, 1e-9)


def _safe(extract: Callable[[Page], str], page: Page) -> str:
    try:
        return extract(page)
    except Exception as error:  # an extractor that crashes scores an empty body on that page
        print(f"  {page.page_id[:12]}: {type(error).__name__}: {error}", file=sys.stderr)
        return ""


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--only", action="append", choices=sorted(EXTRACTORS), help="run only these extractors"
    )
    parser.add_argument("--bootstrap", type=int, default=1000, help="bootstrap resamples for ± (0: none)")
    parser.add_argument(
        "--dump", type=Path, help="write each extractor's outputs and page scores as JSON here"
    )
    parser.add_argument(
        "--rounds", type=int, default=5, help="timed passes per extractor, interleaved (median)"
    )
    args = parser.parse_args()

    pages = load_pages()
    names = args.only or list(EXTRACTORS)
    for name in names:
        warm_up(EXTRACTORS[name][1], pages)
    # Timed passes interleaved round-robin, so that a change in machine load (shared CI runners, other
    # processes) affects every extractor alike; pages/s is the median of the rounds. Pages per CPU second
    # (this process only) is printed too: on a shared machine it is the steadier of the two.
    speeds: dict[str, list[float]] = {name: [] for name in names}
    cpu_speeds: dict[str, list[float]] = {name: [] for name in names}
    outputs: dict[str, list[str]] = {}
    for _ in range(max(1, args.rounds)):
        for name in names:
            outputs[name], pages_per_second, pages_per_cpu_second = timed_pass(EXTRACTORS[name][1], pages)
            speeds[name].append(pages_per_second)
            cpu_speeds[name].append(pages_per_cpu_second)
    print(f"\narticle-body extraction — {len(pages)} pages (Zyte article-extraction-benchmark)\n")
    print("| extractor | F1 | precision | recall | accuracy | pages/s | pages/CPU-s |")
    print("|---|---|---|---|---|---|---|")
    for name in names:
        scores = [score_page(page.gold, out) for page, out in zip(pages, outputs[name], strict=True)]
        wall, cpu = statistics.median(speeds[name]), statistics.median(cpu_speeds[name])
        print(
            f"| {EXTRACTORS[name][0]} | {_figures(scores, args.bootstrap)} | {wall:.1f} | {cpu:.1f} |",
            flush=True,
        )
        if args.dump:
            _dump(args.dump / f"{name}.json", pages, outputs[name], scores)
    labels = HERE / "labels.json"
    if labels.exists():
        print_metadata_table(pages, labels)


def _figures(scores: list[PageScore], resamples: int) -> str:
    summary = summarize(scores)
    values = (summary.f1, summary.precision, summary.recall, summary.accuracy)
    if resamples <= 0:
        return " | ".join(f"{v:.3f}" for v in values)
    spread = bootstrap_std(scores, resamples=resamples)
    errors = (spread.f1, spread.precision, spread.recall, spread.accuracy)
    return " | ".join(f"{v:.3f} ± {e:.3f}" for v, e in zip(values, errors, strict=True))


def _dump(path: Path, pages: list[Page], outputs: list[str], scores: list[PageScore]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    rows: list[dict[str, Any]] = [
        {"id": p.page_id, "url": p.url, "precision": s.precision, "recall": s.recall, "output": o}
        for p, o, s in zip(pages, outputs, scores, strict=True)
    ]
    path.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
