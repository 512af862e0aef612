"""Bulk export of articles (issue 14): ``newsflow export`` and ``GET /v1/export`` stream the same records.

Rows come from a server-side cursor (``stream_results`` + ``yield_per``), so memory stays constant whatever the
size of the export; each record carries the article's ``version``. Formats: JSON lines, CSV (JSON-encoded list
and object columns), Parquet through pyarrow (the ``parquet`` extra), written in row groups of
:data:`BATCH` records.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import datetime
from typing import IO, Any

from sqlalchemy.orm import Session

from newsflow_shared.article_query import ArticleFilters, filtered
from newsflow_shared.models import Article

BATCH = 2000
EXPORT_COLUMNS = (
    "id", "version", "canonical_url", "url", "crawl_id", "title", "authors", "published_at", "modified_at",
    "section", "dateline", "description", "body", "site_name", "language", "language_confidence", "tags",
    "organisation", "status", "content_hash", "cluster_id", "fetched_at", "created_at", "updated_at",
)  # fmt: skip
_JSON_COLUMNS = frozenset({"authors", "tags"})


class ParquetUnavailable(RuntimeError):
    """pyarrow is not installed."""


def export_records(session: Session, filters: ArticleFilters) -> Iterator[dict[str, Any]]:
    """The selected articles as plain dicts (datetimes as ISO strings), oldest stored first, streamed."""
    query, _ = filtered(session, filters, "stored")
    columns = [getattr(Article, name) for name in EXPORT_COLUMNS]
    statement = query.with_only_columns(*columns).order_by(Article.created_at, Article.id)
    result = session.execute(statement.execution_options(stream_results=True, yield_per=BATCH))
    for row in result:
        yield {name: _plain(value) for name, value in zip(EXPORT_COLUMNS, row, strict=True)}


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def write_jsonl(records: Iterator[dict[str, Any]], out: IO[str]) -> int:
    count = 0
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


def write_csv(records: Iterator[dict[str, Any]], out: IO[str]) -> int:
    writer = csv.DictWriter(out, fieldnames=EXPORT_COLUMNS)
    writer.writeheader()
    count = 0
    for record in records:
        writer.writerow(
            {k: json.dumps(v, ensure_ascii=False) if k in _JSON_COLUMNS else v for k, v in record.items()}
        )
        count += 1
    return count


def write_parquet(records: Iterator[dict[str, Any]], path: str) -> int:
    """Parquet in row groups of ``BATCH``; list columns are kept as lists. Needs ``pip install newsflow[parquet]``."""
    try:
        import pyarrow as pa  # type: ignore[import-not-found,import-untyped,unused-ignore]
        import pyarrow.parquet as pq  # type: ignore[import-not-found,import-untyped,unused-ignore]
    except ImportError as exc:
        raise ParquetUnavailable(
            "--format parquet needs pyarrow: pip install 'newsflow[parquet]' (or pip install pyarrow)"
        ) from exc
    schema = pa.schema(
        [
            (name, pa.list_(pa.string()) if name in _JSON_COLUMNS else _arrow_type(pa, name))
            for name in EXPORT_COLUMNS
        ]
    )
    count = 0
    with pq.ParquetWriter(path, schema) as writer:
        batch: list[dict[str, Any]] = []
        for record in records:
            batch.append(record)
            if len(batch) >= BATCH:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                count += len(batch)
                batch = []
        if batch:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            count += len(batch)
    return count


def _arrow_type(pa: Any, name: str) -> Any:
    if name == "version":
        return pa.int32()
    if name == "language_confidence":
        return pa.float64()
    return pa.string()
