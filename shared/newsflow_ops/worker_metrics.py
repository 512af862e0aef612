"""A Celery worker's metrics endpoint: the sum over its prefork children (prometheus_client's multiprocess mode).

A worker's tasks run in pool children forked from its main process, each with its own memory; a counter kept in
memory would be one child's, and lost when the child is recycled. In multiprocess mode every process writes its
values to files of its own (``counter_<pid>.db``, ``histogram_<pid>.db``) in ``PROMETHEUS_MULTIPROC_DIR``, and
the main process's endpoint sums them at each scrape (``MultiProcessCollector``), the files of children that
exited included, so a counter never goes back when a child is replaced.

A child that exits (recycled after ``worker_max_tasks_per_child`` tasks, or at shutdown) folds its counters and
histograms into the directory's ``*_archive.db`` files and removes its own (:func:`archive_process`), so a worker
that recycles children for weeks keeps a handful of files, not one pair per child ever forked. The fold and the
endpoint's read take a lock on the directory (``flock``): a scrape sees the child's counts once, before or after,
never twice or not at all, which Prometheus would take for a counter reset. A child killed outright leaves its
files, still summed.

``newsflow worker`` calls :func:`serve_worker_metrics` before Celery starts (so before the pool forks): it gives
the worker a fresh directory (never reused: files of an earlier run would add old counts to the new), switches
prometheus_client to multiprocess mode, serves the endpoint from a thread of the main process, archives each pool
child's counts as it exits and marks it dead (``mark_process_dead``: its live gauges go), and removes the
directory when the worker exits.
"""

from __future__ import annotations

import atexit
import fcntl
import logging
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Final

from newsflow_shared.config import Settings
from prometheus_client import CollectorRegistry, multiprocess, start_http_server, values
from prometheus_client.metrics_core import Metric
from prometheus_client.mmap_dict import MmapedDict, mmap_key

from newsflow_ops import metrics

log = logging.getLogger(__name__)

MULTIPROC_ENV: Final = "PROMETHEUS_MULTIPROC_DIR"
LOCK_FILE: Final = ".lock"
# Kinds whose values add up across processes; gauges are per process (and ``mark_process_dead`` handles live ones).
ADDITIVE_KINDS: Final = ("counter", "histogram", "summary")


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
    atexit.register(_remove_directory, directory, os.getpid())
    # Every series of the families exists at 0 from the start (in the main process's file), before a child counts.
    metrics.families()
    registry = CollectorRegistry()
    LockedCollector(registry, path=str(directory))
    start_http_server(settings.metrics_port, addr=settings.metrics_address, registry=registry)
    _forget_children_as_they_exit(directory)
    log.info("metrics of the %s worker on %s:%d", stage, settings.metrics_address, settings.metrics_port)
    return directory


class LockedCollector(multiprocess.MultiProcessCollector):
    """``MultiProcessCollector`` reading under the directory's shared lock (see :func:`archive_process`)."""

    def __init__(self, registry: CollectorRegistry, path: str) -> None:
        super().__init__(registry, path=path)  # type: ignore[no-untyped-call]

    def collect(self) -> Iterable[Metric]:
        with directory_lock(Path(self._path), fcntl.LOCK_SH):
            return list(super().collect())  # type: ignore[no-untyped-call]


@contextmanager
def directory_lock(directory: Path, mode: int) -> Iterator[None]:
    with (directory / LOCK_FILE).open("a") as handle:
        fcntl.flock(handle, mode)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def archive_process(directory: Path, pid: int) -> None:
    """Fold process ``pid``'s counters and histograms into ``<kind>_archive.db`` and remove its files. Called by
    the exiting process itself, after its last count."""
    with directory_lock(directory, fcntl.LOCK_EX):
        for kind in ADDITIVE_KINDS:
            own = directory / f"{kind}_{pid}.db"
            if not own.exists():
                continue
            archive = directory / f"{kind}_archive.db"
            files = [str(path) for path in (archive, own) if path.exists()]
            # Raw sums (histogram buckets not made cumulative): the form the files hold, as merge() documents.
            merged = multiprocess.MultiProcessCollector.merge(files, accumulate=False)  # type: ignore[no-untyped-call]
            _write_values(archive, merged)
            own.unlink()


def _write_values(path: Path, merged: Iterable[Metric]) -> None:
    target = MmapedDict(str(path))  # type: ignore[no-untyped-call]
    try:
        for metric in merged:
            for sample in metric.samples:
                key = mmap_key(
                    metric.name,
                    sample.name,
                    list(sample.labels),
                    list(sample.labels.values()),
                    metric.documentation,
                )
                target.write_value(key, sample.value, 0.0)  # type: ignore[no-untyped-call]
    finally:
        target.close()  # type: ignore[no-untyped-call]


def _forget_children_as_they_exit(directory: Path) -> None:
    from celery.signals import worker_process_shutdown

    def forget(pid: int | None = None, **_: Any) -> None:
        # Sent by the exiting pool child itself (billiard's on_exit), after its last task. A child killed outright
        # sends nothing: its files stay, and are summed like the others.
        if pid is None:
            return
        try:
            archive_process(directory, pid)
        except Exception:  # never let metrics bookkeeping break a child's exit; its files then simply stay
            log.exception("metrics of pool process %d not archived", pid)
        multiprocess.mark_process_dead(pid, str(directory))  # type: ignore[no-untyped-call]

    worker_process_shutdown.connect(forget, weak=False)


def _remove_directory(directory: Path, owner_pid: int) -> None:
    if os.getpid() == owner_pid:  # not in a forked child that happens to run atexit handlers
        shutil.rmtree(directory, ignore_errors=True)
