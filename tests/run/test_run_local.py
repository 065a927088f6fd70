"""The local executor keeps input order, passes known results through, uses real processes, and
bounds each task: one past the time limit, or whose worker dies, stands in its place via on_lost
while the tasks after it still run."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator

import pytest

from marsad.run.local import Done, Lost, TaskLost, ordered_map


def square_and_pid(x: int) -> tuple[int, int]:
    return x * x, os.getpid()


def boom(x: int) -> int:
    if x == 3:
        raise ValueError("three")
    return x


def spin_on_three(x: int) -> tuple[int, int]:
    """A task that never ends in pure Python for x == 3, and in C (a regex) for x == 5."""
    if x == 3:
        while True:
            pass
    if x == 5:
        import re

        re.fullmatch(r"(a|a)*b", "a" * 40)  # catastrophic backtracking: minutes inside the regex
    return x * x, os.getpid()


def die_on_two(x: int) -> tuple[int, int]:
    if x == 2:
        os._exit(9)  # the worker process dies mid-task, as on a segfault
    return x * x, os.getpid()


def stand_in(x: int, lost: Lost) -> tuple[int, int]:
    return -x, len(lost.reason) if lost.step == "timeout" else -1


@pytest.mark.parametrize("workers", [0, 1, 2])
def test_results_keep_input_order(workers: int) -> None:
    items: list[int | Done[tuple[int, int]]] = [Done((-1, 0)) if i % 7 == 0 else i for i in range(50)]
    out = list(ordered_map(square_and_pid, items, workers=workers))
    assert [v for v, _ in out] == [-1 if i % 7 == 0 else i * i for i in range(50)]
    pids = {p for (v, p) in out if v != -1}
    if workers == 0:
        assert pids == {os.getpid()}  # inline
    else:
        assert os.getpid() not in pids and len(pids) <= workers


def test_worker_errors_surface() -> None:
    with pytest.raises(ValueError, match="three"):
        list(ordered_map(boom, range(10), workers=2))


@pytest.mark.parametrize("workers", [1, 2])
def test_a_task_past_the_limit_is_killed_and_the_rest_go_on_in_order(workers: int) -> None:
    t0 = time.perf_counter()
    out = list(ordered_map(spin_on_three, range(8), workers=workers, timeout_s=1.0, on_lost=stand_in))
    elapsed = time.perf_counter() - t0
    assert [v for v, _ in out] == [0, 1, 4, -3, 16, -5, 36, 49]
    reason = "took longer than 1 s; the worker was stopped"
    assert out[3] == (-3, len(reason)) and out[5] == (-5, len(reason))
    if workers == 1:  # the spinning worker was replaced: the tasks after it ran in a new process
        assert out[4][1] != out[2][1] and out[6][1] != out[4][1]
    # two limits and pebble's kill (SIGTERM, SIGKILL after 3 s when C code ignores it), not minutes
    assert elapsed < 30


def test_a_dead_worker_loses_only_its_task() -> None:
    seen: list[Lost] = []

    def keep(x: int, lost: Lost) -> tuple[int, int]:
        seen.append(lost)
        return -x, 0

    out = list(ordered_map(die_on_two, range(5), workers=1, timeout_s=30, on_lost=keep))
    assert [v for v, _ in out] == [0, 1, -2, 9, 16]
    assert seen == [Lost("crash", "the worker process died (exit code 9)")]


def test_without_on_lost_a_lost_task_is_an_error() -> None:
    with pytest.raises(TaskLost, match=r"timeout: took longer than 0\.5 s"):
        list(ordered_map(spin_on_three, range(5), workers=1, timeout_s=0.5))


def test_large_tasks_are_bounded_in_bytes_not_only_in_count() -> None:
    from marsad.run import local

    big = ["x" * (1 << 20)] * 200  # 200 MB in all, 1 MB each: the window holds ~64, not 128
    in_flight: list[int] = []

    def items() -> Iterator[str]:
        for i, b in enumerate(big):
            in_flight.append(i)
            yield b

    it = ordered_map(len, items(), workers=2)
    assert next(it) == 1 << 20
    # the first result is yielded once the byte window (64 MB) is full, well before 128 tasks
    assert len(in_flight) <= local.WINDOW_BYTES // (1 << 20) + 2
    assert sum(1 for _ in it) == 199
