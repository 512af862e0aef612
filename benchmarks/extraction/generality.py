"""Every field on every dev set, newsflow beside trafilatura (and newspaper4k when installed), in one run.

Sets: AEB (181 pages: gold body, hand labels in ``labels.json``) and metadata-dev (other projects' reference
outputs, ``metadata_dev/``), the latter by publisher-held-out split (``splits.py``: ``dev`` was looked at while
writing rules, ``check`` never) and by language group. Each extractor runs once over every page; pages per CPU
second is this process's CPU time over all pages of the set. Scoring: ``metadata_dev/scoring.py``.

    python benchmarks/extraction/generality.py [--data DIR] [--only newsflow] [--misses FILE]

``--data`` defaults to ``$NEWSFLOW_METADATA_DEV`` or ``benchmarks/extraction/metadata_dev/data``.
``--misses`` writes newsflow's misses per field (on both splits, marked) as JSON lines, for reading.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import sys
import tarfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from benchmarks.extraction.metadata_dev.scoring import (  # noqa: E402
    authors_f1,
    body_start,
    date_match,
    title_match,
)
from benchmarks.extraction.metric import score_page, summarize  # noqa: E402
from benchmarks.extraction.splits import publisher_key, split_of  # noqa: E402

_LANG = re.compile(r"<html[^>]*\blang=[\"']?([a-zA-Z]{2,3})", re.I)
_GROUPS = {"en": "en", "de": "de", "fr": "fr", "es": "es/pt/it", "pt": "es/pt/it", "it": "es/pt/it",
           "zh": "zh/ja/ko", "ja": "zh/ja/ko", "ko": "zh/ja/ko", "ar": "ar/fa", "fa": "ar/fa"}  # fmt: skip


@dataclass(frozen=True)
class Page:
    page_id: str
    url: str
    html: str
    label: dict[str, Any]  # title, authors, published, body (full text), body_prefix: None = no expectation
    split: str
    language: str


@dataclass(frozen=True)
class Output:
    title: str | None
    authors: list[str]  # people, then the organisation byline when the extractor has one
    published: str | None
    body: str


@dataclass
class Tally:
    values: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))

    def add(self, name: str, value: float) -> None:
        self.values[name].append(value)

    def mean(self, name: str) -> str:
        found = self.values.get(name)
        return f"{sum(found) / len(found):.3f} ({len(found)})" if found else "—"


def language_group(html: str) -> str:
    match = _LANG.search(html[:5000])
    return _GROUPS.get(match.group(1).lower()[:2], "other") if match else "unknown"


def _page_reader(root: Path) -> Callable[[str], bytes]:
    """The raw bytes of a page by its ``html`` path: from ``pages/`` (the shared copy) or ``pages.tar.xz`` (the
    repository's copy: the same files, decompressed, in one xz archive)."""
    archive = root / "pages.tar.xz"
    if not archive.exists():
        return lambda path: gzip.decompress((root / path).read_bytes())
    with tarfile.open(archive) as tar:
        members = {m.name: tar.extractfile(m) for m in tar.getmembers() if m.isfile()}
        files = {name: handle.read() for name, handle in members.items() if handle is not None}
    return lambda path: files[path.removesuffix(".gz")]


def _corrections() -> dict[tuple[str, str], Any]:
    """``metadata_dev/corrections.jsonl``: reference values judged wrong against the page, one per line with
    ``id``, ``field`` (``title``, ``authors``, ``published_at`` or ``body_prefix``, the label's own field name; for
    article-extraction-dataset pages ``body_prefix`` is the full body), ``was``, ``now`` and ``reason``."""
    path = HERE / "metadata_dev" / "corrections.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return {(row["id"], row["field"]): row["now"] for row in rows}


def load_metadata_dev(root: Path, *, corrected: bool = True) -> list[Page]:
    pages = []
    read = _page_reader(root)
    fixed = _corrections() if corrected else {}
    labels_file = root / "labels.jsonl"
    text = (
        labels_file.read_text(encoding="utf-8")
        if labels_file.exists()
        else gzip.decompress((HERE / "metadata_dev" / "labels.jsonl.gz").read_bytes()).decode("utf-8")
    )
    for line in text.splitlines():
        row = json.loads(line)
        for name in ("title", "authors", "published_at", "body_prefix"):
            row[name] = fixed.get((row["id"], name), row[name])
        html = read(row["html"]).decode("utf-8", errors="replace")
        full_body = row["source"] == "article-extraction-dataset"
        label = {
            "title": row["title"],
            "authors": row["authors"],
            "published": row["published_at"],
            "body": row["body_prefix"] if full_body else None,
            "body_prefix": None if full_body else row["body_prefix"],
        }
        split = split_of(publisher_key(row["url"], html, row["id"]))
        pages.append(Page(row["id"], row["url"] or "", html, label, split, language_group(html)))
    return pages


def load_aeb() -> list[Page]:
    truth = json.loads((HERE / "ground-truth.json").read_text(encoding="utf-8"))
    labels = json.loads((HERE / "labels.json").read_text(encoding="utf-8"))
    pages = []
    for page_id in sorted(truth):
        html = gzip.decompress((HERE / "html" / f"{page_id}.html.gz").read_bytes()).decode("utf-8", "replace")
        hand = labels.get(page_id, {})
        people = list(hand.get("authors") or []) + (
            [hand["organisation"]] if hand.get("organisation") else []
        )
        label = {"title": hand.get("title"), "authors": people, "published": hand.get("published"),
                 "body": truth[page_id]["articleBody"], "body_prefix": None}  # fmt: skip
        url = truth[page_id]["url"]
        pages.append(Page(page_id, url, html, label, split_of(publisher_key(url, html, page_id)),
                          language_group(html)))  # fmt: skip
    return pages


def newsflow(page: Page) -> Output:
    from newsflow_ingest.extraction import parse_article

    parsed = parse_article(page.html, page.url or "https://unknown.invalid/")
    people = list(parsed.authors) + ([parsed.organisation] if parsed.organisation else [])
    return Output(parsed.title, people, parsed.published_at, parsed.body)


def trafilatura(page: Page) -> Output:
    import trafilatura as library

    found: Any = library.bare_extraction(
        page.html, url=page.url or None, with_metadata=True, include_comments=False
    )
    if found is None:
        return Output(None, [], None, "")
    authors = [a.strip() for a in (found.author or "").split(";") if a.strip()]
    return Output(found.title, authors, found.date, found.text or "")


def newspaper4k(page: Page) -> Output:
    import newspaper  # type: ignore[import-not-found]

    article = newspaper.Article(page.url or "https://unknown.invalid/", fetch_images=False)
    article.download(input_html=page.html)
    article.parse()
    published = article.publish_date.isoformat() if article.publish_date else None
    return Output(article.title, list(article.authors), published, article.text or "")


def available_extractors() -> dict[str, Callable[[Page], Output]]:
    found: dict[str, Callable[[Page], Output]] = {"newsflow": newsflow, "trafilatura": trafilatura}
    try:
        import newspaper  # noqa: F401

        found["newspaper4k"] = newspaper4k
    except ImportError:
        pass
    return found


def run(extract: Callable[[Page], Output], pages: list[Page]) -> tuple[list[Output], float]:
    outputs = []
    cpu = time.process_time()
    for page in pages:
        try:
            outputs.append(extract(page))
        except Exception as error:  # a crash scores as an empty output on that page
            print(f"  {page.page_id}: {type(error).__name__}: {error}", file=sys.stderr)
            outputs.append(Output(None, [], None, ""))
    return outputs, len(pages) / max(time.process_time() - cpu, 1e-9)


def score(page: Page, out: Output, tally: Tally) -> dict[str, bool]:
    """Adds the page's field scores to ``tally``; returns which labelled fields missed."""
    label, missed = page.label, {}
    if label["title"] is not None:
        exact, lenient = title_match(label["title"], out.title)
        tally.add("title", exact)
        tally.add("title_lenient", lenient)
        missed["title"] = not exact
    if label["authors"] is not None:
        f1 = authors_f1(label["authors"], out.authors)
        tally.add("authors", f1)
        missed["authors"] = f1 < 1
    if label["published"]:
        hit = date_match(label["published"], out.published)
        tally.add("published", hit)
        missed["published"] = not hit
    if label["body"]:
        summary = summarize([score_page(label["body"], out.body)])
        tally.add("body", summary.f1)
        missed["body"] = summary.f1 < 0.9
    if label["body_prefix"]:
        hit = body_start(label["body_prefix"], out.body)
        tally.add("body_start", hit)
        missed["body_start"] = not hit
    return missed


FIELDS = ("title", "title_lenient", "authors", "published", "body", "body_start")


def table(rows: Iterable[tuple[str, str, Tally, float | None]]) -> None:
    print("| set | extractor | " + " | ".join(FIELDS) + " | pages/CPU-s |")
    print("|---|---|" + "---|" * (len(FIELDS) + 1))
    for set_name, extractor, tally, speed in rows:
        speed_text = f"{speed:.1f}" if speed else ""
        print(
            f"| {set_name} | {extractor} | "
            + " | ".join(tally.mean(f) for f in FIELDS)
            + f" | {speed_text} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    default = os.environ.get("NEWSFLOW_METADATA_DEV") or str(HERE / "metadata_dev" / "data")
    parser.add_argument("--data", type=Path, default=Path(default))
    parser.add_argument("--only", action="append")
    parser.add_argument("--misses", type=Path)
    parser.add_argument("--raw-references", action="store_true", help="ignore metadata_dev/corrections.jsonl")
    args = parser.parse_args()
    sets = {
        "AEB": load_aeb(),
        "metadata-dev": load_metadata_dev(args.data, corrected=not args.raw_references),
    }
    extractors = {k: v for k, v in available_extractors().items() if not args.only or k in args.only}
    rows: list[tuple[str, str, Tally, float | None]] = []
    groups: list[tuple[str, str, Tally, float | None]] = []
    misses: list[dict[str, Any]] = []
    for name, extract in extractors.items():
        for set_name, pages in sets.items():
            extract(pages[0])  # warm-up: imports, lazily compiled patterns
            outputs, speed = run(extract, pages)
            by_part: dict[str, Tally] = defaultdict(Tally)
            for page, out in zip(pages, outputs, strict=True):
                parts = [set_name] if set_name == "AEB" else [f"{set_name}/{page.split}"]
                if set_name != "AEB":
                    parts.append(f"{set_name}/{page.split} · {page.language}")
                for part in parts:
                    missed = score(page, out, by_part[part])
                if name == "newsflow":
                    misses += [_miss(set_name, page, out, f) for f, bad in missed.items() if bad]
            for part in sorted(by_part):
                grouped = " · " in part
                (groups if grouped else rows).append((part, name, by_part[part], None if grouped else speed))
    print("\n## every field, every set\n")
    table(sorted(rows, key=lambda row: (row[0], row[1])))
    print("\n## metadata-dev by language group\n")
    table(sorted(groups, key=lambda row: (row[0], row[1])))
    if args.misses:
        args.misses.write_text("\n".join(json.dumps(m, ensure_ascii=False) for m in misses) + "\n", "utf-8")


def _miss(set_name: str, page: Page, out: Output, name: str) -> dict[str, Any]:
    label_key = {"title_lenient": "title"}.get(name, name)
    got = {"title": out.title, "authors": out.authors, "published": out.published}.get(
        label_key, out.body[:200]
    )
    return {"set": set_name, "split": page.split, "id": page.page_id, "url": page.url, "field": name,
            "label": page.label.get(label_key) if label_key in page.label else None, "got": got}  # fmt: skip


if __name__ == "__main__":
    main()
