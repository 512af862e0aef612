"""A Celery worker's metrics endpoint: the sum over its prefork children (prometheus_client's multiprocess mode).

A worker's tasks run in pool children forked from its main process, each with its own memory; a counter kept in
memory would be one child's, and lost when the child is recycled. In multiprocess mode every process writes its
values to files of its own (``counter_<pid>.db``, ``histogram_<pid>.db``) in ``PROMETHEUS_MULTIPROC_DIR``, and
the main process's endpoint sums them at each scrape (``MultiProcessCollector``), the files of children that
exited included, so a counter never goes back when a child is replaced.

``newsflow worker`` calls :func:`serve_worker_metrics` before Celery starts (so before the pool forks): it gives
the worker a fresh directory (never reused: files of an earlier run would add old counts to the new), switches
prometheus_client to multiprocess mode, serves the endpoint from a thread of the main process, marks each pool
child dead as it exits (``mark_process_dead``: its live gauges go; its counts stay), and removes the directory
when the worker exits.
"""

from __future__ import annotations

import atexit
import logging
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any, Final

from newsflow_shared.config import Settings
from prometheus_client import CollectorRegistry, multiprocess, start_http_server, values

from newsflow_ops import metrics

log = logging.getLogger(__name__)

MULTIPROC_ENV: Final = "PROMETHEUS_MULTIPROC_DIR"


def enable_multiprocess(stage: str) -> Path:
    """Switch this process (and the children it will fork) to multiprocess mode in a fresh directory, inside
    ``PROMETHEUS_MULTIPROC_DIR`` when the environment names one (e.g. a tmpfs volume), else the temp directory.

    Raises RuntimeError when a metric was already counted in memory (it would be missing from the endpoint).
    """
    if metrics.families.cache_info().currsize:
        raise RuntimeError("metrics were counted before multiprocess mode was enabled")
    base = Path(os.environ.get(MULTIPROC_ENV) or tempfile.gettempdir())
    base.mkdir(parents=True, exist_ok=True)
    directory = Path(tempfile.mkdtemp(prefix=f"newsflow-{stage}-metrics-", dir=base))
    os.environ[MULTIPROC_ENV] = str(directory)
    # prometheus_client picks its value class when first imported; it may have been imported before the variable
    # was set (the metric families themselves are created later, on first use).
    values.ValueClass = values.get_value_class()  # type: ignore[no-untyped-call]
    return directory


def serve_worker_metrics(settings: Settings, stage: str) -> Path:
    """Serve the worker's metrics on ``NEWSFLOW_METRICS_ADDRESS:NEWSFLOW_METRICS_PORT``; returns the directory of
    the value files. Call it in the worker's main process before Celery forks its pool.

    Raises OSError when the port cannot be bound (in use): the worker should not start blind.
    """
    directory = enable_multiprocess(stage)
    # Every series of the families exists at 0 from the start (in the main process's file), before a child counts.
    metrics.families()
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry, path=str(directory))  # type: ignore[no-untyped-call]
    start_http_server(settings.metrics_port, addr=settings.metrics_address, registry=registry)
    _forget_children_as_they_exit(directory)
    main_pid = os.getpid()
    atexit.register(_remove_directory, directory, main_pid)
    log.info("metrics of the %s worker on %s:%d", stage, settings.metrics_address, settings.metrics_port)
    return directory


def _forget_children_as_they_exit(directory: Path) -> None:
    from celery.signals import worker_process_shutdown

    def forget(pid: int | None = None, **_: Any) -> None:
        # Sent by the exiting pool child itself (billiard's on_exit); a child killed outright leaves only its
        # counter files, which are meant to stay.
        if pid is not None:
            multiprocess.mark_process_dead(pid, str(directory))  # type: ignore[no-untyped-call]

    worker_process_shutdown.connect(forget, weak=False)


def _remove_directory(directory: Path, owner_pid: int) -> None:
    if os.getpid() == owner_pid:  # not in a forked child that happens to run atexit handlers
        shutil.rmtree(directory, ignore_errors=True)
