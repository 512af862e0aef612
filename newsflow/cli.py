"""``newsflow``: one command for every operator action. Services are imported lazily, so an image that installs
only one service's extra can still run its own subcommand."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from datetime import date
from typing import Any, TextIO

from newsflow_shared.config import Settings, get_settings
from newsflow_shared.errors import NotConfigured
from newsflow_shared.log_output import configure_logging, leave_celery_logging_to_us, resolve_format
from newsflow_shared.messages import CRAWL_MODES, CrawlRequest

from newsflow.progress import LiveView

STAGES = ("ingest", "enrich", "store")
# Long-running processes: they log to stdout (``log_stream``).
SERVICE_COMMANDS = ("api", "worker", "beat")

log = logging.getLogger("newsflow")


def _settings(args: argparse.Namespace, **overrides: Any) -> Settings:
    settings = get_settings()
    if getattr(args, "db", None):
        overrides["database_url"] = args.db
    return settings.model_copy(update=overrides) if overrides else settings


def cmd_crawl(args: argparse.Namespace) -> int:
    from newsflow_ingest.captures.s3_store import CaptureStoreError

    from newsflow.runner import EmbeddedRunner
    from newsflow.summary import print_crawl_summary

    settings = _settings(args)
    request = CrawlRequest(
        seeds=args.seeds,
        mode=args.mode,
        max_pages=args.max_pages or settings.default_max_pages,
        max_depth=args.max_depth if args.max_depth is not None else settings.default_max_depth,
        since=args.since,
        until=args.until,
        allowed_domains=args.allowed_domain,
        include=args.include,
        exclude=args.exclude,
        skip_known=args.skip_known,
    )
    progress = LiveView(enabled=not args.quiet)  # on a terminal only
    on_progress = progress.update if progress.enabled else None
    try:
        runner = EmbeddedRunner(settings, enrich=not args.no_enrich, on_progress=on_progress)
    except CaptureStoreError as exc:  # a missing bucket, refused credentials: before anything is fetched
        print(f"newsflow crawl: {exc}", file=sys.stderr)
        return 2
    summary = runner.crawl(request)
    progress.close()
    print_crawl_summary(summary, settings, show_articles=not args.quiet)
    return 0 if summary.status == "done" else 1


def cmd_reprocess(args: argparse.Namespace) -> int:
    from newsflow.reprocess_command import reprocess

    pipeline = reprocess(
        _settings(args),
        crawl_id=args.crawl,
        host=args.host,
        since=args.since,
        until=args.until,
        language=args.language,
        enrich=not args.no_enrich,
    )
    print(_pipeline_line("reprocessed", pipeline.counts))
    return 1 if pipeline.counts.failed else 0


def cmd_import_warc(args: argparse.Namespace) -> int:
    from newsflow.import_warc_command import import_warcs

    pipeline = import_warcs(_settings(args), args.files, enrich=not args.no_enrich)
    print(_pipeline_line("imported", pipeline.counts))
    return 1 if pipeline.counts.failed else 0


def _pipeline_line(verb: str, counts: Any) -> str:
    return (
        f"{verb} {counts.seen} captures: {counts.stored} stored, {counts.duplicates} duplicates linked, "
        f"{counts.skipped} not articles, {counts.failed} failed"
    )


def _iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{value!r} is not an ISO date (YYYY-MM-DD)") from exc


def _language_code(value: str) -> str:
    from newsflow_enrich.language.codes import normalize_language_code

    code = normalize_language_code(value)
    if code is None:
        raise argparse.ArgumentTypeError(f"{value!r} is not a BCP-47 language code (e.g. ar, en, fa, ku)")
    return code


def cmd_demo(args: argparse.Namespace) -> int:
    from newsflow.runner import EmbeddedRunner
    from newsflow.sample_server import serve_site
    from newsflow.summary import print_crawl_summary

    settings = _settings(args, allow_private_addresses=True, host_delay=0.0)
    progress = LiveView()
    runner = EmbeddedRunner(settings, on_progress=progress.update if progress.enabled else None)
    if args.url:
        request = CrawlRequest(seeds=[args.url], mode="site", max_pages=args.max_pages, max_depth=3)
        summary = runner.crawl(request)
    else:
        with serve_site() as base_url:
            print(f"serving the bundled sample site at {base_url}", file=sys.stderr)
            request = CrawlRequest(seeds=[base_url + "/"], mode="site", max_pages=args.max_pages, max_depth=3)
            summary = runner.crawl(request)
    progress.close()
    print_crawl_summary(summary, settings, show_articles=True)
    return 0 if summary.status == "done" else 1


def cmd_extract(args: argparse.Namespace) -> int:
    from newsflow.extract_command import extract_sources

    settings = _settings(args)
    return extract_sources(args.sources, settings, enrich=not args.no_enrich, base_url=args.base_url)


def cmd_enrich(args: argparse.Namespace) -> int:
    from newsflow.enrich_command import run

    return run(_settings(args), batch_size=args.batch_size)


def cmd_migrate(args: argparse.Namespace) -> int:
    from newsflow_shared.migrate import current, upgrade

    settings = _settings(args)
    upgrade(settings.database_url)
    print(f"database at revision {current(settings.database_url)}")
    return 0


def cmd_api(args: argparse.Namespace) -> int:
    from newsflow_api.auth import MissingApiToken
    from newsflow_api.server import run

    try:
        run(args.host, args.port)
    except MissingApiToken as exc:
        print(f"newsflow api: {exc}", file=sys.stderr)
        return 2
    return 0


def cmd_worker(args: argparse.Namespace) -> int:
    import importlib

    settings = get_settings()
    if settings.metrics_port:
        # Before the tasks are imported and the pool forks: every child must count in multiprocess mode.
        from newsflow_ops.worker_metrics import serve_worker_metrics

        try:
            serve_worker_metrics(settings, args.stage)
        except OSError as exc:
            print(f"newsflow worker: metrics port {settings.metrics_port}: {exc}", file=sys.stderr)
            return 2
    importlib.import_module(f"newsflow_{args.stage}.tasks")
    from newsflow_shared.celery_app import get_celery
    from newsflow_shared.heartbeat import heartbeat_path
    from newsflow_shared.heartbeat_step import install_heartbeat

    concurrency = args.concurrency or settings.worker_concurrency
    heartbeat = heartbeat_path(settings, args.stage)
    leave_celery_logging_to_us()
    install_heartbeat(get_celery(), heartbeat, settings.heartbeat_interval)
    argv = [
        *_quiet_when_json(settings),
        "worker",
        "--queues",
        args.stage,
        "--hostname",
        f"{args.stage}@%h",
        "--concurrency",
        str(concurrency),
        "--loglevel",
        settings.log_level,
        "--without-gossip",
        "--without-mingle",
    ]
    if args.max_tasks_per_child:
        argv += ["--max-tasks-per-child", str(args.max_tasks_per_child)]
    log.info(
        "starting the %s worker: concurrency %d, heartbeat file %s every %gs",
        args.stage,
        concurrency,
        heartbeat,
        settings.heartbeat_interval,
    )
    get_celery().worker_main(argv)
    return 0


def cmd_flower(args: argparse.Namespace) -> int:
    """Flower against the configured broker: it reads the workers' task events (NEWSFLOW_TASK_EVENTS), so it
    shows every task with its state — a message the policy gave up on as FAILURE with its reason."""
    import importlib.util

    if importlib.util.find_spec("flower") is None:
        raise NotConfigured("Flower is not installed: pip install 'newsflow[monitoring]'")
    from newsflow_shared.celery_app import get_celery

    argv = ["flower", f"--port={args.port}", f"--address={args.address}"]
    if args.basic_auth:
        argv.append(f"--basic-auth={args.basic_auth}")
    # Flower reads its other options from FLOWER_* variables (FLOWER_BASIC_AUTH, FLOWER_URL_PREFIX, …).
    get_celery().start(argv)
    return 0


def cmd_beat(args: argparse.Namespace) -> int:
    import tempfile
    from pathlib import Path

    from newsflow_shared.celery_app import get_celery

    from newsflow.schedule import CrawlScheduler, import_schedule_as_sources

    settings = get_settings()
    path = args.schedule or settings.schedule_file
    if path:  # the old schedule file: its entries become sources, polled like any other
        try:
            created, updated = import_schedule_as_sources(path, settings)
        except (OSError, ValueError) as exc:
            print(f"newsflow beat: {exc}", file=sys.stderr)
            return 2
        log.info("schedule %s imported as sources: %d created, %d updated", path, created, updated)
    app = get_celery()
    app.conf.beat_schedule = {}
    state = Path(tempfile.gettempdir()) / "newsflow-beat-schedule"  # last run times; losing it is harmless
    leave_celery_logging_to_us()
    app.Beat(
        loglevel=settings.log_level,
        schedule=str(state),
        scheduler=CrawlScheduler,
        quiet=bool(_quiet_when_json(settings)),
    ).run()
    return 0


def _quiet_when_json(settings: Settings) -> list[str]:
    """Celery's ``--quiet`` when the services log JSON: its start-up banner is plain text on stdout, which a
    collector expecting one JSON object per line would choke on (the same facts are logged at INFO)."""
    return ["--quiet"] if resolve_format(settings.log_format, log_stream("worker")) == "json" else []


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsflow", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    _add_crawl_command(sub)
    _add_page_commands(sub)
    _add_service_commands(sub)

    from newsflow.health_command import register_health_command
    from newsflow.maintenance_commands import register_maintenance_commands
    from newsflow.operator_commands import register_operator_commands
    from newsflow.reader_commands import register_reader_commands
    from newsflow.source_commands import register_source_commands

    register_operator_commands(sub)
    register_reader_commands(sub)
    register_source_commands(sub)
    register_maintenance_commands(sub)
    register_health_command(sub)
    return parser


Subcommands = Any  # argparse's _SubParsersAction, which is private


def _add_crawl_command(sub: Subcommands) -> None:
    """``newsflow crawl``: the embedded runner."""
    crawl = sub.add_parser("crawl", help="crawl seeds in this process (SQLite by default, no servers)")
    crawl.add_argument("seeds", nargs="+", metavar="SEED")
    crawl.add_argument("--mode", choices=CRAWL_MODES, default="site")
    crawl.add_argument("--max-pages", type=int, default=None)
    crawl.add_argument("--max-depth", type=int, default=None)
    crawl.add_argument(
        "--since", type=_iso_date, help="oldest publication day kept (YYYY-MM-DD); stops archives"
    )
    crawl.add_argument("--until", type=_iso_date, help="newest publication day kept (YYYY-MM-DD)")
    crawl.add_argument(
        "--allowed-domain",
        action="append",
        default=[],
        metavar="DOMAIN",
        help="another host site mode may follow",
    )
    crawl.add_argument(
        "--include", action="append", default=[], metavar="REGEX", help="follow only matching URLs"
    )
    crawl.add_argument(
        "--exclude", action="append", default=[], metavar="REGEX", help="never follow matching URLs"
    )
    crawl.add_argument(
        "--skip-known", action="store_true", help="do not fetch discovered articles an earlier crawl parsed"
    )
    crawl.add_argument("--db", help="database URL (default: NEWSFLOW_DATABASE_URL or sqlite:///newsflow.db)")
    crawl.add_argument("--no-enrich", action="store_true", help="skip language and entity detection")
    crawl.add_argument("--quiet", action="store_true", help="no live view, no article list")
    crawl.set_defaults(func=cmd_crawl)


def _add_page_commands(sub: Subcommands) -> None:
    """Commands on pages and stored articles in this process: demo, extract, enrich, reprocess, import-warc."""
    demo = sub.add_parser("demo", help="serve the bundled sample site and crawl it (or crawl URL)")
    demo.add_argument("url", nargs="?")
    demo.add_argument("--max-pages", type=int, default=60)
    demo.add_argument("--db", default="sqlite:///newsflow-demo.db")
    demo.set_defaults(func=cmd_demo)

    extract = sub.add_parser(
        "extract", help="print the article record of URLs or local HTML files as JSON lines"
    )
    extract.add_argument("sources", nargs="+", metavar="SOURCE")
    extract.add_argument("--no-enrich", action="store_true")
    extract.add_argument("--base-url", help="URL a local file was saved from (resolves links, canonical)")
    extract.set_defaults(func=cmd_extract)

    enrich = sub.add_parser("enrich", help="enrich JSON lines of articles (title, body) from stdin to stdout")
    enrich.add_argument("--batch-size", type=int, default=32, help="articles per NER batch")
    enrich.set_defaults(func=cmd_enrich)

    reprocess = sub.add_parser(
        "reprocess", help="re-parse and re-enrich stored articles from their WARC captures, without fetching"
    )
    reprocess.add_argument("--crawl", help="only articles of this crawl id")
    reprocess.add_argument("--host", help="only articles on this host (and its subdomains)")
    reprocess.add_argument("--since", type=_iso_date, help="captured on or after this day (YYYY-MM-DD)")
    reprocess.add_argument("--until", type=_iso_date, help="captured on or before this day (YYYY-MM-DD)")
    reprocess.add_argument(
        "--language", type=_language_code, help="only articles stored in this language (BCP-47: ar, en, ku)"
    )
    reprocess.add_argument("--db")
    reprocess.add_argument("--no-enrich", action="store_true")
    reprocess.set_defaults(func=cmd_reprocess)

    import_warc = sub.add_parser(
        "import-warc", help="parse, enrich and store the HTML responses of WARC files"
    )
    import_warc.add_argument("files", nargs="+", metavar="FILE")
    import_warc.add_argument("--db")
    import_warc.add_argument("--no-enrich", action="store_true")
    import_warc.set_defaults(func=cmd_import_warc)


def _add_service_commands(sub: Subcommands) -> None:
    """The processes of a deployment: migrate, api, beat, worker, flower."""
    migrate = sub.add_parser("migrate", help="create or upgrade the database schema")
    migrate.add_argument("--db")
    migrate.set_defaults(func=cmd_migrate)

    api = sub.add_parser("api", help="run the HTTP task API")
    api.add_argument("--host", default="127.0.0.1")
    api.add_argument("--port", type=int, default=8000)
    api.set_defaults(func=cmd_api)

    beat = sub.add_parser(
        "beat", help="the scheduler: poll every active source on its schedule (Celery beat)"
    )
    beat.add_argument("--schedule", help="TOML schedule (default: NEWSFLOW_SCHEDULE_FILE)")
    beat.set_defaults(func=cmd_beat)

    worker = sub.add_parser("worker", help="run a Celery worker for one stage")
    worker.add_argument("stage", choices=STAGES)
    worker.add_argument("--concurrency", type=int)
    worker.add_argument(
        "--max-tasks-per-child", type=int, help="tasks after which a pool process is replaced (default 2000)"
    )
    worker.set_defaults(func=cmd_worker)

    flower = sub.add_parser(
        "flower",
        help="run Flower, the Celery monitor (tasks, states, failures), on the configured broker",
        epilog="Flower's other options are read from FLOWER_* variables (e.g. FLOWER_URL_PREFIX).",
    )
    flower.add_argument("--port", type=int, default=5555)
    flower.add_argument("--address", default="127.0.0.1", help="0.0.0.0 in a container")
    flower.add_argument(
        "--basic-auth", metavar="USER:PASSWORD", help="require HTTP basic auth (or FLOWER_BASIC_AUTH)"
    )
    flower.set_defaults(func=cmd_flower)


def log_stream(command: str) -> TextIO:
    """Where ``command`` logs: stdout for the services (their stdout carries nothing else, and it is where a
    container's log collector reads), stderr for every other command (its stdout is its result: JSON lines of
    ``newsflow extract``, a crawl summary, a token)."""
    return sys.stdout if command in SERVICE_COMMANDS else sys.stderr


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = get_settings()
    configure_logging(settings.log_level, settings.log_format, log_stream(args.command))
    try:
        return int(args.func(args))
    except NotConfigured as exc:  # a chosen plug-in or optional package missing: say so, no traceback
        print(f"newsflow: not configured: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
