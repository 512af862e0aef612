"""``newsflow export`` and ``newsflow search``: the reader side of the database (issue 14), for the embedded
SQLite file as for PostgreSQL (``--db``). The filters are ``newsflow_shared.article_query``'s, as the API's."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from typing import Any

from newsflow_shared.article_query import ArticleFilters, filtered, ordered
from newsflow_shared.config import get_settings
from newsflow_shared.db import make_engine, make_sessionmaker, session_scope
from newsflow_shared.export import ParquetUnavailable, export_records, write_csv, write_jsonl, write_parquet
from newsflow_shared.migrate import upgrade


def _timestamp(value: str) -> datetime:
    """An ISO date or date-time; UTC when it names no offset."""
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{value!r} is not an ISO date or date-time") from exc
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def _filters(args: argparse.Namespace) -> ArticleFilters:
    return ArticleFilters(
        q=getattr(args, "query", None),
        since=args.since,
        until=args.until,
        stored_since=args.stored_since,
        stored_until=args.stored_until,
        site=args.site,
        section=args.section,
        entity=args.entity,
        language=args.language,
    )


def _sessions(args: argparse.Namespace) -> Any:
    url = args.db or get_settings().database_url
    upgrade(url)
    return make_sessionmaker(make_engine(url))


def cmd_export(args: argparse.Namespace) -> int:
    sessions = _sessions(args)
    if args.format == "parquet" and not args.out:
        print("newsflow export: --format parquet needs --out FILE", file=sys.stderr)
        return 2
    try:
        with session_scope(sessions) as session:
            records = export_records(session, _filters(args))
            if args.format == "parquet":
                count = write_parquet(records, args.out)
            else:
                write = write_jsonl if args.format == "jsonl" else write_csv
                if args.out:
                    with open(args.out, "w", encoding="utf-8", newline="") as out:
                        count = write(records, out)
                else:
                    count = write(records, sys.stdout)
    except ParquetUnavailable as exc:
        print(f"newsflow export: {exc}", file=sys.stderr)
        return 2
    print(f"newsflow export: {count} articles", file=sys.stderr)
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    sessions = _sessions(args)
    with session_scope(sessions) as session:
        query, rank = filtered(session, _filters(args), args.order)
        rows = session.scalars(ordered(query, rank, args.order, args.dir, None, 0).limit(args.limit))
        for row in rows:
            published = row.published_at.date().isoformat() if row.published_at else "-"
            print(f"{row.id}\t{published}\t{row.language or '-'}\t{row.title or ''}\t{row.canonical_url}")
    return 0


def _add_filter_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--since", type=_timestamp, help="published at or after (ISO date or date-time)")
    parser.add_argument("--until", type=_timestamp, help="published before")
    parser.add_argument("--stored-since", type=_timestamp, help="first stored at or after")
    parser.add_argument("--stored-until", type=_timestamp, help="first stored before")
    parser.add_argument("--site", help="publication name (site_name)")
    parser.add_argument("--section")
    parser.add_argument("--entity", help="entity id or name")
    parser.add_argument("--language", help="detected language (ISO 639-1)")
    parser.add_argument(
        "--db", help="database URL (default: NEWSFLOW_DATABASE_URL, the embedded SQLite file)"
    )


def register_reader_commands(sub: Any) -> None:
    """Add ``export`` and ``search`` to the ``newsflow`` argument parser's subcommands."""
    export = sub.add_parser("export", help="stream stored articles as JSON lines, CSV or Parquet")
    _add_filter_arguments(export)
    export.add_argument("--format", choices=("jsonl", "csv", "parquet"), default="jsonl")
    export.add_argument("--out", help="output file (default: stdout; required for parquet)")
    export.set_defaults(func=cmd_export)

    search = sub.add_parser("search", help="full-text search of the stored articles")
    search.add_argument("query", nargs="?", help="words to find (all of them), in any language")
    _add_filter_arguments(search)
    search.add_argument("--order", choices=("published", "stored", "relevance"), default="relevance")
    search.add_argument("--dir", choices=("asc", "desc"), default="desc")
    search.add_argument("--limit", type=int, default=20)
    search.set_defaults(func=cmd_search)
