"""The local executor keeps input order, passes known results through, uses real processes, and
bounds each task: one past the time limit, or whose worker dies, stands in its place via on_lost
while the tasks after it still run."""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from marsad import config
from marsad.config import SETTINGS
from marsad.model import Article, Block, Label
from marsad.pipeline import MapStep, Pipeline
from marsad.run.ingest import RecordResult, ingest, ingest_articles
from marsad.run.local import Done, Lost, TaskLost, WarmPool, ordered_map
from marsad.store import open_store
from processes import alive
from settings_override import override_settings


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


def blas_threads(x: int) -> list[int]:
    """The thread count of every BLAS library loaded in this process (numpy's, at least)."""
    import numpy  # noqa: F401  (loads numpy's BLAS, as the page steps do)
    from threadpoolctl import threadpool_info

    return [lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"]


def frozen_objects(x: int) -> int:
    import gc

    return gc.get_freeze_count()


def stand_in(x: int, lost: Lost) -> tuple[int, int]:
    return -x, len(lost.reason) if lost.step == "timeout" else -1


@pytest.mark.parametrize("workers", [0, 1, 2])
def test_results_keep_input_order(workers: int) -> None:
    items: list[int | Done[tuple[int, int]]] = [Done((-1, 0)) if i % 7 == 0 else i for i in range(50)]
    out = list(ordered_map(square_and_pid, items, settings=config.SETTINGS, workers=workers))
    assert [v for v, _ in out] == [-1 if i % 7 == 0 else i * i for i in range(50)]
    pids = {p for (v, p) in out if v != -1}
    if workers == 0:
        assert pids == {os.getpid()}  # inline
    else:
        assert os.getpid() not in pids and len(pids) <= workers


def test_worker_errors_surface() -> None:
    with pytest.raises(ValueError, match="three"):
        list(ordered_map(boom, range(10), settings=config.SETTINGS, workers=2))


@pytest.mark.parametrize("workers", [1, 2])
def test_a_task_past_the_limit_is_killed_and_the_rest_go_on_in_order(workers: int) -> None:
    t0 = time.perf_counter()
    out = list(
        ordered_map(
            spin_on_three,
            range(8),
            settings=config.SETTINGS,
            workers=workers,
            timeout_s=1.0,
            on_lost=stand_in,
        )
    )
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

    out = list(
        ordered_map(die_on_two, range(5), settings=config.SETTINGS, workers=1, timeout_s=30, on_lost=keep)
    )
    assert [v for v, _ in out] == [0, 1, -2, 9, 16]
    assert seen == [Lost("crash", "the worker process died (exit code 9)")]


def test_items_read_before_the_input_broke_still_come_back_first() -> None:
    def items() -> Iterator[int]:
        yield from range(5)
        raise OSError("the disk went away")

    out: list[tuple[int, int]] = []
    with pytest.raises(OSError, match="disk went away"):
        out.extend(ordered_map(square_and_pid, items(), settings=config.SETTINGS, workers=2))
    assert [v for v, _ in out] == [0, 1, 4, 9, 16]


def test_without_on_lost_a_lost_task_is_an_error() -> None:
    with pytest.raises(TaskLost, match=r"timeout: took longer than 0\.5 s"):
        list(ordered_map(spin_on_three, range(5), settings=config.SETTINGS, workers=1, timeout_s=0.5))


def test_large_tasks_are_bounded_in_bytes_not_only_in_count() -> None:

    big = ["x" * (1 << 20)] * 200  # 200 MB in all, 1 MB each: the window holds ~64, not 128
    in_flight: list[int] = []

    def items() -> Iterator[str]:
        for i, b in enumerate(big):
            in_flight.append(i)
            yield b

    it = ordered_map(len, items(), settings=config.SETTINGS, workers=2)
    assert next(it) == 1 << 20
    # the first result is yielded once the byte window (64 MB) is full, well before 128 tasks
    assert len(in_flight) <= SETTINGS.local_window_bytes // (1 << 20) + 2
    assert sum(1 for _ in it) == 199


# --- every ingest path is bounded ------------------------------------------------------------
def _spin_or_extract(a: Article) -> Article:
    """A page step that loops forever on a page saying SPIN, as a pathological page would."""
    assert a.page is not None and a.page.text is not None
    if "SPIN" in a.page.text:
        while True:
            pass
    lines = [x for x in a.page.text.splitlines() if x.strip()]
    a.title = lines[0]
    a.blocks = [
        Block(0, lines[0], Label.TITLE),
        *(Block(i, x, Label.PARAGRAPH) for i, x in enumerate(lines[1:], 1)),
    ]
    a.language = "ar"
    return a


def spinning_pipeline(enrich: bool) -> Pipeline:
    return Pipeline([MapStep("extract", _spin_or_extract, provides=frozenset({"blocks"}))])


def _feed(path: Path, texts: list[str]) -> Path:
    lines = (
        json.dumps({"url": f"https://example.org/{i}", "text": t}, ensure_ascii=False)
        for i, t in enumerate(texts)
    )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("workers", [1, 2])
def test_ingest_quarantines_a_page_past_the_limit_and_stores_the_rest_in_order(
    tmp_path: Path, workers: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    override_settings(monkeypatch, page_timeout_s=1.0)
    texts = [f"خبر رقم {i}\nتفاصيل الخبر {i} من القاهرة." for i in range(9)]
    texts[2] = "خبر يدور\nSPIN"
    texts[6] = "خبر آخر يدور\nSPIN مرة أخرى"
    results: list[RecordResult] = []
    store = open_store(str(tmp_path / "t.db"))
    try:
        s = ingest(
            [str(_feed(tmp_path / "feed.jsonl", texts))], store, workers=workers, pipeline=spinning_pipeline,
            on_result=results.append,
        )  # fmt: skip
        stored = [a.title for a in store.iter_articles()]
        quarantine = store.list_quarantine()
    finally:
        store.close()
    assert s.read == 9 and s.stored == 7 and s.quarantined == 2
    assert s.reasons == {"timeout: took longer than 1 s; the worker was stopped": 2}
    assert sorted((r.record, r.status) for r in results) == [
        (i + 1, "quarantined" if i in (2, 6) else "stored") for i in range(9)
    ]
    assert [(q.record, q.step) for q in quarantine] == [(2, "timeout"), (6, "timeout")]  # JSONL lines, from 0
    assert stored == [texts[i].split("\n")[0] for i in range(9) if i not in (2, 6)]  # in input order


def test_the_api_road_is_bounded_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`ingest_articles` (POST /api/ingest) used to run inline, where the alarm did not work
    (a server thread): a spinning page now comes back quarantined, the next one stored."""
    import marsad.run.ingest as ingest_module
    from marsad.read import read_bytes

    override_settings(monkeypatch, page_timeout_s=1.0)
    monkeypatch.setattr(
        ingest_module, "page_pipeline", lambda enrich, corpus=True, settings=None: spinning_pipeline(enrich)
    )
    records = _feed(tmp_path / "f.jsonl", ["عنوان\nSPIN", "عنوان ثان\nنص الخبر الثاني."]).read_bytes()
    results: list[RecordResult] = []
    store = open_store(str(tmp_path / "api.db"))
    try:
        ingest_articles(read_bytes(records, settings=config.SETTINGS), store, on_result=results.append)
    finally:
        store.close()
    assert [(r.status, r.step) for r in results] == [("quarantined", "timeout"), ("stored", None)]


def test_a_page_with_a_5_mb_line_is_quarantined_at_once(tmp_path: Path) -> None:
    """The finding: a 5 MB line stalled a later step for 13 minutes. The real pipeline now
    refuses it where the page is split into lines, naming the cap."""
    long_line = ("قال الوزير إن المحادثات ستستأنف " * 200_000)[:5_000_000]
    texts = [
        "عنوان الخبر\n" + long_line,
        "عنوان ثان\nقال الوزير إن المحادثات بشأن المياه ستستأنف الأسبوع المقبل.",
    ]
    results: list[RecordResult] = []
    store = open_store(str(tmp_path / "line.db"))
    t0 = time.perf_counter()
    try:
        ingest([str(_feed(tmp_path / "l.jsonl", texts))], store, workers=1, on_result=results.append)
    finally:
        store.close()
    assert time.perf_counter() - t0 < SETTINGS.page_timeout_s * 2
    assert [r.status for r in results] == ["quarantined", "stored"]
    assert results[0].step == "extract"
    assert results[0].reason == (
        f"a line of 5,000,000 characters > max_line_chars {SETTINGS.max_line_chars:,} (raise it in marsad.toml)"
    )


# --- WarmPool: workers kept across calls (the server's executor) --------------------------
def test_a_warm_pool_reuses_its_workers_across_calls_and_stops_them_on_close() -> None:
    pool = WarmPool(settings=config.SETTINGS)
    try:
        first = list(pool(square_and_pid, range(6), workers=2))
        second = list(pool(square_and_pid, range(6, 12), workers=2))
    finally:
        pool.close()
    assert [v for v, _ in first + second] == [i * i for i in range(12)]
    pids = {p for _, p in first + second}
    assert os.getpid() not in pids and 1 <= len(pids) <= 2  # the same two workers served both calls
    assert not any(alive(p) for p in pids)
    # A closed pool starts fresh workers when called again (an app's lifespan can restart).
    try:
        (again,) = list(pool(square_and_pid, [3], workers=1))
    finally:
        pool.close()
    assert again[0] == 9 and again[1] not in pids and not alive(again[1])


def test_a_timed_out_task_replaces_only_its_worker_and_the_pool_goes_on() -> None:
    pool = WarmPool(settings=config.SETTINGS)
    try:
        before = {p for _, p in pool(square_and_pid, range(4), workers=1)}
        lost = list(pool(spin_on_three, [1, 3, 4], workers=1, timeout_s=0.5, on_lost=stand_in))
        after = list(pool(square_and_pid, range(4), workers=1))
    finally:
        pool.close()
    assert lost[0] == (1, next(iter(before))) and lost[1][0] == -3  # stood in, timed out
    assert lost[2][0] == 16 and lost[2][1] not in before  # its worker was replaced
    assert [v for v, _ in after] == [0, 1, 4, 9] and {p for _, p in after} == {lost[2][1]}


def test_concurrent_calls_on_a_warm_pool_each_keep_their_own_order() -> None:
    pool = WarmPool(settings=config.SETTINGS)
    out: dict[int, list[tuple[int, int]]] = {}

    def call(k: int) -> None:
        out[k] = list(pool(square_and_pid, range(k * 100, k * 100 + 40), workers=2))

    try:
        threads = [threading.Thread(target=call, args=(k,)) for k in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        pool.close()
    assert {k: [v for v, _ in r] for k, r in out.items()} == {
        k: [i * i for i in range(k * 100, k * 100 + 40)] for k in range(3)
    }


def test_the_api_road_on_a_warm_pool_quarantines_a_spinning_page_then_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import marsad.run.ingest as ingest_module
    from marsad.read import read_bytes

    override_settings(monkeypatch, page_timeout_s=1.0)
    monkeypatch.setattr(
        ingest_module, "page_pipeline", lambda enrich, corpus=True, settings=None: spinning_pipeline(enrich)
    )
    spin = _feed(tmp_path / "f.jsonl", ["عنوان\nSPIN", "عنوان ثان\nنص الخبر الثاني."]).read_bytes()
    calm = _feed(tmp_path / "g.jsonl", ["عنوان ثالث\nنص الخبر الثالث."]).read_bytes()
    results: list[RecordResult] = []
    pool = WarmPool(settings=config.SETTINGS)
    store = open_store(str(tmp_path / "warm.db"))
    try:
        ingest_articles(
            read_bytes(spin, settings=config.SETTINGS), store, on_result=results.append, executor=pool
        )
        ingest_articles(
            read_bytes(calm, settings=config.SETTINGS), store, on_result=results.append, executor=pool
        )
    finally:
        store.close()
        pool.close()
    assert [(r.status, r.step) for r in results] == [
        ("quarantined", "timeout"),
        ("stored", None),
        ("stored", None),
    ]


def test_workers_run_blas_on_one_thread() -> None:
    """The workers are the parallelism: numpy's BLAS stays single-threaded in each (a worker forked
    after the parent's OpenBLAS started its threads was seen to hang); OpenBLAS would use one
    per core."""
    (counts,) = list(ordered_map(blas_threads, [0], settings=SETTINGS, workers=1))
    assert counts and all(n == 1 for n in counts)


def test_what_a_worker_loaded_at_start_is_out_of_the_collectors_way() -> None:
    """Modules and models loaded before the first task live as long as the worker: frozen, full
    collections no longer walk them for every few pages."""
    import gc

    assert gc.get_freeze_count() == 0  # this process freezes nothing: only the workers do
    (count,) = list(ordered_map(frozen_objects, [0], settings=SETTINGS, workers=1))
    assert count > 10_000
