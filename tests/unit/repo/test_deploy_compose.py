"""The compose files as Compose resolves them with a sample ``.env``: docker-compose.yml (one host or the central
host), deploy/compose.central.yml (its override for several hosts) and deploy/compose.workers.yml (workers only on
another host).

Each is interpolated, merged and validated against the Compose Specification schema by ``tests.support.compose``
(the Compose plugin is not installed here); where ``docker compose`` exists, ``test_docker_compose_config`` runs
the real ``docker compose config`` as well.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from newsflow_shared.config import Settings

from tests.support.compose import (
    MissingVariable,
    compose_cli_config,
    interpolate_text,
    load_compose,
    read_env_file,
    schema_errors,
)

ROOT = Path(__file__).resolve().parents[3]
MAIN = ROOT / "docker-compose.yml"
CENTRAL = ROOT / "deploy" / "compose.central.yml"
WORKERS = ROOT / "deploy" / "compose.workers.yml"
CENTRAL_ENV = ROOT / "tests" / "fixtures" / "deploy" / "central.env"
WORKERS_ENV = ROOT / "tests" / "fixtures" / "deploy" / "workers.env"
STAGES = ("ingest", "enrich", "store")
NEWSFLOW_SERVICES = ("migrate", "api", *STAGES, "beat")
# Settings the compose files may name before they exist (none now: the metrics and logging settings landed).
CONTRACT_SETTINGS: set[str] = set()  # every name the compose files use is a setting now


def central_env(**changes: str | None) -> dict[str, str]:
    env = read_env_file(CENTRAL_ENV)
    for name, value in changes.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


@pytest.fixture(scope="module")
def main() -> dict[str, Any]:
    return load_compose([MAIN], central_env())


def test_interpolation_follows_compose() -> None:
    env = {"SET": "x", "EMPTY": ""}
    assert interpolate_text("${SET}-${UNSET}-$$-$SET", env) == "x--$-x"
    assert interpolate_text("${UNSET:-a${SET}b}", env) == "axb"
    assert interpolate_text("${EMPTY:-d}|${EMPTY-d}|${SET:+alt}|${UNSET:+alt}", env) == "d||alt|"
    # A default is expanded only when used, as compose-go does: the nested :? does not fire here.
    assert interpolate_text("${SET:-${UNSET:?never}}", env) == "x"
    with pytest.raises(MissingVariable, match="UNSET"):
        interpolate_text("${UNSET:?set UNSET}", env)
    with pytest.raises(MissingVariable, match="EMPTY"):
        interpolate_text("${EMPTY:?}", env)


def test_main_compose_is_valid(main: dict[str, Any]) -> None:
    assert schema_errors(main) == []
    services = main["services"]
    assert {"redis", "postgres", *NEWSFLOW_SERVICES} <= set(services)
    # Anything else (translate, a monitoring profile's services) starts only with its profile.
    others = set(services) - {"redis", "postgres", *NEWSFLOW_SERVICES}
    assert all(services[name].get("profiles") for name in others), others


def test_schema_check_catches_mistakes(main: dict[str, Any]) -> None:
    broken = {**main, "services": {**main["services"], "api": {**main["services"]["api"], "restart": 3}}}
    broken["services"]["ingest"] = {**main["services"]["ingest"], "helthcheck": {}}
    errors = schema_errors(broken)
    assert any(error.startswith("services/api/restart") for error in errors)
    assert any("helthcheck" in error for error in errors)


@pytest.mark.parametrize("variable", ["POSTGRES_PASSWORD", "REDIS_PASSWORD", "NEWSFLOW_API_TOKEN"])
def test_secrets_are_required(variable: str) -> None:
    with pytest.raises(MissingVariable) as info:
        load_compose([MAIN], central_env(**{variable: None}))
    assert info.value.name == variable
    with pytest.raises(MissingVariable):
        load_compose([MAIN], central_env(**{variable: ""}))


def test_redis_has_password_maxmemory_and_noeviction(main: dict[str, Any]) -> None:
    redis = main["services"]["redis"]
    command = redis["command"]
    password = central_env()["REDIS_PASSWORD"]
    assert command[0] == "redis-server"
    assert command[command.index("--requirepass") + 1] == password
    assert command[command.index("--appendonly") + 1] == "yes"
    assert command[command.index("--maxmemory-policy") + 1] == "noeviction"
    assert command[command.index("--maxmemory") + 1] == "1gb"
    assert redis["environment"]["REDISCLI_AUTH"] == password
    assert "PONG" in " ".join(redis["healthcheck"]["test"])
    bigger = load_compose([MAIN], central_env(REDIS_MAXMEMORY="3gb"))["services"]["redis"]["command"]
    assert bigger[bigger.index("--maxmemory") + 1] == "3gb"


def test_default_urls_are_the_compose_services(main: dict[str, Any]) -> None:
    env = central_env()
    for name in NEWSFLOW_SERVICES:
        environment = main["services"][name]["environment"]
        assert environment["NEWSFLOW_DATABASE_URL"] == (
            f"postgresql+psycopg://newsflow:{env['POSTGRES_PASSWORD']}@postgres:5432/newsflow"
        ), name
        assert environment["NEWSFLOW_REDIS_URL"] == f"redis://:{env['REDIS_PASSWORD']}@redis:6379/0", name


def test_urls_from_env_win() -> None:
    workers = read_env_file(WORKERS_ENV)
    env = central_env(
        NEWSFLOW_DATABASE_URL=workers["NEWSFLOW_DATABASE_URL"],
        NEWSFLOW_REDIS_URL=workers["NEWSFLOW_REDIS_URL"],
    )
    services = load_compose([MAIN], env)["services"]
    for name in NEWSFLOW_SERVICES:
        assert services[name]["environment"]["NEWSFLOW_DATABASE_URL"] == workers["NEWSFLOW_DATABASE_URL"]
        assert services[name]["environment"]["NEWSFLOW_REDIS_URL"].startswith("rediss://")


def _health_test(service: dict[str, Any]) -> str:
    test = service["healthcheck"]["test"]
    assert test[0] == "CMD-SHELL"
    return str(test[1])


@pytest.mark.parametrize("path", [MAIN, WORKERS])
def test_workers_have_health_and_metrics(path: Path) -> None:
    env = central_env() if path == MAIN else read_env_file(WORKERS_ENV)
    services = load_compose([path], env)["services"]
    for stage in STAGES:
        service = services[stage]
        assert service["command"] == ["worker", stage]
        assert _health_test(service) == f"newsflow health live {stage} && newsflow health ready {stage}"
        assert service["healthcheck"]["start_period"] == "60s"
        assert service["environment"]["NEWSFLOW_METRICS_PORT"] == "9100"
        assert service["restart"] == "unless-stopped"


def test_beat_runs_once_with_its_schedule(main: dict[str, Any]) -> None:
    beat = main["services"]["beat"]
    assert beat["command"] == ["beat"]
    assert beat["deploy"]["replicas"] == 1
    assert beat["container_name"]  # a fixed name: Compose refuses to scale it past one container
    (mount,) = [volume for volume in beat["volumes"] if isinstance(volume, dict)]
    assert mount["type"] == "bind" and mount["read_only"] is True
    assert mount["bind"]["create_host_path"] is False
    assert beat["environment"]["NEWSFLOW_SCHEDULE_FILE"] == mount["target"]
    # The default schedule ships (the path is relative to the project directory, the repository root).
    assert (ROOT / mount["source"]).is_file()
    from newsflow.schedule import load_schedule

    assert load_schedule(ROOT / mount["source"]) == {}  # and starts nothing until edited


def test_central_override_publishes_tls_only() -> None:
    env = central_env(CENTRAL_ADDRESS="10.0.0.5")
    config = load_compose([MAIN, CENTRAL], env)
    assert schema_errors(config) == []
    redis = config["services"]["redis"]
    command = redis["command"]
    # The override replaces the command: it must keep the base's password, AOF and memory flags.
    assert command[command.index("--requirepass") + 1] == env["REDIS_PASSWORD"]
    assert command[command.index("--appendonly") + 1] == "yes"
    assert command[command.index("--maxmemory-policy") + 1] == "noeviction"
    assert command[command.index("--tls-port") + 1] == "6380"
    assert redis["ports"] == ["10.0.0.5:6380:6380"]  # TLS only: the plain port stays inside the network
    assert {"/data", "/tls"} <= {str(v).split(":")[1] for v in redis["volumes"]}
    postgres = config["services"]["postgres"]
    assert "ssl=on" in postgres["command"]
    assert postgres["ports"] == ["10.0.0.5:5432:5432"]
    assert {"/var/lib/postgresql/data", "/tls"} <= {str(v).split(":")[1] for v in postgres["volumes"]}
    with pytest.raises(MissingVariable, match="CENTRAL_ADDRESS"):
        load_compose([MAIN, CENTRAL], central_env())
    # Without the override nothing is published but the API (and Flower, of the monitoring profile, on loopback).
    main_services = load_compose([MAIN], central_env())["services"]
    published = {name for name, service in main_services.items() if service.get("ports")}
    assert published == {"api", "flower"}
    assert all(str(port).startswith("127.0.0.1:") for port in main_services["flower"]["ports"])


def test_workers_recipe() -> None:
    env = read_env_file(WORKERS_ENV)
    config = load_compose([WORKERS], env)
    assert schema_errors(config) == []
    services = config["services"]
    assert set(services) == set(STAGES)  # no redis, postgres, migrate, api or beat on a worker host
    for stage, first_port in zip(STAGES, (9101, 9111, 9121), strict=True):
        service = services[stage]
        environment = service["environment"]
        assert environment["NEWSFLOW_DATABASE_URL"] == env["NEWSFLOW_DATABASE_URL"]
        assert environment["NEWSFLOW_REDIS_URL"] == env["NEWSFLOW_REDIS_URL"]
        assert environment["NEWSFLOW_CAPTURE_URL"] == env["NEWSFLOW_CAPTURE_URL"]
        assert "depends_on" not in service
        assert service["env_file"] == [{"path": "../.env", "required": True}]
        assert service["ports"] == [f"10.0.0.6:{first_port}-{first_port + 9}:9100"]
        # Paths are relative to deploy/ (the project directory of `-f deploy/compose.workers.yml`).
        context = (WORKERS.parent / service["build"]["context"]).resolve()
        assert (context / "pyproject.toml").is_file()
        assert (context / service["build"]["dockerfile"]).is_file()
    assert "s3" in services["ingest"]["build"]["args"]["EXTRAS"].split(",")


@pytest.mark.parametrize("variable", ["NEWSFLOW_DATABASE_URL", "NEWSFLOW_REDIS_URL", "NEWSFLOW_CAPTURE_URL"])
def test_workers_recipe_requires_the_central_urls(variable: str) -> None:
    env = read_env_file(WORKERS_ENV)
    env.pop(variable)
    with pytest.raises(MissingVariable) as info:
        load_compose([WORKERS], env)
    assert info.value.name == variable


def test_every_newsflow_variable_is_a_setting() -> None:
    known = {f"NEWSFLOW_{name.upper()}" for name in Settings.model_fields} | CONTRACT_SETTINGS
    for path in (MAIN, CENTRAL, WORKERS, CENTRAL_ENV, WORKERS_ENV):
        named = set(re.findall(r"\bNEWSFLOW_[A-Z0-9_]+", path.read_text(encoding="utf-8")))
        assert named - known == set(), path


@pytest.mark.parametrize(
    ("files", "env_file"), [([MAIN], CENTRAL_ENV), ([WORKERS], WORKERS_ENV)], ids=["main", "workers"]
)
def test_docker_compose_config(files: list[Path], env_file: Path) -> None:
    """The real ``docker compose config``, where the Compose plugin is installed (it is not in this workplace)."""
    config = compose_cli_config(files, env_file)
    if config is None:
        pytest.skip("the docker Compose plugin is not installed: `docker compose config` cannot run here")
    expected = load_compose(files, read_env_file(env_file))
    assert set(config["services"]) >= set(expected["services"]) - {
        name for name, service in expected["services"].items() if service.get("profiles")
    }
