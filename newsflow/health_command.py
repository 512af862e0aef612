"""``newsflow health live|ready STAGE``: a worker's probes, for container healthchecks and Kubernetes.

``live`` answers "should this worker be restarted?": its event loop beats (``newsflow_shared.heartbeat``). It
reads one local file and connects to nothing, so a broker outage never restarts every worker at once.
``ready`` answers "can this worker do its job?": the broker answers, the stage's queue is declared on it, and the
database answers for the stages that use it. Both print one line per finding and exit 0 (yes) or 1 (no).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsflow_shared.config import Settings, get_settings
from newsflow_shared.heartbeat import check_liveness, heartbeat_path
from newsflow_shared.queues import ENRICH_QUEUE, QUEUES, STORE_QUEUE

if TYPE_CHECKING:
    from kombu import Connection  # type: ignore[attr-defined]

# Seconds a readiness probe waits for one server: well inside a probe's usual timeout (Kubernetes: 1 s by
# default, so set timeoutSeconds to 10 or more; compose: 30 s).
PROBE_TIMEOUT = 3.0


@dataclass(frozen=True)
class Finding:
    """One readiness check's outcome."""

    name: str
    ok: bool
    detail: str


def cmd_live(args: argparse.Namespace) -> int:
    settings = get_settings()
    path = heartbeat_path(settings, args.stage)
    liveness = check_liveness(path, max_age=settings.heartbeat_max_age)
    print(f"{args.stage} worker {'live' if liveness.live else 'NOT live'}: {liveness.reason}")
    return 0 if liveness.live else 1


def cmd_ready(args: argparse.Namespace) -> int:
    findings = readiness(get_settings(), args.stage)
    for finding in findings:
        print(f"{finding.name}: {'ok' if finding.ok else 'FAILED'} ({finding.detail})")
    ready = all(finding.ok for finding in findings)
    print(f"{args.stage} worker {'ready' if ready else 'NOT ready'}")
    return 0 if ready else 1


def readiness(settings: Settings, stage: str) -> list[Finding]:
    """The readiness checks of ``stage``'s worker; the queue is looked up only when the broker answered."""
    findings = [check_broker(settings)]
    if findings[0].ok:
        findings.append(check_queue_declared(settings, stage))
    if uses_database(settings, stage):
        findings.append(check_database(settings))
    return findings


def uses_database(settings: Settings, stage: str) -> bool:
    """Store writes every article; enrich reads stored translations only when a translator is configured
    (``newsflow_enrich.translation.stored``); ingest keeps all its state in Redis."""
    return stage == STORE_QUEUE or (stage == ENRICH_QUEUE and settings.translator != "none")


def _guarded(name: str, check: Callable[[], str]) -> Finding:
    """Run ``check`` (returning what it found); any exception is the check failing, with its message."""
    try:
        return Finding(name, True, check())
    except Exception as exc:
        first_line = (str(exc).splitlines() or [""])[0]  # SQLAlchemy appends the SQL and a link
        return Finding(name, False, f"{type(exc).__name__}: {first_line}")


def check_broker(settings: Settings) -> Finding:
    """The broker accepts a connection (the same kombu transport the worker uses)."""

    def connect() -> str:
        with _broker(settings) as connection:
            # A second attempt at once (not after kombu's default 2 s): a probe must answer quickly.
            connection.ensure_connection(max_retries=1, interval_start=0, timeout=PROBE_TIMEOUT)
            return str(connection.as_uri())  # the password masked

    return _guarded("broker", connect)


def check_queue_declared(settings: Settings, stage: str) -> Finding:
    """The stage's queue is bound on the broker: a worker consuming it, or a publisher, declared it. (An empty
    Redis list does not exist, so the binding, not the list, says whether the queue is there.)"""

    def bound() -> str:
        with _broker(settings) as connection:
            bindings = connection.default_channel.get_table(stage)
        if not any(binding[-1] == stage for binding in bindings):
            raise LookupError(
                f"queue {stage!r} is not declared on the broker (no worker has consumed it yet)"
            )
        return f"queue {stage!r} declared"

    return _guarded("queue", bound)


def check_database(settings: Settings) -> Finding:
    """The database answers ``SELECT 1``."""
    from newsflow_shared.db import make_engine
    from sqlalchemy import text

    def select_one() -> str:
        connect_args = (
            {} if settings.database_url.startswith("sqlite") else {"connect_timeout": PROBE_TIMEOUT}
        )
        engine = make_engine(settings.database_url, connect_args=connect_args)
        try:
            with engine.connect() as connection:
                connection.execute(text("SELECT 1"))
            return engine.url.render_as_string(hide_password=True)
        finally:
            engine.dispose()

    return _guarded("database", select_one)


def _broker(settings: Settings) -> Connection:
    """A kombu connection to the broker that waits at most PROBE_TIMEOUT for the server (kombu is untyped)."""
    from kombu import Connection  # type: ignore[attr-defined]

    return Connection(  # type: ignore[no-untyped-call]
        settings.redis_url,
        connect_timeout=PROBE_TIMEOUT,
        transport_options={"socket_timeout": PROBE_TIMEOUT, "socket_connect_timeout": PROBE_TIMEOUT},
    )


def register_health_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``newsflow health live STAGE`` and ``newsflow health ready STAGE``."""
    health = sub.add_parser(
        "health", help="probes of a worker: live (not hung), ready (can work); exit 0 or 1"
    )
    probes = health.add_subparsers(dest="probe", required=True)
    live = probes.add_parser(
        "live", help="the STAGE worker on this machine is live: its event loop beat recently (heartbeat file)"
    )
    live.add_argument("stage", choices=QUEUES)
    live.set_defaults(func=cmd_live)
    ready = probes.add_parser(
        "ready", help="the STAGE worker can work: broker reachable, its queue declared, database reachable"
    )
    ready.add_argument("stage", choices=QUEUES)
    ready.set_defaults(func=cmd_ready)
