"""Ingest: inputs → pages → articles → store, idempotent, resumable and parallel.

- Idempotent: a page whose content hash is stored already is counted "already present" and not
  extracted again (the hash is of the page itself, so a copy under another name is caught too).
- Resumable: per input (path + size + mtime), the store keeps how many records are durable.
  Articles, quarantined inputs and that count are written in one transaction, so a run killed at
  any moment resumes exactly after the last committed record: nothing lost, nothing twice.
- Parallel: workers extract (run.local); the parent alone writes (SQLite has one writer).
- Every record ends up stored, already present or quarantined with the step and the reason.
"""

from __future__ import annotations

import logging
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from marsad.corpus.hashing import page_hash
from marsad.model import Article, Rejection, Source
from marsad.pipeline import Pipeline
from marsad.run.local import Done, ordered_map
from marsad.store.base import InputProgress, Store
from marsad.store.records import ArticleRows, article_rows

__all__ = ["IngestSummary", "ingest", "progress_key", "retry_quarantine"]

Reader = Callable[[str], Iterable[Article]]
PipelineFactory = Callable[[bool], Pipeline]

# Records per transaction: large enough to amortise the commit (fsync), small enough that a
# killed run redoes little work.
BATCH_SIZE = 64


@dataclass(slots=True)
class IngestSummary:
    """What an ingest did. read = stored + already_present + quarantined (for this run)."""

    inputs: int = 0
    inputs_unchanged: int = 0  # finished by an earlier run and not modified since: not re-read
    resumed: int = 0  # records skipped because an interrupted run had committed them
    read: int = 0
    stored: int = 0
    already_present: int = 0
    quarantined: int = 0
    reasons: Counter[str] = field(default_factory=Counter)  # "step: reason" → count

    def to_dict(self) -> dict[str, Any]:
        return {
            "inputs": self.inputs,
            "inputs_unchanged": self.inputs_unchanged,
            "resumed": self.resumed,
            "read": self.read,
            "stored": self.stored,
            "already_present": self.already_present,
            "quarantined": self.quarantined,
            "reasons": dict(self.reasons.most_common()),
        }


@dataclass(slots=True)
class _Task:
    input: int
    record: int
    article: Article
    rows: ArticleRows | None = None  # filled by the worker for an accepted article


@dataclass(slots=True)
class _EndOfInput:
    input: int
    records: int


def progress_key(path: str) -> str | None:
    """Identity of an input for resuming: resolved path, size and mtime (None for stdin)."""
    if path == "-":
        return None
    try:
        st = os.stat(path)
    except OSError:
        return None
    return f"{Path(path).resolve()}|{st.st_size}|{st.st_mtime_ns}"


# --- worker side ---------------------------------------------------------------------------
_PIPELINE: Pipeline | None = None


def _default_pipeline(enrich: bool) -> Pipeline:
    from marsad.steps import default_pipeline

    if enrich:
        try:
            return default_pipeline(enrich=True)
        except ImportError as exc:  # the enrich stage is an optional part of an install
            logging.getLogger("marsad").warning("enrich unavailable (%s): storing without it", exc)
    return default_pipeline(enrich=False)


_BACKEND = "sqlite"


def _init_worker(enrich: bool, factory: PipelineFactory | None, backend: str) -> None:
    global _PIPELINE, _BACKEND
    _PIPELINE = (factory or _default_pipeline)(enrich)
    _BACKEND = backend


def _process(task: _Task) -> _Task:
    """Extract (and enrich) one page; a crash in a step becomes a rejection, never a lost record."""
    a = task.article
    if a.rejected is None:
        assert _PIPELINE is not None
        try:
            a = next(iter(_PIPELINE.run([a])))
        except Exception as exc:  # a step bug must not stop the run: quarantine the page
            a.rejected = Rejection("pipeline", f"{type(exc).__name__}: {exc}"[:500])
        a.page = None  # not stored, and not worth sending back to the parent
    if a.rejected is None:
        # The store's rows (index terms, JSON) are computed here, in parallel, so the single
        # writer only runs SQL; the article itself need not travel back.
        task.rows = article_rows(a, _BACKEND)
        a = Article(source=a.source)
    task.article = a
    return task


# --- parent side ---------------------------------------------------------------------------
def ingest(
    paths: Iterable[str],
    store: Store,
    *,
    workers: int = 1,
    enrich: bool = False,
    reader: Reader | None = None,
    pipeline: PipelineFactory | None = None,
    only: Mapping[str, set[int | None]] | None = None,
    resume: bool = True,
    batch_size: int = BATCH_SIZE,
    on_record: Callable[[IngestSummary], None] | None = None,
    on_input: Callable[[str], None] | None = None,
) -> IngestSummary:
    """Ingest every page of `paths` (already expanded: see `marsad.read.expand_inputs`).

    Args:
        reader: path → articles carrying a page (default `marsad.read.read_path`).
        pipeline: enrich flag → pipeline (default `marsad.steps.default_pipeline`).
        only: path → record numbers to process (None in the set: the whole input); used by retry.
        resume: honour and record per-input progress.
        on_record / on_input: progress callbacks (the CLI's progress bar).
    """
    if reader is None:
        from marsad.read import read_path

        reader = read_path
    inputs = list(paths)
    summary = IngestSummary(inputs=len(inputs))
    keys = [progress_key(p) if resume and only is None else None for p in inputs]

    def tasks() -> Iterator[_Task | Done[_Task | _EndOfInput]]:
        for i, path in enumerate(inputs):
            if on_input is not None:
                on_input(path)
            key = keys[i]
            done = store.get_progress(key) if key else None
            if done is not None and done.done:
                summary.inputs_unchanged += 1
                continue
            skip = done.records if done is not None else 0
            summary.resumed += skip
            wanted = only.get(path) if only is not None else None
            n = 0
            for n, article in enumerate(reader(path), start=1):
                if n <= skip:
                    continue
                if wanted is not None and None not in wanted and article.source.record not in wanted:
                    continue
                if article.rejected is None and article.page is not None:
                    article.content_hash = page_hash(article.page)
                    if store.has_hash(article.content_hash):
                        summary.read += 1
                        summary.already_present += 1
                        continue
                yield _Task(i, n, article)
            yield Done(_EndOfInput(i, n))

    batch: list[ArticleRows] = []
    rejected: list[tuple[Source, Rejection]] = []
    last: dict[int, int] = {}

    def flush(input_index: int, records: int, finished: bool) -> None:
        key = keys[input_index]
        prog = InputProgress(key, records, finished) if key else None
        results = store.put_batch(batch, rejected, prog)
        for r in results:
            if r.status == "stored":
                summary.stored += 1
            else:
                summary.already_present += 1
        batch.clear()
        rejected.clear()

    current = -1
    for item in ordered_map(
        _process,
        tasks(),
        workers=workers,
        initializer=_init_worker,
        initargs=(enrich, pipeline, store.backend),
    ):
        if isinstance(item, _EndOfInput):
            flush(item.input, item.records, True)
            continue
        if item.input != current and (batch or rejected):
            flush(current, last[current], False)
        current = item.input
        last[current] = item.record
        a = item.article
        summary.read += 1
        if a.rejected is not None:
            summary.quarantined += 1
            summary.reasons[f"{a.rejected.step}: {a.rejected.reason}"] += 1
            rejected.append((a.source, a.rejected))
        elif item.rows is not None:
            batch.append(item.rows)
        if len(batch) + len(rejected) >= batch_size:
            flush(current, item.record, False)
        if on_record is not None:
            on_record(summary)
    return summary


def retry_quarantine(
    store: Store,
    *,
    workers: int = 1,
    enrich: bool = False,
    reader: Reader | None = None,
    pipeline: PipelineFactory | None = None,
) -> tuple[IngestSummary, int]:
    """Run quarantined inputs through ingest again; returns the summary and how many now pass.

    An input that fails again is quarantined anew (its entry replaced); one that passes is cleared.
    """
    entries = store.list_quarantine()
    only: dict[str, set[int | None]] = {}
    for q in entries:
        if q.path is not None:
            only.setdefault(q.path, set()).add(q.record)
    summary = ingest(
        list(only),
        store,
        workers=workers,
        enrich=enrich,
        reader=reader,
        pipeline=pipeline,
        only=only,
        resume=False,
    )
    # Entries still carrying their old id were not re-quarantined: their input now passes.
    still = {q.id for q in store.list_quarantine()}
    cleared = 0
    for q in entries:
        if q.id in still and q.path in only:
            cleared += int(store.clear_quarantine(q.id))
    return summary, cleared
