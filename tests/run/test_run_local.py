"""The local executor keeps input order, passes known results through and uses real processes."""

from __future__ import annotations

import os

import pytest

from marsad.run.local import Done, ordered_map


def square_and_pid(x: int) -> tuple[int, int]:
    return x * x, os.getpid()


def boom(x: int) -> int:
    if x == 3:
        raise ValueError("three")
    return x


@pytest.mark.parametrize("workers", [1, 2])
def test_results_keep_input_order(workers: int) -> None:
    items: list[int | Done[tuple[int, int]]] = [Done((-1, 0)) if i % 7 == 0 else i for i in range(50)]
    out = list(ordered_map(square_and_pid, items, workers=workers))
    assert [v for v, _ in out] == [-1 if i % 7 == 0 else i * i for i in range(50)]
    pids = {p for (v, p) in out if v != -1}
    if workers == 1:
        assert pids == {os.getpid()}
    else:
        assert os.getpid() not in pids


def test_worker_errors_surface() -> None:
    with pytest.raises(ValueError, match="three"):
        list(ordered_map(boom, range(10), workers=2))
