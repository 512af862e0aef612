"""benchmarks/cpu_pinning.py: the pieces a pinned pipeline run relies on, on this machine's own /proc."""

from __future__ import annotations

import os

import pytest

from benchmarks.cpu_pinning import busy_share, cpu_seconds_by_core, parse_cpus, pin


@pytest.mark.parametrize(
    ("text", "cpus"), [("0", {0}), ("0,1", {0, 1}), ("2-3", {2, 3}), ("0,2-4", {0, 2, 3, 4})]
)
def test_cpu_lists_parse_like_taskset(text: str, cpus: set[int]) -> None:
    assert parse_cpus(text) == cpus


def test_every_core_is_read_and_a_busy_share_is_a_fraction() -> None:
    before = cpu_seconds_by_core()
    sum(i * i for i in range(200_000))  # some CPU on whichever core runs this
    after = cpu_seconds_by_core()
    assert set(before) == set(range(len(before))) and len(before) >= 1
    share = busy_share(before, after, set(before))
    assert -1e-9 <= share <= 1.0 + 1e-9  # float sums of tick counts


def test_pinning_moves_every_thread_of_a_process_and_back() -> None:
    import threading

    everything = os.sched_getaffinity(0)
    release = threading.Event()
    thread = threading.Thread(target=release.wait)
    thread.start()
    try:
        pin([os.getpid()], {min(everything)})
        assert os.sched_getaffinity(thread.native_id) == {min(everything)}
        assert os.sched_getaffinity(0) == {min(everything)}
    finally:
        pin([os.getpid()], everything)
        release.set()
        thread.join()
    assert os.sched_getaffinity(0) == everything
