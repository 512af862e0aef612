"""Maintenance commands: ``newsflow prune`` (retention, docs/operations.md "Retention").

    newsflow prune --older-than 30d                  # dry run: counts per kind, nothing deleted
    newsflow prune --older-than 30d --state-older-than 2d --apply

Rows come from the database of ``NEWSFLOW_DATABASE_URL`` (or ``--db``), crawl state from the Redis of
``NEWSFLOW_REDIS_URL`` (or ``--redis``). On SQLite without ``--redis`` the embedded mode is assumed: its crawl
state lives in the runner's memory, so there is no Redis to prune.
"""

from __future__ import annotations

import argparse
import re
import sys
from datetime import UTC, datetime, timedelta
from typing import Any

from newsflow_shared.config import get_settings

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


def parse_age(value: str) -> timedelta:
    """``30d``, ``12h``, ``90m``, ``2w``, ``3600s`` → a timedelta (argparse type)."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhdw])\s*", value)
    if match is None:
        raise argparse.ArgumentTypeError(f"{value!r} is not an age such as 30d, 12h, 90m, 2w or 3600s")
    return timedelta(seconds=float(match.group(1)) * _UNITS[match.group(2)])


def cmd_prune(args: argparse.Namespace) -> int:
    import redis
    import sqlalchemy.exc
    from newsflow_crawl.retention import prune
    from newsflow_shared.db import make_engine, make_sessionmaker

    settings = get_settings()
    database_url = args.db or settings.database_url
    state_age: timedelta = args.state_older_than or args.older_than
    # A finished crawl's state may still be read by a message redelivered after a lost worker (within the
    # visibility timeout) or a late retry; removing it sooner would let such a message finish the crawl again
    # with empty counters. The reconciler's idle time bounds all of them.
    floor = timedelta(seconds=settings.reconcile_idle_seconds)
    if state_age < floor:
        print(
            f"newsflow prune: --state-older-than must be at least {floor} (visibility timeout + task time "
            "limit + longest retry delay): a redelivered message may still need the state",
            file=sys.stderr,
        )
        return 2
    now = datetime.now(UTC)
    cutoff, state_cutoff = now - args.older_than, now - state_age
    client: Any = None
    redis_url = args.redis or (None if database_url.startswith("sqlite") else settings.redis_url)
    if redis_url and not args.skip_redis:
        client = redis.Redis.from_url(redis_url, socket_connect_timeout=5, socket_timeout=30)
    engine = make_engine(database_url)
    try:
        report = prune(
            make_sessionmaker(engine),
            client,
            cutoff=cutoff,
            state_cutoff=state_cutoff,
            apply=args.apply,
            batch_size=args.batch_size,
        )
    except redis.RedisError as exc:
        print(f"newsflow prune: Redis at {redis_url}: {exc}", file=sys.stderr)
        return 1
    except sqlalchemy.exc.DBAPIError as exc:  # unreachable, or not migrated (`newsflow migrate`)
        print(f"newsflow prune: database: {exc.orig}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
        if client is not None:
            client.close()
    verb = "deleted" if report.applied else "would delete"
    if not report.applied:
        print("dry run: nothing deleted (--apply deletes)")
    print(f"cutoff {cutoff:%Y-%m-%dT%H:%M:%SZ}; crawl state cutoff {state_cutoff:%Y-%m-%dT%H:%M:%SZ}")
    for kind, count in report.rows.items():
        print(f"{kind}\t{verb} {count} rows")
    if client is None:
        print("crawl_state\tskipped (no Redis: embedded mode, or --skip-redis)")
    else:
        print(f"crawl_state\t{verb} {report.state_keys} keys of {report.state_crawls} finished crawls")
    return 0


def register_maintenance_commands(sub: Any) -> None:
    """Add ``prune`` to the ``newsflow`` argument parser's subcommands."""
    prune = sub.add_parser(
        "prune",
        help="delete old failures, fetch outcomes, sent outbox rows and finished crawls' Redis state "
        "(dry run unless --apply)",
    )
    prune.add_argument(
        "--older-than", type=parse_age, required=True, metavar="AGE", help="rows older than AGE (30d, 12h …)"
    )
    prune.add_argument(
        "--state-older-than",
        type=parse_age,
        metavar="AGE",
        help="Redis state of crawls finished more than AGE ago (default: --older-than)",
    )
    prune.add_argument("--apply", action="store_true", help="delete; without it only count")
    prune.add_argument("--batch-size", type=int, default=1000, help="rows or keys per delete (default 1000)")
    prune.add_argument("--db", help="database URL (default: NEWSFLOW_DATABASE_URL)")
    prune.add_argument("--redis", help="Redis URL (default: NEWSFLOW_REDIS_URL; none for a SQLite database)")
    prune.add_argument("--skip-redis", action="store_true", help="prune database rows only")
    prune.set_defaults(func=cmd_prune)
