"""``newsflow sources list|add|remove|poll|import`` and ``newsflow watch`` (the embedded scheduler: polls the due
sources in this process, on SQLite by default). They work on the database of ``NEWSFLOW_DATABASE_URL`` (or
``--db``) through ``newsflow_crawl.sources``, as the API does."""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsflow_shared.config import Settings, get_settings

if TYPE_CHECKING:
    from newsflow_crawl.sources.polls import Discover
    from sqlalchemy.orm import Session

log = logging.getLogger(__name__)


def _settings(args: argparse.Namespace) -> Settings:
    settings = get_settings()
    return settings.model_copy(update={"database_url": args.db}) if args.db else settings


@contextmanager
def _session(args: argparse.Namespace) -> Iterator[Session]:
    from newsflow_shared.db import make_engine, make_sessionmaker, session_scope
    from newsflow_shared.migrate import upgrade

    url = _settings(args).database_url
    upgrade(url)  # an embedded SQLite database may be new
    with session_scope(make_sessionmaker(make_engine(url))) as session:
        yield session


def cmd_sources_list(args: argparse.Namespace) -> int:
    from newsflow_crawl.sources.views import listed_sources

    with _session(args) as session:
        items = listed_sources(session=session, settings=_settings(args), status=args.status, tag=args.tag)
    if args.json:
        print(json.dumps(items, indent=2, default=str, ensure_ascii=False))
        return 0
    for item in items:
        health = item["health"]
        print(
            f"{item['id']}\t{item['name']}\t{health['status']}\t{health['articles_30d']} in 30 d\t"
            f"failures {health['consecutive_failures']}\t{','.join(item['tags'])}"
        )
    return 0


def cmd_sources_add(args: argparse.Namespace) -> int:
    from newsflow_crawl.sources.catalogue import DuplicateSource, SourceSpec, create_source
    from pydantic import ValidationError

    fields: dict[str, Any] = {
        "name": args.name,
        "feeds": args.feed,
        "sitemaps": args.sitemap,
        "tags": args.tag,
    }
    fields.update({k: v for k, v in (("homepage", args.homepage), ("mode", args.mode)) if v})
    fields.update({k: v for k, v in (("interval_minutes", args.every), ("cron", args.cron)) if v})
    try:
        spec = SourceSpec.model_validate(fields)
        with _session(args) as session:
            row = create_source(spec, session=session)
            print(f"source {row.id} added: {row.name}")
    except (ValidationError, DuplicateSource) as exc:
        print(f"newsflow sources add: {exc}", file=sys.stderr)
        return 2
    return 0


def cmd_sources_remove(args: argparse.Namespace) -> int:
    from newsflow_crawl.sources.catalogue import delete_source, find_source

    with _session(args) as session:
        row = find_source(args.source, session=session)
        if row is None:
            print(f"newsflow sources remove: no source {args.source}", file=sys.stderr)
            return 1
        delete_source(row, session=session)
    print(f"source {args.source} removed")
    return 0


def cmd_sources_import(args: argparse.Namespace) -> int:
    from newsflow_crawl.sources.imports import parse_schedule_toml, parse_source_file, save_import

    path = Path(args.file)
    try:
        data = path.read_bytes()
        parsed = (
            parse_schedule_toml(data.decode())
            if path.suffix == ".toml"
            else parse_source_file(data, path.name)
        )
    except (OSError, ValueError) as exc:
        print(f"newsflow sources import: {exc}", file=sys.stderr)
        return 2
    with _session(args) as session:
        outcome = save_import(parsed, session=session)
    print(f"{len(outcome.created)} created, {len(outcome.updated)} updated, {len(outcome.errors)} refused")
    for error in outcome.errors:
        print(f"  {error['where']}: {error['error']}", file=sys.stderr)
    return 0 if not outcome.errors else 1


def cmd_sources_poll(args: argparse.Namespace) -> int:
    """Poll one source now, in this process (the embedded runner), and print how it went."""
    from newsflow_crawl.sources.catalogue import find_source

    with _session(args) as session:
        row = find_source(args.source, session=session)
        source_id = row.id if row is not None else None
    if source_id is None:
        print(f"newsflow sources poll: no source {args.source}", file=sys.stderr)
        return 1
    watcher = EmbeddedWatch(_settings(args), enrich=not args.no_enrich)
    result = watcher.poll(source_id)
    print(result)
    return 0 if result.startswith("done") else 1


def cmd_watch(args: argparse.Namespace) -> int:
    """The embedded scheduler: poll every due source, sleep a tick, again (``--once``: one round)."""
    settings = _settings(args)
    watcher = EmbeddedWatch(settings, enrich=not args.no_enrich)
    while True:
        for line in watcher.poll_due():
            print(line, flush=True)
        if args.once:
            return 0
        time.sleep(settings.scheduler_tick_seconds)


class EmbeddedWatch:
    """Polls sources with the embedded runner: each poll a crawl run to its end in this process."""

    def __init__(self, settings: Settings, *, enrich: bool = True) -> None:
        from newsflow.runner import EmbeddedRunner

        self.settings = settings
        self.runner = EmbeddedRunner(settings, enrich=enrich)
        self.discover = homepage_feeds(settings)

    def poll(self, source_id: int) -> str:
        from newsflow_crawl.sources.polls import poll_source

        result = poll_source(
            source_id, sessions=self.runner.sessions, ledger=self.runner.ledger, transport=self.runner.transport,
            settings=self.settings,
        )  # fmt: skip
        if result.crawl_id is None:
            return f"skipped source {source_id}: {result.skipped}"
        summary = self.runner.run_started(result.crawl_id)
        return f"{summary.status} source {source_id}: crawl {summary.crawl_id} {summary.counts}"

    def poll_due(self) -> list[str]:
        from newsflow_crawl.sources.polls import due_sources, rediscover_feeds
        from newsflow_shared.db import session_scope

        with session_scope(self.runner.sessions) as session:
            due = due_sources(session=session, now=_now())
        lines = []
        for source_id in due:
            rediscover_feeds(
                source_id, sessions=self.runner.sessions, settings=self.settings, discover=self.discover
            )
            lines.append(self.poll(source_id))
        return lines


def _now() -> Any:
    from datetime import UTC, datetime

    return datetime.now(UTC)


def homepage_feeds(settings: Settings) -> Discover:
    """Feed re-discovery with the crawler's own fetcher (SSRF guard, robots.txt, size and time limits)."""
    from newsflow_crawl.sources.discovery import advertised_feeds
    from newsflow_ingest.fetching.fetcher import Fetcher

    def discover(homepage: str) -> list[str] | None:
        try:
            with Fetcher(settings) as fetcher:
                page = fetcher.fetch(homepage)
        except Exception as exc:  # any fetch failure: nothing learnt, the poll goes on with what it has
            log.info("feed re-discovery: %s could not be read: %s", homepage, exc)
            return None
        return advertised_feeds(page.text or "", page.final_url)

    return discover


def register_source_commands(sub: Any) -> None:
    sources = sub.add_parser("sources", help="the sites newsflow follows: list, add, remove, poll, import")
    verbs = sources.add_subparsers(dest="verb", required=True)
    listing = verbs.add_parser("list", help="sources with their health")
    listing.add_argument("--status", choices=["live", "stale", "broken", "paused"])
    listing.add_argument("--tag")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(func=cmd_sources_list)
    add = verbs.add_parser("add", help="add a source")
    add.add_argument("name")
    add.add_argument("--homepage")
    add.add_argument("--feed", action="append", default=[])
    add.add_argument("--sitemap", action="append", default=[])
    add.add_argument("--tag", action="append", default=[])
    add.add_argument("--mode", choices=["feed", "sitemap", "site"])
    add.add_argument("--every", type=float, help="poll every N minutes (default 60)")
    add.add_argument("--cron", help="poll at the times of a cron expression instead")
    add.set_defaults(func=cmd_sources_add)
    remove = verbs.add_parser("remove", help="remove a source (by id or name)")
    remove.add_argument("source")
    remove.set_defaults(func=cmd_sources_remove)
    poll = verbs.add_parser("poll", help="poll a source now, in this process")
    poll.add_argument("source")
    poll.set_defaults(func=cmd_sources_poll)
    imp = verbs.add_parser("import", help="create or update sources from a CSV, OPML or schedule TOML file")
    imp.add_argument("file")
    imp.set_defaults(func=cmd_sources_import)
    for parser in (listing, add, remove, poll, imp):
        parser.add_argument("--db", help="database URL (default: NEWSFLOW_DATABASE_URL)")
    poll.add_argument("--no-enrich", action="store_true", help="store articles without language and entities")
    watch = sub.add_parser("watch", help="poll the due sources in this process, forever (embedded scheduler)")
    watch.add_argument("--once", action="store_true", help="one round of due sources, then exit")
    watch.add_argument("--db", help="database URL (default: NEWSFLOW_DATABASE_URL)")
    watch.add_argument(
        "--no-enrich", action="store_true", help="store articles without language and entities"
    )
    watch.set_defaults(func=cmd_watch)
