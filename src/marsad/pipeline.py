"""Steps and pipelines.

A step is a callable over an iterator of `Article`s that yields `Article`s. It names the fields it
`requires` and `provides`; `Pipeline` checks the order before anything runs, so a mis-ordered
pipeline fails at construction with a clear message instead of mid-run. A step never drops a
document: it sets `article.rejected` and later steps pass that article on untouched, so the
caller can quarantine it with its reason.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from marsad.errors import MarsadError, PipelineError
from marsad.model import Article, Rejection

if TYPE_CHECKING:
    from marsad.config import Settings

__all__ = ["MapStep", "Pipeline", "Step", "StepStats", "StepTimeout", "settings_step"]


@runtime_checkable
class Step(Protocol):
    name: str
    requires: frozenset[str]
    provides: frozenset[str]

    def __call__(self, docs: Iterable[Article]) -> Iterator[Article]: ...


class StepTimeout(Exception):
    """Raised inside a step that ran past its time bound for one document."""


def _on_alarm(signum: int, frame: object) -> None:
    raise StepTimeout


@dataclass(slots=True)
class MapStep:
    """A step made from a per-document function; errors become rejections, never crashes.

    `timeout_s` bounds the time spent on one document (a pathological page must not hang a
    run). It uses SIGALRM, so it applies in a process's main thread — where the CLI and the
    worker processes of `run/` call steps — and is skipped elsewhere.
    """

    name: str
    fn: Callable[[Article], Article]
    requires: frozenset[str] = frozenset()
    provides: frozenset[str] = frozenset()
    timeout_s: float | None = None

    def _apply(self, doc: Article) -> Article:
        bounded = (
            self.timeout_s is not None
            and hasattr(signal, "setitimer")
            and threading.current_thread() is threading.main_thread()
        )
        if not bounded:
            return self.fn(doc)
        assert self.timeout_s is not None
        previous = signal.signal(signal.SIGALRM, _on_alarm)
        signal.setitimer(signal.ITIMER_REAL, self.timeout_s)
        try:
            return self.fn(doc)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)

    def __call__(self, docs: Iterable[Article]) -> Iterator[Article]:
        for doc in docs:
            if doc.rejected is not None:
                yield doc
                continue
            try:
                out = self._apply(doc)
            except StepTimeout:
                doc.rejected = Rejection(self.name, f"took longer than {self.timeout_s:g} s; page skipped")
                yield doc
                continue
            except MarsadError as exc:
                doc.rejected = Rejection(self.name, str(exc))
                yield doc
                continue
            except (ValueError, RecursionError, UnicodeError, MemoryError) as exc:
                doc.rejected = Rejection(self.name, f"{type(exc).__name__}: {exc}"[:500])
                yield doc
                continue
            out.steps.append(self.name)
            yield out


@dataclass(slots=True)
class StepStats:
    seen: int = 0
    rejected: int = 0
    seconds: float = 0.0  # time in this step alone
    inclusive: float = 0.0  # time in this step and the steps that feed it (generators chain)


def settings_step(
    name: str, fn: Callable[..., Article], settings: Settings, *, requires: set[str], provides: set[str]
) -> MapStep:
    """A step whose function reads the settings it is built with (`fn(article, settings=…)`): the
    value is bound here, once, and travels with the step to the worker that runs it."""
    return MapStep(name, partial(fn, settings=settings), frozenset(requires), frozenset(provides))


@dataclass
class Pipeline:
    steps: list[Step]
    initial: frozenset[str] = frozenset({"source", "page"})
    stats: dict[str, StepStats] = field(default_factory=dict)

    def __post_init__(self) -> None:
        have = set(self.initial)
        for step in self.steps:
            missing = step.requires - have
            if missing:
                raise PipelineError(
                    f"step {step.name!r} requires {sorted(missing)}, which no earlier step provides"
                )
            have |= step.provides

    def run(self, docs: Iterable[Article]) -> Iterator[Article]:
        stream: Iterable[Article] = docs
        upstream: StepStats | None = None
        for step in self.steps:
            stats = self.stats.setdefault(step.name, StepStats())
            stream = self._counted(step, stream, stats, upstream)
            upstream = stats
        yield from stream

    def _counted(
        self, step: Step, docs: Iterable[Article], st: StepStats, upstream: StepStats | None
    ) -> Iterator[Article]:
        it = iter(step(docs))
        while True:
            t0 = time.perf_counter()
            before = upstream.inclusive if upstream else 0.0
            try:
                doc = next(it)
            except StopIteration:
                return
            elapsed = time.perf_counter() - t0
            st.inclusive += elapsed
            # Pulling a document also runs the steps upstream; count only this step's share.
            st.seconds += elapsed - ((upstream.inclusive - before) if upstream else 0.0)
            st.seen += 1
            if doc.rejected is not None and doc.rejected.step == step.name:
                st.rejected += 1
            yield doc
