"""Every Celery task name the code publishes (or records for a replay) is routed to a queue, and the worker that
consumes that queue (``newsflow worker STAGE``) registers it. A name nobody registers is a message that goes
nowhere: replaying a ``lost_in_flight`` failure (task name ``newsflow.ingest.reconcile``) answered 202 and then
sat in the queue forever."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

import pytest
from newsflow_shared.queues import QUEUES, TASK_QUEUES

ROOT = Path(__file__).resolve().parents[3]
CODE = ["shared", "services", "newsflow"]
TASK_NAME = re.compile(r"newsflow\.(ingest|enrich|store)\.[a-z_]+")


def task_names_in_code() -> dict[str, str]:
    """Every string constant in the project's code that is a task name → where it was first seen."""
    found: dict[str, str] = {}
    for top in CODE:
        for path in sorted((ROOT / top).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                is_text = isinstance(node, ast.Constant) and isinstance(node.value, str)
                if is_text and TASK_NAME.fullmatch(node.value):
                    found.setdefault(node.value, f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


@lru_cache(maxsize=4)
def registered_by_worker(stage: str) -> frozenset[str]:
    """The task names a ``newsflow worker STAGE`` process registers (it imports ``newsflow_<stage>.tasks``)."""
    script = (
        f"import json, newsflow_{stage}.tasks\n"
        "from newsflow_shared.celery_app import get_celery\n"
        "print(json.dumps(sorted(n for n in get_celery().tasks if not n.startswith('celery.'))))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    return frozenset(json.loads(out.stdout.strip().splitlines()[-1]))


def test_the_scan_finds_the_task_names() -> None:
    names = task_names_in_code()
    assert {"newsflow.ingest.fetch", "newsflow.enrich.enrich", "newsflow.store.store_article"} <= set(names)


@pytest.mark.parametrize("name", sorted(task_names_in_code()))
def test_every_task_name_is_routed_and_registered_by_its_worker(name: str) -> None:
    where = task_names_in_code()[name]
    assert name in TASK_QUEUES, f"{name} ({where}) is not routed in newsflow_shared.queues"
    queue = TASK_QUEUES[name]
    assert queue in QUEUES
    assert name in registered_by_worker(queue), (
        f"{name} ({where}) is not registered by `newsflow worker {queue}`"
    )
