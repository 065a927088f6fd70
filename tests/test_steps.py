"""The default steps' contracts tell the truth (issue 14): every Article field a step reads is
one it requires (or one the reader provides, or its own output), and every field it writes is
one it provides. Checked by running the real steps on the project's example pages with the
article's class swapped for one that records each field read and written."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path
from typing import ClassVar

import pytest

from marsad.config import SETTINGS
from marsad.model import Article
from marsad.pipeline import MapStep, Pipeline
from marsad.read import read_path
from marsad.steps import default_steps
from testpaths import EXAMPLES

FIELDS = frozenset(f.name for f in fields(Article))
# What every step may touch without declaring it: the pipeline's bookkeeping.
BOOKKEEPING = frozenset({"rejected", "steps"})


class _Recording(Article):
    """An Article that notes which of its fields are read and written (same slots)."""

    __slots__ = ()
    reads: ClassVar[set[str]] = set()
    writes: ClassVar[set[str]] = set()

    def __getattribute__(self, name: str) -> object:
        if name in FIELDS:
            type(self).reads.add(name)
        return object.__getattribute__(self, name)

    def __setattr__(self, name: str, value: object) -> None:
        if name in FIELDS:
            type(self).writes.add(name)
        object.__setattr__(self, name, value)


def _traced(step: MapStep, article: Article) -> tuple[Article, set[str], set[str]]:
    _Recording.reads, _Recording.writes = set(), set()
    article.__class__ = _Recording
    try:
        out = step.fn(article)
    finally:
        article.__class__ = Article
        out_cls = out.__class__ if "out" in locals() else None
    if out_cls is _Recording:
        out.__class__ = Article
    return out, set(_Recording.reads), set(_Recording.writes)


def _pages() -> list[Article]:
    out: list[Article] = []
    for name in sorted(p.name for p in EXAMPLES.iterdir()):
        out += list(read_path(Path(EXAMPLES / name), settings=SETTINGS))
    return out


def test_every_step_reads_only_what_it_requires_and_writes_only_what_it_provides() -> None:
    steps = default_steps(enrich=True, fingerprint=True)
    Pipeline(steps)  # the order is valid
    initial = Pipeline(steps).initial
    reads: dict[str, set[str]] = {}
    writes: dict[str, set[str]] = {}
    for article in _pages():
        assert article.rejected is None, article.rejected
        # The reader's own fields (source, page and what a JSONL record states) come first.
        reader = {f for f in FIELDS if getattr(article, f) not in (None, [])}
        for step in steps:
            assert isinstance(step, MapStep)
            article, r, w = _traced(step, article)
            reads.setdefault(step.name, set()).update(r - reader)
            writes.setdefault(step.name, set()).update(w)
            article.steps.append(step.name)
    problems = []
    for step in steps:
        unread = reads[step.name] - step.requires - step.provides - BOOKKEEPING - initial
        if unread:
            problems.append(f"{step.name} reads {sorted(unread)} without requiring them")
        unwritten = writes[step.name] - step.provides - BOOKKEEPING
        if unwritten:
            problems.append(f"{step.name} writes {sorted(unwritten)} without providing them")
    assert not problems


@pytest.mark.parametrize("missing", ["sentences", "entities"])
def test_a_pipeline_missing_a_requirement_does_not_build(missing: str) -> None:
    from marsad.errors import PipelineError

    steps = [s for s in default_steps(enrich=True) if missing not in s.provides]
    with pytest.raises(PipelineError, match="requires"):
        Pipeline(steps)


def test_the_steps_read_the_settings_they_are_built_from() -> None:
    """A cap given to `default_steps` reaches extraction (no global is consulted instead)."""
    from marsad.config import SETTINGS

    page = EXAMPLES / "al-ufuq-water-talks.txt"
    (article,) = list(read_path(page, settings=SETTINGS))
    tight = SETTINGS.with_flags(max_blocks=3)
    (out,) = list(Pipeline(default_steps(settings=tight)).run([article]))
    assert out.rejected is not None and "max_blocks" in out.rejected.reason
    (again,) = list(Pipeline(default_steps()).run(list(read_path(page, settings=SETTINGS))))
    assert again.rejected is None and len(again.blocks) > 3
