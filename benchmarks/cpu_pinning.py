"""Put a benchmark's workers and its servers on different cores of one machine (Linux CPU affinity).

On a deployment PostgreSQL, Redis and the fetched sites run on other hosts than the workers; on one 2-core machine
they share the workers' cores, so the workers' CPU bound (cores × 1000 ÷ their CPU ms per article) cannot be
reached there. ``benchmarks/pipeline.py --worker-cpus 0 --server-cpus 1`` pins the Celery workers to core 0 and
PostgreSQL (every server process: new backends inherit the postmaster's affinity), the benchmark's own Redis
server and the benchmark process (the site server) to core 1, then computes the bound for the workers' cores
alone. Pinning other users' processes needs root (CAP_SYS_NICE); the servers get every core back afterwards.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

CLK_TCK = os.sysconf("SC_CLK_TCK")


def parse_cpus(text: str) -> set[int]:
    """``"0"``, ``"0,1"`` or ``"2-3"`` → the set of CPU numbers."""
    cpus: set[int] = set()
    for part in text.split(","):
        first, _, last = part.partition("-")
        cpus.update(range(int(first), int(last or first) + 1))
    return cpus


def processes_named(name: str) -> list[int]:
    """Pids of the processes whose command name (``/proc/PID/comm``) is ``name``."""
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            with contextlib.suppress(OSError):
                if Path(f"/proc/{entry}/comm").read_text().strip() == name:
                    pids.append(int(entry))
    return pids


def redis_server_pid(redis_url: str) -> int:
    """The pid of the Redis server behind ``redis_url`` (``INFO server``'s ``process_id``; same machine only)."""
    import redis

    client = redis.Redis.from_url(redis_url)
    try:
        return int(client.info("server")["process_id"])
    finally:
        client.close()


def pin(pids: Iterable[int], cpus: set[int]) -> None:
    """Every thread of each process onto ``cpus`` (a process's affinity is per thread: Redis and PostgreSQL's
    helper threads would otherwise stay where they were). Processes gone meanwhile are skipped."""
    for pid in pids:
        with contextlib.suppress(OSError):
            for task in os.listdir(f"/proc/{pid}/task"):
                with contextlib.suppress(OSError):
                    os.sched_setaffinity(int(task), cpus)


@contextlib.contextmanager
def servers_pinned(redis_url: str, cpus: set[int]) -> Iterator[None]:
    """PostgreSQL's processes, the Redis server of ``redis_url`` and this process on ``cpus`` for the block;
    every core again afterwards (the PostgreSQL server may be shared with other work)."""
    everything = set(range(os.cpu_count() or 1))
    servers = [*processes_named("postgres"), redis_server_pid(redis_url), os.getpid()]
    pin(servers, cpus)
    try:
        yield
    finally:
        pin([*processes_named("postgres"), redis_server_pid(redis_url), os.getpid()], everything)


def cpu_seconds_by_core() -> dict[int, tuple[float, float]]:
    """Per core: (busy, total) CPU seconds since boot, from ``/proc/stat``'s ``cpuN`` lines."""
    cores = {}
    for line in Path("/proc/stat").read_text().splitlines():
        name, *values = line.split()
        if name.startswith("cpu") and name[3:].isdigit():
            fields = [int(x) for x in values[:8]]  # guest time is inside user time already
            idle = fields[3] + fields[4]  # idle + iowait
            cores[int(name[3:])] = ((sum(fields) - idle) / CLK_TCK, sum(fields) / CLK_TCK)
    return cores


def busy_share(
    before: dict[int, tuple[float, float]], after: dict[int, tuple[float, float]], cpus: set[int]
) -> float:
    """The busy share of ``cpus`` between two ``cpu_seconds_by_core`` readings."""
    busy = sum(after[c][0] - before[c][0] for c in cpus)
    total = sum(after[c][1] - before[c][1] for c in cpus)
    return busy / max(total, 1e-9)
