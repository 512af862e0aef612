"""The liveness verdict from a heartbeat file: fresh, stale, missing, unreadable, written by a process that is gone,
and the longer grace of a worker reconnecting to its broker."""

from __future__ import annotations

import os
import socket
import subprocess
import time
from pathlib import Path

import pytest
from newsflow_shared.config import Settings
from newsflow_shared.heartbeat import (
    RECONNECT_GRACE_FACTOR,
    BeatState,
    Heartbeat,
    check_liveness,
    heartbeat_path,
    write_heartbeat,
)

MAX_AGE = 30.0


def beat(
    path: Path, *, age: float, state: BeatState = "consuming", pid: int | None = None, host: str = ""
) -> None:
    write_heartbeat(
        path,
        Heartbeat(
            node="ingest@test",
            hostname=host or socket.gethostname(),
            pid=os.getpid() if pid is None else pid,
            at=time.time() - age,
            state=state,
        ),
    )


def reaped_pid() -> int:
    """The pid of a process that has exited and been waited for (free, until the system reuses it)."""
    proc = subprocess.Popen(["true"])
    proc.wait()
    return proc.pid


def test_a_fresh_heartbeat_is_live(tmp_path: Path) -> None:
    path = tmp_path / "hb"
    beat(path, age=1)
    verdict = check_liveness(path, max_age=MAX_AGE)
    assert verdict.live, verdict.reason
    assert "ingest@test" in verdict.reason and "consuming" in verdict.reason


def test_a_stale_heartbeat_is_not_live_and_says_how_old(tmp_path: Path) -> None:
    path = tmp_path / "hb"
    beat(path, age=MAX_AGE + 5)
    verdict = check_liveness(path, max_age=MAX_AGE)
    assert not verdict.live
    assert "35." in verdict.reason and "limit 30s" in verdict.reason


def test_no_file_is_not_live(tmp_path: Path) -> None:
    verdict = check_liveness(tmp_path / "missing", max_age=MAX_AGE)
    assert not verdict.live and "no heartbeat file" in verdict.reason


def test_a_file_that_is_not_a_heartbeat_is_not_live(tmp_path: Path) -> None:
    path = tmp_path / "hb"
    path.write_text("{half")
    verdict = check_liveness(path, max_age=MAX_AGE)
    assert not verdict.live and "cannot read" in verdict.reason


def test_a_fresh_heartbeat_of_a_process_that_is_gone_is_not_live(tmp_path: Path) -> None:
    path = tmp_path / "hb"
    beat(path, age=0, pid=reaped_pid())
    verdict = check_liveness(path, max_age=MAX_AGE)
    assert not verdict.live and "is gone" in verdict.reason


def test_a_heartbeat_from_another_host_is_judged_by_its_age_alone(tmp_path: Path) -> None:
    path = tmp_path / "hb"
    beat(path, age=1, pid=reaped_pid(), host="another-host")  # its pid means nothing here
    assert check_liveness(path, max_age=MAX_AGE).live


def test_a_worker_reconnecting_to_its_broker_has_a_longer_grace(tmp_path: Path) -> None:
    path = tmp_path / "hb"
    beat(path, age=MAX_AGE * 2, state="reconnecting")
    verdict = check_liveness(path, max_age=MAX_AGE)
    assert verdict.live and "reconnecting" in verdict.reason
    beat(path, age=MAX_AGE * RECONNECT_GRACE_FACTOR + 1, state="reconnecting")
    assert not check_liveness(path, max_age=MAX_AGE).live


def test_the_heartbeat_path_is_per_stage() -> None:
    default = Settings(_env_file=None)
    assert heartbeat_path(default, "enrich").name == "newsflow-enrich-worker.heartbeat"
    chosen = Settings(_env_file=None, heartbeat_file="/run/newsflow/{stage}.beat")
    assert heartbeat_path(chosen, "store") == Path("/run/newsflow/store.beat")


def test_the_max_age_must_exceed_the_interval() -> None:
    with pytest.raises(ValueError, match="HEARTBEAT_MAX_AGE"):
        Settings(_env_file=None, heartbeat_interval=5, heartbeat_max_age=5)
