"""The ingest road — the one way a page becomes a stored article.

    read ─▶ page steps ─────────────────────────────▶ corpus step ─▶ store writer
    (reader) extract ▸ arabic ▸ (enrich) ▸ fingerprint   duplicates,     one transaction
             run by an executor (run.local: processes)   stories         per batch

The CLI (`marsad ingest`), the REST API (`POST /api/ingest`) and the Python API
(`marsad.ingest`) all call `ingest` or `ingest_articles` here. Page steps see one page at a time,
so the executor may run them anywhere; the corpus step and the writer run here, in input order,
so the result never depends on the number of workers.

- Identity: an article's id is the hash of its page as read, so the same page through any door
  is one record; a page already stored is counted "already present" and not extracted again.
- Resumable: per input (path + size + mtime), the store keeps how many records are durable.
  Articles, quarantined inputs and that count are written in one transaction, so a run killed at
  any moment resumes exactly after the last committed record: nothing lost, nothing twice.
- Every record ends stored (canonical or reprint), already present, or quarantined with the step
  and the reason.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import threading
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from marsad.config import SETTINGS, Settings
from marsad.corpus.hashing import article_id, page_hash
from marsad.corpus.step import CorpusStep
from marsad.model import Article, Page, Rejection, Source
from marsad.pipeline import Pipeline
from marsad.run.local import Done, Executor, LocalExecutor, Lost, WarmPool, forks, ordered_map
from marsad.store.base import InputProgress, LedgerEntry, Store

__all__ = [
    "IngestSummary",
    "RecordResult",
    "ingest",
    "ingest_articles",
    "input_name",
    "page_name",
    "process",
    "progress_key",
    "retry_quarantine",
]

Reader = Callable[[str], Iterable[Article]]
PipelineFactory = Callable[[bool], Pipeline]


@dataclass(slots=True)
class RecordResult:
    """What became of one input record: status stored | duplicate | present | quarantined."""

    input: int
    record: int
    status: str
    id: str | None = None
    step: str | None = None  # for a quarantined record: the step that refused it, and why
    reason: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"input": self.input, "record": self.record, "status": self.status, "id": self.id,
                "step": self.step, "reason": self.reason}  # fmt: skip


@dataclass(slots=True)
class IngestSummary:
    """What an ingest committed: records = stored + duplicates + quarantined, where duplicates =
    reprints + already_present.

    Records are counted as their batch commits, so after an error or Ctrl-C the summary says
    exactly what this run left in the store and its ledger (`error` says why it stopped).
    """

    inputs: int = 0
    inputs_unchanged: int = 0  # finished by an earlier run and not modified since: not re-read
    resumed: int = 0  # records skipped because an interrupted run had committed them
    read: int = 0  # records committed by this run (ledger entries written)
    stored: int = 0  # new canonical articles
    reprints: int = 0  # new articles stored as reprints of another (duplicate_of set)
    already_present: int = 0  # the same page was stored before
    quarantined: int = 0
    reasons: Counter[str] = field(default_factory=Counter)  # "step: reason" → count
    error: str | None = None  # why the run stopped early (an exception, "interrupted")
    # Live progress for a progress display, ahead of the commits above and not reported:
    # records through the page steps so far, the input of the last one (index into the inputs)
    # and its file offset (None for inputs without offsets: stdin, single pages).
    seen: int = 0
    current_input: int = -1
    position: int | None = None

    @property
    def records(self) -> int:
        return self.read

    @property
    def duplicates(self) -> int:
        """Records that added no canonical article: reprints and pages stored before."""
        return self.reprints + self.already_present

    def to_dict(self) -> dict[str, Any]:
        """The report `marsad ingest --json` prints: the ledger's counts first, then details."""
        return {
            "inputs": self.inputs,
            "records": self.read,
            "stored": self.stored,
            "duplicates": self.duplicates,
            "quarantined": self.quarantined,
            "by_reason": dict(self.reasons.most_common()),
            "reprints": self.reprints,
            "already_present": self.already_present,
            "inputs_unchanged": self.inputs_unchanged,
            "resumed": self.resumed,
            "error": self.error,
        }


# A record's ledger key: the input's name and the record's index inside it.
Origin = tuple[str, int]


@dataclass(slots=True)
class _Task:
    input: int
    record: int
    article: Article
    origin: Origin


@dataclass(slots=True)
class _EndOfInput:
    input: int
    records: int


@dataclass(slots=True)
class _Present:
    """A record whose page is stored already: known before any step runs."""

    input: int
    record: int
    id: str
    origin: Origin
    offset: int | None  # the record's Source.offset and Source.record, for resuming an archive
    source_record: int | None


_Item = _Task | Done[_Task | _EndOfInput | _Present]


def input_name(path: str) -> str:
    """The ledger's name of a file input: its resolved path ('-' for stdin), so that the same
    file named two ways is one input."""
    return path if path == "-" else str(Path(path).resolve())


def page_name(article: Article) -> str:
    """The ledger's name of a page that is its own input (the REST API's): its URL, else its
    own id, else its content; a page with none of these gets a name of its own."""
    s = article.source
    if s.url:
        return s.url
    if s.id:
        return f"id:{s.id}"
    digest = article.content_hash or (page_hash(article.page) if article.page is not None else None)
    if digest:
        return f"sha:{article_id(digest)}"
    return f"unnamed:{uuid.uuid4().hex}"


def progress_key(path: str) -> str | None:
    """Identity of an input for resuming: resolved path, size and mtime (None for stdin)."""
    if path == "-":
        return None
    try:
        st = os.stat(path)
    except OSError:
        return None
    return f"{Path(path).resolve()}|{st.st_size}|{st.st_mtime_ns}"


# --- page steps: run by the executor -------------------------------------------------------
_PIPELINE: Pipeline | None = None


def page_pipeline(enrich: bool, corpus: bool = True, settings: Settings | None = None) -> Pipeline:
    """extract ▸ arabic (▸ enrich) (▸ fingerprint ▸ index): the steps that need one page only.
    `corpus`: the pages go on to the store's road, so the steps that make what only it reads run
    here too: the corpus step's fingerprint and the search index terms."""
    from marsad.steps import default_pipeline

    return default_pipeline(enrich=enrich, fingerprint=corpus, index=corpus, settings=settings)


def _init_worker(
    enrich: bool, factory: PipelineFactory | None, corpus: bool, settings: Settings | None = None
) -> None:
    global _PIPELINE
    # `page_pipeline(enrich, corpus, settings)` is the seam test suites patch.
    _PIPELINE = factory(enrich) if factory is not None else page_pipeline(enrich, corpus, settings)
    if factory is None and multiprocessing.parent_process() is not None:
        _warm_up(_PIPELINE)


# A text page and an HTML page with people, a place, a date and a quote, and a text page with
# chrome around it (a plain page never asks the line labeller): through the steps, they load every
# model (the romanizer's ONNX sessions load at the first person's name).
_WARM_UP = (
    "قال المتحدث خالد سعيد العمري في القاهرة يوم الأحد 10 سبتمبر 2023 إن المحادثات مع آبي أحمد ستستأنف."
)
_WARM_UP_PAGES = (
    Page(Source(), text=f"عنوان\n{_WARM_UP}"),
    Page(Source(), html=f"<h1>عنوان</h1><p>{_WARM_UP}</p>"),
    Page(
        Source(), text=f"الرئيسية\nأخبار\nرياضة\nعنوان\n{_WARM_UP}\n{_WARM_UP}\nاقرأ أيضا\nجميع الحقوق محفوظة"
    ),
)


def _preload(enrich: bool, corpus: bool, settings: Settings) -> None:
    """Here, before a local pool forks its workers: load the models the page steps use, once, so
    the workers share their memory pages (copy-on-write) and none spends its CPU loading its own
    copy (with 2 workers, each loaded every model). The real steps, never a test's stand-in."""
    from marsad.steps import default_pipeline

    _warm_up(default_pipeline(enrich=enrich, fingerprint=corpus, index=corpus, settings=settings))


def _warm_up(pipeline: Pipeline) -> None:
    """In a worker process: load the models the steps load on first use now, outside any page's
    time limit (a worker's first page took 3 s more with enrich, 15 s on a loaded machine)."""
    with contextlib.suppress(Exception):
        list(pipeline.run([Article(source=p.source, page=p) for p in _WARM_UP_PAGES]))


def _process(task: _Task) -> _Task:
    """Run the page steps on one page; a crash in a step becomes a rejection, never a lost record."""
    a = task.article
    if a.rejected is None:
        assert _PIPELINE is not None
        try:
            a = next(iter(_PIPELINE.run([a])))
        except Exception as exc:  # a step bug must not stop the run: quarantine the page
            a.rejected = Rejection("pipeline", f"{type(exc).__name__}: {exc}"[:500])
        a.page = None  # not stored, and not worth sending back
    task.article = a
    return task


def _lost(task: _Task, lost: Lost) -> _Task:
    """A page whose steps ran past page_timeout_s (its worker was killed) or killed their worker."""
    task.article.rejected = Rejection(lost.step, lost.reason)
    task.article.page = None
    return task


def _initargs(
    enrich: bool, pipeline: PipelineFactory | None, corpus: bool, settings: Settings | None
) -> tuple[Any, ...]:
    """`_init_worker`'s arguments; without settings the same tuple `start_workers` warms a pool with
    (a warm pool is reused only for equal arguments)."""
    return (enrich, pipeline, corpus) if settings is None else (enrich, pipeline, corpus, settings)


def process(
    articles: Iterable[Article],
    *,
    enrich: bool = False,
    workers: int = 1,
    corpus: bool = False,
    settings: Settings | None = None,
) -> Iterator[Article]:
    """The page steps over articles carrying pages, on `workers` processes, in input order.

    What `marsad.extract_many` runs; `ingest` runs the same through the same executor.
    """
    tasks = (_Task(0, i, a, ("", i)) for i, a in enumerate(articles))  # no store: no ledger
    for t in ordered_map(
        _process, tasks, workers=workers, initializer=_init_worker,
        initargs=_initargs(enrich, None, corpus, settings),
        timeout_s=(settings or SETTINGS).page_timeout_s, on_lost=_lost, settings=settings or SETTINGS,
    ):  # fmt: skip
        yield t.article


# --- the road: corpus step and store writer, here ------------------------------------------
def _road(
    tasks: Iterator[_Item],
    keys: list[str | None],
    store: Store,
    summary: IngestSummary,
    *,
    workers: int,
    enrich: bool,
    pipeline: PipelineFactory | None,
    corpus: bool,
    batch_size: int,
    on_record: Callable[[IngestSummary], None] | None,
    on_result: Callable[[RecordResult], None] | None,
    executor: Executor | None = None,
    settings: Settings | None = None,
) -> IngestSummary:
    s = settings or SETTINGS
    executor = executor or LocalExecutor(s)
    if isinstance(executor, LocalExecutor) and workers > 0 and pipeline is None and forks():
        _preload(enrich, corpus, s)
    step = CorpusStep(settings=s) if corpus else None
    pending: list[_Task | _Present] = []  # this batch's records, in input order
    last: dict[int, int] = {}
    where: dict[int, tuple[int | None, int | None]] = {}  # input → (offset, record) of its last item

    def flush(input_index: int, records: int, finished: bool) -> None:
        key = keys[input_index] if input_index >= 0 else None
        offset, record = where.get(input_index, (None, None))
        prog = InputProgress(key, records, finished, offset, record) if key else None
        written = [t for t in pending if isinstance(t, _Task) and not _decided(t)]
        rejected = [
            (t.article.source, t.article.rejected)
            for t in pending
            if isinstance(t, _Task) and t.article.rejected is not None
        ]
        with _deferred_interrupt():
            results = store.write(
                [t.article for t in written], corpus=step, rejected=rejected, progress=prog,
                origins=[t.origin for t in written], ledger=[_entry(t) for t in pending if _decided(t)],
            )  # fmt: skip
            # Counted only once the batch is committed: the summary never runs ahead of the store.
            stored = iter(results)
            for t in pending:
                if isinstance(t, _Present):
                    r = RecordResult(t.input, t.record, "present", t.id)
                elif t.article.rejected is not None:
                    rej = t.article.rejected
                    r = RecordResult(t.input, t.record, "quarantined", None, rej.step, rej.reason)
                else:
                    put = next(stored)
                    r = RecordResult(t.input, t.record, put.status, put.id)
                _count(summary, r)
                if on_result is not None:
                    on_result(r)
            pending.clear()

    current = -1
    try:
        for item in executor(  # type: ignore[misc]
            _process, tasks, workers=workers, initializer=_init_worker,
            initargs=_initargs(enrich, pipeline, corpus, settings), timeout_s=s.page_timeout_s, on_lost=_lost,
        ):  # fmt: skip
            if isinstance(item, _EndOfInput):
                flush(item.input, item.records, True)
                continue
            if item.input != current and pending:
                flush(current, last[current], False)
            current = item.input
            last[current] = item.record
            if isinstance(item, _Present):
                where[current] = (item.offset, item.source_record)
            else:
                where[current] = (item.article.source.offset, item.article.source.record)
            pending.append(item)
            summary.seen += 1
            summary.current_input, summary.position = current, where[current][0]
            if len(pending) >= batch_size:
                flush(current, item.record, False)
            if on_record is not None:
                on_record(summary)
        if pending:
            flush(current, last.get(current, 0), False)
    except KeyboardInterrupt:
        summary.error = "interrupted"
        raise
    except BaseException as exc:  # the caller still reports what was committed before it
        summary.error = f"{type(exc).__name__}: {exc}"[:500]
        raise
    return summary


@contextmanager
def _deferred_interrupt() -> Iterator[None]:
    """Ctrl-C waits for the end of this block. A KeyboardInterrupt raised between COMMIT and the
    counting after it would leave a batch in the store but not in the summary; held, the signal
    is raised again as the block ends, with store and summary agreeing.

    The Python handler is swapped (not the thread's signal mask): any thread may receive the
    OS signal — rich's refresh thread, a test runner's — but the handler always runs here."""
    if threading.current_thread() is not threading.main_thread():
        yield  # Python handlers run in the main thread only: elsewhere SIGINT cannot land here
        return
    held: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, _frame: held.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if held:
            signal.raise_signal(signal.SIGINT)  # now, with the caller's own handler


def _decided(t: _Task | _Present) -> bool:
    return isinstance(t, _Present) or t.article.rejected is not None


def _entry(t: _Task | _Present) -> LedgerEntry:
    """The ledger entry of a record decided before the store writes: quarantined or present."""
    name, record = t.origin
    if isinstance(t, _Present):
        return LedgerEntry(name, record, "duplicate", t.id)
    rej = t.article.rejected
    assert rej is not None
    return LedgerEntry(name, record, "quarantined", reason=f"{rej.step}: {rej.reason}")


def _count(summary: IngestSummary, r: RecordResult) -> None:
    summary.read += 1
    if r.status == "stored":
        summary.stored += 1
    elif r.status == "duplicate":
        summary.reprints += 1
    elif r.status == "present":
        summary.already_present += 1
    else:
        summary.quarantined += 1
        summary.reasons[f"{r.step}: {r.reason}"] += 1


def _hashed(article: Article, store: Store, input_index: int, record: int, origin: Origin) -> _Item:
    """The page's identity; a page stored already skips the page steps."""
    if article.rejected is None and article.page is not None:
        article.content_hash = page_hash(article.page)
        if store.has_hash(article.content_hash):
            s = article.source
            aid = article_id(article.content_hash)
            return Done(_Present(input_index, record, aid, origin, s.offset, s.record))
    return _Task(input_index, record, article, origin)


def ingest(
    paths: Iterable[str],
    store: Store,
    *,
    workers: int = 1,
    enrich: bool = False,
    corpus: bool = True,
    reader: Reader | None = None,
    pipeline: PipelineFactory | None = None,
    only: Mapping[str, set[int | None]] | None = None,
    resume: bool = True,
    batch_size: int | None = None,
    on_record: Callable[[IngestSummary], None] | None = None,
    on_input: Callable[[str], None] | None = None,
    on_result: Callable[[RecordResult], None] | None = None,
    executor: Executor | None = None,
    summary: IngestSummary | None = None,
    settings: Settings | None = None,
) -> IngestSummary:
    """Ingest every page of `paths` (already expanded: see `marsad.read.expand_inputs`).

    Args:
        corpus: run the corpus step (duplicates, stories); off only for tests and benchmarks
            of the page steps.
        reader: path → articles carrying a page (default `marsad.read.read_path`).
        pipeline: enrich flag → page pipeline (default `page_pipeline`).
        only: path → record numbers to process (None in the set: the whole input); used by retry.
        resume: honour and record per-input progress.
        on_record / on_input / on_result: progress callbacks (the CLI's bar, the API's answer).
        executor: where the page steps run (default: `workers` local processes).
        summary: the report to fill in (default: a new one). A caller that must report after an
            error or Ctrl-C passes its own: it then holds what was committed before the stop.
        settings: what the steps and the corpus step are built from (default: the store's, so
            the index terms the steps make are the ones the store's rule asks for).

    Every record gets a ledger entry keyed (input's resolved path, record): `Source.record`
    inside a container, else its position among the input's pages (0 for a single page).
    """
    from marsad.read import read_path

    s = settings = settings if settings is not None else store.settings
    seekable = reader is None  # only the default reader knows archive offsets
    reader = reader or partial(read_path, settings=s)
    inputs = list(paths)
    summary = summary if summary is not None else IngestSummary()
    summary.inputs = len(inputs)
    names = [input_name(p) for p in inputs]
    keys = [progress_key(p) if resume and only is None else None for p in inputs]

    def tasks() -> Iterator[_Item]:
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
            articles: Iterable[Article]
            first = 1
            if done is not None and done.offset is not None and seekable:
                # An archive: seek to the last committed record (counted `skip`) and go on after it.
                articles = read_path(
                    path, settings=s, start_offset=done.offset, start_record=done.record or 0
                )
                first = skip
            else:
                articles = reader(path)
            n = 0
            for n, article in enumerate(articles, start=first):
                if n <= skip:
                    continue
                if wanted is not None and None not in wanted and article.source.record not in wanted:
                    continue
                rec = article.source.record
                yield _hashed(article, store, i, n, (names[i], rec if rec is not None else n - 1))
            yield Done(_EndOfInput(i, n))

    return _road(
        tasks(), keys, store, summary, workers=workers, enrich=enrich, pipeline=pipeline, corpus=corpus,
        batch_size=batch_size or s.ingest_batch_size, on_record=on_record,
        on_result=on_result, executor=executor, settings=settings,
    )  # fmt: skip


def ingest_articles(
    articles: Iterable[Article],
    store: Store,
    *,
    workers: int = 1,
    enrich: bool = False,
    corpus: bool = True,
    on_result: Callable[[RecordResult], None] | None = None,
    name: str | None = None,
    summary: IngestSummary | None = None,
    executor: Executor | None = None,
    settings: Settings | None = None,
) -> IngestSummary:
    """The same road for pages already in memory (the REST API's request body): no progress keys.

    `executor`: where the page steps run (default: `workers` local processes started for this
    call, `LocalExecutor`; the server passes its `run.local.WarmPool`, whose workers stay warm across requests).

    Each article carries its `page` (as `marsad.read.read_bytes` gives it); record numbers in
    the results count from 1 in the order given. Ledger entries: with `name`, the pages are the
    records 0, 1, … of one input so named; without, each page is an input of its own, named by
    `page_name` (its URL, id or content), record 0.
    """
    settings = settings if settings is not None else store.settings  # as `ingest`: the store's
    summary = summary if summary is not None else IngestSummary()
    summary.inputs = 1

    def tasks() -> Iterator[_Item]:
        n = 0
        for n, a in enumerate(articles, start=1):
            if name is not None:
                origin = (name, n - 1)
            else:
                if a.rejected is None and a.page is not None:
                    a.content_hash = page_hash(a.page)
                origin = (page_name(a), 0)
            yield _hashed(a, store, 0, n, origin)
        yield Done(_EndOfInput(0, n))

    return _road(
        tasks(), [None], store, summary, workers=workers, enrich=enrich, pipeline=None, corpus=corpus,
        batch_size=settings.ingest_batch_size, on_record=None, on_result=on_result,
        executor=executor, settings=settings,
    )  # fmt: skip


def start_workers(
    pool: WarmPool, *, enrich: bool, workers: int = 1, corpus: bool = True, settings: Settings | None = None
) -> None:
    """Start the warm workers `ingest_articles(..., executor=pool)` with these arguments will use,
    now: they load the models in the background, so even the first request finds them warm."""
    pool.pool(workers, _init_worker, _initargs(enrich, None, corpus, settings))


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
        list(only), store, workers=workers, enrich=enrich, reader=reader, pipeline=pipeline, only=only,
        resume=False,
    )  # fmt: skip
    # Entries still carrying their old id were not re-quarantined: their input now passes.
    still = {q.id for q in store.list_quarantine()}
    cleared = 0
    for q in entries:
        if q.id in still and q.path in only:
            cleared += int(store.clear_quarantine(q.id))
    return summary, cleared
