"""The Celery side of worker liveness: the consumer bootstep that writes the heartbeat file
(``newsflow_shared.heartbeat`` says what the file holds, who reads it, and why the consumer's timer drives it)."""

from __future__ import annotations

import logging
import os
import socket
import time
from pathlib import Path
from typing import Any

from celery import Celery, bootsteps

from newsflow_shared.heartbeat import BeatState, Heartbeat, write_heartbeat

log = logging.getLogger(__name__)


class HeartbeatStep(bootsteps.StartStopStep):  # type: ignore[misc]  # Celery is untyped
    """Consumer bootstep: rewrites the heartbeat file every ``interval`` seconds from the consumer's event loop.

    Started once the task consumer is (``requires``), so a fresh file means messages can be taken; stopped (and
    the file marked ``reconnecting``) when Celery restarts the consumer after a connection loss; the file is
    removed at shutdown, so a worker stopped on purpose is not live.
    """

    requires = ("celery.worker.consumer.tasks:Tasks",)
    path: Path = Path()
    interval: float = 5.0

    def __init__(self, parent: Any, **kwargs: Any) -> None:
        super().__init__(parent, **kwargs)
        self.timer_entry: Any = None
        self.write_failed = False

    def start(self, parent: Any) -> None:
        node = str(parent.hostname)
        self.beat(node, "consuming")
        self.timer_entry = parent.timer.call_repeatedly(self.interval, self.beat, (node, "consuming"))

    def stop(self, parent: Any) -> None:
        self._cancel(parent)
        self.beat(str(parent.hostname), "reconnecting")

    def shutdown(self, parent: Any) -> None:
        self._cancel(parent)
        self.path.unlink(missing_ok=True)

    def _cancel(self, parent: Any) -> None:
        if self.timer_entry is not None:
            parent.timer.cancel(self.timer_entry)
            self.timer_entry = None

    def beat(self, node: str, state: BeatState) -> None:
        beat = Heartbeat(
            node=node, hostname=socket.gethostname(), pid=os.getpid(), at=time.time(), state=state
        )
        try:
            write_heartbeat(self.path, beat)
        except OSError as exc:  # said once: every few seconds would bury the log
            if not self.write_failed:
                log.error(
                    "cannot write the heartbeat file %s: %s (the worker will look hung)", self.path, exc
                )
            self.write_failed = True
        else:
            self.write_failed = False


def install_heartbeat(app: Celery, path: Path, interval: float) -> None:
    """Add the heartbeat bootstep, writing ``path`` every ``interval`` seconds, to ``app``'s worker consumer."""
    step = type("HeartbeatStep", (HeartbeatStep,), {"path": path, "interval": interval})
    app.steps["consumer"].add(step)
