"""What metrics cost per message, measured in CPU time so that a busy machine does not blur it.

One message's counting is what the stages do for it: the delivery policy's outcome and duration
(``observe_task``), plus the stage's own counts — for a fetch, its status class and a skip; for a store, the upsert
timing and the stored count. Each is measured in-memory (the embedded runner, a worker without
NEWSFLOW_METRICS_PORT) and in multiprocess mode (a worker serving its metrics: values in mmap'ed files), and so is
one scrape of a worker's endpoint summing the files of its pool children.

    python benchmarks/metrics_cost.py [--messages 200000] [--children 8]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

MEASURE = """
import os, sys, time
from newsflow_ops import metrics
multiprocess_dir = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
if multiprocess_dir:
    from newsflow_ops.worker_metrics import enable_multiprocess
    enable_multiprocess("bench")
n, children = int(sys.argv[1]), int(sys.argv[2])

def fetch_message():
    started = time.perf_counter()
    metrics.count_fetch(200, "ok")
    metrics.count_skipped("listing")
    metrics.observe_task("ingest", "ok", started)

def store_message():
    started = time.perf_counter()
    with metrics.timed_upsert():
        pass
    metrics.count_stored()
    metrics.observe_task("store", "ok", started)

for name, message in (("fetch", fetch_message), ("store", store_message)):
    message()  # families created, files opened
    cpu = time.process_time()
    for _ in range(n):
        message()
    print(f"{name} {(time.process_time() - cpu) / n * 1e6:.2f}")

if multiprocess_dir:
    from prometheus_client import CollectorRegistry, generate_latest, multiprocess
    for _ in range(children):  # pool children that counted, each leaving its own files
        pid = os.fork()
        if pid == 0:
            fetch_message(); store_message()
            os._exit(0)
        os.waitpid(pid, 0)
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    cpu = time.process_time()
    for _ in range(20):
        generate_latest(registry)
    print(f"scrape {(time.process_time() - cpu) / 20 * 1e3:.2f}")
"""


def measure(messages: int, children: int, multiprocess: bool) -> dict[str, float]:
    env = {k: v for k, v in os.environ.items() if k != "PROMETHEUS_MULTIPROC_DIR"}
    with tempfile.TemporaryDirectory() as directory:
        if multiprocess:
            env["PROMETHEUS_MULTIPROC_DIR"] = directory
        result = subprocess.run(
            [sys.executable, "-c", MEASURE, str(messages), str(children)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        )
    return {name: float(value) for name, value in (line.split() for line in result.stdout.splitlines())}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--messages", type=int, default=200_000)
    parser.add_argument("--children", type=int, default=8, help="pool children whose files a scrape sums")
    args = parser.parse_args()
    started = time.monotonic()
    memory = measure(args.messages, args.children, multiprocess=False)
    files = measure(args.messages, args.children, multiprocess=True)
    print(
        f"\nmetrics cost — CPU µs per message, {args.messages} messages ({time.monotonic() - started:.0f} s)\n"
    )
    print("| message | in memory (embedded, metrics off) | multiprocess (worker serving metrics) |")
    print("|---|---|---|")
    for name in ("fetch", "store"):
        print(f"| {name} | {memory[name]:.1f} µs | {files[name]:.1f} µs |")
    print(
        f"\none scrape of a worker's endpoint, {args.children} children's files: {files['scrape']:.2f} ms CPU"
    )


if __name__ == "__main__":
    main()
