"""A big sitemap fan-out interrupted mid-way, on real workers: is every page fetched once and stored once?

One fixture host (``tests/support/fixture_web.py``) whose ``/sitemap.xml`` lists ``--articles`` articles; a crawl
in ``sitemap`` mode on real ``newsflow worker`` processes (ingest, enrich, store) on a throwaway Redis and
PostgreSQL, with a visibility timeout shorter than the crawl. The sitemap task is interrupted in the middle of its
fan-out: the ingest worker's link to Redis is slowed (a TCP proxy adding ``--latency`` each way) until the
sitemap is fetched a second time, and

- ``soft``: its soft time limit strikes (``--time-limit``), and the policy retries it;
- ``kill``: once part of the children are claimed, every pool process of the ingest worker is killed (kill -9);
  the message comes back after the visibility timeout.

Reported, from the servers' side: articles stored (and distinct), ``failures`` rows, each article page's fetch
count at the fixture host (once / more than once / never), the crawl's final status and time, and the same-host
rate: the shortest gap between two requests and the most requests in any one-second window, beside the
politeness limit (``1 / --delay``).

    python benchmarks/fanout_interrupted.py [--articles 5000] [--mode soft kill] [--delay 0.01]

Runs the code of the checkout whose virtualenv runs it (the workers are that venv's ``newsflow``), so the code
before a change is measured by running this file with the other checkout's interpreter:
``/tmp/base/.venv/bin/python benchmarks/fanout_interrupted.py``. Needs NEWSFLOW_TEST_DATABASE_URL (PostgreSQL).
"""

from __future__ import annotations

import argparse
import itertools
import os
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import redis  # noqa: E402
from newsflow_crawl.frontier import admit, seed_tasks  # noqa: E402
from newsflow_crawl.state import RedisLedger  # noqa: E402
from newsflow_shared.celery_app import make_celery  # noqa: E402
from newsflow_shared.config import Settings  # noqa: E402
from newsflow_shared.db import make_engine, make_sessionmaker, session_scope  # noqa: E402
from newsflow_shared.messages import CrawlRequest  # noqa: E402
from newsflow_shared.migrate import upgrade  # noqa: E402
from newsflow_shared.models import Article, Crawl, Failure  # noqa: E402
from newsflow_shared.queues import FETCH_TASK  # noqa: E402
from sqlalchemy import select  # noqa: E402

from tests.support.fault_tools import child_pids, kill9, tcp_proxy, wait_for_children  # noqa: E402
from tests.support.fixture_web import RemoteFixtureWeb, fixture_web_process  # noqa: E402
from tests.support.processes import newsflow_env  # noqa: E402
from tests.support.servers import postgres_server, redis_server  # noqa: E402

NEWSFLOW = str(Path(sys.executable).with_name("newsflow"))


def settings_env(args: argparse.Namespace, database_url: str, redis_url: str) -> dict[str, str]:
    return newsflow_env(
        database_url=database_url,
        redis_url=redis_url,
        allow_private_addresses="true",
        host_delay=str(args.delay),
        visibility_timeout=str(args.visibility),
        task_time_limit=str(args.time_limit),
        task_max_retries="10",
        retry_backoff="0.5",
        retry_backoff_max="3",
        reconcile_interval="5",
        reconcile_after=str(args.visibility + 30),
        log_level="WARNING",
        worker_concurrency="2",
        frontier_admit_batch=str(args.admit_batch),
    )


def same_host_rate(times: list[float]) -> tuple[float, int]:
    """The shortest gap between two requests, and the most requests that started within any one second."""
    times = sorted(times)
    gaps = [b - a for a, b in itertools.pairwise(times)]
    most, j = 0, 0
    for i, t in enumerate(times):
        while times[j] < t - 1.0:
            j += 1
        most = max(most, i - j + 1)
    return (min(gaps) if gaps else float("nan")), most


def wait_final(sessions: Any, crawl_id: str, timeout: float) -> str:
    deadline, status = time.monotonic() + timeout, "queued"
    while time.monotonic() < deadline:
        with session_scope(sessions) as session:
            status = session.scalar(select(Crawl.status).where(Crawl.id == crawl_id)) or status
        if status in ("done", "failed", "cancelled"):
            return status
        time.sleep(1.0)
    return f"{status} (timed out)"


def wait_fetches_over(redis_url: str, crawl_id: str, timeout: float) -> str:
    """Without enrich and store workers: wait until no fetch of the crawl is in flight for 5 s (what is left
    pending is the articles' enrich keys)."""
    client = redis.Redis.from_url(redis_url)
    deadline, quiet_since = time.monotonic() + timeout, None
    while time.monotonic() < deadline:
        pending = [k.decode() for k in client.smembers(f"newsflow:crawl:{crawl_id}:pending")]  # type: ignore[union-attr]
        if pending and not any(k.startswith("fetch:") for k in pending):
            quiet_since = quiet_since or time.monotonic()
            if time.monotonic() - quiet_since > 5:
                return "fetches over"
        else:
            quiet_since = None
        time.sleep(0.5)
    return "timed out"


def ingest_side(redis_url: str, crawl_id: str) -> dict[str, Any]:
    """What the ingest stage handed on: enrich messages (distinct URLs) and failure messages, from the queues."""
    import base64
    import json

    client = redis.Redis.from_url(redis_url)
    enrich: list[str] = []
    failures: Counter[str] = Counter()
    for queue in ("enrich", "store"):
        for raw in client.lrange(queue, 0, -1):  # type: ignore[union-attr]
            message = json.loads(raw)
            payload = json.loads(base64.b64decode(message["body"]))[0][0]
            if queue == "enrich":
                enrich.append(payload.get("url", ""))
            elif message["headers"].get("task") == "newsflow.store.record_failure":
                failures[payload.get("reason", "?")] += 1
    return {
        "enrich_messages": len(enrich),
        "enrich_distinct": len(set(enrich)),
        "failure_messages": dict(failures),
    }


def interrupt(
    mode: str,
    proxy: Any,
    web: RemoteFixtureWeb,
    ingest: subprocess.Popen[bytes],
    seen_key: str,
    redis_url: str,
    stop: threading.Event,
) -> dict[str, Any]:
    """Slow link until the sitemap is fetched twice; in ``kill`` mode, kill -9 the pool mid-fan-out first."""
    client = redis.Redis.from_url(redis_url)
    report: dict[str, Any] = {"killed": 0}
    while not stop.wait(0.05):
        if mode == "kill" and not report["killed"]:
            claimed = int(client.scard(seen_key) or 0)  # type: ignore[arg-type]
            if claimed <= 10:
                continue
            children = child_pids(ingest.pid)  # the fan-out has begun: kill it mid-way
            for pid in children:
                kill9(pid)
            report["killed"], report["claimed_at_kill"] = len(children), claimed
            proxy.latency = 0.0
            return report
        sitemaps = sum(1 for _, _, p in web.all_requests() if p == "/sitemap.xml")
        if sitemaps >= 2:
            proxy.latency = 0.0
            report["sitemap_fetches"] = sitemaps
            return report
    return report


def run(args: argparse.Namespace, mode: str) -> dict[str, Any]:
    with (
        fixture_web_process(1, articles_per_host=args.articles, first_address=150) as web,
        redis_server() as redis_url,
        postgres_server() as database_url,
    ):
        upgrade(database_url)
        sessions = make_sessionmaker(make_engine(database_url, pool_size=2))
        host = web.hosts[0]
        target = redis.Redis.from_url(redis_url).connection_pool.connection_kwargs
        procs: list[subprocess.Popen[bytes]] = []
        with tcp_proxy(target["host"], target["port"], latency=args.latency) as proxy:
            env = settings_env(args, database_url, redis_url)
            slow_env = {**env, "NEWSFLOW_REDIS_URL": f"redis://127.0.0.1:{proxy.port}/{target.get('db', 0)}"}
            logs = Path(args.logs)
            logs.mkdir(parents=True, exist_ok=True)
            if args.ingest_only:  # nothing consumes the enrich queue: backpressure would hold the crawl
                env["NEWSFLOW_BACKPRESSURE_ENRICH_HIGH"] = slow_env["NEWSFLOW_BACKPRESSURE_ENRICH_HIGH"] = "0"
            stages = [("ingest", slow_env)] + ([] if args.ingest_only else [("enrich", env), ("store", env)])
            for stage, stage_env in stages:
                log = (logs / f"{mode}-{stage}.log").open("wb")
                procs.append(
                    subprocess.Popen(
                        [NEWSFLOW, "worker", stage], env=stage_env, stdout=log, stderr=subprocess.STDOUT
                    )
                )
            try:
                for proc in procs:
                    wait_for_children(proc.pid)
                crawl_id = str(uuid.uuid4())
                seeds = [host.url("/sitemap.xml")]
                with session_scope(sessions) as session:
                    session.add(
                        Crawl(
                            id=crawl_id,
                            mode="sitemap",
                            seeds=seeds,
                            max_pages=args.articles + 10,
                            max_depth=1,
                        )
                    )
                settings = Settings(redis_url=redis_url, database_url=database_url)
                celery = make_celery(settings)
                request = CrawlRequest(seeds=seeds, mode="sitemap", max_pages=args.articles + 10, max_depth=1)
                started = time.monotonic()
                admit(
                    RedisLedger.from_url(redis_url),
                    seed_tasks(crawl_id, request),
                    lambda t: celery.send_task(FETCH_TASK, args=[t.model_dump(mode="json")]),
                )
                stop = threading.Event()
                result: dict[str, Any] = {}
                watcher = threading.Thread(
                    target=lambda: result.update(
                        interrupt(
                            mode, proxy, web, procs[0], f"newsflow:crawl:{crawl_id}:seen", redis_url, stop
                        )
                    ),
                    daemon=True,
                )
                watcher.start()
                if args.ingest_only:
                    status = wait_fetches_over(redis_url, crawl_id, args.timeout)
                else:
                    status = wait_final(sessions, crawl_id, args.timeout)
                elapsed = time.monotonic() - started
                stop.set()
                watcher.join(5)
            finally:
                for proc in procs:
                    proc.terminate()
                for proc in procs:
                    try:
                        proc.wait(timeout=20)
                    except subprocess.TimeoutExpired:
                        proc.kill()
        queued = ingest_side(redis_url, crawl_id) if args.ingest_only else {}
        with session_scope(sessions) as session:
            urls = list(session.scalars(select(Article.canonical_url).where(Article.crawl_id == crawl_id)))
            failures = Counter(session.scalars(select(Failure.reason).where(Failure.crawl_id == crawl_id)))
        requests = web.all_requests()
    articles = set(host.article_paths())
    fetches = Counter(p for _, _, p in requests if p in articles)
    gap, most = same_host_rate([t for t, _, _ in requests])
    ordered = sorted((t, p) for t, _, p in requests)
    close = sorted(
        (b[0] - a[0], a[1], b[1]) for a, b in itertools.pairwise(ordered) if b[0] - a[0] < args.delay
    )
    return {
        "mode": mode,
        "status": status,
        "seconds": elapsed,
        "stored": len(urls),
        "distinct": len(set(urls)),
        "failures": dict(failures),
        "fetched_once": sum(1 for p in articles if fetches[p] == 1),
        "fetched_more": sum(1 for p in articles if fetches[p] > 1),
        "never_fetched": sum(1 for p in articles if fetches[p] == 0),
        "min_gap": gap,
        "max_per_second": most,
        "gaps_below_delay": len(close),
        "closest": [(round(g, 4), a, b) for g, a, b in close[:3]],
        **result,
        **queued,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--mode", nargs="+", default=["soft", "kill"], choices=["soft", "kill"])
    parser.add_argument("--delay", type=float, default=0.01, help="NEWSFLOW_HOST_DELAY, seconds")
    parser.add_argument(
        "--visibility", type=int, default=20, help="visibility timeout, seconds (< the crawl)"
    )
    parser.add_argument("--time-limit", type=int, default=10, help="task time limit (soft limit 2 s before)")
    parser.add_argument("--latency", type=float, default=0.02, help="added to the ingest worker's Redis link")
    parser.add_argument("--timeout", type=float, default=3600)
    parser.add_argument("--logs", default="/tmp/fanout-interrupted-logs")
    parser.add_argument(
        "--admit-batch", type=int, default=50, help="NEWSFLOW_FRONTIER_ADMIT_BATCH (new code)"
    )
    parser.add_argument(
        "--ingest-only",
        action="store_true",
        help="no enrich/store workers: count what ingest hands on (enrich and failure messages) instead",
    )
    args = parser.parse_args()
    print(f"code: {ROOT} ({sys.executable}); load average {os.getloadavg()[0]:.1f}; {os.cpu_count()} cores")
    print(
        f"{args.articles} articles, host delay {args.delay}s (limit {1 / args.delay:.0f} req/s), visibility "
        f"timeout {args.visibility}s, time limit {args.time_limit}s\n"
    )
    print(
        "| interruption | status | seconds | stored (distinct) | failures | fetched once / >1 / never "
        "| min same-host gap | most requests in 1 s | detail |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for mode in args.mode:
        r = run(args, mode)
        keys = (
            "sitemap_fetches",
            "killed",
            "claimed_at_kill",
            "enrich_messages",
            "enrich_distinct",
            "failure_messages",
            "gaps_below_delay",
            "closest",
        )
        detail = {k: r[k] for k in keys if k in r}
        print(
            f"| {mode} | {r['status']} | {r['seconds']:.0f} | {r['stored']} ({r['distinct']}) | {r['failures'] or 0} "
            f"| {r['fetched_once']} / {r['fetched_more']} / {r['never_fetched']} | {r['min_gap']:.3f} "
            f"| {r['max_per_second']} | {detail} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
