"""Ingest: idempotency, exact counts after a kill and resume, quarantine and retry, parallelism.

A small stand-in pipeline (first line → title, other lines → paragraphs) keeps these tests about
ingest, not about the extractor; one test runs the real default pipeline through the CLI.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from marsad.cli import app
from marsad.errors import ExtractError
from marsad.model import Article, Block, Label
from marsad.pipeline import MapStep, Pipeline
from marsad.run.ingest import ingest, progress_key, retry_quarantine
from marsad.store import open_store


def lines_to_article(a: Article) -> Article:
    assert a.page is not None and a.page.text is not None
    lines = [x for x in a.page.text.splitlines() if x.strip()]
    if any("FAIL" in x for x in lines):
        raise ExtractError("marked to fail")
    a.title = lines[0]
    a.blocks = [Block(0, lines[0], Label.TITLE)] + [
        Block(i, x, Label.PARAGRAPH) for i, x in enumerate(lines[1:], 1)
    ]
    a.language = "ar"
    return a


def simple_pipeline(enrich: bool) -> Pipeline:
    return Pipeline([MapStep("extract", lines_to_article, provides=frozenset({"blocks"}))])


def write_inputs(root: Path, n_files: int = 6, n_records: int = 20) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for i in range(n_files):
        (root / f"page{i:02d}.txt").write_text(
            f"عنوان الصفحة رقم {i}\nنص الخبر {i} عن موسكو والقاهرة.\n", "utf-8"
        )
    with (root / "feed.jsonl").open("w", encoding="utf-8") as fh:
        for i in range(n_records):
            fh.write(
                json.dumps({"url": f"https://example.org/{i}", "text": f"خبر الموجز {i}\nتفاصيل {i}."}) + "\n"
            )
    return root


def count_articles(db: Path) -> int:
    con = sqlite3.connect(db)
    try:
        return int(con.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.OperationalError:
        return 0
    finally:
        con.close()


def test_ingest_counts_and_idempotency(tmp_path: Path) -> None:
    from marsad.read import expand_inputs

    src = write_inputs(tmp_path / "in")
    (src / "copy.txt").write_text((src / "page00.txt").read_text("utf-8"), "utf-8")  # same page, new name
    (src / "bad.bin").write_bytes(b"\x00\x01\x02\x03binary")
    (src / "fail.txt").write_text("FAIL\nهذه الصفحة ترفض\n", "utf-8")
    store = open_store(tmp_path / "db.sqlite")
    s = ingest(expand_inputs([str(src)]), store, pipeline=simple_pipeline)
    assert (s.inputs, s.read, s.stored, s.already_present, s.quarantined) == (10, 29, 26, 1, 2)
    assert s.reasons == {"read: binary content, not a text or HTML page": 1, "extract: marked to fail": 1}
    assert store.stats().articles == 26
    # Again: every input is unchanged, nothing is read or stored twice.
    s2 = ingest(expand_inputs([str(src)]), store, pipeline=simple_pipeline)
    assert (s2.inputs_unchanged, s2.read, s2.stored) == (10, 0, 0)
    # Again without resume bookkeeping: every page is recognised by its hash.
    s3 = ingest(expand_inputs([str(src)]), store, pipeline=simple_pipeline, resume=False)
    assert (s3.read, s3.stored, s3.already_present, s3.quarantined) == (29, 0, 27, 2)
    assert store.stats().articles == 26
    assert len(store.list_quarantine()) == 2  # re-quarantined inputs replace their entry
    store.close()


def test_modified_input_is_read_again(tmp_path: Path) -> None:
    src = tmp_path / "one.txt"
    src.write_text("عنوان\nنص أول.\n", "utf-8")
    store = open_store(tmp_path / "db.sqlite")
    k1 = progress_key(str(src))
    assert ingest([str(src)], store, pipeline=simple_pipeline).stored == 1
    time.sleep(0.01)
    src.write_text("عنوان\nنص ثان مختلف.\n", "utf-8")
    assert progress_key(str(src)) != k1
    assert ingest([str(src)], store, pipeline=simple_pipeline).stored == 1
    assert store.stats().articles == 2
    assert progress_key("-") is None
    store.close()


def test_parallel_ingest_matches_serial(tmp_path: Path) -> None:
    from marsad.read import expand_inputs

    src = write_inputs(tmp_path / "in", n_files=5, n_records=30)
    serial = open_store(tmp_path / "a.sqlite")
    parallel = open_store(tmp_path / "b.sqlite")
    s1 = ingest(expand_inputs([str(src)]), serial, pipeline=simple_pipeline, workers=1)
    s2 = ingest(expand_inputs([str(src)]), parallel, pipeline=simple_pipeline, workers=2, batch_size=7)
    assert s1.to_dict() == s2.to_dict()
    ids1 = [h.id for h in serial.list_articles(limit=100).items]
    ids2 = [h.id for h in parallel.list_articles(limit=100).items]
    assert ids1 == ids2 and len(ids1) == 35  # same articles, same arrival order
    serial.close()
    parallel.close()


def test_quarantine_retry(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("FAIL\nلا\n", "utf-8")
    (src / "feed.jsonl").write_text(
        json.dumps({"text": "خبر\nنص."})
        + "\n"
        + json.dumps({"text": "FAIL\nنص آخر."})
        + "\n"
        + "{not json\n",
        "utf-8",
    )
    store = open_store(tmp_path / "db.sqlite")
    s = ingest([str(src / "a.txt"), str(src / "feed.jsonl")], store, pipeline=simple_pipeline)
    assert (s.stored, s.quarantined) == (1, 3)
    q = {(e.path, e.record): e.step for e in store.list_quarantine()}
    assert q == {(str(src / "a.txt"), None): "extract", (str(src / "feed.jsonl"), 1): "extract",
                 (str(src / "feed.jsonl"), 2): "read"}  # fmt: skip
    # Fix one input, then retry: it passes and is cleared; the others are quarantined again.
    (src / "a.txt").write_text("عنوان مصلح\nنص.\n", "utf-8")
    summary, cleared = retry_quarantine(store, pipeline=simple_pipeline)
    assert (summary.read, summary.stored, summary.quarantined, cleared) == (3, 1, 2, 1)
    assert sorted(e.record for e in store.list_quarantine()) == [1, 2]
    assert store.stats().articles == 2
    store.close()


KILLABLE = textwrap.dedent(
    """
    import sys, time
    sys.path.insert(0, {tests!r})
    from test_run_ingest import lines_to_article
    from marsad.pipeline import MapStep, Pipeline
    from marsad.read import expand_inputs
    from marsad.run.ingest import ingest
    from marsad.store import open_store

    def slow(a):
        time.sleep(0.05)
        return lines_to_article(a)

    def factory(enrich):
        return Pipeline([MapStep("extract", slow)])

    store = open_store(sys.argv[1])
    ingest(expand_inputs([sys.argv[2]]), store, pipeline=factory, batch_size=3)
    """
)


@pytest.mark.slow
def test_killed_ingest_resumes_with_exact_counts(tmp_path: Path) -> None:
    src = write_inputs(tmp_path / "in", n_files=8, n_records=40)
    with (src / "feed.jsonl").open("a", encoding="utf-8") as fh:
        fh.write('{"text": "FAIL\\nمرفوض"}\n')  # record 40: quarantined, exactly once overall
    total_good = 8 + 40
    db = tmp_path / "db.sqlite"
    script = tmp_path / "killable.py"
    script.write_text(KILLABLE.format(tests=str(Path(__file__).parent)), "utf-8")
    proc = subprocess.Popen([sys.executable, str(script), str(db), str(src)], env={**os.environ})
    deadline = time.monotonic() + 60
    while count_articles(db) < 12 and time.monotonic() < deadline:
        assert proc.poll() is None, "ingest finished before it could be killed"
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    before = count_articles(db)
    assert 12 <= before < total_good, before

    from marsad.read import expand_inputs

    store = open_store(db)
    s = ingest(expand_inputs([str(src)]), store, pipeline=simple_pipeline)
    assert store.stats().articles == total_good  # nothing lost
    assert s.stored == total_good - before  # nothing stored twice …
    assert s.already_present == 0  # … or even extracted twice
    assert s.quarantined == 1 and len(store.list_quarantine()) == 1
    again = ingest(expand_inputs([str(src)]), store, pipeline=simple_pipeline)
    assert (again.read, again.stored, again.inputs_unchanged) == (0, 0, 9)
    store.close()


def test_cli_ingest_search_export_quarantine(tmp_path: Path) -> None:
    """The real default pipeline, through the command line."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(
        "وصول وفد إلى موسكو\n\nأعلنت وزارة الخارجية أن وفدا من كوريا الشمالية وصل إلى موسكو لإجراء محادثات"
        " حول التعاون الاقتصادي بين البلدين في الأسابيع المقبلة.\n\nوقال المتحدث إن الزيارة تستمر ثلاثة أيام.\n",
        "utf-8",
    )
    (src / "b.bin").write_bytes(b"\x00\x00\x01binary")
    db = str(tmp_path / "cli.db")
    runner = CliRunner()
    r = runner.invoke(app, ["ingest", str(src), "--db", db, "--no-progress", "--no-enrich", "--json"])
    assert r.exit_code == 0, r.output
    summary = json.loads(r.stdout.strip().splitlines()[-1])
    assert (summary["records"], summary["stored"], summary["quarantined"]) == (2, 1, 1)
    r = runner.invoke(app, ["search", "لموسكو", "--db", db])
    assert r.exit_code == 0, r.output
    hits = json.loads(r.stdout)
    assert len(hits) == 1 and set(hits[0]) == {
        "id",
        "title",
        "outlet",
        "published",
        "snippet",
        "score",
        "story",
        "reprints",
        "reprint_outlets",
    }
    assert "<mark>موسكو</mark>" in hits[0]["snippet"]
    r = runner.invoke(app, ["search", "موسكو", "--format", "table", "--db", db])
    assert r.exit_code == 0 and "1 articles" in r.stdout
    out = tmp_path / "out.jsonl"
    r = runner.invoke(app, ["export", "--format", "jsonl", "--out", str(out), "--db", db])
    assert r.exit_code == 0 and len(out.read_text("utf-8").splitlines()) == 1
    r = runner.invoke(app, ["quarantine", "--db", db, "--format", "json"])
    assert r.exit_code == 0 and json.loads(r.stdout)[0]["step"] == "read"
