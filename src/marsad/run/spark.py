"""The Spark executor: the page steps on a Spark cluster (or `local[N]`), results in input order.

    driver (this process)                                   Spark executors (Python workers)
    items ─▶ chunk of ≤ spark_chunk_tasks tasks ─▶ parallelize ─▶ mapPartitions: fn on each task, in a
                                                            killable child of the worker (kept
                                                            across partitions) with a deadline
    results ◀─ collect, in order ◀──────────────────────────┘
    Done items: yielded in their place, never sent to Spark

`spark_executor(master)` is an `marsad.run.local.Executor`: `ingest(..., executor=…)` runs its page
steps (extract, arabic, enrich, fingerprint) on Spark, while the corpus step (near-duplicates,
stories) and the one store writer stay on the driver, in input order — which is why a Spark run
stores exactly the rows a local run stores. The driver-side corpus step is the price: its rate
caps an ingest's rate whatever the cluster's size (docs/spark.md gives the figures).

- Bounded memory: items are read lazily (on the calling thread, which may hold a database
  connection) in chunks of `chunk_size` tasks; at most `spark_prefetch + 1` chunks are in flight, so
  Spark works on the next chunk while the caller consumes the current one.
- Bounded time, as on the local engine: with `timeout_s` each Python worker runs its tasks in a
  killable child (`marsad.run.local.KillablePool`); a task past the limit is killed and yields
  `on_lost` in its place. A SIGALRM in the Python worker would be cheaper but cannot stop C code
  (libxml2 on 50k attributes ran 47 s past a 20 s alarm).
- One SparkSession per process, reused by every call with the same master.
- Functions and arguments travel by pickle: module-level functions (those of
  `marsad.run.ingest`) go by reference, so every worker must have the same marsad installed.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import hashlib
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, Final, TypeVar

from marsad.config import Settings
from marsad.errors import MarsadError
from marsad.run.local import Done, KillablePool, Lost

__all__ = ["SparkExecutor", "SparkUnavailable", "spark_executor", "spark_unavailable", "stop_session"]

T = TypeVar("T")
R = TypeVar("R")
X = TypeVar("X")

MIN_JAVA: Final = 17  # fact: Spark 4 runs on Java 17 or 21

_LOG4J = """\
rootLogger.level = warn
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{yy/MM/dd HH:mm:ss} %p %c{1}: %m%n
logger.hadoop.name = org.apache.hadoop.util.NativeCodeLoader
logger.hadoop.level = error
"""


class SparkUnavailable(MarsadError):
    """The Spark engine cannot run here: pyspark or Java is missing, or the master is unreachable."""

    code = "SPARK"


# --- what the engine needs -----------------------------------------------------------------
def _java() -> str | None:
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").is_file():
        return str(Path(home) / "bin" / "java")
    return shutil.which("java")


def _java_major(java: str) -> int | None:
    try:
        out = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    m = re.search(r'version "(\d+)(?:\.(\d+))?', out.stderr + out.stdout)
    if m is None:
        return None
    major = int(m.group(1))
    return int(m.group(2) or 0) if major == 1 else major  # "1.8.0" is Java 8


@functools.cache
def spark_unavailable() -> str | None:
    """Why the Spark engine cannot start here (pyspark or Java missing), or None if it can."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return "the spark engine needs pyspark: pip install 'marsad[spark]'"
    java = _java()
    hint = "Debian: apt-get install openjdk-17-jre-headless"
    if java is None:
        return f"the spark engine needs Java {MIN_JAVA}+ and none was found on PATH or JAVA_HOME ({hint})"
    major = _java_major(java)
    if major is None:
        return f"the spark engine needs Java {MIN_JAVA}+ and `{java} -version` did not answer ({hint})"
    if major < MIN_JAVA:
        return f"the spark engine needs Java {MIN_JAVA}+, found Java {major} at {java} ({hint})"
    return None


# --- one session per process ---------------------------------------------------------------
_LOCK = threading.Lock()
_SESSION: Any = None  # pyspark.sql.SparkSession
_SESSION_MASTER: str | None = None


def _session(master: str, app_name: str) -> Any:
    """The process's SparkSession for `master`, started on first use (~10 s for local[N]).

    A session already running on `master` is reused whatever its app name; another master
    stops it first (one SparkContext per process)."""
    global _SESSION, _SESSION_MASTER
    with _LOCK:
        if _SESSION is not None and master == _SESSION_MASTER:
            return _SESSION
        reason = spark_unavailable()
        if reason is not None:
            raise SparkUnavailable(reason)
        if _SESSION is not None:
            _SESSION.stop()
            _SESSION = None
        unreachable = _unreachable(master)
        if unreachable is not None:
            raise SparkUnavailable(unreachable)
        if master.startswith("local"):
            # A local session binds to the loopback: the machine's hostname may not resolve.
            os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        # Workers run this interpreter (the venv that has marsad) unless told otherwise.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
        from pyspark.sql import SparkSession

        log4j = Path(tempfile.gettempdir()) / f"marsad-spark-log4j2-{os.getpid()}.properties"
        log4j.write_text(_LOG4J, encoding="utf-8")
        builder = (
            SparkSession.builder.master(master)
            .appName(app_name)
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.driver.extraJavaOptions", f"-Dlog4j2.configurationFile={log4j.as_uri()}")
        )
        try:
            session = builder.getOrCreate()
        except Exception as exc:  # the JVM did not start, or the master refused the application
            raise SparkUnavailable(f"cannot start Spark on {master}: {_first_line(exc)}") from exc
        finally:
            log4j.unlink(missing_ok=True)
        session.sparkContext.setLogLevel("ERROR")
        _SESSION, _SESSION_MASTER = session, master
        return session


def _unreachable(master: str) -> str | None:
    """For spark://host:port[,host:port]: a quick TCP check, so that a wrong address fails in
    seconds rather than after Spark's minute of retries."""
    if not master.startswith("spark://"):
        return None
    addresses = master.removeprefix("spark://").split(",")
    for address in addresses:
        host, _, port = address.rpartition(":")
        try:
            with socket.create_connection((host.strip("[]") or "localhost", int(port or 7077)), timeout=5):
                return None
        except (OSError, ValueError):
            continue
    return f"cannot reach the Spark master at {master}"


def _first_line(exc: BaseException) -> str:
    java = getattr(exc, "java_exception", None)  # py4j's Py4JJavaError: the JVM's own message
    try:
        text = str(java.getMessage()) if java is not None else str(exc)
    except Exception:
        text = str(exc)
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[0] if lines else type(exc).__name__


@atexit.register
def stop_session() -> None:
    """Stop the process's SparkSession and its JVM, giving their memory back (a long-lived
    process: the test suite, a server). The next use starts both again."""
    global _SESSION, _SESSION_MASTER
    with _LOCK:
        if _SESSION is None:
            return
        _SESSION.stop()
        _SESSION, _SESSION_MASTER = None, None
        from pyspark import SparkContext

        gateway = SparkContext._gateway
        if gateway is None:
            return
        SparkContext._gateway, SparkContext._jvm = None, None
        proc = getattr(gateway, "proc", None)
        with contextlib.suppress(Exception):  # the JVM may be gone already
            gateway.shutdown()
        if proc is not None:  # Spark's gateway exits when its stdin closes
            try:
                proc.stdin.close()
                proc.wait(timeout=30)
            except Exception:
                proc.kill()
                proc.wait()


# --- on the workers ------------------------------------------------------------------------
_READY: str | None = None  # the initializer token this Python worker has run
_POOL: tuple[str, KillablePool] | None = None  # this Python worker's killable child, by token


def _partition(
    token: str, fn: Callable[[T], R], initializer: Callable[..., None] | None, initargs: tuple[Any, ...],
    timeout_s: float | None, on_lost: Callable[[T, Lost], R] | None, settings: Settings, tasks: Iterable[T],
) -> Iterator[R]:  # fmt: skip
    """One partition on a Spark Python worker, its tasks in order.

    With a time limit, every task runs in a killable child process of this worker (the local
    executor's pool, one worker): a task past `timeout_s` is killed and yields `on_lost`, as on
    the local engine. The child is kept for every partition this worker runs (Spark reuses Python
    workers across tasks and jobs), so the initializer and the models it loads run once per child.
    Without a limit: the initializer once per worker, then `fn` here."""
    global _READY, _POOL
    if timeout_s is not None:
        if _POOL is None or _POOL[0] != token:
            if _POOL is not None:
                _POOL[1].close()
            _POOL = (token, KillablePool(1, initializer, initargs, settings=settings))
        yield from _POOL[1].map(fn, tasks, timeout_s=timeout_s, on_lost=on_lost)
        return
    if initializer is not None and token != _READY:
        initializer(*initargs)
        _READY = token
    for t in tasks:
        yield fn(t)


def _token(initializer: Callable[..., None] | None, initargs: tuple[Any, ...]) -> str:
    """Same initializer and arguments → same token, so a reused worker does not load twice."""
    from pyspark import cloudpickle

    try:
        blob: bytes = cloudpickle.dumps((initializer, initargs))  # type: ignore[no-untyped-call]
    except Exception:  # Spark will fail to ship it too, and say why
        return uuid.uuid4().hex
    return hashlib.sha256(blob).hexdigest()


# --- on the driver -------------------------------------------------------------------------
class SparkExecutor:
    """An Executor whose page steps run on Spark (`master`: local[N], spark://host:7077, …).

    `workers` is not used: Spark's parallelism is the master's (local[N] or the cluster's cores).
    """

    def __init__(
        self,
        master: str = "local[*]",
        app_name: str = "marsad",
        *,
        settings: Settings,
        chunk_size: int | None = None,
    ):
        self.master = master
        self.app_name = app_name
        self.settings = settings  # chunks, slices, prefetch; shipped to the workers' pools
        self.chunk_size = max(1, settings.spark_chunk_tasks if chunk_size is None else chunk_size)

    def session(self) -> Any:
        """The SparkSession (started on first use)."""
        return _session(self.master, self.app_name)

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
        sc = self.session().sparkContext  # started here, before any item is read
        return self._run(sc, fn, items, initializer, initargs, timeout_s, on_lost)

    def _run(
        self, sc: Any, fn: Callable[[T], R], items: Iterable[T | Done[R]],
        initializer: Callable[..., None] | None, initargs: tuple[Any, ...],
        timeout_s: float | None, on_lost: Callable[[T, Lost], R] | None,
    ) -> Iterator[R]:  # fmt: skip
        job = functools.partial(
            _partition,
            _token(initializer, initargs),
            fn,
            initializer,
            initargs,
            timeout_s,
            on_lost,
            self.settings,
        )
        group = f"marsad-{uuid.uuid4().hex[:12]}"
        cores = max(1, int(sc.defaultParallelism))

        def run_chunk(tasks: list[T]) -> list[R]:
            sc.setJobGroup(group, "marsad page steps", interruptOnCancel=True)
            slices = max(1, min(len(tasks), cores * self.settings.spark_slices_per_core))
            out: list[R] = sc.parallelize(tasks, slices).mapPartitions(job).collect()
            if len(out) != len(tasks):  # never expected: a lost result would shift every record
                raise RuntimeError(f"spark returned {len(out)} results for {len(tasks)} tasks")
            return out

        pending: deque[tuple[list[T | Done[R]], Future[list[R]] | None]] = deque()
        pool = ThreadPoolExecutor(self.settings.spark_prefetch + 1, thread_name_prefix="marsad-spark")
        try:
            for chunk in _chunks(items, self.chunk_size):
                tasks = [x for x in chunk if not isinstance(x, Done)]
                pending.append((chunk, pool.submit(run_chunk, tasks) if tasks else None))
                if len(pending) > self.settings.spark_prefetch:
                    yield from _merge(*pending.popleft())
            while pending:
                yield from _merge(*pending.popleft())
        finally:
            if pending:  # stopped early (the caller failed or closed us): drop the queued work
                for _, fut in pending:
                    if fut is not None:
                        fut.cancel()
                sc.cancelJobGroup(group)
            pool.shutdown(wait=True, cancel_futures=True)


def _chunks(items: Iterable[X], size: int) -> Iterator[list[X]]:
    """Consecutive runs of items holding `size` tasks (or 4×size items: Done ones are cheap)."""
    chunk: list[X] = []
    tasks = 0
    for item in items:
        chunk.append(item)
        if not isinstance(item, Done):
            tasks += 1
        if tasks >= size or len(chunk) >= 4 * size:
            yield chunk
            chunk, tasks = [], 0
    if chunk:
        yield chunk


def _merge(chunk: list[T | Done[R]], fut: Future[list[R]] | None) -> Iterator[R]:
    results = iter(fut.result() if fut is not None else ())
    for item in chunk:
        yield item.value if isinstance(item, Done) else next(results)


def spark_executor(
    master: str = "local[*]", app_name: str = "marsad", *, settings: Settings, chunk_size: int | None = None
) -> SparkExecutor:
    """An Executor running the page steps on Spark at `master` (see `SparkExecutor`)."""
    return SparkExecutor(master, app_name, settings=settings, chunk_size=chunk_size)
