"""The Spark engine: the executor keeps input order and passes Done items through; the same input
ingested on Spark local[2] and on local processes exports identical rows (ids, text, entities,
claims, duplicate_of, story_id) — on examples/ and on ~300 real articles of consecutive days.

Needs pyspark and Java 17+ (`.ci/run` installs both); skips with the reason otherwise. The CLI's
error when they are missing is tested everywhere.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Generator, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

import marsad
from marsad.cli import app
from marsad.config import SETTINGS
from marsad.run import spark as spark_run
from marsad.run.ingest import ingest
from marsad.run.local import Done, Lost
from marsad.store import open_store
from testpaths import export_rows

MASTER = "local[2]"
needs_spark = pytest.mark.skipif(
    spark_run.spark_unavailable() is not None, reason=str(spark_run.spark_unavailable())
)


@pytest.fixture(scope="module")
def executor() -> Iterator[spark_run.SparkExecutor]:
    """One local[2] session for the module (started once, ~10 s), stopped after it."""
    from pyspark import cloudpickle

    # The helpers below live in this test module, which Spark's workers cannot import: ship them
    # by value.
    cloudpickle.register_pickle_by_value(sys.modules[__name__])  # type: ignore[no-untyped-call]
    ex = spark_run.spark_executor(MASTER, "marsad-tests", settings=SETTINGS)
    ex.session()
    yield ex
    cloudpickle.unregister_pickle_by_value(sys.modules[__name__])  # type: ignore[no-untyped-call]
    spark_run.stop_session()


# --- helpers that run on Spark's workers ------------------------------------------------------
def _count_init(key: str) -> None:
    os.environ[key] = str(int(os.environ.get(key, "0")) + 1)


def _square(x: int) -> tuple[int, int, str]:
    inits = [v for k, v in os.environ.items() if k.startswith("MARSAD_TEST_INIT_")]
    return x * x, os.getpid(), ",".join(inits)


def _boom(x: int) -> int:
    if x == 3:
        raise ValueError("three is not allowed")
    return x


def _spin_on_three(x: int) -> int:
    while x == 3:
        pass
    return x * x


def _stand_in(x: int, lost: Lost) -> int:
    return -x if lost.step == "timeout" else -1000


# --- the executor -----------------------------------------------------------------------------
@needs_spark
@pytest.mark.slow
def test_executor_keeps_order_and_passes_done_items_through(executor: spark_run.SparkExecutor) -> None:
    chunked = spark_run.spark_executor(
        MASTER, "marsad-tests", settings=SETTINGS, chunk_size=7
    )  # the same session
    key = f"MARSAD_TEST_INIT_{os.getpid()}_{time.monotonic_ns()}"
    items: list[int | Done[tuple[int, int, str]]] = [
        Done((-1, 0, "")) if i % 5 == 0 else i for i in range(60)
    ]
    out = list(chunked(_square, items, workers=2, initializer=_count_init, initargs=(key,)))
    assert [v for v, _, _ in out] == [-1 if i % 5 == 0 else i * i for i in range(60)]
    pids = {p for v, p, _ in out if v != -1}
    assert os.getpid() not in pids  # the work ran in Spark's Python workers
    # 48 tasks in 7 chunks of ≤ 4 partitions: each worker ran the initializer once, not per partition
    assert {inits for v, _, inits in out if v != -1} == {"1"}
    # only Done items, or nothing at all: no Spark job, nothing lost
    assert list(executor(_square, [Done((1, 2, "x"))])) == [(1, 2, "x")]
    assert list(executor(_square, [])) == []


@needs_spark
@pytest.mark.slow
def test_executor_surfaces_task_errors_and_stops_early(executor: spark_run.SparkExecutor) -> None:
    with pytest.raises(Exception, match="three is not allowed"):
        list(executor(_boom, range(10)))
    it = executor(_square, range(5000))
    assert isinstance(it, Generator) and next(it)[0] == 0
    it.close()  # the queued chunks are cancelled, nothing hangs
    assert [v for v, _, _ in executor(_square, range(3))] == [0, 1, 4]  # the session still works


@needs_spark
@pytest.mark.slow
def test_a_task_past_the_limit_is_killed_on_spark_and_the_rest_go_on(
    executor: spark_run.SparkExecutor,
) -> None:
    """As on the local engine: each Spark Python worker runs its tasks in a killable child."""
    items: list[int | Done[int]] = [Done(-100), *range(8)]
    out = list(executor(_spin_on_three, items, timeout_s=2.0, on_lost=_stand_in))
    assert out == [-100, 0, 1, 4, -3, 16, 25, 36, 49]
    assert [v for v in executor(_spin_on_three, range(3), timeout_s=2.0, on_lost=_stand_in)] == [0, 1, 4]


# --- parity with the local engine -------------------------------------------------------------
def _ingest(paths: list[str], db: Path, *, enrich: bool, executor: spark_run.SparkExecutor | None) -> None:
    store = open_store(str(db))
    try:
        if executor is None:
            s = ingest(paths, store, workers=2, enrich=enrich)
        else:
            s = ingest(paths, store, workers=2, enrich=enrich, executor=executor)
        assert s.read > 0 and s.quarantined == 0
    finally:
        store.close()


@needs_spark
@pytest.mark.slow
def test_examples_give_the_same_rows_on_spark_and_local(
    tmp_path: Path, examples_dir: Path, executor: spark_run.SparkExecutor
) -> None:
    files = sorted(str(p) for p in examples_dir.iterdir() if p.is_file() and not p.name.startswith("."))
    _ingest(files, tmp_path / "local.db", enrich=True, executor=None)
    # The Spark store already holds some pages: those are "present" (Done items, never sent).
    _ingest(files[:3], tmp_path / "spark.db", enrich=True, executor=None)
    _ingest(files, tmp_path / "spark.db", enrich=True, executor=executor)
    local = export_rows(tmp_path / "local.db", tmp_path / "local.jsonl")
    on_spark = export_rows(tmp_path / "spark.db", tmp_path / "spark.jsonl")
    assert len(local) >= 5 and local == on_spark
    assert any(r["entities"] for r in local) and any(r["story_id"] for r in local)


@needs_spark
@pytest.mark.slow
@pytest.mark.shared
def test_real_articles_give_the_same_rows_on_spark_and_local(
    tmp_path: Path, shared_data: Path, executor: spark_run.SparkExecutor
) -> None:
    """~300 real BBC/CNN/SkyNews articles of 13 consecutive days, plus reprints of some of them
    (an exact copy and a light edit under other outlets), enriched: identical exports."""
    days = {f"2018-04-{d:02d}" for d in range(8, 21)}
    records = []
    with (shared_data / "topics" / "ant2-dev.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            if d["time"][:10] in days:
                records.append({"id": d["id"], "url": d["url"], "title": d["title"], "published": d["time"],
                                "outlet": d["source"], "text": d["text"]})  # fmt: skip
    assert len(records) >= 250
    reprints: list[dict[str, str]] = []
    for r in records[::30]:  # ten reprints: the same text in another page, and a cut copy
        words = r["text"].split()
        text = f"{r['text']}\n\n" if len(reprints) % 2 else " ".join(words[: max(40, len(words) * 9 // 10)])
        reprints.append({**r, "id": f"reprint-{r['id']}", "url": f"https://reprints.example/{r['id']}",
                         "outlet": "Reprints", "text": text})  # fmt: skip
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in records + reprints), encoding="utf-8"
    )
    t0 = time.perf_counter()
    _ingest([str(feed)], tmp_path / "local.db", enrich=True, executor=None)
    t1 = time.perf_counter()
    _ingest([str(feed)], tmp_path / "spark.db", enrich=True, executor=executor)
    t2 = time.perf_counter()
    local = export_rows(tmp_path / "local.db", tmp_path / "local.jsonl")
    on_spark = export_rows(tmp_path / "spark.db", tmp_path / "spark.jsonl")
    sys.stderr.write(f"\nparity: {len(local)} rows, local {t1 - t0:.1f} s, spark {MASTER} {t2 - t1:.1f} s\n")
    assert len(local) >= 250
    for a, b in zip(local, on_spark, strict=True):  # one row at a time: a readable failure
        assert a == b, a["id"]
    assert local == on_spark
    assert sum(bool(r["duplicate_of"]) for r in local) >= 8, "the reprints are found"
    multi = [s for s in {r["story_id"] for r in local} if sum(r["story_id"] == s for r in local) > 1]
    assert len(multi) >= 5 and sum(bool(r["entities"]) for r in local) >= len(local) // 2


# --- the command line -------------------------------------------------------------------------
@needs_spark
@pytest.mark.slow
def test_cli_ingests_on_spark(tmp_path: Path, examples_dir: Path, executor: spark_run.SparkExecutor) -> None:
    db = tmp_path / "cli.db"
    args = ["ingest", str(examples_dir), "--db", str(db), "--no-progress", "--no-enrich", "--json"]
    r = CliRunner().invoke(app, [*args, "--engine", "spark", "--master", MASTER])
    assert r.exit_code == 0, r.output
    summary = json.loads(r.stdout.strip().splitlines()[-1])
    assert summary["records"] >= 5 and summary["quarantined"] == 0
    store = open_store(db)
    try:
        assert store.stats().articles == summary["stored"] + summary["reprints"] > 0
    finally:
        store.close()
    again = marsad.ingest(examples_dir, db=db)  # the local engine agrees that nothing is left to do
    assert again.inputs_unchanged == again.inputs and again.stored == 0


def test_cli_says_why_spark_cannot_run(
    tmp_path: Path, examples_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reason = "the spark engine needs pyspark: pip install 'marsad[spark]'"
    monkeypatch.setattr(spark_run, "spark_unavailable", lambda: reason)
    db = tmp_path / "none.db"
    r = CliRunner().invoke(app, ["ingest", str(examples_dir), "--db", str(db), "--engine", "spark"])
    assert r.exit_code == 1 and r.stderr.strip() == f"marsad: error: {reason}"
    assert not db.exists()  # nothing was started or written
    r = CliRunner().invoke(app, ["ingest", str(examples_dir), "--db", str(db), "--master", MASTER])
    assert r.exit_code == 1 and "--master needs --engine spark" in r.stderr
    # a wrong cluster address fails in seconds with a sentence, before Spark or the store start
    monkeypatch.setattr(spark_run, "spark_unavailable", lambda: None)
    bad = "spark://127.0.0.1:1"
    r = CliRunner().invoke(
        app, ["ingest", str(examples_dir), "--db", str(db), "--engine", "spark", "--master", bad]
    )
    assert r.exit_code == 1 and r.stderr.strip() == f"marsad: error: cannot reach the Spark master at {bad}"
    assert not db.exists()
