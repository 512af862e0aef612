"""Many hosts at once through the frontier: the share of the politeness limit reached, and no host starved.

``--hosts`` fixture hosts (``tests/support/fixture_web.py``, one loopback address each) of ``--pages`` articles,
one sitemap seed per host, a host delay of ``--delay`` s: the politeness limit is hosts ÷ delay requests/s. The
Celery ingest worker (``--workers`` processes; no enrich worker, so parsed articles wait in their queue) crawls
them through the per-host frontier. Reported from the servers' request logs (``benchmarks/crawl.py``'s
``politeness``): requests/s and its share of the limit (overall and in the steady state, while every host is
between its first and last article), the shortest same-host gap, and the spread of per-host finish times (the
last article request of each host, seconds after the start: min / median / p90 / max) — a host starved by
the others would finish far behind them.

    python benchmarks/fixture_web.py [--hosts 500] [--pages 20] [--delay 10] [--workers 4]

Runs the code of the checkout whose virtualenv runs it (see benchmarks/fanout_interrupted.py). Needs
NEWSFLOW_TEST_REDIS_URL and NEWSFLOW_TEST_DATABASE_URL.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from crawl import run_celery  # noqa: E402

from tests.support.fixture_web import RemoteFixtureWeb, fixture_web_process  # noqa: E402


def finish_spread(web: RemoteFixtureWeb, since: float) -> dict[str, float]:
    """Seconds from ``since`` to each host's last article request: min, median, p90, max."""
    last: dict[str, float] = {}
    for t, address, path in web.all_requests():
        if t >= since and path.startswith("/news/"):
            last[address] = max(last.get(address, 0.0), t - since)
    ends = sorted(last.values())
    if not ends:
        return {"hosts": 0}
    return {
        "hosts": len(ends),
        "min": ends[0],
        "median": statistics.median(ends),
        "p90": ends[int(0.9 * (len(ends) - 1))],
        "max": ends[-1],
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--hosts", type=int, default=500)
    parser.add_argument("--pages", type=int, default=20, help="articles per host")
    parser.add_argument("--delay", type=float, default=10.0)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    print(f"code: {ROOT} ({sys.executable}); load average {os.getloadavg()[0]:.1f}; {os.cpu_count()} cores")
    with fixture_web_process(args.hosts, articles_per_host=args.pages) as web:
        result: dict[str, Any] = run_celery(web, args.delay, args.workers)
        spread = finish_spread(web, result.pop("since"))
    print(
        f"{args.hosts} hosts × {args.pages} pages, delay {args.delay}s: {result['requests']} requests in "
        f"{result['seconds']:.0f}s = {result['pages_per_s']:.1f}/s of a limit of {result['limit']:.1f}/s "
        f"({100 * result['of_limit']:.0f}%; steady state {100 * result['steady_of_limit']:.0f}%), "
        f"shortest same-host gap {result['min_gap']:.3f}s, gaps below the delay {result['violations']}"
    )
    print("per-host finish (s after start): " + ", ".join(f"{k} {v:.1f}" for k, v in spread.items()))


if __name__ == "__main__":
    main()
