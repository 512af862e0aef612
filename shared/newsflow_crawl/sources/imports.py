"""Bulk import: CSV and OPML files (what feed readers export), and the TOML schedule file of ``newsflow beat``,
to :class:`~.catalogue.SourceSpec` lists. A bad row is reported with its place and skipped; the others import.

CSV: a header row naming any of ``name, homepage, feeds, sitemaps, languages, tags, mode, max_pages, max_depth,
interval_minutes, cron, active``; list columns hold values separated by ``|`` or whitespace.

OPML: every ``<outline>`` with an ``xmlUrl`` is a source (its ``text``/``title`` the name, ``htmlUrl`` the
homepage); the titles of the folders around it and its ``category`` attribute become tags.
"""

from __future__ import annotations

import csv
import io
import random
import re
import tomllib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from xml.etree.ElementTree import Element

from defusedxml import ElementTree
from pydantic import ValidationError
from sqlalchemy.orm import Session

from newsflow_crawl.sources.catalogue import DuplicateSource, SourceSpec, upsert_source
from newsflow_crawl.sources.timing import first_poll_at

_LIST_COLUMNS = ("feeds", "sitemaps", "languages", "tags")
_SPLIT = re.compile(r"[|\s]+")


@dataclass
class ParsedImport:
    """The specs of a file and what could not be read (``where``: a CSV line, an OPML outline, a TOML entry)."""

    specs: list[SourceSpec] = field(default_factory=list)
    errors: list[dict[str, str]] = field(default_factory=list)

    def add(self, where: str, fields: dict[str, Any]) -> None:
        try:
            self.specs.append(SourceSpec.model_validate(fields))
        except ValidationError as exc:
            problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'row'}: {e['msg']}" for e in exc.errors())
            self.errors.append({"where": where, "error": problems})


def parse_source_file(data: bytes, filename: str = "") -> ParsedImport:
    """CSV or OPML by the file's name, else by its first character (``<`` is OPML). Raises ValueError for a
    file that is neither."""
    text = data.decode("utf-8-sig", errors="strict")
    lowered = filename.lower()
    if lowered.endswith((".opml", ".xml")) or (
        not lowered.endswith(".csv") and text.lstrip().startswith("<")
    ):
        return parse_opml(text)
    try:
        return parse_csv(text)
    except csv.Error as exc:
        raise ValueError(f"CSV import: {exc}") from exc


def parse_csv(text: str) -> ParsedImport:
    result = ParsedImport()
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "name" not in reader.fieldnames:
        raise ValueError("CSV import: the header row must name at least the 'name' column")
    for line, row in enumerate(reader, start=2):
        fields: dict[str, Any] = {}
        for key, value in row.items():
            if key is None or value is None or value.strip() == "":
                continue
            key = key.strip()
            fields[key] = (
                [v for v in _SPLIT.split(value.strip()) if v] if key in _LIST_COLUMNS else value.strip()
            )
        if "active" in fields:
            fields["active"] = str(fields["active"]).lower() not in ("0", "false", "no", "off")
        result.add(f"line {line}", fields)
    return result


def parse_opml(text: str) -> ParsedImport:
    try:
        root = ElementTree.fromstring(text)
    except Exception as exc:  # defusedxml raises its own types for entities and bombs too
        raise ValueError(f"OPML import: not well-formed XML ({exc})") from exc
    body = root.find("body")
    if root.tag != "opml" or body is None:
        raise ValueError("OPML import: no <opml><body>")
    result = ParsedImport()
    _walk(body, [], result)
    return result


def _walk(node: Element, folders: list[str], result: ParsedImport) -> None:
    for index, outline in enumerate(node.findall("outline"), start=1):
        title = (outline.get("text") or outline.get("title") or "").strip()
        feed = outline.get("xmlUrl")
        if not feed:
            _walk(outline, [*folders, title] if title else folders, result)
            continue
        categories = [c.strip("/ ") for c in re.split(r"[,]", outline.get("category") or "") if c.strip("/ ")]
        fields: dict[str, Any] = {
            "name": title or feed,
            "feeds": [feed.strip()],
            "tags": list(dict.fromkeys([*folders, *categories])),
        }
        if outline.get("htmlUrl"):
            fields["homepage"] = outline.get("htmlUrl", "").strip()
        if outline.get("language"):
            fields["languages"] = [outline.get("language", "").strip()]
        result.add(f"outline {title or feed!r} (#{index})", fields)


def parse_schedule_toml(text: str) -> ParsedImport:
    """The ``[[crawl]]`` entries of the old schedule file as sources: feed seeds become feeds, sitemap seeds
    sitemaps, a site crawl's seeds its homepage."""
    result = ParsedImport()
    for item in tomllib.loads(text).get("crawl", []):
        seeds = list(item.get("seeds") or [])
        mode = item.get("mode", "feed")
        fields: dict[str, Any] = {
            "name": item.get("name"),
            "mode": mode if mode in ("feed", "sitemap", "site") else "site",
            "interval_minutes": item.get("every_minutes"),
            "max_pages": item.get("max_pages", 100),
            "max_depth": item.get("max_depth", 1),
        }
        if mode == "feed":
            fields["feeds"] = seeds
        elif mode == "sitemap":
            fields["sitemaps"] = seeds
        else:
            fields["homepage"] = seeds[0] if seeds else None
        result.add(f"[[crawl]] {item.get('name')!r}", fields)
    return result


@dataclass
class ImportOutcome:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    errors: list[dict[str, str]] = field(default_factory=list)


def save_import(parsed: ParsedImport, *, session: Session, spread_minutes: float = 10.0) -> ImportOutcome:
    """Upsert the parsed sources by name (an import can be repeated). New sources get their first poll spread
    over ``spread_minutes``, so 200 imported at once do not all fire together. Does not commit."""
    outcome = ImportOutcome(errors=list(parsed.errors))
    now = datetime.now(UTC)
    rng = random.Random()
    for spec in parsed.specs:
        try:
            row, created = upsert_source(spec, session=session)
        except (ValueError, DuplicateSource) as exc:
            outcome.errors.append({"where": spec.name, "error": str(exc)})
            continue
        if created:
            row.next_poll_at = first_poll_at(now, spread=timedelta(minutes=spread_minutes), rng=rng)
            outcome.created.append(spec.name)
        else:
            outcome.updated.append(spec.name)
    return outcome
