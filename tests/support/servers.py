"""Real Redis and PostgreSQL for integration tests, never mocks.

With a reachable Docker engine, testcontainers starts throwaway servers. Without one (our machines and CI), the
servers named by ``NEWSFLOW_TEST_REDIS_URL`` / ``NEWSFLOW_TEST_DATABASE_URL`` are used, defaulting to
127.0.0.1's. A server that does not answer fails the test loudly: integration tests are never skipped silently.
"""

from __future__ import annotations

import os
import random
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
import redis

DEFAULT_REDIS = "redis://127.0.0.1:6379"
DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/postgres"


def docker_available() -> bool:
    if os.environ.get("NEWSFLOW_TEST_NO_DOCKER"):
        return False
    try:
        import docker

        docker.from_env(timeout=2).ping()
        return True
    except Exception:
        return False


@contextmanager
def redis_server() -> Iterator[str]:
    """A Redis URL with a database of its own (flushed before use)."""
    if docker_available() and "NEWSFLOW_TEST_REDIS_URL" not in os.environ:
        from testcontainers.redis import RedisContainer

        with RedisContainer("redis:7-alpine") as container:
            host = container.get_container_host_ip()
            port = container.get_exposed_port(6379)
            yield f"redis://{host}:{port}/0"
        return
    base = os.environ.get("NEWSFLOW_TEST_REDIS_URL", DEFAULT_REDIS).rstrip("/")
    names_db = base.rsplit("/", 1)[-1].isdigit() and base.count("/") > 2
    url = base if names_db else f"{base}/{_redis_database_number()}"
    client = redis.Redis.from_url(url)
    try:
        client.ping()
    except redis.RedisError as exc:
        raise RuntimeError(f"Redis at {url} does not answer ({exc}); set NEWSFLOW_TEST_REDIS_URL") from exc
    client.flushdb()
    try:
        yield url
    finally:
        client.flushdb()
        client.close()


def _redis_database_number() -> int:
    """A database number (1-15) of this test process's own, unless the URL names one.

    Concurrent test runs on one server pick at random; the workers of one pytest-xdist run (``-n``) share their
    run's id and take consecutive numbers from it, so two workers of a run never flush each other's keys.
    """
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    run_id = os.environ.get("PYTEST_XDIST_TESTRUNUID")
    if not worker.startswith("gw") or not run_id:
        return random.randint(1, 15)
    start = int(run_id[:8], 16) if all(c in "0123456789abcdef" for c in run_id[:8]) else random.randint(0, 14)
    return (start + int(worker[2:])) % 15 + 1


@contextmanager
def postgres_admin() -> Iterator[str]:
    """A libpq URL of a PostgreSQL server on which databases may be created."""
    if docker_available() and "NEWSFLOW_TEST_DATABASE_URL" not in os.environ:
        from testcontainers.postgres import PostgresContainer

        with PostgresContainer("postgres:16-alpine", driver=None) as container:
            yield container.get_connection_url()
        return
    admin_url = os.environ.get("NEWSFLOW_TEST_DATABASE_URL", DEFAULT_POSTGRES)
    try:
        with psycopg.connect(admin_url, connect_timeout=5) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as exc:
        raise RuntimeError(
            f"PostgreSQL at {admin_url} does not answer ({exc}); set NEWSFLOW_TEST_DATABASE_URL"
        ) from exc
    yield admin_url


@contextmanager
def fresh_database(admin_url: str) -> Iterator[str]:
    """A SQLAlchemy URL of a new, empty database on the server of ``admin_url``, dropped afterwards."""
    name = f"newsflow_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base, _, _ = admin_url.rpartition("/")
    url = f"{base}/{name}".replace("postgresql://", "postgresql+psycopg://", 1)
    try:
        yield url
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def postgres_server() -> Iterator[str]:
    """A fresh, empty PostgreSQL database (server from testcontainers or the environment)."""
    with postgres_admin() as admin_url, fresh_database(admin_url) as url:
        yield url
