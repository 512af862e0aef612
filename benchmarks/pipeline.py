"""End-to-end throughput of newsflow: the embedded runner and the Celery deployment side by side, in one run.

Serves ~500 generated article pages on 127.0.0.1, crawls them through a sitemap with each runtime, and prints
articles/s and CPU milliseconds per article for each stage. For the Celery deployment also: the CPU bound of
the run (cores × 1000 ÷ the stages' CPU ms per article: the rate if the stages kept every core busy and nothing
else ran) and how much of it the run reached, the Redis commands per article (``INFO commandstats`` deltas
over the run: broker and crawl ledger together) and PostgreSQL's transactions, rows and bytes per article
(``pg_stat_database`` and table sizes of the benchmark's database, read after the workers exited).

    python benchmarks/pipeline.py [--articles 500] [--workers 1]
    python benchmarks/pipeline.py --metrics-overhead 3   # Celery only: metrics off/on, alternating, 3 rounds

With ``--metrics-overhead N`` the Celery deployment runs 2N times, alternating "off" (NEWSFLOW_METRICS_PORT=0,
NEWSFLOW_TASK_EVENTS=false) and "on" (each worker serving its metrics in multiprocess mode, scraped every second,
task events sent), and prints both with their medians.

The Celery side needs Redis and PostgreSQL: NEWSFLOW_TEST_REDIS_URL / NEWSFLOW_TEST_DATABASE_URL (defaults
127.0.0.1's); it creates and drops a database of its own.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newsflow_shared.config import Settings  # noqa: E402
from newsflow_shared.messages import CrawlRequest  # noqa: E402

from benchmarks.cpu_pinning import (  # noqa: E402
    busy_share,
    cpu_seconds_by_core,
    parse_cpus,
    servers_pinned,
)
from benchmarks.server_counters import (  # noqa: E402
    CommandMonitor,
    delta,
    format_commands,
    per_article,
    postgres_backend_cpu_seconds,
    postgres_counters,
    redis_commandstats,
    redis_usec_per_call,
)
from newsflow.generated_site import generate_site  # noqa: E402
from newsflow.runner import EmbeddedRunner  # noqa: E402
from newsflow.sample_server import serve_site  # noqa: E402
from tests.support.servers import postgres_server, redis_server  # noqa: E402

CLK_TCK = os.sysconf("SC_CLK_TCK")


def _tree_cpu_seconds(pid: int) -> float:
    """utime + stime of a process and all its live descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(entry))
    total, stack = 0.0, [pid]
    while stack:
        current = stack.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # utime, stime, and the reaped children's cutime, cstime (recycled prefork children count too)
        total += sum(int(x) for x in fields[11:15]) / CLK_TCK
        stack.extend(children.get(current, []))
    return total


def machine_cpu_seconds() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot, all cores (``/proc/stat``'s first line)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return (sum(fields) - idle) / CLK_TCK, sum(fields) / CLK_TCK


def run_embedded(base_url: str, n: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            database_url=f"sqlite:///{tmp}/bench.db",
            allow_private_addresses=True,
            host_delay=0.0,
            log_level="WARNING",
        )
        runner = EmbeddedRunner(settings)
        request = CrawlRequest(seeds=[base_url + "/sitemap.xml"], mode="sitemap", max_pages=n + 10)
        started = time.monotonic()
        summary = runner.crawl(request)
        elapsed = time.monotonic() - started
    stored = len(summary.stored_ids)
    result = {"stored": stored, "seconds": elapsed, "articles_per_s": stored / elapsed}
    for stage, ms in summary.stage_cpu_ms.items():
        result[f"{stage}_cpu_ms"] = ms / max(stored, 1)
    return result


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _scrape_every_second(ports: list[int], stop: threading.Event) -> None:
    """What Prometheus would do, more often than its usual 15 s: each worker's endpoint, every second."""
    import requests

    while not stop.wait(1.0):
        for port in ports:
            with contextlib.suppress(requests.RequestException):
                requests.get(f"http://127.0.0.1:{port}/metrics", timeout=5)


def run_celery(
    base_url: str,
    n: int,
    workers: int,
    *,
    metrics: bool | None = None,
    monitor: bool = False,
    processes: dict[str, int] | None = None,
    worker_cpus: set[int] | None = None,
    server_cpus: set[int] | None = None,
) -> dict[str, Any]:
    """One crawl through Celery workers. ``metrics``: None leaves the environment's settings; False turns metrics
    and task events off; True serves every worker's metrics (scraped every second) with task events on.
    ``processes``: pool processes of some stages' workers (``{"ingest": 2}``), if not ``workers``.
    ``worker_cpus``/``server_cpus``: the cores the workers, and PostgreSQL, Redis and the site, are pinned to
    (``benchmarks/cpu_pinning.py``); the bound is then the workers' cores' alone."""
    from newsflow_crawl.crawl_rows import create_crawl
    from newsflow_crawl.frontier import admit, seed_tasks
    from newsflow_crawl.state import RedisLedger
    from newsflow_shared.celery_app import make_celery
    from newsflow_shared.db import make_engine, make_sessionmaker, session_scope
    from newsflow_shared.migrate import upgrade
    from newsflow_shared.models import Article, Crawl
    from newsflow_shared.queues import FETCH_TASK
    from sqlalchemy import func, select

    with redis_server() as redis_url, postgres_server() as database_url:
        env = dict(
            os.environ,
            NEWSFLOW_DATABASE_URL=database_url,
            NEWSFLOW_REDIS_URL=redis_url,
            NEWSFLOW_ALLOW_PRIVATE_ADDRESSES="true",
            NEWSFLOW_HOST_DELAY="0",
            NEWSFLOW_LOG_LEVEL="WARNING",
            NEWSFLOW_WORKER_CONCURRENCY=str(workers),
        )
        ports = {stage: _free_port() for stage in ("ingest", "enrich", "store")}
        if metrics is not None:
            env["NEWSFLOW_TASK_EVENTS"] = "true" if metrics else "false"
            env["NEWSFLOW_METRICS_PORT"] = "0"
        settings = Settings(database_url=database_url, redis_url=redis_url, allow_private_addresses=True)
        upgrade(database_url)
        postgres_before = postgres_counters(database_url)
        newsflow = str(Path(sys.executable).with_name("newsflow"))
        concurrency = {"ingest": workers, "enrich": workers, "store": workers} | (processes or {})
        procs = {
            stage: subprocess.Popen(
                [newsflow, "worker", stage],
                env={**env, "NEWSFLOW_WORKER_CONCURRENCY": str(concurrency[stage])}
                | ({"NEWSFLOW_METRICS_PORT": str(ports[stage])} if metrics else {}),
                stdout=subprocess.DEVNULL,
                preexec_fn=(lambda: os.sched_setaffinity(0, worker_cpus)) if worker_cpus else None,
            )
            for stage in ("ingest", "enrich", "store")
        }
        stop_scraping = threading.Event()
        pins = contextlib.ExitStack()
        if metrics:
            threading.Thread(
                target=_scrape_every_second, args=(list(ports.values()), stop_scraping), daemon=True
            ).start()
        try:
            time.sleep(8)  # workers start and load their models before the clock starts
            if server_cpus:
                pins.enter_context(servers_pinned(redis_url, server_cpus))
            idle = {stage: _tree_cpu_seconds(p.pid) for stage, p in procs.items()}
            redis_before = redis_commandstats(redis_url)
            monitoring = contextlib.ExitStack()
            watch = monitoring.enter_context(CommandMonitor(redis_url)) if monitor else None
            sessions = make_sessionmaker(make_engine(database_url))
            celery = make_celery(settings)
            ledger = RedisLedger.from_url(redis_url)
            crawl_id = str(uuid.uuid4())
            request = CrawlRequest(seeds=[base_url + "/sitemap.xml"], mode="sitemap", max_pages=n + 10)
            started = time.monotonic()
            machine_before = machine_cpu_seconds()
            cores_before = cpu_seconds_by_core()
            with session_scope(sessions) as session:
                create_crawl(crawl_id, request, session=session)
            admit(
                ledger,
                seed_tasks(crawl_id, request),
                lambda t: celery.send_task(FETCH_TASK, args=[t.model_dump(mode="json")]),
            )
            status = "queued"
            while time.monotonic() - started < 600:
                with session_scope(sessions) as session:
                    status = session.scalar(select(Crawl.status).where(Crawl.id == crawl_id)) or "queued"
                if status in ("done", "failed", "cancelled"):
                    break
                time.sleep(0.2)
            elapsed = time.monotonic() - started
            machine_after = machine_cpu_seconds()
            cores_after = cpu_seconds_by_core()
            busy = {stage: _tree_cpu_seconds(p.pid) - idle[stage] for stage, p in procs.items()}
            redis_calls = delta(redis_before, redis_commandstats(redis_url))
            redis_usec = redis_usec_per_call(redis_url)
            postgres_cpu = postgres_backend_cpu_seconds(
                database_url
            )  # the workers' backends, still connected
            monitoring.close()
            if watch is not None:
                redis_calls = watch.snapshot()
            with session_scope(sessions) as session:
                stored = (
                    session.scalar(
                        select(func.count()).select_from(Article).where(Article.crawl_id == crawl_id)
                    )
                    or 0
                )
        finally:
            pins.close()  # the servers get every core back
            stop_scraping.set()
            for proc in procs.values():
                proc.terminate()
            for proc in procs.values():
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    proc.kill()
            make_engine(database_url).dispose()
        time.sleep(1)  # the workers' backends flush their statistics as they exit
        postgres = delta(postgres_before, postgres_counters(database_url))
    result: dict[str, Any] = {
        "stored": stored,
        "seconds": elapsed,
        "articles_per_s": stored / elapsed,
        "status_done": status == "done",
        "redis_commands": redis_calls,
        "postgres_per_article": per_article(postgres, stored),
        "postgres_backend_cpu_ms": postgres_cpu * 1000 / max(stored, 1),
        "redis_usec_per_article": sum(n * redis_usec.get(c, 0.0) for c, n in redis_calls.items())
        / max(stored, 1),
    }
    for stage, seconds in busy.items():
        result[f"{stage}_cpu_ms"] = seconds * 1000 / max(stored, 1)
    # Where the machine's CPU went during the crawl: the bound above counts the workers only, while the
    # servers (PostgreSQL, Redis, the site) and anything else running share the same cores.
    machine_busy = machine_after[0] - machine_before[0]
    machine_total = machine_after[1] - machine_before[1]
    result["machine_busy_share"] = machine_busy / max(machine_total, 1e-9)
    result["workers_share"] = sum(busy.values()) / max(machine_total, 1e-9)
    result["servers_ms"] = result["postgres_backend_cpu_ms"] + result["redis_usec_per_article"] / 1000
    result["cpu_bound"] = cpu_bound(result, len(worker_cpus) if worker_cpus else None)
    if worker_cpus:
        result["worker_cores_busy_share"] = busy_share(cores_before, cores_after, worker_cpus)
        result["workers_share_of_their_cores"] = sum(busy.values()) / max(
            sum(cores_after[c][1] - cores_before[c][1] for c in worker_cpus), 1e-9
        )
    result["of_bound"] = result["articles_per_s"] / result["cpu_bound"]
    return result


def cpu_bound(result: dict[str, Any], cores: int | None = None) -> float:
    """Articles/s if the stages' CPU ms per article used every core and nothing else did."""
    total_ms = sum(result[f"{stage}_cpu_ms"] for stage in ("ingest", "enrich", "store"))
    return (cores or os.cpu_count() or 1) * 1000 / total_ms


def metrics_overhead(base_url: str, n: int, workers: int, rounds: int) -> None:
    """Alternate metrics off and on, ``rounds`` times each, and print every run and the medians."""
    runs: dict[str, list[dict[str, Any]]] = {"off": [], "on": []}
    for _ in range(rounds):
        for name in ("off", "on"):
            runs[name].append(run_celery(base_url, n, workers, metrics=name == "on"))
            print(f"metrics {name}: {runs[name][-1]}", file=sys.stderr)
    print(f"\nmetrics overhead — Celery (3 workers × {workers}), {n} articles, {rounds} rounds alternating\n")
    print("| metrics | run | stored | seconds | articles/s | CPU ms/article: ingest | enrich | store |")
    print("|---|---|---|---|---|---|---|---|")
    keys = ("stored", "seconds", "articles_per_s", "ingest_cpu_ms", "enrich_cpu_ms", "store_cpu_ms")
    for name, results in runs.items():
        for i, r in enumerate(results, 1):
            print(f"| {name} | {i} | " + " | ".join(f"{r[k]:.1f}" for k in keys) + " |")
        medians = [statistics.median(r[k] for r in results) for k in keys]
        print(f"| {name} | median | " + " | ".join(f"{m:.1f}" for m in medians) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--workers", type=int, default=1, help="processes per Celery worker")
    parser.add_argument(
        "--processes",
        action="append",
        default=[],
        metavar="STAGE=N",
        help="pool processes of one stage's Celery worker (ingest, enrich, store), instead of --workers",
    )
    parser.add_argument(
        "--metrics-overhead", type=int, default=0, metavar="ROUNDS", help="Celery only: metrics off vs on"
    )
    parser.add_argument(
        "--redis-monitor",
        action="store_true",
        help="count Redis commands of the benchmark's database through MONITOR (a Redis server shared with "
        "other runs), not INFO commandstats",
    )
    parser.add_argument(
        "--worker-cpus",
        type=parse_cpus,
        metavar="CPUS",
        help="Celery only: pin the workers to these cores (e.g. 0) and compute the bound for them alone",
    )
    parser.add_argument(
        "--server-cpus",
        type=parse_cpus,
        metavar="CPUS",
        help="with --worker-cpus: pin PostgreSQL, the benchmark's Redis and the site to these cores (root)",
    )
    parser.add_argument("--celery-only", action="store_true", help="skip the embedded runner")
    args = parser.parse_args()
    processes = {stage: int(n) for stage, n in (item.split("=", 1) for item in args.processes)}
    if args.metrics_overhead:
        with serve_site(generate_site(args.articles)) as base_url:
            metrics_overhead(base_url, args.articles, args.workers, args.metrics_overhead)
        return
    load_before = os.getloadavg()[0]
    with serve_site(generate_site(args.articles)) as base_url:
        embedded = None if args.celery_only else run_embedded(base_url, args.articles)
        celery = run_celery(
            base_url,
            args.articles,
            args.workers,
            monitor=args.redis_monitor,
            processes=processes,
            worker_cpus=args.worker_cpus,
            server_cpus=args.server_cpus,
        )
    print(f"\nnewsflow pipeline benchmark — {args.articles} generated articles on {os.cpu_count()} cores")
    print(f"(load average before / after: {load_before:.1f} / {os.getloadavg()[0]:.1f})\n")
    print("| runtime | stored | seconds | articles/s | CPU ms/article: ingest | enrich | store |")
    print("|---|---|---|---|---|---|---|")
    runs = [] if embedded is None else [("embedded (1 process, SQLite)", embedded)]
    for name, r in (
        *runs,
        (
            "Celery ("
            + ", ".join(
                f"{stage} × {processes.get(stage, args.workers)}" for stage in ("ingest", "enrich", "store")
            )
            + "; Redis + PostgreSQL)",
            celery,
        ),
    ):
        print(
            f"| {name} | {r['stored']:.0f} | {r['seconds']:.1f} | {r['articles_per_s']:.1f} | "
            f"{r['ingest_cpu_ms']:.1f} | {r['enrich_cpu_ms']:.1f} | {r['store_cpu_ms']:.1f} |"
        )
    cores = len(args.worker_cpus) if args.worker_cpus else os.cpu_count()
    print(
        f"\nCelery: CPU bound {celery['cpu_bound']:.1f} articles/s ({cores} cores × 1000 ÷ "
        f"{sum(celery[f'{s}_cpu_ms'] for s in ('ingest', 'enrich', 'store')):.1f} ms), reached "
        f"{100 * celery['of_bound']:.0f}%"
    )
    if args.worker_cpus:
        print(
            f"Celery: workers pinned to cores {sorted(args.worker_cpus)}, servers and site to "
            f"{sorted(args.server_cpus or [])}: the workers' cores {100 * celery['worker_cores_busy_share']:.0f}% "
            f"busy, the workers {100 * celery['workers_share_of_their_cores']:.0f}% of them"
        )
    stages_ms = sum(celery[f"{s}_cpu_ms"] for s in ("ingest", "enrich", "store"))
    print(
        f"Celery: the machine's CPU over the crawl {100 * celery['machine_busy_share']:.0f}% busy, the workers "
        f"{100 * celery['workers_share']:.0f}%; with the servers' CPU (PostgreSQL backends + Redis, "
        f"{celery['servers_ms']:.1f} ms per article) the bound is "
        f"{(os.cpu_count() or 1) * 1000 / (stages_ms + celery['servers_ms']):.1f} articles/s"
    )
    print(f"Celery: Redis commands, {format_commands(celery['redis_commands'], celery['stored'])}")
    print(
        f"Celery: server CPU per article: Redis {celery['redis_usec_per_article']:.0f} µs in commands "
        f"(commandstats usec_per_call), PostgreSQL backends {celery['postgres_backend_cpu_ms']:.1f} ms"
    )
    postgres = celery["postgres_per_article"]
    print(
        "Celery: PostgreSQL per article: " + ", ".join(f"{k} {v:,.1f}" for k, v in sorted(postgres.items()))
    )


if __name__ == "__main__":
    main()
