"""What a benchmark run cost the servers: Redis commands (``INFO commandstats``), PostgreSQL transactions, rows
and bytes (``pg_stat_database``, ``pg_database_size``, per-table sizes), read before and after, as deltas.

Used by ``benchmarks/pipeline.py``, ``benchmarks/stage_cpu.py`` and ``benchmarks/soak.py``. The Redis server
must be the benchmark's own (``INFO`` counts every client of the server); the PostgreSQL counters are the
benchmark database's own, so other databases on a shared server do not count.

PostgreSQL backends report their counters at the end of a transaction, at most once a second, and an idle one
only after ~10 s: read the "after" figures once the workers have exited (a backend flushes them on exit).
"""

from __future__ import annotations

from typing import Any

# The tables that grow with articles; their total size (heap + indexes + TOAST) per article is the storage cost.
GROWING_TABLES = (
    "articles",
    "article_urls",
    "article_entities",
    "entities",
    "near_duplicate_bands",
    "article_translations",
    "fetch_outcomes",
    "failures",
)


def redis_commandstats(redis_url: str) -> dict[str, int]:
    """Calls per command (``get``, ``lpush``, ``evalsha``, …) since the server started or ``CONFIG RESETSTAT``."""
    import redis

    client = redis.Redis.from_url(redis_url)
    try:
        stats: dict[str, Any] = client.info("commandstats")
    finally:
        client.close()
    return {name.removeprefix("cmdstat_"): int(value["calls"]) for name, value in stats.items()}


def redis_usec_per_call(redis_url: str) -> dict[str, float]:
    """Microseconds the server spent executing each command, on average (``INFO commandstats``): the cost of a
    command in Redis' single main thread, without the network I/O around it."""
    import redis

    client = redis.Redis.from_url(redis_url)
    try:
        stats: dict[str, Any] = client.info("commandstats")
    finally:
        client.close()
    return {name.removeprefix("cmdstat_"): float(value["usec_per_call"]) for name, value in stats.items()}


def postgres_backend_cpu_seconds(database_url: str) -> float:
    """CPU seconds (user + system, from /proc) of the server processes now serving ``database_url``'s database:
    the PostgreSQL side of the work of the clients connected to it (same machine only)."""
    import os
    from pathlib import Path

    from sqlalchemy import create_engine, text

    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            pids = connection.execute(
                text(
                    "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                    "AND pid <> pg_backend_pid()"
                )
            ).scalars()
            total = 0.0
            for pid in pids:
                try:
                    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    finally:
        engine.dispose()
    return total


def redis_memory(redis_url: str) -> int:
    """``used_memory`` of the Redis server, bytes."""
    import redis

    client = redis.Redis.from_url(redis_url)
    try:
        return int(client.info("memory")["used_memory"])
    finally:
        client.close()


def postgres_counters(database_url: str) -> dict[str, int]:
    """The database's transaction and row counters, its size, and the size of each growing table (bytes)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            row = connection.execute(
                text(
                    "SELECT xact_commit, xact_rollback, tup_returned, tup_fetched, tup_inserted, tup_updated, "
                    "tup_deleted, blks_read, blks_hit, pg_database_size(datname) AS database_bytes "
                    "FROM pg_stat_database WHERE datname = current_database()"
                )
            ).one()
            counters = {key: int(value) for key, value in row._mapping.items()}
            for table in GROWING_TABLES:
                size = connection.execute(
                    text("SELECT pg_total_relation_size(to_regclass(:t))"), {"t": table}
                ).scalar()
                counters[f"{table}_bytes"] = int(size or 0)
    finally:
        engine.dispose()
    return counters


def delta(before: dict[str, int], after: dict[str, int]) -> dict[str, int]:
    """``after - before`` per key (a key missing before counts from 0); keys that did not change are left out."""
    return {key: value - before.get(key, 0) for key, value in after.items() if value != before.get(key, 0)}


def per_article(counts: dict[str, int], articles: int) -> dict[str, float]:
    return {key: value / max(articles, 1) for key, value in counts.items()}


def format_commands(counts: dict[str, int], articles: int, top: int = 12) -> str:
    """``name per-article`` for the most called commands, most first, plus the total."""
    ranked = sorted(counts.items(), key=lambda item: -item[1])
    total = sum(counts.values())
    parts = [f"{name} {value / max(articles, 1):.2f}" for name, value in ranked[:top]]
    return f"total {total / max(articles, 1):.1f} per article: " + ", ".join(parts)


class CommandMonitor:
    """Redis commands of one database only, counted through ``MONITOR``: for a Redis server that other runs
    share, where ``INFO commandstats`` would count their commands too. Commands run by Lua scripts are counted
    under their own names, as ``commandstats`` counts them. ``MONITOR`` slows the server a little."""

    def __init__(self, redis_url: str) -> None:
        import threading
        from collections import Counter

        self.redis_url = redis_url
        self.db = int(redis_url.rstrip("/").rsplit("/", 1)[-1])
        self.counts: Counter[str] = Counter()
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> CommandMonitor:
        self._thread.start()
        self._ready.wait(10)
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join(10)

    def snapshot(self) -> dict[str, int]:
        return dict(self.counts)

    def _run(self) -> None:
        import redis

        client = redis.Redis.from_url(self.redis_url, socket_timeout=1)
        prefix = f"[{self.db} ".encode()
        with client.monitor() as monitor:
            self._ready.set()
            while not self._stop.is_set():
                try:
                    line = monitor.connection.read_response()
                except redis.TimeoutError:
                    continue
                if not isinstance(line, bytes):
                    continue
                # b'1701612345.123456 [3 127.0.0.1:50000] "LPUSH" "ingest" ...' (or "[3 lua]")
                _, _, rest = line.partition(b" ")
                if rest.startswith(prefix):
                    name = rest.partition(b'] "')[2].partition(b'"')[0].decode(errors="replace").lower()
                    self.counts[name] += 1
        client.close()
