"""The local executor: an ordered map over a process pool, for one machine.

Workers do the CPU work (extract, normalise, enrich); results come back in input order, so the
caller (ingest) can write them with a single writer and record exact per-input progress.
A bounded window of tasks in flight keeps memory flat on inputs of any size.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

__all__ = ["Done", "Executor", "ordered_map"]

T = TypeVar("T")
R = TypeVar("R")

# Tasks in flight per worker: enough that the workers keep busy while the caller's single writer
# flushes a 256-article batch (~0.5 s), small enough to bound memory (~100 KB a page).
WINDOW_PER_WORKER = 64


@dataclass(slots=True)
class Done(Generic[R]):
    """An item whose result is already known: passed through in order, never sent to a worker."""

    value: R


class Executor(Protocol):
    """Where page steps run: `fn` over `items` with results in input order (Done items pass
    through untouched). `ordered_map` runs on local processes; `run.spark` on a Spark cluster.
    An executor only decides where work runs: it never builds store rows or sees the store."""

    def __call__(
        self,
        fn: Callable[[T], R],
        items: Iterable[T | Done[R]],
        *,
        workers: int = 1,
        initializer: Callable[..., None] | None = None,
        initargs: tuple[Any, ...] = (),
    ) -> Iterator[R]: ...


def _context() -> multiprocessing.context.BaseContext:
    # fork shares models loaded by the parent and starts in milliseconds; spawn where fork is absent.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def ordered_map(
    fn: Callable[[T], R],
    items: Iterable[T | Done[R]],
    *,
    workers: int = 1,
    initializer: Callable[..., None] | None = None,
    initargs: tuple[Any, ...] = (),
) -> Iterator[R]:
    """`fn` over `items` on `workers` processes (inline when workers <= 1), results in order.

    `items` is consumed lazily from the calling thread, so it may consult a database connection.
    """
    if workers <= 1:
        if initializer is not None:
            initializer(*initargs)
        for item in items:
            yield item.value if isinstance(item, Done) else fn(item)
        return
    window = workers * WINDOW_PER_WORKER
    pending: deque[Future[R] | Done[R]] = deque()
    with ProcessPoolExecutor(
        workers, mp_context=_context(), initializer=initializer, initargs=initargs
    ) as pool:
        for item in items:
            pending.append(item if isinstance(item, Done) else pool.submit(fn, item))
            while len(pending) >= window:
                yield _result(pending.popleft())
        while pending:
            yield _result(pending.popleft())


def _result(x: Future[R] | Done[R]) -> R:
    return x.value if isinstance(x, Done) else x.result()
