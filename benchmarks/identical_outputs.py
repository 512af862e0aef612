"""Outputs that a behaviour-preserving refactor must leave byte-identical: run once per checkout, then ``cmp``.

    python benchmarks/identical_outputs.py /path/to/before/.venv /tmp/before
    # or, for a commit without a virtualenv of its own, through another one (see --source below):
    git archive COMMIT | tar -x -C /tmp/base
    python benchmarks/identical_outputs.py --source /tmp/base .venv /tmp/before
    python benchmarks/identical_outputs.py /path/to/after/.venv /tmp/after
    for f in /tmp/before/*.jsonl; do cmp "$f" /tmp/after/"${f##*/}"; done

The first argument is a virtualenv (or its ``bin/python``) with newsflow installed; the code under test is
whatever that environment imports, so the same copy of this script serves every checkout. It writes:

- ``extract.jsonl``: ``newsflow extract --no-enrich --base-url URL PAGE`` of each of the 181 pages of the
  extraction benchmark (``extraction/html``, URLs from ``extraction/ground-truth.json``), in page-id order, one
  line per page: ``{"page_id", "exit_status", "records"}`` with sorted keys. The CLI runs in one worker process
  (``newsflow.cli.main`` per page, as the console script calls it); the fetch time is fixed at
  ``FETCHED_AT``, so that ``fetched_at`` and dates counted back from it ("3 hours ago") do not depend on the
  clock. The pages are the raw bytes the benchmark stores, so the CLI decodes them itself.
- ``enrich.jsonl``: ``newsflow enrich`` of the enrich benchmark's 200 articles (``make_articles(200)`` of
  ``benchmarks/enrich.py``, rebuilt here without importing it), each output line with sorted keys.
- ``enrich_gold.jsonl``: ``newsflow enrich`` of the texts of every hand-labelled entity set in
  ``enrich_data`` (English and Arabic: the 200 articles are English and never reach the Arabic extractor).

Each file has a twin ``*.raw.jsonl``: what the CLI printed, byte for byte (the records' own key order, which
the sorted files cannot show: ``provenance`` is written in the order the fields were found). Stderr of the
workers goes to ``*.log`` beside them; it is not compared (tracebacks carry line numbers).
The environment's ``NEWSFLOW_*`` variables are dropped and the workers run in an empty directory (no
``.env``), so both runs see default settings. ``--source DIR`` puts the packages of the checkout ``DIR`` (for
instance ``git archive COMMIT | tar -x -C DIR``) ahead of those the virtualenv installed, through
``PYTHONPATH``: the "before" of a commit without a virtualenv of its own (an editable install's finder comes
after ``PYTHONPATH``).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import random
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PAGES = HERE / "extraction"
ENRICH_DATA = HERE / "enrich_data"
FETCHED_AT = datetime(2025, 1, 1, 12, 0, tzinfo=UTC)
ENRICH_ARTICLES = 200
WORDS_PER_ARTICLE = 500  # as in benchmarks/enrich.py


# --- inputs (built by the driver, whatever interpreter runs it) -------------------------------------------


def write_pages(directory: Path) -> Path:
    """Every benchmark page decompressed to ``directory``; returns a JSON list of [page_id, url, path]."""
    truth = json.loads((PAGES / "ground-truth.json").read_text(encoding="utf-8"))
    listing = []
    for page_id in sorted(truth):
        path = directory / f"{page_id}.html"
        path.write_bytes(gzip.decompress((PAGES / "html" / f"{page_id}.html.gz").read_bytes()))
        listing.append([page_id, truth[page_id]["url"], str(path)])
    index = directory / "pages.json"
    index.write_text(json.dumps(listing), encoding="utf-8")
    return index


def _english_paragraphs() -> list[str]:
    """As ``english_paragraphs`` of benchmarks/enrich.py."""
    gold_lines = (ENRICH_DATA / "entity_gold_en.jsonl").read_text("utf-8").splitlines()
    gold = [json.loads(line)["text"] for line in gold_lines]
    seed = (ROOT / "tests/fixtures/seed_body.txt").read_text("utf-8").split("\n\n")
    return [paragraph.strip() for paragraph in gold + seed if len(paragraph.split()) >= 20]


def benchmark_articles(count: int = ENRICH_ARTICLES, seed: int = 5) -> list[dict[str, str]]:
    """As ``make_articles`` of benchmarks/enrich.py, as ``newsflow enrich`` input objects."""
    rng = random.Random(seed)
    paragraphs = _english_paragraphs()
    articles = []
    for index in range(count):
        body: list[str] = []
        while sum(len(p.split()) for p in body) < WORDS_PER_ARTICLE:
            body.append(rng.choice(paragraphs))
        url = f"https://news.example/{index}"
        title = " ".join(body[0].split()[:10])
        articles.append({"url": url, "canonical_url": url, "title": title, "body": "\n\n".join(body)})
    return articles


def gold_articles() -> list[dict[str, str]]:
    """The text of every labelled entity example (sets in file-name order, lines in file order)."""
    articles = []
    for path in sorted(ENRICH_DATA.glob("entity_*.jsonl")):
        for line in path.read_text("utf-8").splitlines():
            example = json.loads(line)
            articles.append({"url": f"{path.stem}:{example['id']}", "body": example["text"]})
    return articles


def write_jsonl(path: Path, objects: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objects), encoding="utf-8")
    return path


# --- running the code under test --------------------------------------------------------------------------


PACKAGE_ROOTS = (".", "shared", "services/ingest", "services/enrich", "services/store", "services/api")


def _clean_env(source: Path | None) -> dict[str, str]:
    """This environment without NEWSFLOW_* settings; with ``source``, its packages first on PYTHONPATH."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("NEWSFLOW_")}
    if source is not None:
        roots = [str(source / root) for root in PACKAGE_ROOTS]
        env["PYTHONPATH"] = os.pathsep.join(roots + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
    return env


def run_extract(python: Path, index: Path, out: Path, workdir: Path, source: Path | None) -> None:
    """This script's ``--worker`` mode under the interpreter being tested."""
    with (out.with_suffix(".log")).open("w", encoding="utf-8") as log:
        subprocess.run(
            [str(python), str(Path(__file__).resolve()), "--worker", str(index), str(out)],
            cwd=workdir,
            env=_clean_env(source),
            stderr=log,
            check=True,
        )


def run_enrich(python: Path, articles: Path, out: Path, workdir: Path, source: Path | None) -> None:
    """The environment's ``newsflow enrich`` console script; every output line re-serialised with sorted keys."""
    newsflow = python.parent / "newsflow"
    with articles.open("rb") as stdin, (out.with_suffix(".log")).open("w", encoding="utf-8") as log:
        result = subprocess.run(
            [str(newsflow), "enrich"],
            cwd=workdir,
            env=_clean_env(source),
            stdin=stdin,
            stderr=log,
            stdout=subprocess.PIPE,
            check=True,
        )
    out.with_suffix(".raw.jsonl").write_bytes(result.stdout)
    lines = result.stdout.decode("utf-8").splitlines()
    out.write_text(
        "".join(json.dumps(json.loads(line), sort_keys=True, ensure_ascii=False) + "\n" for line in lines),
        encoding="utf-8",
    )


def worker(index: Path, out: Path) -> None:
    """Runs under the tested interpreter: ``newsflow extract`` of every page with the fetch time fixed."""
    import contextlib
    import functools
    import io
    import logging

    assert "newsflow.extract_command" not in sys.modules  # it binds parse_article when first imported
    import newsflow_ingest.extraction as extraction

    # The CLI has no option for the fetch time; its parse_article call gets FETCHED_AT through this wrapper.
    extraction.parse_article = functools.partial(extraction.parse_article, fetched_at=FETCHED_AT)
    # main() would configure logging onto the first page's redirected stderr: configure it first, for real.
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    from newsflow.cli import main

    for name in ("newsflow", "newsflow_ingest", "newsflow_shared"):
        print(f"{name} from {sys.modules[name].__file__}", file=sys.stderr)
    with (
        out.open("w", encoding="utf-8") as sink,
        out.with_suffix(".raw.jsonl").open("w", encoding="utf-8") as raw,
    ):
        for page_id, url, path in json.loads(index.read_text(encoding="utf-8")):
            stdout, stderr = io.StringIO(), io.StringIO()
            with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
                status = main(["extract", "--no-enrich", "--base-url", url, path])
            if stderr.getvalue():
                print(f"{page_id}: {stderr.getvalue().rstrip()}", file=sys.stderr)
            raw.write(stdout.getvalue())
            records = [json.loads(line) for line in stdout.getvalue().splitlines()]
            line = {"page_id": page_id, "exit_status": status, "records": records}
            sink.write(json.dumps(line, sort_keys=True, ensure_ascii=False) + "\n")
    from newsflow import extract_command

    used = vars(extract_command)["parse_article"]
    assert used.keywords == {"fetched_at": FETCHED_AT}  # the CLI called the wrapper: the fixed time was used


def _interpreter(path: Path) -> Path:
    return path / "bin" / "python" if path.is_dir() else path


def _summary(path: Path) -> str:
    data = path.read_bytes()
    lines = data.count(b"\n")
    return f"{path.name}: {lines} lines, sha256 {hashlib.sha256(data).hexdigest()[:16]}"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("python", type=Path, help="virtualenv directory or its python")
    parser.add_argument("out", type=Path, help="output directory (created)")
    parser.add_argument("--source", type=Path, help="checkout whose packages go ahead of the virtualenv's")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:  # python = the page index, out = the output file
        worker(args.python, args.out)
        return
    python = _interpreter(args.python.absolute())
    source = args.source.resolve() if args.source else None
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="identical-outputs-") as scratch:
        scratch_dir = Path(scratch)
        pages_dir, workdir = scratch_dir / "pages", scratch_dir / "cwd"
        pages_dir.mkdir()
        workdir.mkdir()
        run_extract(python, write_pages(pages_dir), out / "extract.jsonl", workdir, source)
        articles = write_jsonl(scratch_dir / "articles.jsonl", benchmark_articles())
        run_enrich(python, articles, out / "enrich.jsonl", workdir, source)
        gold = write_jsonl(scratch_dir / "gold.jsonl", gold_articles())
        run_enrich(python, gold, out / "enrich_gold.jsonl", workdir, source)
    for name in ("extract", "enrich", "enrich_gold"):
        print(_summary(out / f"{name}.jsonl"))
        print(_summary(out / f"{name}.raw.jsonl"))


if __name__ == "__main__":
    main()
