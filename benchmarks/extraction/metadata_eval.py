"""Metadata accuracy (title, publication date, authors) against the hand-made ``labels.json``.

Exact match per field, after whitespace is collapsed: the title string; the publication day ``YYYY-MM-DD`` in the
time zone the page states (a page with no visible date is labelled ``null``, and only ``null`` matches it); the
list of authors, in byline order. trafilatura's metadata comes from ``bare_extraction(with_metadata=True)``: its
``author`` string ("A; B") is split on ";", its ``date`` is already a day. The organisation byline is newsflow's
own field (trafilatura has none).

The ``date`` column is the strict score over all pages. ``date, dated pages`` scores only the pages whose label
has a date: on a page that shows none (label ``null``, ``published_source: "none"``) an extractor that reads the
declared JSON-LD/meta date, as issue 3 asks, cannot match the label, and the page cannot tell whether that declared
date is right (LABELLING.md, "Review of the date disagreements"). Both columns are printed; neither replaces the
other.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol


class _Page(Protocol):
    page_id: str
    url: str
    html: str


@dataclass(frozen=True)
class Metadata:
    title: str | None
    published: str | None
    authors: list[str]
    organisation: str | None = None


def _space(text: str | None) -> str | None:
    return " ".join(text.split()) if text and text.strip() else None


def newsflow_metadata(page: _Page) -> Metadata:
    from newsflow_ingest.extraction import parse_article

    parsed = parse_article(page.html, page.url)
    day = parsed.published_at[:10] if parsed.published_at else None
    return Metadata(
        _space(parsed.title), day, [a for a in map(_space, parsed.authors) if a], parsed.organisation
    )


def trafilatura_metadata(page: _Page) -> Metadata:
    import trafilatura

    document = trafilatura.bare_extraction(
        page.html, url=page.url, with_metadata=True, include_comments=False
    )
    if document is None:
        return Metadata(None, None, [])
    authors = [a for a in (_space(part) for part in (document.author or "").split(";")) if a]
    return Metadata(_space(document.title), (document.date or None) and document.date[:10], authors)


EXTRACTORS: dict[str, Callable[[_Page], Metadata]] = {
    "newsflow": newsflow_metadata,
    "trafilatura 2.3.1": trafilatura_metadata,
}


def field_accuracy(labels: dict[str, Any], predictions: dict[str, Metadata]) -> dict[str, float]:
    """Share of labelled pages where each field matches exactly."""
    hits = {"title": 0, "published": 0, "published_dated": 0, "authors": 0, "organisation": 0}
    dated = 0
    for page_id, label in labels.items():
        predicted = predictions[page_id]
        hits["title"] += _space(label.get("title")) == predicted.title
        hits["published"] += (label.get("published") or None) == predicted.published
        if label.get("published"):
            dated += 1
            hits["published_dated"] += label["published"] == predicted.published
        hits["authors"] += [_space(a) for a in label.get("authors") or []] == predicted.authors
        hits["organisation"] += (_space(label.get("organisation")) or None) == (
            _space(predicted.organisation)
        )
    if not labels:
        return {}
    scores = {field: count / len(labels) for field, count in hits.items()}
    scores["published_dated"] = hits["published_dated"] / dated if dated else 0.0
    return scores


def print_metadata_table(pages: Sequence[_Page], labels_path: Path) -> None:
    """Print title/date/authors exact-match accuracy of newsflow and trafilatura on the labelled pages."""
    labels: dict[str, Any] = json.loads(labels_path.read_text(encoding="utf-8"))
    labelled = [page for page in pages if page.page_id in labels]
    dated = sum(1 for page in labelled if labels[page.page_id].get("published"))
    print(f"\nmetadata — exact match on {len(labelled)} hand-labelled pages (labels.json)\n")
    print(f"| extractor | title | date | date, {dated} dated pages | authors | organisation |")
    print("|---|---|---|---|---|---|")
    for name, extract in EXTRACTORS.items():
        predictions = {page.page_id: extract(page) for page in labelled}
        scores = field_accuracy({p.page_id: labels[p.page_id] for p in labelled}, predictions)
        organisation = f"{scores['organisation']:.3f}" if name == "newsflow" else "—"
        print(
            f"| {name} | {scores['title']:.3f} | {scores['published']:.3f} | {scores['published_dated']:.3f} "
            f"| {scores['authors']:.3f} "
            f"| {organisation} |",
            flush=True,
        )
