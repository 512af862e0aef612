"""Merge hand-written label lines into ``benchmarks/extraction/labels.json``.

Usage: ``python benchmarks/extraction/label_tools/add_labels.py < batch.jsonl``

Each input line is a JSON array ``[id_prefix, title, authors, organisation, published, published_source, notes]``.
``id_prefix`` is any unique prefix of a page id. ``title`` may be ``"=h1"``: the text of the page's first visible
``<h1>`` exactly as displayed (whitespace collapsed) — a transcription shortcut for the labeller, used only after
checking on screen that this ``<h1>`` is the headline. Everything else is typed by the labeller.
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path
from typing import Any

import lxml.html
from show_page import MARKERS, visible_lines

DATA = Path(__file__).resolve().parents[1]
LABELS = DATA / "labels.json"


def first_h1(page_id: str) -> str:
    """The text of the page's first visible ``<h1>`` (as ``show_page`` displays it), whitespace collapsed."""
    raw = gzip.decompress((DATA / "html" / f"{page_id}.html.gz").read_bytes()).decode("utf-8", "replace")
    for line in visible_lines(lxml.html.document_fromstring(raw)):
        if "[H1] " in line:
            text = line.split("[H1] ", 1)[1]
            leading = MARKERS.match(text)
            return text[leading.end() :].strip() if leading else text.strip()
    raise SystemExit(f"{page_id}: no visible <h1>, type the title")


def main() -> None:
    gold = json.loads((DATA / "ground-truth.json").read_text(encoding="utf-8"))
    labels: dict[str, Any] = json.loads(LABELS.read_text(encoding="utf-8")) if LABELS.exists() else {}
    for line in sys.stdin:
        if not line.strip():
            continue
        prefix, title, authors, organisation, published, source, notes = json.loads(line)
        matches = [i for i in gold if i.startswith(prefix)]
        if len(matches) != 1:
            raise SystemExit(f"prefix {prefix!r} matches {len(matches)} pages")
        page_id = matches[0]
        labels[page_id] = {
            "url": gold[page_id]["url"],
            "title": first_h1(page_id) if title == "=h1" else title,
            "authors": authors,
            "organisation": organisation,
            "published": published,
            "published_source": source,
            "notes": notes,
        }
    text = json.dumps(dict(sorted(labels.items())), ensure_ascii=False, indent=2) + "\n"
    LABELS.write_text(text, encoding="utf-8")
    print(f"{len(labels)} pages labelled")


if __name__ == "__main__":
    main()
