"""Docker Compose files as Compose would see them, without the Compose plugin.

This workplace has the docker CLI but no Compose plugin (``docker compose`` is an unknown command), so
``docker compose config`` cannot run here. What it does for our files is done in Python instead:

- read ``.env``-style files (``KEY=VALUE``, comments, optional quotes);
- interpolate ``${VAR}``, ``${VAR:-default}``, ``${VAR-default}``, ``${VAR:?error}``, ``${VAR?error}``,
  ``${VAR:+alt}``, ``${VAR+alt}``, ``$VAR`` and ``$$``, defaults nested (``${A:-x${B}y}``) and expanded only when
  used, as compose-go does;
- merge override files (``-f a.yml -f b.yml``) with Compose's rules for the keys our files use: mappings merge,
  ``command``/``entrypoint``/``healthcheck.test`` are replaced, ``ports`` append, ``volumes`` merge by target;
- validate the result against the Compose Specification JSON Schema that ``check-jsonschema`` vendors
  (``check_jsonschema/builtin_schemas/vendor/compose-spec.json``).

When the Compose plugin is installed, tests also run the real ``docker compose config`` (see
``compose_cli_config``). YAML anchors and ``<<`` merge keys are resolved by PyYAML, as by Compose.
"""

from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from jsonschema import validators

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class MissingVariable(ValueError):
    """A ``${VAR:?message}`` (or ``?``) whose variable is unset (or empty): Compose refuses the file."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(f"required variable {name} is missing a value: {message}")
        self.name = name


def read_env_file(path: Path) -> dict[str, str]:
    """The variables of a ``.env`` file."""
    values: dict[str, str] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        if not sep:
            continue
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[key.strip().removeprefix("export ").strip()] = value
    return values


def _closing_brace(text: str, start: int) -> int:
    """Index of the ``}`` closing the ``${`` whose body starts at ``start``."""
    depth = 1
    i = start
    while i < len(text):
        if text.startswith("${", i):
            depth += 1
            i += 2
            continue
        if text[i] == "}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    raise ValueError(f"unterminated ${{ in {text!r}")


def _expand(body: str, env: Mapping[str, str]) -> str:
    match = _NAME.match(body)
    if match is None:
        raise ValueError(f"invalid interpolation ${{{body}}}")
    name, rest = match.group(), body[match.end() :]
    value = env.get(name)
    if not rest:
        return value or ""
    for op in (":-", ":?", ":+", "-", "?", "+"):
        if rest.startswith(op):
            word = rest[len(op) :]
            break
    else:
        raise ValueError(f"invalid interpolation ${{{body}}}")
    absent = value is None or (op.startswith(":") and value == "")
    if op in (":-", "-"):
        return interpolate_text(word, env) if absent else str(value)
    if op in (":?", "?"):
        if absent:
            raise MissingVariable(name, interpolate_text(word, env))
        return str(value)
    return "" if absent else interpolate_text(word, env)  # :+ and +


def interpolate_text(text: str, env: Mapping[str, str]) -> str:
    """One string with its variables substituted as Compose does."""
    out: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char != "$":
            out.append(char)
            i += 1
        elif text.startswith("$$", i):
            out.append("$")
            i += 2
        elif text.startswith("${", i):
            end = _closing_brace(text, i + 2)
            out.append(_expand(text[i + 2 : end], env))
            i = end + 1
        else:
            match = _NAME.match(text, i + 1)
            if match is None:
                out.append(char)
                i += 1
            else:
                out.append(env.get(match.group(), ""))
                i = match.end()
    return "".join(out)


def interpolate(data: Any, env: Mapping[str, str]) -> Any:
    """Every string value (not key) of a parsed compose file interpolated."""
    if isinstance(data, dict):
        return {key: interpolate(value, env) for key, value in data.items()}
    if isinstance(data, list):
        return [interpolate(value, env) for value in data]
    if isinstance(data, str):
        return interpolate_text(data, env)
    return data


_REPLACED = {"command", "entrypoint", "test"}


def _volume_target(volume: Any) -> str:
    if isinstance(volume, dict):
        return str(volume.get("target"))
    parts = str(volume).split(":")
    return parts[1] if len(parts) > 1 else parts[0]


def merge(base: Any, override: Any, key: str = "") -> Any:
    """``override`` applied on ``base`` with Compose's merge rules (for the keys our files use)."""
    if isinstance(base, dict) and isinstance(override, dict):
        merged = dict(base)
        for name, value in override.items():
            merged[name] = merge(base[name], value, name) if name in base else copy.deepcopy(value)
        return merged
    if isinstance(base, list) and isinstance(override, list) and key not in _REPLACED:
        if key == "volumes":
            by_target = {_volume_target(v): v for v in base}
            by_target.update({_volume_target(v): v for v in override})
            return list(by_target.values())
        return [*base, *[item for item in override if item not in base]]
    return copy.deepcopy(override)


def load_compose(files: list[Path], env: Mapping[str, str]) -> dict[str, Any]:
    """The files (later ones overriding) parsed, interpolated with ``env`` and merged."""
    result: dict[str, Any] = {}
    for path in files:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        result = merge(result, interpolate(data, env))
    return result


def compose_schema() -> dict[str, Any]:
    """The Compose Specification JSON Schema as vendored by check-jsonschema."""
    text = (
        resources.files("check_jsonschema.builtin_schemas.vendor").joinpath("compose-spec.json").read_text()
    )
    schema: dict[str, Any] = json.loads(text)
    return schema


def schema_errors(config: dict[str, Any]) -> list[str]:
    """Where ``config`` breaks the Compose Specification schema (empty: valid)."""
    schema = compose_schema()
    validator = validators.validator_for(schema)(schema)
    return [
        f"{'/'.join(str(p) for p in error.absolute_path)}: {error.message}"
        for error in validator.iter_errors(config)
    ]


def compose_cli_config(files: list[Path], env_file: Path) -> dict[str, Any] | None:
    """``docker compose config`` of the files as JSON, or None when the Compose plugin is not installed."""
    docker = shutil.which("docker")
    if docker is None:
        return None
    probe = subprocess.run([docker, "compose", "version"], capture_output=True, text=True, timeout=30)
    if probe.returncode != 0:
        return None
    command = [docker, "compose", "--env-file", str(env_file)]
    for path in files:
        command += ["-f", str(path)]
    result = subprocess.run(
        [*command, "config", "--format", "json"], capture_output=True, text=True, timeout=60, check=True
    )
    parsed: dict[str, Any] = json.loads(result.stdout)
    return parsed
