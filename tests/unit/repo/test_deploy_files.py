"""The deployment files agree with the code: services, healthchecks, Redis flags, setting names, extras.

Structural checks parse docker-compose.yml with PyYAML when it is importable, else with
``docker compose config --format json`` when the Compose plugin is installed; with neither they are skipped
(saying so). The checks on plain text (variable names, the Dockerfile, extras) always run.
"""

from __future__ import annotations

import importlib
import json
import os
import re
import shutil
import subprocess
import tomllib
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[3]
COMPOSE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "deploy" / "Dockerfile"
WORKERS = ("ingest", "enrich", "store")


def load_compose() -> dict[str, Any]:
    """docker-compose.yml as data, or a skip naming what is missing."""
    try:
        # Imported by name: PyYAML is optional here and its type stubs are not a dependency.
        yaml = importlib.import_module("yaml")
    except ImportError:
        pass
    else:
        data: dict[str, Any] = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
        return data
    docker = shutil.which("docker")
    if docker is not None:
        env = {**os.environ, "POSTGRES_PASSWORD": "x", "NEWSFLOW_API_TOKEN": "x"}
        result = subprocess.run(
            [docker, "compose", "-f", str(COMPOSE), "config", "--format", "json"],
            capture_output=True,
            text=True,
            env=env,
            check=False,
            timeout=60,
        )
        if result.returncode == 0:
            parsed: dict[str, Any] = json.loads(result.stdout)
            return parsed
    pytest.skip("neither PyYAML nor the docker compose plugin is available to parse docker-compose.yml")


@pytest.fixture(scope="module")
def services() -> dict[str, Any]:
    return dict(load_compose()["services"])


def command_of(service: dict[str, Any]) -> list[str]:
    command = service["command"]
    return command.split() if isinstance(command, str) else list(command)


# --- plain-text checks (always run) ---


# The NEWSFLOW_* names of every compose file, the URLs, healthchecks and secrets as Compose resolves them
# with a sample .env: tests/unit/repo/test_deploy_compose.py.


def test_api_token_is_required_by_compose() -> None:
    text = COMPOSE.read_text(encoding="utf-8")
    assert "NEWSFLOW_API_TOKEN: ${NEWSFLOW_API_TOKEN:?" in text
    assert "${POSTGRES_PASSWORD:?" in text


def test_dockerfile_installs_one_extra_and_runs_unprivileged() -> None:
    text = DOCKERFILE.read_text(encoding="utf-8")
    assert "python:3.11-slim" in text
    assert "ARG EXTRAS" in text
    assert 'pip install ".[${EXTRAS}]"' in text
    users = re.findall(r"^USER\s+(\S+)", text, flags=re.MULTILINE)
    assert users and users[-1] not in ("root", "0")
    assert 'ENTRYPOINT ["newsflow"]' in text


def test_compose_build_extras_exist_in_pyproject() -> None:
    extras = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
            "optional-dependencies"
        ]
    )
    named = re.findall(r"EXTRAS:\s*(\S+)", COMPOSE.read_text(encoding="utf-8"))
    used = {extra for value in named for extra in value.split(",")}
    assert used == {"api", "ingest", "enrich", "store", "s3", "monitoring"}
    assert used <= extras


# --- structural checks (need a YAML parser) ---


def test_services(services: dict[str, Any]) -> None:
    always = {"redis", "postgres", "migrate", "api", *WORKERS, "beat"}
    assert always | {"translate", "flower"} <= set(services)
    # The LibreTranslate container and Flower are optional: only `--profile translate` / `monitoring` start them;
    # so is anything not listed.
    optional = {"translate": ["translate"], "flower": ["monitoring"]}
    assert {name: services[name]["profiles"] for name in optional} == optional
    assert all("profiles" not in services[name] for name in always)
    assert all(services[name].get("profiles") for name in set(services) - always)
    assert command_of(services["flower"])[0] == "flower"
    for name in WORKERS:
        assert command_of(services[name]) == ["worker", name]
    assert command_of(services["api"]) == ["api", "--host", "0.0.0.0", "--port", "8000"]
    assert command_of(services["migrate"]) == ["migrate"]
    assert services["redis"]["image"].startswith("redis:7")
    assert services["postgres"]["image"].startswith("postgres:16")


def test_restart_policies(services: dict[str, Any]) -> None:
    for name, service in services.items():
        expected = "no" if name == "migrate" else "unless-stopped"
        assert service.get("restart", "no") == expected, name


def test_redis_keeps_messages(services: dict[str, Any]) -> None:
    command = command_of(services["redis"])
    assert command[command.index("--appendonly") + 1] == "yes"
    assert command[command.index("--maxmemory-policy") + 1] == "noeviction"
    assert any(
        str(volume).endswith(":/data") or _target(volume) == "/data"
        for volume in services["redis"]["volumes"]
    )


def _target(volume: Any) -> str | None:
    return volume.get("target") if isinstance(volume, dict) else None


def test_healthchecks(services: dict[str, Any]) -> None:
    assert "redis-cli" in " ".join(services["redis"]["healthcheck"]["test"])
    assert "pg_isready" in " ".join(services["postgres"]["healthcheck"]["test"])
    assert "/healthz" in " ".join(services["api"]["healthcheck"]["test"])


def test_start_order(services: dict[str, Any]) -> None:
    assert services["migrate"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    for name in ("api", *WORKERS, "beat"):
        depends = services[name]["depends_on"]
        assert depends["migrate"]["condition"] == "service_completed_successfully", name
        assert depends["redis"]["condition"] == "service_healthy", name


def test_every_newsflow_service_reaches_postgres_and_redis(services: dict[str, Any]) -> None:
    # Unresolved here (raw YAML): the .env URL when set, else the compose services with their passwords.
    for name in ("migrate", "api", *WORKERS, "beat"):
        environment = services[name]["environment"]
        database, redis_url = environment["NEWSFLOW_DATABASE_URL"], environment["NEWSFLOW_REDIS_URL"]
        assert database.startswith("${NEWSFLOW_DATABASE_URL:-postgresql+psycopg://newsflow:"), name
        assert "@postgres:5432/newsflow}" in database, name
        assert (
            redis_url == "${NEWSFLOW_REDIS_URL:-redis://:${REDIS_PASSWORD:?set REDIS_PASSWORD}@redis:6379/0}"
        )
    assert "NEWSFLOW_API_TOKEN" in services["api"]["environment"]
