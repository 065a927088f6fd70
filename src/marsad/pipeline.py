"""Steps and pipelines.

A step is a callable over an iterator of `Article`s that yields `Article`s. It names the fields it
`requires` and `provides`; `Pipeline` checks the order before anything runs, so a mis-ordered
pipeline fails at construction with a clear message instead of mid-run. A step never drops a
document: it sets `article.rejected` and later steps pass that article on untouched, so the
caller can quarantine it with its reason.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from marsad.errors import MarsadError, PipelineError
from marsad.model import Article, Rejection


@runtime_checkable
class Step(Protocol):
    name: str
    requires: frozenset[str]
    provides: frozenset[str]

    def __call__(self, docs: Iterable[Article]) -> Iterator[Article]: ...


@dataclass(slots=True)
class MapStep:
    """A step made from a per-document function; errors become rejections, never crashes."""

    name: str
    fn: Callable[[Article], Article]
    requires: frozenset[str] = frozenset()
    provides: frozenset[str] = frozenset()

    def __call__(self, docs: Iterable[Article]) -> Iterator[Article]:
        for doc in docs:
            if doc.rejected is not None:
                yield doc
                continue
            try:
                out = self.fn(doc)
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
    seconds: float = 0.0


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
        for step in self.steps:
            stream = self._counted(step, stream)
        yield from stream

    def _counted(self, step: Step, docs: Iterable[Article]) -> Iterator[Article]:
        st = self.stats.setdefault(step.name, StepStats())
        it = iter(step(docs))
        while True:
            t0 = time.perf_counter()
            try:
                doc = next(it)
            except StopIteration:
                return
            st.seconds += time.perf_counter() - t0
            st.seen += 1
            if doc.rejected is not None and doc.rejected.step == step.name:
                st.rejected += 1
            yield doc
