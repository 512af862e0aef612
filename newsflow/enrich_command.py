"""``newsflow enrich``: JSON lines of articles on stdin, the same objects enriched on stdout.

Each input line is a JSON object with ``title`` and ``body`` (and optionally ``language``, the language the
producer declares, ``html_lang``, ``url``; any other keys are passed through). Each output line is that object
plus ``language``, ``language_confidence``, ``declared_language``, ``html_lang_agrees``, ``mixed_language``,
``language_shares``, ``paragraph_languages``, ``language_detector``, ``entities`` (with ``mentions``,
``salience``, ``provenance``) and ``translations``. Lines are enriched in batches (one ``nlp.pipe`` per
batch) and written in input order; a line that is not a JSON object is reported on stderr and skipped.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from typing import IO, Any

from newsflow_shared.config import Settings
from newsflow_shared.messages import ParsedArticle

DEFAULT_BATCH = 32


def _article(record: dict[str, Any], line_number: int) -> ParsedArticle:
    url = str(record.get("url") or f"stdin:{line_number}")
    declared = record.get("html_lang") or record.get("language")
    return ParsedArticle(
        url=url,
        canonical_url=str(record.get("canonical_url") or url),
        title=record.get("title") if isinstance(record.get("title"), str) else None,
        body=record.get("body") if isinstance(record.get("body"), str) else "",
        html_lang=declared if isinstance(declared, str) else None,
    )


def _batches(
    lines: Iterable[str], size: int, errors: IO[str], skipped: list[int]
) -> Iterator[list[tuple[dict[str, Any], int]]]:
    """Parsed lines in batches of ``size``; the numbers of invalid lines are appended to ``skipped``."""
    batch: list[tuple[dict[str, Any], int]] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            print(f"newsflow enrich: line {number}: not JSON: {exc}", file=errors)
            skipped.append(number)
            continue
        if not isinstance(record, dict):
            print(f"newsflow enrich: line {number}: not a JSON object", file=errors)
            skipped.append(number)
            continue
        batch.append((record, number))
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def enrich_lines(
    lines: Iterable[str],
    out: IO[str],
    settings: Settings,
    *,
    batch_size: int = DEFAULT_BATCH,
    errors: IO[str] = sys.stderr,
) -> int:
    """Enrich every JSON line of ``lines`` onto ``out``; returns how many lines were skipped as invalid."""
    from newsflow_enrich.enricher import Enricher

    enricher = Enricher(settings)
    skipped: list[int] = []
    for batch in _batches(lines, batch_size, errors, skipped):
        enriched = enricher.enrich_many([_article(record, number) for record, number in batch])
        for (record, _), result in zip(batch, enriched, strict=True):
            # The input's "language" was a declaration: it comes back as declared_language, and "language" is
            # what was detected.
            output = {key: value for key, value in record.items() if key != "language"}
            output.update(result.enrichment.model_dump(mode="json"))
            out.write(json.dumps(output, ensure_ascii=False) + "\n")
        out.flush()
    return len(skipped)


def run(settings: Settings, batch_size: int = DEFAULT_BATCH) -> int:
    """The command: stdin to stdout; exit status 1 when some line was not a JSON object."""
    skipped = enrich_lines(sys.stdin, sys.stdout, settings, batch_size=batch_size)
    return 1 if skipped else 0
