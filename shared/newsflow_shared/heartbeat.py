"""Worker liveness: a heartbeat file the worker's event loop rewrites every few seconds, and the check of its age.

Who writes it: ``newsflow_shared.heartbeat_step.HeartbeatStep``, a bootstep of the Celery consumer (``newsflow
worker`` installs it), on the consumer's own timer. Who reads it: ``newsflow health live STAGE``
(:func:`check_liveness`), run by a container's healthcheck or a Kubernetes liveness probe on the worker's machine.

Why the consumer's timer and not a thread of its own: a thread keeps beating while the main process's event loop
is stuck, and that loop is what matters — it fetches messages, hands them to the pool, acknowledges them, and
enforces the task time limits that bound a stuck child (prefork). A timer entry runs only when the loop turns, so
the file goes stale exactly when the loop stops: blocked in a call, deadlocked, or the process stopped (SIGSTOP, a
frozen VM). A killed worker is seen at once: the file names its pid, which is then gone.

When the broker connection drops, Celery stops the consumer's steps and blocks in its reconnect loop (the timer
does not run): the step writes ``reconnecting`` first, and such a file counts as live for longer
(:data:`RECONNECT_GRACE_FACTOR`) — restarting the worker would not bring the broker back; readiness reports it.

This module imports nothing heavy (no Celery): ``newsflow health live`` runs it every few seconds.
"""

from __future__ import annotations

import json
import os
import socket
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

from newsflow_shared.config import Settings

BeatState = Literal["consuming", "reconnecting"]
# A worker reconnecting to its broker stays live this many heartbeat_max_age long (Celery gives up by itself
# after broker_connection_max_retries and exits; a restart before that would change nothing).
RECONNECT_GRACE_FACTOR = 10


@dataclass(frozen=True)
class Heartbeat:
    """The content of a heartbeat file: who wrote it, when (``time.time()``), and what the worker was doing."""

    node: str
    hostname: str
    pid: int
    at: float
    state: BeatState


@dataclass(frozen=True)
class Liveness:
    """The verdict of :func:`check_liveness`, with the reason an operator reads."""

    live: bool
    reason: str


def heartbeat_path(settings: Settings, stage: str) -> Path:
    """The heartbeat file of ``stage``'s worker: ``NEWSFLOW_HEARTBEAT_FILE`` with ``{stage}`` filled in, or
    ``newsflow-<stage>-worker.heartbeat`` in the temp directory."""
    template = settings.heartbeat_file or str(
        Path(tempfile.gettempdir()) / "newsflow-{stage}-worker.heartbeat"
    )
    return Path(template.replace("{stage}", stage))


def write_heartbeat(path: Path, beat: Heartbeat) -> None:
    """Replace ``path`` atomically, so a reader never sees half a file."""
    partial = path.with_name(f".{path.name}.{beat.pid}.tmp")
    partial.write_text(json.dumps(asdict(beat)), encoding="utf-8")
    os.replace(partial, path)


def read_heartbeat(path: Path) -> Heartbeat | None:
    """The heartbeat in ``path``; None when there is no file. Raises ValueError for one that is not ours."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    try:
        return Heartbeat(**json.loads(text))
    except (TypeError, json.JSONDecodeError) as exc:
        raise ValueError(f"{path} is not a heartbeat file ({exc})") from exc


def check_liveness(path: Path, *, max_age: float, now: float | None = None) -> Liveness:
    """Whether the worker that writes ``path`` is live: its file is younger than ``max_age`` seconds (longer
    while it reconnects to the broker) and, when it was written on this host, its process still exists."""
    try:
        beat = read_heartbeat(path)
    except (OSError, ValueError) as exc:
        return Liveness(False, f"cannot read the heartbeat: {exc}")
    if beat is None:
        return Liveness(
            False, f"no heartbeat file at {path}: the worker has not started consuming, or stopped"
        )
    if beat.hostname == socket.gethostname() and not _process_exists(beat.pid):
        return Liveness(False, f"{beat.node}: process {beat.pid} is gone")
    age = (time.time() if now is None else now) - beat.at
    limit = max_age * RECONNECT_GRACE_FACTOR if beat.state == "reconnecting" else max_age
    doing = "reconnecting to the broker" if beat.state == "reconnecting" else "consuming"
    if age > limit:
        return Liveness(
            False,
            f"{beat.node} (pid {beat.pid}): last heartbeat {age:.1f}s ago while {doing}, limit {limit:g}s — "
            "its event loop is blocked or the process is stopped",
        )
    return Liveness(True, f"{beat.node} (pid {beat.pid}): heartbeat {age:.1f}s ago, {doing}")


def _process_exists(pid: int) -> bool:
    """Whether ``pid`` runs: it exists and, where /proc tells, is no zombie (killed, not yet reaped)."""
    try:
        os.kill(pid, 0)  # signal 0: only the existence (and permission) check
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        pass
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True  # no /proc here: existence is all we know
    return state != "Z"
