"""Worker memory over a long run: the Celery deployment (ingest, enrich, store workers, two children each) crawls a
generated site of N articles (default 5,000) through its sitemap, and the resident memory (RSS) of every worker's
process tree is sampled as the stored count grows. Bounded memory means the curve flattens: children are
recycled (``worker_max_tasks_per_child``) and nothing accumulates in the main processes.

    python benchmarks/worker_memory.py [--articles 5000] [--every 5]

Needs redis-server on PATH (a throwaway one is started) and PostgreSQL (NEWSFLOW_TEST_DATABASE_URL, default
127.0.0.1's; a database of its own is created and dropped).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newsflow_shared.migrate import upgrade  # noqa: E402

from newsflow.generated_site import article_paths, generate_site  # noqa: E402
from newsflow.sample_server import run_site_server  # noqa: E402
from tests.faults.cluster import STAGES, fault_cluster  # noqa: E402
from tests.support.fault_tools import child_pids, wait_for_children  # noqa: E402
from tests.support.servers import postgres_server  # noqa: E402


def rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--every", type=float, default=5.0, help="seconds between samples")
    args = parser.parse_args()
    files = generate_site(args.articles, seed=11)
    total = len(article_paths(files))
    with (
        tempfile.TemporaryDirectory() as tmp,
        postgres_server() as database_url,
        run_site_server(files) as site,
        fault_cluster(
            Path(tmp), database_url, visibility_timeout="3600", task_time_limit="300", log_level="WARNING"
        ) as cluster,
    ):
        upgrade(database_url)
        cluster.start_all()
        for worker in cluster.workers.values():
            wait_for_children(worker.pid, at_least=2)
        started = time.monotonic()
        crawl_id = cluster.submit([site.url("/sitemap.xml")], "sitemap", max_pages=total + 10)
        print(
            "seconds\tstored\t"
            + "\t".join(f"{s}_main_MiB\t{s}_children_MiB\t{s}_max_child_MiB" for s in STAGES)
        )
        peaks: dict[str, int] = {}
        samples: list[tuple[int, dict[str, int]]] = []
        status = "running"
        while status == "running":
            time.sleep(args.every)
            stored = cluster.stored(crawl_id)
            row = [f"{time.monotonic() - started:.0f}", str(stored)]
            totals: dict[str, int] = {}
            for stage in STAGES:
                main_pid = cluster.workers[stage].pid
                children = [rss_kib(pid) for pid in child_pids(main_pid)]
                main = rss_kib(main_pid)
                totals[stage] = main + sum(children)
                peaks[stage] = max(peaks.get(stage, 0), totals[stage])
                row += [
                    f"{main / 1024:.0f}",
                    f"{sum(children) / 1024:.0f}",
                    f"{max(children, default=0) / 1024:.0f}",
                ]
            samples.append((stored, totals))
            print("\t".join(row), flush=True)
            cluster.supervise()
            if stored >= total:
                status = cluster.wait_final(crawl_id, timeout=600)
        elapsed = time.monotonic() - started
        print(f"\n{cluster.stored(crawl_id)} of {total} articles stored in {elapsed:.0f}s, crawl {status}")
        for stage in STAGES:
            at = {
                frac: next((t[stage] for s, t in samples if s >= frac * total), 0) for frac in (0.2, 0.5, 1.0)
            }
            print(
                f"{stage}: RSS (main + children) at 20% {at[0.2] / 1024:.0f} MiB, at 50% {at[0.5] / 1024:.0f} MiB, "
                f"at 100% {at[1.0] / 1024:.0f} MiB, peak {peaks[stage] / 1024:.0f} MiB"
            )


if __name__ == "__main__":
    main()
