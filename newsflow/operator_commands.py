"""Operator commands: ``newsflow failures list|show|replay`` (dead letters) and ``newsflow tokens
create|list|revoke`` (task API tokens). They work on the database named by ``NEWSFLOW_DATABASE_URL`` (or ``--db``);
``replay`` publishes to the Redis of ``NEWSFLOW_REDIS_URL``."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from newsflow_shared.config import get_settings

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


@contextmanager
def _session(args: argparse.Namespace) -> Iterator[Session]:
    """One unit of work on the database of ``--db`` or ``NEWSFLOW_DATABASE_URL``. SQLAlchemy is imported here,
    not with the module: every ``newsflow`` command builds this parser, ``newsflow health`` probes too, every
    few seconds."""
    from newsflow_shared.db import make_engine, make_sessionmaker, session_scope

    with session_scope(make_sessionmaker(make_engine(args.db or get_settings().database_url))) as session:
        yield session


def cmd_failures_list(args: argparse.Namespace) -> int:
    from newsflow_crawl.delivery.dead_letters import list_failures

    with _session(args) as session:
        rows = list_failures(session=session, crawl_id=args.crawl, reason=args.reason, limit=args.limit)
        for row in rows:
            kind = "permanent" if row.permanent else "dead letter"
            print(
                f"{row.id}\t{row.created_at:%Y-%m-%d %H:%M:%S}\t{row.stage}\t{row.reason}\t{kind}\t{row.url or ''}"
            )
    return 0


def _failure_dict(row: Any) -> dict[str, Any]:
    names = ("id", "crawl_id", "stage", "task_name", "url", "error_type", "reason", "message", "permanent",
             "attempts", "payload", "created_at")  # fmt: skip
    return {name: getattr(row, name) for name in names}


def cmd_failures_show(args: argparse.Namespace) -> int:
    from newsflow_crawl.delivery.dead_letters import get_failure

    with _session(args) as session:
        row = get_failure(args.id, session=session)
        if row is None:
            print(f"newsflow failures: no failure {args.id}", file=sys.stderr)
            return 1
        print(json.dumps(_failure_dict(row), indent=2, default=str, ensure_ascii=False))
    return 0


def cmd_failures_replay(args: argparse.Namespace) -> int:
    from newsflow_crawl.delivery.dead_letters import NotReplayable, get_failure, replay_message
    from newsflow_shared.celery_app import make_celery

    celery = make_celery(get_settings())
    status = 0
    try:
        with _session(args) as session:
            for failure_id in args.ids:
                row = get_failure(failure_id, session=session)
                if row is None:
                    print(f"newsflow failures: no failure {failure_id}", file=sys.stderr)
                    status = 1
                    continue
                try:
                    task_name, payload = replay_message(row)
                except NotReplayable as exc:
                    print(f"newsflow failures: {exc}", file=sys.stderr)
                    status = 1
                    continue
                result = celery.send_task(task_name, args=[payload])
                print(f"{failure_id}\treplayed as {task_name}[{result.id}]")
    finally:
        celery.close()
    return status


def cmd_tokens_create(args: argparse.Namespace) -> int:
    from newsflow_api.tokens import TokenError, create_token

    try:
        with _session(args) as session:
            token = create_token(args.name, session=session)
    except TokenError as exc:
        print(f"newsflow tokens: {exc}", file=sys.stderr)
        return 1
    print(token)
    print("(shown once: only its SHA-256 digest is stored)", file=sys.stderr)
    return 0


def cmd_tokens_list(args: argparse.Namespace) -> int:
    from newsflow_api.tokens import list_tokens

    with _session(args) as session:
        for row in list_tokens(session=session):
            state = f"revoked {row.revoked_at:%Y-%m-%d %H:%M}" if row.revoked_at else "active"
            used = f"{row.last_used_at:%Y-%m-%d %H:%M}" if row.last_used_at else "never used"
            print(f"{row.name}\t{state}\tcreated {row.created_at:%Y-%m-%d %H:%M}\t{used}")
    return 0


def cmd_tokens_revoke(args: argparse.Namespace) -> int:
    from newsflow_api.tokens import TokenError, revoke_token

    try:
        with _session(args) as session:
            revoke_token(args.name, session=session)
    except TokenError as exc:
        print(f"newsflow tokens: {exc}", file=sys.stderr)
        return 1
    print(f"token {args.name!r} revoked")
    return 0


def register_operator_commands(sub: Any) -> None:
    """Add ``failures`` and ``tokens`` to the ``newsflow`` argument parser's subcommands."""
    failures = sub.add_parser("failures", help="list, show and replay dead letters and permanent failures")
    fsub = failures.add_subparsers(dest="failures_command", required=True)
    listing = fsub.add_parser("list", help="newest failures first")
    listing.add_argument("--crawl", help="only this crawl id")
    listing.add_argument("--reason", help="only this reason (e.g. retries_exhausted, poison_message)")
    listing.add_argument("--limit", type=int, default=50)
    listing.set_defaults(func=cmd_failures_list)
    show = fsub.add_parser("show", help="one failure with its message, as JSON")
    show.add_argument("id", type=int)
    show.set_defaults(func=cmd_failures_show)
    replay = fsub.add_parser("replay", help="publish the failed messages again (retries start over)")
    replay.add_argument("ids", type=int, nargs="+", metavar="ID")
    replay.set_defaults(func=cmd_failures_replay)

    tokens = sub.add_parser("tokens", help="create, list and revoke task API tokens")
    tsub = tokens.add_subparsers(dest="tokens_command", required=True)
    create = tsub.add_parser("create", help="create a token and print it (once)")
    create.add_argument("name")
    create.set_defaults(func=cmd_tokens_create)
    tsub.add_parser("list", help="token names, state and last use").set_defaults(func=cmd_tokens_list)
    revoke = tsub.add_parser("revoke", help="refuse a token from now on")
    revoke.add_argument("name")
    revoke.set_defaults(func=cmd_tokens_revoke)
    for parser in (listing, show, replay, create, revoke, tsub.choices["list"]):
        parser.add_argument("--db", help="database URL (default: NEWSFLOW_DATABASE_URL)")
