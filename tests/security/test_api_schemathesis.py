"""A schemathesis run against the task API's own OpenAPI schema, served by a real ``newsflow api`` process on real
Redis and PostgreSQL: generated requests (valid and invalid) never get a 5xx, and every response matches the
schema (status codes, content types, bodies)."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode, checks
from schemathesis.core.result import Ok

from tests.support.processes import NEWSFLOW, free_port, newsflow_env, process_group, wait_http_ok

pytestmark = pytest.mark.integration

TOKEN = "schemathesis-token"


@pytest.fixture(scope="module")
def api_url(postgres_url: str, redis_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    env = newsflow_env(
        database_url=postgres_url,
        redis_url=redis_url,
        api_token=TOKEN,
        api_rate_limit="0",
        log_level="WARNING",
    )
    subprocess.run([NEWSFLOW, "migrate"], env=env, check=True, timeout=60)
    port = free_port()
    logs: Path = tmp_path_factory.mktemp("schemathesis")
    with process_group(logs) as procs:
        procs.start("api", ["api", "--port", str(port)], env)
        url = f"http://127.0.0.1:{port}"
        wait_http_ok(url + "/healthz")
        yield url


CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_api_conforms_to_its_schema(api_url: str, mode: GenerationMode) -> None:
    # (schemathesis.pytest.from_fixture does not run on pytest 9 yet: operations are driven by hand.)
    schema = schemathesis.openapi.from_url(f"{api_url}/openapi.json")
    headers = {"Authorization": f"Bearer {TOKEN}"}
    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), f"invalid operation in the schema: {result}"
        operation = result.ok()
        operations += 1

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def run(case: Any) -> None:
            # POST /v1/crawls queues crawls of generated seeds: harmless, no worker consumes this Redis db.
            case.call_and_validate(base_url=api_url, headers=headers, checks=CHECKS)

        try:
            run()
        except Unsatisfiable:  # nothing invalid to send (an operation without parameters or body)
            continue
        except Exception as exc:  # every operation is exercised; all failures are reported together
            failures.append(f"{operation.label}: {exc}")
    assert operations >= 8
    assert not failures, "\n\n".join(failures)
