"""A newsflow deployment on one machine for fault-injection tests: real ``newsflow worker`` processes per stage on
real Redis and PostgreSQL, a generated site served locally, and the end-of-test check that every article was
stored exactly once and the crawl reached ``done``.
"""

from __future__ import annotations

import contextlib
import subprocess
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import redis
from newsflow_crawl.frontier import admit, seed_tasks
from newsflow_crawl.state import RedisLedger
from newsflow_shared.celery_app import make_celery
from newsflow_shared.config import Settings
from newsflow_shared.db import make_engine, make_sessionmaker, session_scope
from newsflow_shared.messages import CrawlRequest
from newsflow_shared.models import Article, Crawl
from newsflow_shared.queues import FETCH_TASK
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from newsflow.generated_site import article_paths
from newsflow.sample_server import SiteFiles, SiteServer, run_site_server
from tests.support.fault_tools import ThrowawayRedis, alive, child_pids, kill9, wait_for_children
from tests.support.processes import NEWSFLOW, newsflow_env

STAGES = ("ingest", "enrich", "store")

# Short delivery timings so a lost message comes back within seconds, not the production hour.
FAULT_SETTINGS = {
    "allow_private_addresses": "true",
    "host_delay": "0",
    "visibility_timeout": "12",
    "task_time_limit": "10",
    "task_max_retries": "10",
    "retry_backoff": "0.5",
    "retry_backoff_max": "3",
    "fetch_connect_timeout": "2",
    "fetch_read_timeout": "3",
    "fetch_deadline": "6",
    "log_level": "INFO",
    # Work the broker lost is published again after 25 s without progress (above the visibility timeout, and
    # with room for a starved moment on a loaded machine: the crawl gives a URL up after 3 such redos).
    "reconcile_interval": "2",
    "reconcile_after": "25",
}


@dataclass
class Worker:
    stage: str
    proc: subprocess.Popen[bytes]
    log: Path

    @property
    def pid(self) -> int:
        return self.proc.pid

    def children(self) -> list[int]:
        return child_pids(self.pid)


@dataclass
class FaultCluster:
    """Workers of every stage for one test, and the crawl they run."""

    tmp: Path
    env: dict[str, str]
    database_url: str
    redis_url: str
    workers: dict[str, Worker] = field(default_factory=dict)
    orphans: list[int] = field(default_factory=list)
    # Like docker compose's `restart: unless-stopped`: a worker that exits by itself is started again.
    supervised: bool = True
    restarts: list[str] = field(default_factory=list)
    generation: int = 0
    sessions: sessionmaker[Session] | None = None

    def start(self, stage: str, name: str | None = None, **extra_env: str) -> Worker:
        """Start ``newsflow worker <stage>``, known as ``name`` (default: the stage), with extra settings."""
        self.generation += 1
        self.supervised = True
        name = name or stage
        log = self.tmp / f"{name}-{self.generation}.log"
        env = {**self.env, **{f"NEWSFLOW_{k.upper()}": v for k, v in extra_env.items()}}
        proc = subprocess.Popen(
            [NEWSFLOW, "worker", stage], env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT
        )
        worker = Worker(stage, proc, log)
        self.workers[name] = worker
        return worker

    def start_all(self) -> None:
        for stage in STAGES:
            self.start(stage)
        for worker in self.workers.values():
            wait_for_children(worker.pid)

    def supervise(self) -> None:
        """Restart every worker that exited by itself (Celery gives up on some broker errors: kombu #970)."""
        if not self.supervised:
            return
        for name, worker in list(self.workers.items()):
            if worker.proc.poll() is not None:
                self.restarts.append(f"{name} (exit {worker.proc.returncode})")
                self.start(worker.stage, name=name)

    def kill_main(self, name: str) -> None:
        """SIGKILL the worker's main process; its pool children are orphaned, as after an OOM kill."""
        worker = self.workers[name]
        self.orphans += worker.children()
        self.supervised = False  # the test restarts it itself, after its own delay
        kill9(worker.pid)
        worker.proc.wait(timeout=10)

    def kill_child(self, name: str) -> int:
        """SIGKILL one pool process (the one running a task, usually); the main process replaces it."""
        children = wait_for_children(self.workers[name].pid)
        kill9(children[0])
        return children[0]

    def lose_messages(self, queue: str, count: int, timeout: float = 30.0) -> int:
        """Remove the next ``count`` messages of ``queue`` from the broker, as a main process killed after popping
        them would (kombu's Redis transport pops from the right); waits up to ``timeout`` for them to be queued.
        (The frontier releases fetches at the hosts' pace, so on a loaded machine the queue of a stopped stage
        can take longer than 10 s to hold a few messages: seen once in CI.)"""
        client = redis.Redis.from_url(self.redis_url)
        try:
            deadline = time.monotonic() + timeout
            while int(client.llen(queue)) <= count and time.monotonic() < deadline:  # type: ignore[arg-type]
                time.sleep(0.1)
            return sum(client.rpop(queue) is not None for _ in range(count))
        finally:
            client.close()

    def stop_all(self, sig_timeout: float = 30.0) -> None:
        """SIGTERM every worker (Celery's warm shutdown) and wait for them to exit; nothing restarts them."""
        self.supervised = False
        for worker in self.workers.values():
            if worker.proc.poll() is None:
                worker.proc.terminate()
        for worker in self.workers.values():
            try:
                worker.proc.wait(timeout=sig_timeout)
            except subprocess.TimeoutExpired:
                worker.proc.kill()
                worker.proc.wait()

    def close(self) -> None:
        self.stop_all(sig_timeout=15)
        for pid in self.orphans:
            if alive(pid):
                kill9(pid)

    def logs(self, tail: int = 3000) -> str:
        parts = []
        for log in sorted(self.tmp.glob("*.log")):
            parts.append(f"--- {log.name} ---\n{log.read_text(errors='replace')[-tail:]}")
        return "\n".join(parts)

    # --- the crawl ------------------------------------------------------------------------------------------

    def session_factory(self) -> sessionmaker[Session]:
        if self.sessions is None:
            self.sessions = make_sessionmaker(make_engine(self.database_url, pool_size=2))
        return self.sessions

    def submit(self, seeds: list[str], mode: str, max_pages: int) -> str:
        """Record a crawl and queue its seeds, as the task API does."""
        crawl_id = str(uuid.uuid4())
        request = CrawlRequest(seeds=seeds, mode=mode, max_pages=max_pages, max_depth=1)  # type: ignore[arg-type]
        with session_scope(self.session_factory()) as session:
            session.add(Crawl(id=crawl_id, mode=mode, seeds=seeds, max_pages=max_pages, max_depth=1))
        celery = make_celery(Settings(redis_url=self.redis_url, database_url=self.database_url))
        ledger = RedisLedger.from_url(self.redis_url)
        try:
            admit(
                ledger,
                seed_tasks(crawl_id, request),
                lambda t: celery.send_task(FETCH_TASK, args=[t.model_dump(mode="json")]),
            )
        finally:
            celery.close()
        return crawl_id

    def stored(self, crawl_id: str) -> int:
        """Articles of the crawl in the database now (0 while the database is unreachable)."""
        try:
            with session_scope(self.session_factory()) as session:
                return int(
                    session.scalar(
                        select(func.count()).select_from(Article).where(Article.crawl_id == crawl_id)
                    )
                    or 0
                )
        except Exception:
            return 0

    def wait_stored(self, crawl_id: str, at_least: int, timeout: float = 120.0) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.supervise()
            count = self.stored(crawl_id)
            if count >= at_least:
                return count
            time.sleep(0.2)
        raise AssertionError(f"fewer than {at_least} articles stored after {timeout}s\n{self.logs()}")

    def wait_fetched(self, crawl_id: str, at_least: int, timeout: float = 120.0) -> int:
        """Wait until the crawl's ledger counts ``at_least`` pages fetched."""
        ledger = RedisLedger.from_url(self.redis_url)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.supervise()
            with contextlib.suppress(redis.RedisError):
                count = ledger.counts(crawl_id)["fetched"]
                if count >= at_least:
                    return count
            time.sleep(0.05)
        raise AssertionError(f"fewer than {at_least} pages fetched after {timeout}s\n{self.logs()}")

    def wait_final(self, crawl_id: str, timeout: float = 180.0) -> str:
        deadline = time.monotonic() + timeout
        status = "queued"
        while time.monotonic() < deadline:
            self.supervise()
            with contextlib.suppress(Exception), session_scope(self.session_factory()) as session:
                status = session.scalar(select(Crawl.status).where(Crawl.id == crawl_id)) or status
            if status in ("done", "failed", "cancelled"):
                return status
            time.sleep(0.5)
        raise AssertionError(
            f"crawl still {status} after {timeout}s; stored {self.stored(crawl_id)}\n{self.logs()}"
        )

    def stored_urls(self, crawl_id: str) -> list[str]:
        with session_scope(self.session_factory()) as session:
            return list(session.scalars(select(Article.canonical_url).where(Article.crawl_id == crawl_id)))


@dataclass(frozen=True)
class FaultOutcome:
    """What one fault test expected and found; ``tests/faults`` prints it for docs/reliability.md."""

    name: str
    expected: int
    stored: int
    distinct: int
    status: str
    seconds: float
    restarts: tuple[str, ...] = ()

    def line(self) -> str:
        return (
            f"FAULT-RESULT {self.name}: expected {self.expected}, stored {self.stored} rows "
            f"({self.distinct} distinct canonical URLs), crawl {self.status}, {self.seconds:.0f}s, "
            f"workers restarted by the supervisor: {list(self.restarts) or 'none'}"
        )


def expected_urls(site: SiteServer, files: SiteFiles) -> set[str]:
    return {site.url(path) for path in article_paths(files)}


def check_exactly_once(
    cluster: FaultCluster, crawl_id: str, site: SiteServer, files: SiteFiles, name: str, started: float
) -> FaultOutcome:
    """Wait for the crawl to finish; assert ``done`` and every article stored exactly once."""
    status = cluster.wait_final(crawl_id)
    urls = cluster.stored_urls(crawl_id)
    expected = expected_urls(site, files)
    outcome = FaultOutcome(
        name,
        len(expected),
        len(urls),
        len(set(urls)),
        status,
        time.monotonic() - started,
        tuple(cluster.restarts),
    )
    print(outcome.line())
    assert status == "done", cluster.logs()
    assert len(urls) == len(set(urls)) == len(expected), outcome.line()
    assert set(urls) == expected, sorted(expected ^ set(urls))[:10]
    return outcome


@contextlib.contextmanager
def fault_cluster(
    tmp: Path, database_url: str, *, broker: ThrowawayRedis | None = None, **settings: str
) -> Iterator[FaultCluster]:
    """Workers on ``database_url`` and a Redis of the test's own (``broker``, or a new throwaway one): a shared
    Redis would let these workers take other tests' messages, and other tests' workers take theirs."""
    with contextlib.ExitStack() as stack:
        if broker is None:
            broker = stack.enter_context(ThrowawayRedis(tmp / "redis"))
        env = newsflow_env(database_url=database_url, redis_url=broker.url, **{**FAULT_SETTINGS, **settings})
        cluster = FaultCluster(tmp, env, database_url, broker.url)
        stack.callback(cluster.close)
        yield cluster


@contextlib.contextmanager
def served(files: SiteFiles) -> Iterator[SiteServer]:
    with run_site_server(files) as site:
        yield site
