"""Crawl throughput under politeness, checked from the servers' side.

1. Politeness at scale: 20 fixture hosts on 127.0.0.2…21 (``tests/support/fixture_web.py``), a per-host delay of
   0.5 s, one sitemap seed per host. The ingest stage (fetch + parse; no enrich worker runs, so parsed articles
   wait in their queue) must reach ≥ 90% of hosts ÷ delay = 40 pages/s while no host ever sees two requests
   closer than its delay — measured from each server's request log. Run on the Celery deployment (ingest
   workers on Redis, deferral of throttled tasks) and on the embedded runner (one process, no enrichment).
2. One host, no delay: pages/s of the ingest stage (``newsflow_ingest.stage.page.ingest``: polite fetcher + full
   parser) beside a plain ``requests`` + ``trafilatura`` loop over the same pages, in the same run.

    python benchmarks/crawl.py [--hosts 20] [--delay 0.5] [--articles 60] [--workers 4] [--single 300]

Needs Redis and PostgreSQL (NEWSFLOW_TEST_REDIS_URL / NEWSFLOW_TEST_DATABASE_URL, default 127.0.0.1's).
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newsflow_shared.config import Settings  # noqa: E402
from newsflow_shared.messages import CrawlRequest, FetchTask  # noqa: E402

from tests.support.fixture_web import RemoteFixtureWeb, fixture_web_process  # noqa: E402
from tests.support.servers import postgres_server, redis_server  # noqa: E402


def politeness(web: RemoteFixtureWeb, delay: float, since: float) -> dict[str, Any]:
    """Pages/s and the shortest same-host gap, from the servers' request logs (requests after ``since``)."""
    requests = [(t, a, p) for t, a, p in web.all_requests() if t >= since]
    log = [(t, a) for t, a, _ in requests]
    times = [t for t, _ in log]
    gaps = []
    firsts, lasts = [], []
    for host in web.hosts:
        stamps = [t for t, a in log if a == host.address]
        gaps += [b - a for a, b in itertools.pairwise(stamps)]
        articles = [t for t, a, p in requests if a == host.address and p.startswith("/news/")]
        if articles:
            firsts.append(articles[0])
            lasts.append(articles[-1])
    # Steady state: while every host is between its first and its last article request (no ramp-up/down).
    steady = float("nan")
    if firsts and max(firsts) < min(lasts):
        start, end = max(firsts), min(lasts)
        inside = sum(1 for t in times if start <= t <= end)
        steady = (inside - 1) / (end - start)
    span = (max(times) - min(times)) if len(times) > 1 else float("nan")
    # n requests spread over a span make n - 1 intervals; the politeness limit is hosts ÷ delay of them per s.
    rate = (len(times) - 1) / span if span > 0 else float("nan")
    limit = len(web.hosts) / delay
    return {
        "requests": len(times),
        "seconds": span,
        "pages_per_s": rate,
        "limit": limit,
        "of_limit": rate / limit,
        "steady_pages_per_s": steady,
        "steady_of_limit": steady / limit,
        "min_gap": min(gaps) if gaps else float("nan"),
        "median_gap": statistics.median(gaps) if gaps else float("nan"),
        "violations": sum(1 for g in gaps if g < delay),
    }


def _expected_requests(web: RemoteFixtureWeb) -> int:
    return sum(len(h.article_paths()) + 1 for h in web.hosts)


def _wait_for(web: RemoteFixtureWeb, since: float, count: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        paths = [p for t, _, p in web.all_requests() if t >= since and p != "/robots.txt"]
        if len(paths) >= count:
            return
        time.sleep(0.2)


def run_celery(web: RemoteFixtureWeb, delay: float, workers: int) -> dict[str, Any]:
    from newsflow_crawl.frontier import admit, seed_tasks
    from newsflow_crawl.state import RedisLedger
    from newsflow_shared.celery_app import make_celery
    from newsflow_shared.migrate import upgrade
    from newsflow_shared.queues import FETCH_TASK

    with redis_server() as redis_url, postgres_server() as database_url:
        env = dict(
            os.environ,
            NEWSFLOW_DATABASE_URL=database_url,
            NEWSFLOW_REDIS_URL=redis_url,
            NEWSFLOW_ALLOW_PRIVATE_ADDRESSES="true",
            NEWSFLOW_HOST_DELAY=str(delay),
            NEWSFLOW_LOG_LEVEL="WARNING",
            NEWSFLOW_WORKER_CONCURRENCY=str(workers),
            # No enrich worker runs here, so parsed articles only pile up in the enrich queue: with the queue
            # watched, backpressure would (rightly) stop the frontier at its high mark, 2,000 articles in.
            NEWSFLOW_BACKPRESSURE_ENRICH_HIGH="0",
        )
        settings = Settings(database_url=database_url, redis_url=redis_url, allow_private_addresses=True)
        upgrade(database_url)
        newsflow = str(Path(sys.executable).with_name("newsflow"))
        proc = subprocess.Popen([newsflow, "worker", "ingest"], env=env, stdout=subprocess.DEVNULL)
        try:
            time.sleep(6)  # the worker forks its processes before the clock starts
            celery = make_celery(settings)
            ledger = RedisLedger.from_url(redis_url)
            request = CrawlRequest(
                seeds=[h.url("/sitemap.xml") for h in web.hosts], mode="sitemap", max_pages=100_000
            )
            since = time.monotonic()
            admit(
                ledger,
                seed_tasks(str(uuid.uuid4()), request),
                lambda t: celery.send_task(FETCH_TASK, args=[t.model_dump(mode="json")]),
            )
            _wait_for(web, since, _expected_requests(web), timeout=600)
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
    return {**politeness(web, delay, since), "since": since}


def run_embedded(web: RemoteFixtureWeb, delay: float) -> dict[str, Any]:
    from newsflow.runner import EmbeddedRunner

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            database_url=f"sqlite:///{tmp}/bench.db",
            allow_private_addresses=True,
            host_delay=delay,
            log_level="WARNING",
        )
        runner = EmbeddedRunner(settings, enrich=False)
        request = CrawlRequest(
            seeds=[h.url("/sitemap.xml") for h in web.hosts], mode="sitemap", max_pages=100_000
        )
        since = time.monotonic()
        runner.crawl(request)
    return politeness(web, delay, since)


def run_single_host(n: int) -> dict[str, float]:
    """The ingest stage and a plain requests + trafilatura loop over the same ``n`` pages of one host."""
    import requests
    import trafilatura
    from newsflow_ingest.fetching.fetcher import Fetcher
    from newsflow_ingest.stage.page import ingest

    settings = Settings(allow_private_addresses=True, host_delay=0.0, log_level="WARNING")
    with fixture_web_process(1, articles_per_host=n, first_address=40) as web:
        host = web.hosts[0]
        urls = [host.url(p) for p in host.article_paths()]
        with Fetcher(settings) as fetcher:
            fetcher.fetch(host.url("/"))  # robots.txt and the connection, outside the clock (as for the loop)
            started = time.perf_counter()
            articles = 0
            for url in urls:
                task = FetchTask(crawl_id="bench", url=url, role="article", mode="article")
                articles += ingest(task, fetcher=fetcher).article is not None
            ingest_s = time.perf_counter() - started
        with requests.Session() as session:
            session.get(host.url("/"))
            started = time.perf_counter()
            extracted = 0
            for url in urls:
                html = session.get(url, timeout=10).text
                extracted += (
                    trafilatura.extract(html, url=url, with_metadata=True, output_format="json") is not None
                )
            plain_s = time.perf_counter() - started
    return {
        "pages": len(urls),
        "ingest_pages_per_s": len(urls) / ingest_s,
        "ingest_articles": articles,
        "plain_pages_per_s": len(urls) / plain_s,
        "plain_extracted": extracted,
    }


def _row(name: str, r: dict[str, Any]) -> str:
    return (
        f"| {name} | {r['requests']} | {r['seconds']:.1f} | {r['pages_per_s']:.1f} | {r['limit']:.0f} | "
        f"{100 * r['of_limit']:.0f}% | {r['steady_pages_per_s']:.1f} ({100 * r['steady_of_limit']:.0f}%) | "
        f"{r['min_gap']:.3f} | {r['median_gap']:.3f} | {r['violations']} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--hosts", type=int, default=20)
    parser.add_argument("--delay", type=float, default=0.5)
    parser.add_argument("--articles", type=int, default=60, help="articles per host")
    parser.add_argument("--workers", type=int, default=4, help="processes of the Celery ingest worker")
    parser.add_argument("--single", type=int, default=300, help="pages of the single-host comparison")
    parser.add_argument("--skip-embedded", action="store_true")
    args = parser.parse_args()

    load_before = os.getloadavg()[0]
    results: list[tuple[str, dict[str, Any]]] = []
    with fixture_web_process(args.hosts, articles_per_host=args.articles) as web:
        name = f"Celery ingest worker × {args.workers} (Redis throttle, deferral)"
        results.append((name, run_celery(web, args.delay, args.workers)))
    if not args.skip_embedded:
        with fixture_web_process(args.hosts, articles_per_host=args.articles) as web:
            results.append(("embedded runner (1 process, no enrichment)", run_embedded(web, args.delay)))
    single = run_single_host(args.single)

    print(
        f"\nnewsflow crawl benchmark — {args.hosts} hosts × {args.articles} articles, delay {args.delay}s, ",
        end="",
    )
    print(f"{os.cpu_count()} cores\n")
    print(f"load average before/after: {load_before:.1f} / {os.getloadavg()[0]:.1f}\n")
    print(
        "| runtime | requests | seconds | pages/s | limit | of limit | steady state pages/s (of limit) "
        "| same-host gap: min | median | gaps < delay |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name, result in results:
        print(_row(name, result))
    print(f"\nOne host, no delay, {single['pages']} pages:\n")
    print("| loop | pages/s | articles |")
    print("|---|---|---|")
    print(f"| newsflow ingest stage (fetcher + parser) | {single['ingest_pages_per_s']:.1f} | ", end="")
    print(f"{single['ingest_articles']} |")
    print(
        f"| requests + trafilatura.extract | {single['plain_pages_per_s']:.1f} | {single['plain_extracted']} |"
    )


if __name__ == "__main__":
    main()
