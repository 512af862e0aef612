"""Print what a reader sees at the top of a benchmark page, to label its metadata by hand.

Usage: ``python benchmarks/extraction/label_tools/show_page.py [ID_PREFIX ...] [--from N --count K]``

For each page it prints the visible text around the first ``<h1>`` (scripts, styles, hidden elements, navigation
and forms removed), marking headings (``[H1]``), ``<time>`` elements (``[TIME datetime=...]``) and elements whose
class or itemprop names a byline/author/date (``[BY]`` / ``[DATE]``), then the page's declared metadata
(OpenGraph/article meta, JSON-LD) for comparison only: the labels come from the visible text, not from these.
This tool is an aid for the human labeller; nothing in newsflow imports it.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
from pathlib import Path

import lxml.html
from lxml.html import HtmlElement

DATA = Path(__file__).resolve().parents[1]
DROP_TAGS = ("script", "style", "noscript", "template", "svg", "iframe", "nav", "select", "button")
BLOCK_TAGS = {
    "p", "div", "section", "article", "header", "footer", "aside", "li", "ul", "ol", "tr", "td", "th", "table",
    "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "figure", "figcaption", "br", "dd", "dt", "main", "address",
    "time", "span_block",
}  # fmt: skip
BYLINE_HINT = re.compile(r"byline|author|writer|contributor|reporter|creator", re.I)
DATE_HINT = re.compile(r"date|time|publish|posted|timestamp", re.I)
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
# The markers this tool adds (never a page's own bracketed text such as "[The Palace: ...]").
MARKERS = re.compile(r"(\[(?:H1|BY|DATE|TIME datetime=[^\]]*)\] ?)+")
META_KEYS = re.compile(r"published|modified|author|date|og:title|headline|byl|parsely", re.I)


def _hint(el: HtmlElement) -> str:
    """The marker to put before an element, from its tag, class, id and itemprop."""
    attrs = " ".join(str(el.get(a, "")) for a in ("class", "id", "itemprop", "rel"))
    if el.tag == "h1":
        return "[H1] "
    if el.tag == "time":
        return f"[TIME datetime={el.get('datetime')}] "
    if BYLINE_HINT.search(attrs):
        return "[BY] "
    if DATE_HINT.search(attrs):
        return "[DATE] "
    return ""


def visible_lines(root: HtmlElement) -> list[str]:
    """The page's visible text as lines, with markers for headings, times, bylines and dates."""
    for el in list(root.iter(*DROP_TAGS)):
        el.drop_tree()
    for el in list(root.iter()):
        if not isinstance(el.tag, str):
            continue
        hidden = el.get("hidden") is not None or el.get("aria-hidden") == "true"
        if (hidden or HIDDEN_STYLE.search(el.get("style", ""))) and el.getparent() is not None:
            el.drop_tree()
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        marker = _hint(el)
        if el.tag in BLOCK_TAGS or marker:
            el.text = "\n" + marker + (el.text or "")
            el.tail = "\n" + (el.tail or "")
    body = root.find("body")
    text = (body if body is not None else root).text_content()
    lines = [re.sub(r"\s+", " ", line).strip() for line in text.split("\n")]
    merged: list[str] = []
    for line in lines:
        if not line:
            continue
        # A marker alone on a line belongs to the text that follows it.
        if merged and MARKERS.fullmatch(merged[-1]):
            merged[-1] = merged[-1] + " " + line
        else:
            merged.append(line)
    return merged


def declared_metadata(root: HtmlElement) -> list[str]:
    """Meta tags and JSON-LD fields about title, authors and dates (shown for comparison only)."""
    out = []
    title = root.findtext(".//title")
    out.append(f"<title>: {(title or '').strip()[:150]}")
    for meta in root.iter("meta"):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop") or ""
        if META_KEYS.search(key):
            out.append(f"meta {key} = {(meta.get('content') or '')[:120]}")
    for script in root.iter("script"):
        if "ld+json" in (script.get("type") or ""):
            for key in ("headline", "datePublished", "dateModified", "author"):
                for m in re.finditer(rf'"{key}"\s*:\s*("[^"]*"|\{{[^}}]*\}}|\[[^\]]*\])', script.text or ""):
                    value = re.sub(r"\s+", " ", m.group(1))
                    out.append(f"ld {key} = {value[:160]}")
    return out


def show(page_id: str, gold: dict[str, dict[str, str]], before: int, after: int) -> None:
    """Print one page's labelling view."""
    raw = gzip.decompress((DATA / "html" / f"{page_id}.html.gz").read_bytes()).decode("utf-8", "replace")
    root = lxml.html.document_fromstring(raw)
    meta = declared_metadata(root)
    lines = visible_lines(root)
    start = next((i for i, line in enumerate(lines) if "[H1] " in line), None)
    body_start = gold[page_id]["articleBody"][:60]
    print("=" * 100)
    print(f"ID {page_id}\nURL {gold[page_id]['url']}\nGOLD BODY STARTS: {body_start!r}")
    if start is None:
        print("(no visible <h1>)")
        start = 0
    for line in lines[max(0, start - before) : start + after]:
        print("  |", line[:110])
    marked = [line for line in lines if line.startswith(("[BY]", "[DATE]", "[TIME"))]
    print("  -- all marked lines:")
    for line in marked[:12]:
        print("  *", line[:110])
    print("  -- declared (comparison only):")
    for line in meta[:14]:
        print("  #", line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ids", nargs="*", help="page id prefixes (default: all pages in id order)")
    parser.add_argument("--from", dest="start", type=int, default=0)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--before", type=int, default=6)
    parser.add_argument("--after", type=int, default=16)
    args = parser.parse_args()
    gold = json.loads((DATA / "ground-truth.json").read_text(encoding="utf-8"))
    ids = sorted(gold)
    if args.ids:
        ids = [i for i in ids if any(i.startswith(prefix) for prefix in args.ids)]
    for page_id in ids[args.start : args.start + args.count]:
        show(page_id, gold, args.before, args.after)


if __name__ == "__main__":
    main()
