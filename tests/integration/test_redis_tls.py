"""Redis over TLS as docs/operations.md ("Redis over TLS") documents it: one ``rediss://`` URL with
``ssl_cert_reqs=required&ssl_ca_certs=…`` serves both clients newsflow uses — Celery (kombu) publishing a task
and redis-py reading crawl state — against a real TLS-only ``redis-server`` with a password, and a server whose
certificate the named CA did not sign is refused (the certificate is really verified).

The server and the certificates (``openssl``) are made by the test; Debian's redis-server is built with TLS.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from newsflow_crawl.state import RedisLedger
from newsflow_shared.celery_app import make_celery
from newsflow_shared.config import Settings
from newsflow_shared.queues import FETCH_TASK, INGEST_QUEUE

from tests.support.processes import free_port

pytestmark = pytest.mark.integration

PASSWORD = "9a1e4c7b2d8f0e36"


def openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True, timeout=60)


def make_ca(directory: Path, name: str) -> None:
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", f"{name}.key", "-out", f"{name}.crt",
            "-days", "2", "-subj", f"/CN={name}", cwd=directory)  # fmt: skip


@pytest.fixture(scope="module")
def tls_redis(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, Path]]:
    """(port, directory with ca.crt and other-ca.crt) of a TLS-only redis-server requiring PASSWORD."""
    for tool in ("openssl", "redis-server"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is not installed")
    directory = tmp_path_factory.mktemp("tls")
    make_ca(directory, "ca")
    make_ca(directory, "other-ca")
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr",
            "-subj", "/CN=localhost", cwd=directory)  # fmt: skip
    (directory / "san.cnf").write_text("subjectAltName=DNS:localhost,IP:127.0.0.1\n", encoding="utf-8")
    openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
            "-out", "server.crt", "-days", "2", "-extfile", "san.cnf", cwd=directory)  # fmt: skip
    port = free_port()
    server = subprocess.Popen(
        ["redis-server", "--port", "0", "--tls-port", str(port), "--bind", "127.0.0.1",
         "--tls-cert-file", "server.crt", "--tls-key-file", "server.key", "--tls-ca-cert-file", "ca.crt",
         "--tls-auth-clients", "no", "--requirepass", PASSWORD, "--save", "", "--appendonly", "no"],
        cwd=directory, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        url = tls_url(port, directory / "ca.crt")
        deadline = time.monotonic() + 20
        while True:
            try:
                redis.Redis.from_url(url, socket_connect_timeout=1).ping()
                break
            except redis.ConnectionError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.2)
        yield port, directory
    finally:
        server.terminate()
        server.wait(timeout=20)


def tls_url(port: int, ca: Path) -> str:
    return f"rediss://:{PASSWORD}@127.0.0.1:{port}/0?ssl_cert_reqs=required&ssl_ca_certs={ca}"


def test_one_rediss_url_serves_celery_and_redis_py(tls_redis: tuple[int, Path]) -> None:
    port, directory = tls_redis
    url = tls_url(port, directory / "ca.crt")
    client = redis.Redis.from_url(url)
    assert client.connection_pool.connection_class is redis.SSLConnection
    ledger = RedisLedger(client)
    ledger.set_status("tls-crawl", "running")
    assert ledger.status("tls-crawl") == "running"

    celery = make_celery(Settings(redis_url=url))
    try:
        with celery.connection_for_write() as connection:
            # kombu took the TLS options from the URL: certificate verification required, our CA.
            assert connection.ssl["ssl_cert_reqs"] == 2  # ssl.CERT_REQUIRED
            assert connection.ssl["ssl_ca_certs"] == str(directory / "ca.crt")
        celery.send_task(FETCH_TASK, args=[{"crawl_id": "tls-crawl", "url": "https://example.org/"}])
    finally:
        celery.close()
    assert client.llen(INGEST_QUEUE) == 1
    client.flushdb()


def test_a_certificate_from_another_ca_is_refused(tls_redis: tuple[int, Path]) -> None:
    port, directory = tls_redis
    client = redis.Redis.from_url(tls_url(port, directory / "other-ca.crt"), socket_connect_timeout=5)
    with pytest.raises(redis.ConnectionError, match="certificate verify failed"):
        client.ping()


def test_plain_redis_url_does_not_reach_a_tls_port(tls_redis: tuple[int, Path]) -> None:
    port, _ = tls_redis
    client = redis.Redis.from_url(f"redis://:{PASSWORD}@127.0.0.1:{port}/0", socket_timeout=3)
    with pytest.raises(redis.RedisError):
        client.ping()
