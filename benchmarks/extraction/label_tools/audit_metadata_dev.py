"""Dump, per metadata-dev page, the reference, newsflow's and trafilatura's values and what the page shows, to
audit the references against the pages (issue 15, fourth pass). An aid for the human reviewer; nothing in
newsflow imports it.

    python benchmarks/extraction/label_tools/audit_metadata_dev.py --data DIR --out FILE.jsonl

Each line: id, source, split, url, the raw reference (``ref``), the corrected one (``fixed``), the two
extractors' values and which fields each missed, and the page's evidence: its ``<h1>`` texts, ``<title>``,
og:title, elements whose class/itemprop names a byline or author, ``<time>`` elements, elements whose class names
a date, and the declared publication metadata (for comparison, never as the answer).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

import lxml.html

HERE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(HERE.parents[1]))

from benchmarks.extraction import generality  # noqa: E402
from benchmarks.extraction.metadata_dev.scoring import authors_f1, date_match, title_match  # noqa: E402

BY = re.compile(r"byline|author|writer|contributor|reporter|creator", re.I)
DATE = re.compile(r"date|time|publish|posted|timestamp|meta", re.I)
META = re.compile(r"published|pubdate|date|author|og:title|headline|byl|parsely|issued|created", re.I)


def _text(el: Any, limit: int = 160) -> str:
    return " ".join(el.text_content().split())[:limit]


def evidence(html: str) -> dict[str, Any]:
    try:
        doc = lxml.html.document_fromstring(html)
    except Exception:  # an empty or broken page
        return {}
    for bad in doc.xpath("//script[not(@type='application/ld+json')]|//style|//noscript"):
        bad.drop_tree()
    found: dict[str, Any] = {
        "title_tag": _text(doc.find(".//title")) if doc.find(".//title") is not None else None,
        "h1": [_text(h) for h in doc.iter("h1")][:4],
        "by": [], "time": [], "date_el": [], "meta": {}, "jsonld": [],
    }  # fmt: skip
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        attrs = " ".join(str(el.get(a, "")) for a in ("class", "id", "itemprop", "rel"))
        if el.tag == "meta":
            key = el.get("property") or el.get("name") or el.get("itemprop") or ""
            if META.search(key):
                found["meta"].setdefault(key, el.get("content") or el.get("value"))
        elif el.tag == "time":
            found["time"].append([el.get("datetime"), _text(el, 80)])
        elif el.tag == "script":
            found["jsonld"].append(_jsonld_dates((el.text or "")[:20000]))
        elif BY.search(attrs) and len(found["by"]) < 8:
            text = _text(el, 120)
            if text and text not in found["by"]:
                found["by"].append(text)
        elif DATE.search(attrs) and len(found["date_el"]) < 8 and el.tag not in ("html", "body"):
            text = _text(el, 100)
            if text and len(text) < 100 and re.search(r"\d", text) and text not in found["date_el"]:
                found["date_el"].append(text)
    found["time"] = found["time"][:6]
    return found


def _jsonld_dates(text: str) -> dict[str, list[str]]:
    keys = ("headline", "datePublished", "dateModified", "dateCreated", "author")
    return {k: re.findall(rf'"{k}"\s*:\s*("[^"]*"|\{{[^}}]*\}}|\[[^\]]*\])', text)[:3] for k in keys}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    raw = {p.page_id: p for p in generality.load_metadata_dev(args.data, corrected=False)}
    fixed = {p.page_id: p for p in generality.load_metadata_dev(args.data, corrected=True)}
    source = {pid: pid.split("/")[0] for pid in raw}
    with args.out.open("w", encoding="utf-8") as out:
        for pid, page in raw.items():
            row: dict[str, Any] = {"id": pid, "source": source[pid], "split": page.split, "url": page.url,
                                   "lang": page.language, "ref": page.label, "fixed": fixed[pid].label}  # fmt: skip
            row["ref"] = {k: v for k, v in page.label.items() if k not in ("body", "body_prefix")}
            row["fixed"] = {k: v for k, v in fixed[pid].label.items() if k not in ("body", "body_prefix")}
            for name, extract in (("nf", generality.newsflow), ("tr", generality.trafilatura)):
                try:
                    got = extract(page)
                except Exception:  # scored as empty, like generality.py
                    got = generality.Output(None, [], None, "")
                row[name] = {"title": got.title, "authors": got.authors, "published": got.published}
                row[name + "_miss"] = _misses(row["fixed"], got)
            row["page"] = evidence(page.html)
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


def _misses(label: dict[str, Any], got: generality.Output) -> list[str]:
    missed = []
    if label["title"] is not None and not title_match(label["title"], got.title)[0]:
        missed.append("title")
    if label["authors"] is not None and authors_f1(label["authors"], got.authors) < 1:
        missed.append("authors")
    if label["published"] and not date_match(label["published"], got.published):
        missed.append("published")
    return missed


if __name__ == "__main__":
    main()
