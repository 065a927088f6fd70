"""The local executor: an ordered map over killable worker processes, for one machine.

Workers do the CPU work (extract, normalise, enrich); results come back in input order, so the
caller (ingest) can write them with a single writer and record exact per-input progress.

- Bounded time: every task has a wall-clock limit (`timeout_s`) over everything `fn` does. A
  worker past it is killed and replaced, and the task comes back through `on_lost` (a quarantined
  page) in its place, so the run goes on. A SIGALRM in the worker could not do this: it never
  fires while C code (libxml2, a regex) holds the thread, and it works in a main thread only.
- Bounded memory: a window of tasks in flight, counted in tasks and in pickled bytes, keeps the
  parent flat on inputs of any size; `memory_mb` caps each worker's address space (RLIMIT_AS)
  above what it had when it started, so a runaway page fails alone (MemoryError, or a lost task).
- The pool is pebble's `ProcessPool`: it runs each task with a deadline, kills the worker that
  misses it (SIGTERM, SIGKILL 3 s later if C code ignores that) and starts a new one with the
  initializer. `concurrent.futures.ProcessPoolExecutor` cannot stop one task.

`ordered_map` starts its workers for one call and stops them after it (a CLI run: one call);
`WarmPool` keeps them across calls (a server: each request would otherwise pay a worker start and
the models' warm-up, ~3 s with enrich).

`workers <= 0` runs `fn` inline in this process, without any of these bounds: for one page the
caller trusts (`marsad.extract`), where starting a process would cost more than the page.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from pebble import ProcessExpired, ProcessFuture, ProcessPool

from marsad.config import Settings
from marsad.errors import MarsadError

__all__ = ["Done", "Executor", "LocalExecutor", "Lost", "TaskLost", "WarmPool", "forks", "ordered_map"]

T = TypeVar("T")
R = TypeVar("R")


@dataclass(slots=True)
class Done(Generic[R]):
    """An item whose result is already known: passed through in order, never sent to a worker."""

    value: R


@dataclass(frozen=True, slots=True)
class Lost:
    """Why a task has no result: `step` "timeout" (past the limit, its worker was killed) or
    "crash" (its worker died: a segfault, the memory cap); `reason` says it for a person."""

    step: str
    reason: str


class TaskLost(MarsadError):
    """A task gave no result and the caller gave no `on_lost` to stand in for it."""

    code = "LOST"


class Executor(Protocol):
    """Where page steps run: `fn` over `items` with results in input order (Done items pass
    through untouched). `ordered_map` runs on local processes; `run.spark` on a Spark cluster.
    A task past `timeout_s` (or whose worker died) yields `on_lost(item, Lost)` in its place.
    An executor only decides where work runs: it never builds store rows or sees the store."""

    def __call__(
        self,
        fn: Callable[[T], R],
        items: Iterable[T | Done[R]],
        *,
        workers: int = 1,
        initializer: Callable[..., None] | None = None,
        initargs: tuple[Any, ...] = (),
        timeout_s: float | None = None,
        on_lost: Callable[[T, Lost], R] | None = None,
    ) -> Iterator[R]: ...


def forks() -> bool:
    """Whether local workers start by fork, sharing what the parent loaded before (not on Windows)."""
    return "fork" in multiprocessing.get_all_start_methods()


def _context() -> multiprocessing.context.BaseContext:
    # fork shares models loaded by the parent and starts in milliseconds; spawn where fork is absent.
    return multiprocessing.get_context("fork" if forks() else "spawn")


def ordered_map(
    fn: Callable[[T], R],
    items: Iterable[T | Done[R]],
    *,
    workers: int = 1,
    initializer: Callable[..., None] | None = None,
    initargs: tuple[Any, ...] = (),
    timeout_s: float | None = None,
    on_lost: Callable[[T, Lost], R] | None = None,
    memory_mb: int | None = None,
    settings: Settings,
) -> Iterator[R]:
    """`fn` over `items` on `workers` killable processes (inline when workers <= 0), in order.

    `items` is consumed lazily from the calling thread, so it may consult a database connection.
    A task that runs past `timeout_s` or whose worker dies yields `on_lost(item, why)`; without
    `on_lost` it raises `TaskLost`. An exception raised by `fn` is raised here. `memory_mb`
    caps what a worker may map past its start (None: `settings.page_memory_mb`; 0: none); the
    window of tasks in flight is `settings.local_window_*`. Partly applied (`partial(ordered_map,
    settings=s)`), it is an `Executor`.
    """
    if workers <= 0:  # inline: no bound at all (see the module's docstring)
        if initializer is not None:
            initializer(*initargs)
        for item in items:
            yield item.value if isinstance(item, Done) else fn(item)
        return
    pool = KillablePool(workers, initializer, initargs, settings=settings, memory_mb=memory_mb)
    try:
        yield from pool.map(fn, items, timeout_s=timeout_s, on_lost=on_lost)
    finally:
        pool.close()


@dataclass(frozen=True, slots=True)
class LocalExecutor:
    """`ordered_map` with the settings it reads (windows, memory cap): the default `Executor`."""

    settings: Settings

    def __call__(
        self,
        fn: Callable[[T], R],
        items: Iterable[T | Done[R]],
        *,
        workers: int = 1,
        initializer: Callable[..., None] | None = None,
        initargs: tuple[Any, ...] = (),
        timeout_s: float | None = None,
        on_lost: Callable[[T, Lost], R] | None = None,
    ) -> Iterator[R]:
        return ordered_map(
            fn, items, workers=workers, initializer=initializer, initargs=initargs, timeout_s=timeout_s,
            on_lost=on_lost, settings=self.settings,
        )  # fmt: skip


class KillablePool:
    """`workers` processes that run tasks with a deadline; kept across `map` calls (a Spark
    Python worker keeps one for all its partitions, so models load once)."""

    def __init__(
        self,
        workers: int,
        initializer: Callable[..., None] | None = None,
        initargs: tuple[Any, ...] = (),
        *,
        settings: Settings,
        memory_mb: int | None = None,
    ) -> None:
        self.workers = max(1, workers)
        # The window of tasks in flight (see `map`); the memory cap unless given (0: none).
        self._window_tasks = self.workers * settings.local_window_per_worker
        self._window_bytes = settings.local_window_bytes
        memory_mb = settings.page_memory_mb if memory_mb is None else memory_mb
        self._pool = ProcessPool(
            self.workers, initializer=_start_worker, initargs=(memory_mb, initializer, initargs),
            context=_context(),
        )  # fmt: skip

    def map(
        self,
        fn: Callable[[T], R],
        items: Iterable[T | Done[R]],
        *,
        timeout_s: float | None = None,
        on_lost: Callable[[T, Lost], R] | None = None,
    ) -> Iterator[R]:
        """`fn` over `items`, results in input order (see `ordered_map`)."""
        most = self._window_tasks
        job = _dumps(fn)
        pending: deque[_Sent[R] | Done[R]] = deque()
        in_flight = sent = 0  # pickled bytes and number of the tasks in `pending`
        source = iter(items)
        broken: Exception | None = None
        while True:
            try:
                item = next(source)
            except StopIteration:
                break
            except Exception as exc:  # the input broke: the items read before it still come back
                broken = exc  # first, as they would inline, so the caller can store them
                break
            if isinstance(item, Done):
                pending.append(item)
            else:
                sent += 1
                # Pickled here, once: the size bounds the window, and a lost task is rebuilt from
                # these bytes for `on_lost` without the parent holding a second copy.
                blob = pickle.dumps(item, pickle.HIGHEST_PROTOCOL)
                pending.append(_Sent(blob, self._pool.schedule(_run, (job, blob), timeout=timeout_s)))
                in_flight += len(blob)
            while pending and (
                len(pending) >= most or (in_flight > self._window_bytes and sent > self.workers)
            ):
                head = pending.popleft()
                if isinstance(head, _Sent):
                    in_flight -= len(head.blob)
                    sent -= 1
                yield self._result(head, timeout_s, on_lost)
        while pending:
            yield self._result(pending.popleft(), timeout_s, on_lost)
        if broken is not None:
            raise broken

    @staticmethod
    def _result(
        x: _Sent[R] | Done[R], timeout_s: float | None, on_lost: Callable[[Any, Lost], R] | None
    ) -> R:
        if isinstance(x, Done):
            return x.value
        try:
            return x.future.result()
        except FutureTimeout as exc:
            if exc.args[:1] != ("Task timeout",):  # raised by fn itself, not by the deadline
                raise
            lost = Lost("timeout", f"took longer than {timeout_s:g} s; the worker was stopped")
        except ProcessExpired as exc:
            lost = Lost("crash", f"the worker process died ({_exit_reason(exc.exitcode)})")
        if on_lost is None:
            raise TaskLost(f"a task gave no result: {lost.step}: {lost.reason}")
        return on_lost(pickle.loads(x.blob), lost)

    def start(self) -> None:
        """Start the workers now (they warm up in the background) rather than at the first task."""
        self._pool.schedule(_noop)

    def close(self) -> None:
        """Stop the workers (a task still running is abandoned) and wait for them."""
        self._pool.stop()  # type: ignore[no-untyped-call]
        self._pool.join()


class WarmPool:
    """An `Executor` whose killable workers outlive a call: for a server, where every request
    would otherwise start workers and load models again (seconds, for a one-page request).

    One `KillablePool` per (workers, initializer, initargs, memory cap), started at the first call
    that asks for it (or by `start`) and kept until `close`; a later call with the same ones finds
    its workers warm. Calls may run at once from several threads: each gets its own ordered
    stream of futures over the shared workers (pebble's queue is thread-safe and first come, first
    served), so results never interleave and no call waits on a lock for another's whole run;
    pebble counts a task's deadline from when a worker takes it, so time spent queued behind
    another call's pages never counts against a page. A page past the limit kills and replaces
    its own worker only (the replacement runs the initializer, warm-up included); the rest stay.
    `workers <= 0` runs inline, as in `ordered_map`.
    """

    def __init__(self, *, settings: Settings, memory_mb: int | None = None) -> None:
        self._settings = settings  # the pools' windows and memory cap (see KillablePool)
        self._memory_mb = memory_mb
        self._pools: dict[tuple[Any, ...], KillablePool] = {}
        self._lock = threading.Lock()  # guards `_pools` only, never held while tasks run

    def pool(
        self, workers: int, initializer: Callable[..., None] | None = None, initargs: tuple[Any, ...] = ()
    ) -> KillablePool:
        """The warm pool for these workers and initializer, started if new (initargs hashable)."""
        key = (max(1, workers), initializer, initargs)
        with self._lock:
            pool = self._pools.get(key)
            if pool is None:
                pool = self._pools[key] = KillablePool(
                    workers, initializer, initargs, settings=self._settings, memory_mb=self._memory_mb
                )
                pool.start()
            return pool

    def __call__(
        self,
        fn: Callable[[T], R],
        items: Iterable[T | Done[R]],
        *,
        workers: int = 1,
        initializer: Callable[..., None] | None = None,
        initargs: tuple[Any, ...] = (),
        timeout_s: float | None = None,
        on_lost: Callable[[T, Lost], R] | None = None,
    ) -> Iterator[R]:
        if workers <= 0:
            return ordered_map(
                fn, items, workers=0, initializer=initializer, initargs=initargs, settings=self._settings
            )
        pool = self.pool(workers, initializer, initargs)
        return pool.map(fn, items, timeout_s=timeout_s, on_lost=on_lost)

    def close(self) -> None:
        """Stop every worker and wait for them. Safe to call twice; a later call starts new
        workers (an app's lifespan may end and start again, as ASGI test clients do per call)."""
        with self._lock:
            pools, self._pools = list(self._pools.values()), {}
        for pool in pools:
            pool.close()


@dataclass(slots=True)
class _Sent(Generic[R]):
    blob: bytes
    future: ProcessFuture[R]


_FN: tuple[bytes, Callable[[Any], Any]] | None = None  # in a worker: the last function, unpickled


def _noop() -> None:
    """A task that makes pebble start the workers (it starts them all at the first task)."""


def _run(job: bytes, blob: bytes) -> Any:
    global _FN
    if _FN is None or _FN[0] != job:
        _FN = (job, pickle.loads(job))
    return _FN[1](pickle.loads(blob))


def _dumps(fn: Callable[..., Any]) -> bytes:
    """`fn` pickled for the workers: by reference, or by value where Spark shipped it so (a
    function of a module the worker cannot import)."""
    try:
        return pickle.dumps(fn, pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, AttributeError, TypeError) as exc:
        try:
            from pyspark import cloudpickle
        except ImportError:
            raise exc from None
        blob: bytes = cloudpickle.dumps(fn)  # type: ignore[no-untyped-call]
        return blob


def _start_worker(
    memory_mb: int | None, initializer: Callable[..., None] | None, initargs: tuple[Any, ...]
) -> None:
    """In each new worker: one BLAS thread, cap its address space, then the caller's initializer;
    what is alive then (modules, the models the initializer loaded) is frozen out of the cyclic
    garbage collector: it lives as long as the worker, and every full collection walked all of
    it again (0.2–0.4 ms of CPU per page with the ingest steps, ~8 % of a worker's time)."""
    _one_blas_thread()
    if memory_mb:
        _cap_memory(memory_mb)
    if initializer is not None:
        initializer(*initargs)
    gc.collect()
    gc.freeze()


def _one_blas_thread() -> None:
    """The workers are the parallelism: a BLAS library (numpy's OpenBLAS) runs single-threaded in
    each. A worker forked after the parent's OpenBLAS had started its threads was seen to hang
    once in the test suite (a fork copies the threads' locks, not the threads); with one thread
    BLAS hands no work to others, and two workers on two cores never run four BLAS threads."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")


def _cap_memory(memory_mb: int) -> None:
    """RLIMIT_AS at what this process maps now plus `memory_mb`: a fork shares the parent's
    mappings (models included), so the cap bounds what one page may add, not what the parent held."""
    import resource

    try:
        with open("/proc/self/statm") as fh:
            now = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:  # no /proc (not Linux): no cap rather than a wrong one
        return
    limit = now + memory_mb * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard == resource.RLIM_INFINITY or limit < hard:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _exit_reason(code: int | None) -> str:
    if code is not None and code < 0:
        import signal

        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"signal {-code}"
    return f"exit code {code}"
