"""Soak: the Celery deployment crawling a fixture web of hundreds of hosts for half an hour, memory sampled.

Real worker processes (``newsflow worker ingest|enrich|store``, as ``benchmarks/pipeline.py`` starts them) on
Redis and PostgreSQL crawl the fixture web (``tests/support/fixture_web.py``: up to 253 hosts on 127.0.0.x, each
a generated news site). A feeder starts a sitemap crawl of the next few hosts whenever fewer than ``--backlog``
articles are in flight (started, not yet stored), so the workers run at the highest rate they sustain while the
queues stay bounded. Every ``--sample-every`` seconds one CSV row: each worker's RSS (the Celery main process and
its pool children, summed), Redis ``used_memory``, the queue depths and PostgreSQL's database size.

After ``--minutes`` no new crawl starts; the running ones finish. Then the checks: every crawl ``done``, every
article of every crawled host stored exactly once (one ``articles`` row per page, each article page requested
once according to the servers' own logs), no ``failures`` row. Then the PNG plot and the growth of each memory
series per 10,000 articles (least-squares slope over the samples).

    nice python benchmarks/soak.py [--minutes 30] [--hosts 250] [--articles-per-host 160] [--out docs/soak]

Needs Redis and PostgreSQL (NEWSFLOW_TEST_REDIS_URL / NEWSFLOW_TEST_DATABASE_URL); creates and drops a database
and flushes a Redis database of its own. The plot needs matplotlib (``pip install -e .[bench]``).
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newsflow_shared.config import Settings  # noqa: E402
from newsflow_shared.messages import CrawlRequest  # noqa: E402

from benchmarks.server_counters import redis_memory  # noqa: E402
from tests.support.fixture_web import RemoteFixtureWeb, RemoteHost, fixture_web_process  # noqa: E402
from tests.support.servers import postgres_server, redis_server  # noqa: E402

STAGES = ("ingest", "enrich", "store")
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
COLUMNS = (
    "minute",
    "articles_stored",
    "articles_in_flight",
    "crawls_started",
    *(f"{stage}_rss_mb" for stage in STAGES),
    "redis_used_memory_mb",
    *(f"{stage}_queue" for stage in STAGES),
    "unacked",
    "database_mb",
    "load_average",
)
MEMORY_SERIES = (*(f"{stage}_rss_mb" for stage in STAGES), "redis_used_memory_mb", "database_mb")


def tree_rss_bytes(pid: int) -> int:
    """Resident set size of a process and its live descendants (Celery's main process and its pool), bytes."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                parent = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry))
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            total += int(Path(f"/proc/{current}/statm").read_text().split()[1]) * PAGE_SIZE
        except (OSError, IndexError, ValueError):
            continue
        stack.extend(children.get(current, []))
    return total


@dataclass
class Feeder:
    """Starts one sitemap crawl of the next ``hosts_per_crawl`` hosts whenever the in-flight articles allow."""

    hosts: list[RemoteHost]
    hosts_per_crawl: int
    backlog: int
    crawls: dict[str, list[RemoteHost]] = field(default_factory=dict)
    next_host: int = 0

    @property
    def articles_started(self) -> int:
        return sum(len(h.article_paths()) for hosts in self.crawls.values() for h in hosts)

    def exhausted(self) -> bool:
        return self.next_host >= len(self.hosts)

    def maybe_start(self, stored: int, start: Any) -> None:
        """Start crawls until ``backlog`` articles are in flight; ``start(crawl_id, seeds)`` queues one."""
        while not self.exhausted() and self.articles_started - stored < self.backlog:
            chosen = self.hosts[self.next_host : self.next_host + self.hosts_per_crawl]
            self.next_host += len(chosen)
            crawl_id = str(uuid.uuid4())
            self.crawls[crawl_id] = chosen
            start(crawl_id, [host.url("/sitemap.xml") for host in chosen])


def growth_per_10k(rows: list[dict[str, float]], column: str) -> float:
    """Least-squares slope of ``column`` against articles stored, times 10,000 (MB per 10k articles)."""
    points = [(row["articles_stored"], row[column]) for row in rows]
    n = len(points)
    if n < 2:
        return float("nan")
    mean_x = sum(x for x, _ in points) / n
    mean_y = sum(y for _, y in points) / n
    spread = sum((x - mean_x) ** 2 for x, _ in points)
    if spread == 0:
        return float("nan")
    return 10_000 * sum((x - mean_x) * (y - mean_y) for x, y in points) / spread


def duplicate_fetches(web: RemoteFixtureWeb, since: float) -> tuple[int, int]:
    """(article page requests, requests beyond the first for the same page), from the servers' logs."""
    counts = Counter(
        (address, path) for t, address, path in web.all_requests() if t >= since and "/news/" in path
    )
    return sum(counts.values()), sum(count - 1 for count in counts.values() if count > 1)


def plot(rows: list[dict[str, float]], path: Path, title: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    minutes = [row["minute"] for row in rows]
    figure, axes = plt.subplots(2, 2, figsize=(12, 8), sharex=True)
    for stage in STAGES:
        axes[0][0].plot(
            minutes, [row[f"{stage}_rss_mb"] for row in rows], marker=".", label=f"{stage} worker"
        )
    axes[0][0].set_ylabel("RSS, MB (main + pool)")
    axes[0][0].set_ylim(bottom=0)
    axes[0][1].plot(minutes, [row["redis_used_memory_mb"] for row in rows], marker=".", color="tab:red")
    axes[0][1].set_ylabel("Redis used_memory, MB")
    axes[0][1].set_ylim(bottom=0)
    for stage in STAGES:
        axes[1][0].plot(minutes, [row[f"{stage}_queue"] for row in rows], marker=".", label=f"{stage} queue")
    axes[1][0].plot(minutes, [row["unacked"] for row in rows], marker=".", label="unacked", linestyle="--")
    axes[1][0].set_ylabel("messages")
    axes[1][1].plot(minutes, [row["database_mb"] for row in rows], marker=".", color="tab:green")
    axes[1][1].set_ylabel("PostgreSQL database, MB")
    stored = axes[1][1].twinx()
    stored.plot(minutes, [row["articles_stored"] for row in rows], color="tab:gray", linestyle=":")
    stored.set_ylabel("articles stored (dotted)")
    for axis in (axes[0][0], axes[1][0]):
        axis.legend(loc="upper left", fontsize="small")
    for axis in axes[1]:
        axis.set_xlabel("minutes")
    figure.suptitle(title)
    figure.tight_layout()
    figure.savefig(path, dpi=100)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--minutes", type=float, default=30.0)
    parser.add_argument("--hosts", type=int, default=250, help="fixture hosts (at most 253)")
    parser.add_argument("--articles-per-host", type=int, default=160)
    parser.add_argument("--hosts-per-crawl", type=int, default=10)
    parser.add_argument("--backlog", type=int, default=600, help="articles in flight before the feeder waits")
    parser.add_argument("--host-delay", type=float, default=0.5)
    parser.add_argument("--workers", type=int, default=1, help="processes per Celery worker")
    parser.add_argument("--sample-every", type=float, default=60.0, help="seconds between samples")
    parser.add_argument("--drain-minutes", type=float, default=15.0, help="how long the last crawls may take")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "soak", help="writes OUT.csv and OUT.png")
    parser.add_argument(
        "--replot",
        type=Path,
        default=None,
        help="write OUT.csv, OUT.png from a run's progress log (stderr) only",
    )
    args = parser.parse_args()
    if args.replot is not None:
        rows = rows_from_log(args.replot)
        write_csv(rows, args.out.with_suffix(".csv"))
        plot(
            rows,
            args.out.with_suffix(".png"),
            f"newsflow soak: {rows[-1]['articles_stored']:.0f} articles stored",
        )
        print_growth(rows)
        return

    print(f"generating {args.hosts} hosts × {args.articles_per_host} articles…", file=sys.stderr)
    with fixture_web_process(args.hosts, articles_per_host=args.articles_per_host) as web:
        rows, summary = soak(web, args)
    write_csv(rows, args.out.with_suffix(".csv"))
    title = (
        f"newsflow soak: {summary['articles']} articles in {summary['minutes']:.0f} min "
        f"({summary['articles_per_s']:.1f}/s), {args.hosts} hosts, Celery 3 workers × {args.workers}"
    )
    # The checks first: a missing plotting library must not lose them (it did once, after a 40-minute run).
    report(rows, summary)
    try:
        plot(rows, args.out.with_suffix(".png"), title)
    except ImportError as exc:
        print(f"no plot ({exc}): pip install -e .[bench], then --replot the progress log", file=sys.stderr)
    if not summary["ok"]:
        sys.exit(1)


def soak(web: RemoteFixtureWeb, args: argparse.Namespace) -> tuple[list[dict[str, float]], dict[str, Any]]:
    from newsflow_crawl.crawl_rows import create_crawl
    from newsflow_crawl.frontier import admit, seed_tasks
    from newsflow_crawl.state import RedisLedger
    from newsflow_shared.celery_app import make_celery
    from newsflow_shared.db import make_engine, make_sessionmaker, session_scope
    from newsflow_shared.migrate import upgrade
    from newsflow_shared.queues import FETCH_TASK

    with redis_server() as redis_url, postgres_server() as database_url:
        env = dict(
            os.environ,
            NEWSFLOW_DATABASE_URL=database_url,
            NEWSFLOW_REDIS_URL=redis_url,
            NEWSFLOW_ALLOW_PRIVATE_ADDRESSES="true",
            NEWSFLOW_HOST_DELAY=str(args.host_delay),
            NEWSFLOW_LOG_LEVEL="WARNING",
            NEWSFLOW_WORKER_CONCURRENCY=str(args.workers),
            NEWSFLOW_METRICS_PORT="0",
        )
        settings = Settings(database_url=database_url, redis_url=redis_url, allow_private_addresses=True)
        upgrade(database_url)
        engine = make_engine(database_url)
        sessions = make_sessionmaker(engine)
        celery = make_celery(settings)
        ledger = RedisLedger.from_url(redis_url)
        newsflow = str(Path(sys.executable).with_name("newsflow"))
        procs = {
            stage: subprocess.Popen([newsflow, "worker", stage], env=env, stdout=subprocess.DEVNULL)
            for stage in STAGES
        }

        def start(crawl_id: str, seeds: list[str]) -> None:
            request = CrawlRequest(seeds=seeds, mode="sitemap", max_pages=100_000)
            with session_scope(sessions) as session:
                create_crawl(crawl_id, request, session=session)
            admit(
                ledger,
                seed_tasks(crawl_id, request),
                lambda t: celery.send_task(FETCH_TASK, args=[t.model_dump(mode="json")]),
            )

        feeder = Feeder(list(web.hosts), args.hosts_per_crawl, args.backlog)
        rows: list[dict[str, float]] = []
        try:
            time.sleep(10)  # workers start and load their models before the clock starts
            started = time.monotonic()
            deadline = started + args.minutes * 60
            next_sample = started
            while True:
                now = time.monotonic()
                stored = count_articles(sessions)
                if now < deadline:
                    feeder.maybe_start(stored, start)
                if now >= next_sample:
                    rows.append(sample(now - started, stored, feeder, procs, redis_url, sessions))
                    print(_progress(rows[-1]), file=sys.stderr)
                    next_sample += args.sample_every
                finished = now >= deadline or feeder.exhausted()
                if finished and (stored >= feeder.articles_started or all_finished(feeder, sessions)):
                    break
                if now > deadline + args.drain_minutes * 60:
                    print("drain timed out", file=sys.stderr)
                    break
                time.sleep(1.0)
            elapsed = time.monotonic() - started
            _wait_for_crawls(feeder, sessions, timeout=60)
            rows.append(sample(elapsed, count_articles(sessions), feeder, procs, redis_url, sessions))
            summary = check(feeder, sessions, web, elapsed)
        finally:
            for proc in procs.values():
                proc.terminate()
            for proc in procs.values():
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    proc.kill()
            engine.dispose()
    summary["exhausted_web"] = feeder.exhausted() and elapsed < args.minutes * 60
    return rows, summary


def count_articles(sessions: Any) -> int:
    from newsflow_shared.db import session_scope
    from newsflow_shared.models import Article
    from sqlalchemy import func, select

    with session_scope(sessions) as session:
        return int(session.scalar(select(func.count()).select_from(Article)) or 0)


def all_finished(feeder: Feeder, sessions: Any) -> bool:
    from newsflow_shared.db import session_scope
    from newsflow_shared.models import Crawl
    from sqlalchemy import select

    with session_scope(sessions) as session:
        statuses = session.scalars(select(Crawl.status).where(Crawl.id.in_(list(feeder.crawls)))).all()
    return len(statuses) == len(feeder.crawls) and all(s in ("done", "failed", "cancelled") for s in statuses)


def _wait_for_crawls(feeder: Feeder, sessions: Any, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not all_finished(feeder, sessions) and time.monotonic() < deadline:
        time.sleep(1.0)


def sample(
    seconds: float, stored: int, feeder: Feeder, procs: dict[str, Any], redis_url: str, sessions: Any
) -> dict[str, float]:
    import redis
    from newsflow_shared.db import session_scope
    from sqlalchemy import text

    client = redis.Redis.from_url(redis_url)
    try:
        queues = {stage: int(client.llen(stage)) for stage in STAGES}
        unacked = int(client.hlen("unacked"))
    finally:
        client.close()
    with session_scope(sessions) as session:
        database = int(session.scalar(text("SELECT pg_database_size(current_database())")) or 0)
    row: dict[str, float] = {
        "minute": round(seconds / 60, 2),
        "articles_stored": stored,
        "articles_in_flight": feeder.articles_started - stored,
        "crawls_started": len(feeder.crawls),
        "redis_used_memory_mb": redis_memory(redis_url) / 2**20,
        "unacked": unacked,
        "database_mb": database / 2**20,
        "load_average": os.getloadavg()[0],
    }
    for stage in STAGES:
        row[f"{stage}_rss_mb"] = tree_rss_bytes(procs[stage].pid) / 2**20
        row[f"{stage}_queue"] = queues[stage]
    return row


def check(feeder: Feeder, sessions: Any, web: RemoteFixtureWeb, elapsed: float) -> dict[str, Any]:
    """Nothing lost, nothing duplicated: per crawl, one article row per page of its hosts; no failure row; every
    article page requested once."""
    from newsflow_shared.db import session_scope
    from newsflow_shared.models import Article, Crawl, Failure
    from sqlalchemy import func, select

    with session_scope(sessions) as session:
        per_crawl = dict(
            session.execute(select(Article.crawl_id, func.count()).group_by(Article.crawl_id)).all()
        )
        statuses = dict(session.execute(select(Crawl.id, Crawl.status)).all())
        failures = int(session.scalar(select(func.count()).select_from(Failure)) or 0)
        articles = int(session.scalar(select(func.count()).select_from(Article)) or 0)
    expected = {cid: sum(len(h.article_paths()) for h in hosts) for cid, hosts in feeder.crawls.items()}
    lost = {cid: n - per_crawl.get(cid, 0) for cid, n in expected.items() if per_crawl.get(cid, 0) != n}
    not_done = {cid: statuses.get(cid) for cid in expected if statuses.get(cid) != "done"}
    requests, refetched = duplicate_fetches(web, 0.0)
    ok = not lost and not not_done and failures == 0 and refetched == 0 and articles == sum(expected.values())
    return {
        "ok": ok,
        "articles": articles,
        "expected": sum(expected.values()),
        "crawls": len(expected),
        "crawls_not_done": not_done,
        "lost_by_crawl": lost,
        "failures": failures,
        "article_requests": requests,
        "refetched": refetched,
        "minutes": elapsed / 60,
        "articles_per_s": articles / elapsed if elapsed else 0.0,
    }


def write_csv(rows: list[dict[str, float]], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow({key: _fmt(row[key]) for key in COLUMNS})


def _fmt(value: float) -> str:
    return f"{value:.2f}" if isinstance(value, float) else str(value)


def _progress(row: dict[str, float]) -> str:
    return " ".join(f"{key}={_fmt(row[key])}" for key in COLUMNS)


def rows_from_log(path: Path) -> list[dict[str, float]]:
    """The samples of a run's progress log (its ``minute=… articles_stored=…`` lines)."""
    rows = []
    for line in path.read_text().splitlines():
        if line.startswith("minute="):
            rows.append({key: float(value) for key, value in (part.split("=", 1) for part in line.split())})
    return rows


def report(rows: list[dict[str, float]], summary: dict[str, Any]) -> None:
    print(f"\nnewsflow soak — {summary['minutes']:.1f} min, {summary['articles']} articles ", end="")
    print(f"({summary['articles_per_s']:.1f}/s), {summary['crawls']} crawls\n")
    print(f"- nothing lost: {not summary['lost_by_crawl']} (expected {summary['expected']}, stored ", end="")
    print(
        f"{summary['articles']}; crawls not done: {len(summary['crawls_not_done'])}; failures rows: ", end=""
    )
    print(f"{summary['failures']})")
    print(f"- nothing duplicated: {summary['refetched']} article pages requested twice ", end="")
    print(f"(of {summary['article_requests']} requests); one row per canonical URL by the primary key")
    if summary.get("exhausted_web"):
        print("- the fixture web was used up before the time was over: use more hosts or articles per host")
    print_growth(rows)
    print(f"\nresult: {'OK' if summary['ok'] else 'FAILED'}")


def print_growth(rows: list[dict[str, float]]) -> None:
    # Until the first article is stored the pools are loading their models and filling their caches: that is
    # start-up, not growth (on a loaded machine it took the enrich worker minutes).
    first = next((row["minute"] for row in rows if row["articles_stored"] > 0), 0.0)
    steady = [row for row in rows if row["minute"] >= first] or rows
    print(
        f"\n(growth: least-squares slope over the samples from minute {first:.0f}, the first article stored)"
    )
    print("\n| series | first | last | max | growth per 10k articles |")
    print("|---|---|---|---|---|")
    for column in MEMORY_SERIES:
        values = [row[column] for row in rows]
        print(
            f"| {column} | {values[0]:.1f} | {values[-1]:.1f} | {max(values):.1f} | "
            f"{growth_per_10k(steady, column):+.2f} MB |"
        )


if __name__ == "__main__":
    main()
