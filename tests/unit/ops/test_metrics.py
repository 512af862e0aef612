"""The metric families on their own: status classes, the delivery policy's counts, the embedded runner counting
like the workers, and prometheus_client's multiprocess mode summing forked children (in a subprocess: it changes
process-wide state)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from newsflow_crawl.delivery.policy import Step, TaskContext, Transport, run_step
from newsflow_crawl.state import MemoryLedger
from newsflow_ops.metrics import status_class
from newsflow_shared.config import Settings
from newsflow_shared.errors import PermanentError, RobotsForbidden, TransientError
from newsflow_shared.messages import CrawlRequest
from prometheus_client import REGISTRY

from newsflow.runner import EmbeddedRunner
from tests.e2e.test_runtime_parity import english_article
from tests.support.http_server import serve
from tests.support.transports import RecordingTransport

SETTINGS = Settings(task_max_retries=1, retry_backoff=1.0, retry_backoff_max=2.0)


def value(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


@pytest.mark.parametrize(
    ("status", "reason", "expected"),
    [(200, "ok", "2xx"), (304, "ok", "3xx"), (404, "http_status", "4xx"), (503, "http_503", "5xx"),
     (0, "timeout", "error"), (0, "not_html", "error"), (0, "robots_forbidden", "robots_forbidden")],
)  # fmt: skip
def test_status_class(status: int, reason: str, expected: str) -> None:
    assert status_class(status, reason) == expected


def run(error: BaseException | None, attempts: int = 0) -> str:
    def work(_: Transport) -> None:
        if error is not None:
            raise error

    ctx = TaskContext("enrich", "newsflow.enrich.enrich", {}, "c1", "https://a.example/x", "enrich:x")
    ledger = MemoryLedger()
    ledger.add_pending("c1", "enrich:x")
    return run_step(
        Step(ctx, work), transport=RecordingTransport(), ledger=ledger, settings=SETTINGS, attempts=attempts
    )


def test_the_policy_counts_every_outcome_and_times_every_run() -> None:
    before = {o: value("newsflow_tasks_total", stage="enrich", outcome=o) for o in ("ok", "retried", "failed",
              "dead_lettered")}  # fmt: skip
    runs = value("newsflow_task_duration_seconds_count", stage="enrich")
    skipped = value("newsflow_articles_skipped_total", reason="robots_forbidden")
    outcomes = [
        run(None),
        run(TransientError("busy")),
        run(TransientError("busy"), attempts=1),
        run(PermanentError("bad page")),
        run(RobotsForbidden("no")),
    ]
    assert outcomes == ["ok", "retried", "dead_lettered", "failed", "failed"]
    after = {o: value("newsflow_tasks_total", stage="enrich", outcome=o) - before[o] for o in before}
    assert after == {"ok": 1, "retried": 1, "failed": 2, "dead_lettered": 1}
    assert value("newsflow_task_duration_seconds_count", stage="enrich") - runs == 5
    assert value("newsflow_articles_skipped_total", reason="robots_forbidden") - skipped == 1


def test_the_embedded_runner_counts_like_the_workers(tmp_path: Path) -> None:
    html = {"Content-Type": "text/html; charset=utf-8"}
    routes = {
        "/robots.txt": (200, {"Content-Type": "text/plain"}, b"User-agent: *\nAllow: /\n"),
        "/a": (200, html, english_article("budget vote", "Tunis")),
        "/b": (200, html, english_article("harbour works", "Valletta")),
    }
    names = [
        ("newsflow_articles_stored_total", {}),
        ("newsflow_fetches_total", {"status_class": "2xx"}),
        ("newsflow_fetches_total", {"status_class": "4xx"}),
        ("newsflow_tasks_total", {"stage": "ingest", "outcome": "failed"}),
        ("newsflow_tasks_total", {"stage": "store", "outcome": "ok"}),
        ("newsflow_store_upsert_seconds_count", {}),
    ]
    before = [value(name, **labels) for name, labels in names]
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'm.db'}", host_delay=0.0)
    with serve(routes) as site:
        request = CrawlRequest(seeds=[site.url(p) for p in ("/a", "/b", "/missing")], mode="article")
        summary = EmbeddedRunner(settings, enrich=False).crawl(request)
    assert summary.status == "done" and len(summary.stored_ids) == 2
    deltas = [value(name, **labels) - b for (name, labels), b in zip(names, before, strict=True)]
    assert deltas == [2, 2, 1, 1, 2, 2]


MULTIPROCESS_SCRIPT = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path
    from newsflow_ops import metrics
    from newsflow_ops.worker_metrics import LockedCollector, archive_process, enable_multiprocess
    from prometheus_client import CollectorRegistry

    directory = enable_multiprocess("test")
    metrics.families()  # created in the parent, as `newsflow worker` does, then used by forked children
    registry = CollectorRegistry()
    LockedCollector(registry, path=str(directory))

    def fork(counts, archive):
        pid = os.fork()
        if pid == 0:
            for _ in range(counts):
                metrics.count_stored()
                metrics.observe_task("store", "ok", time.perf_counter())
            if archive:  # as a recycled child does on its way out (worker_process_shutdown)
                archive_process(directory, os.getpid())
            os._exit(0)
        os.waitpid(pid, 0)

    fork(2, archive=True)
    fork(3, archive=True)
    fork(4, archive=False)  # killed outright: its files stay
    print(registry.get_sample_value("newsflow_articles_stored_total"))
    print(registry.get_sample_value("newsflow_task_duration_seconds_count", {"stage": "store"}))
    print(registry.get_sample_value("newsflow_task_duration_seconds_bucket", {"stage": "store", "le": "+Inf"}))
    print(" ".join(sorted(path.name for path in Path(directory).glob("*.db"))))
    """
)


def test_forked_children_are_summed_and_exited_ones_archived(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-c", MULTIPROCESS_SCRIPT], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 0, result.stderr
    stored, timed, le_inf, files = result.stdout.strip().splitlines()
    assert float(stored) == float(timed) == float(le_inf) == 9.0  # 2 + 3 + 4, nothing lost or counted twice
    # The parent's files, the archive of the two children that exited, the files of the one killed outright.
    kinds = [name.split("_")[0] for name in files.split()]
    assert "counter_archive.db" in files and "histogram_archive.db" in files
    assert kinds.count("counter") == kinds.count("histogram") == 3
    # The worker's directory is a fresh one inside the configured base, never the base itself.
    [directory] = tmp_path.iterdir()
    assert directory.name.startswith("newsflow-test-metrics-")


def test_multiprocess_mode_refuses_to_start_after_counting() -> None:
    script = (
        "from newsflow_ops import metrics\nfrom newsflow_ops.worker_metrics import enable_multiprocess\n"
        "metrics.count_stored()\nenable_multiprocess('test')\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode != 0 and "counted before multiprocess mode" in result.stderr
