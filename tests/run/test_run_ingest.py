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
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from marsad.cli import app
from marsad.config import SETTINGS
from marsad.errors import ExtractError
from marsad.model import Article, Block, Label
from marsad.pipeline import MapStep, Pipeline
from marsad.run.ingest import IngestSummary, ingest, progress_key, retry_quarantine
from marsad.store import Store, open_store
from testpaths import backend_params, open_backend


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
    assert sorted(e.record or 0 for e in store.list_quarantine()) == [1, 2]
    assert store.stats().articles == 2
    store.close()


KILLABLE = textwrap.dedent(
    """
    import sys, time
    sys.path[:0] = [{tests!r}, {root!r}]
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
    script.write_text(
        KILLABLE.format(tests=str(Path(__file__).parent), root=str(Path(__file__).parents[1])), "utf-8"
    )
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


# --- the ledger: every record ends somewhere, on both backends --------------------------------
@pytest.fixture(params=backend_params())
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    yield from open_backend(request.param, tmp_path)


def mixed_inputs(root: Path) -> list[str]:
    """Pages, a JSONL feed, a copy of a page under another name, a binary file, a failing page."""
    from marsad.read import expand_inputs

    src = write_inputs(root, n_files=4, n_records=12)
    (src / "copy.txt").write_text((src / "page00.txt").read_text("utf-8"), "utf-8")
    (src / "bad.bin").write_bytes(b"\x00\x01\x02\x03binary")
    (src / "fail.txt").write_text("FAIL\nهذه الصفحة ترفض\n", "utf-8")
    with (src / "feed.jsonl").open("a", encoding="utf-8") as fh:
        fh.write("{not json\n")
    return expand_inputs([str(src)])


REASON_NOT_JSON = (
    "read: line 13: invalid JSON: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"
)


def assert_ledger_matches(store: Store, s: IngestSummary) -> None:
    """The ledger's counts are the summary's: records = stored + duplicate + quarantined."""
    c = store.ledger_counts()
    assert c.records == c.stored + c.duplicate + c.quarantined == sum(1 for _ in store.ledger())
    assert (c.records, c.stored, c.duplicate, c.quarantined) == (
        s.records,
        s.stored,
        s.duplicates,
        s.quarantined,
    )
    assert c.by_reason == dict(s.reasons)


def test_every_record_ends_in_the_ledger(any_store: Store, tmp_path: Path) -> None:
    inputs = mixed_inputs(tmp_path / "in")
    s = ingest(inputs, any_store, pipeline=simple_pipeline, batch_size=5)
    assert (s.records, s.stored, s.duplicates, s.quarantined) == (20, 16, 1, 3)
    assert s.records == s.stored + s.duplicates + s.quarantined and s.error is None
    assert_ledger_matches(any_store, s)
    by_key = {(e.input, e.record): e for e in any_store.ledger()}
    feed, copy = str(tmp_path / "in" / "feed.jsonl"), str(tmp_path / "in" / "copy.txt")
    assert by_key[(feed, 12)].outcome == "quarantined" and by_key[(feed, 12)].reason == REASON_NOT_JSON
    # copy.txt comes first (inputs are sorted): it stores the page, page00.txt is its duplicate.
    page00 = str(tmp_path / "in" / "page00.txt")
    assert (by_key[(copy, 0)].outcome, by_key[(page00, 0)].outcome) == ("stored", "duplicate")
    assert by_key[(copy, 0)].article == by_key[(page00, 0)].article
    assert [e.record for e in any_store.ledger(input=feed)] == list(range(13))
    assert len(by_key) == 7 + 13  # seven single-page inputs, thirteen feed records
    rows = sum(1 for _ in any_store.ledger())
    # A re-run over the same inputs: nothing new, the same rows.
    again = ingest(inputs, any_store, pipeline=simple_pipeline)
    assert (again.records, again.stored, again.inputs_unchanged) == (0, 0, len(inputs))
    assert sum(1 for _ in any_store.ledger()) == rows
    # Without resume bookkeeping every record is read again: still stored 0, still one row each,
    # and the records that stored their article keep "stored".
    third = ingest(inputs, any_store, pipeline=simple_pipeline, resume=False)
    assert (third.records, third.stored, third.duplicates, third.quarantined) == (20, 0, 17, 3)
    assert {(e.input, e.record): e for e in any_store.ledger()} == by_key
    assert any_store.stats().articles == 16


def test_a_run_stopped_by_an_error_reports_what_it_committed(any_store: Store, tmp_path: Path) -> None:
    from marsad.read import read_path

    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        "".join(json.dumps({"text": f"خبر {i}\nتفاصيل الخبر رقم {i}."}) + "\n" for i in range(30)), "utf-8"
    )

    def breaking(path: str) -> Iterator[Article]:
        for i, a in enumerate(read_path(path, settings=SETTINGS)):
            if i == 13:
                raise OSError("the disk went away")
            yield a

    summary = IngestSummary()
    with pytest.raises(OSError, match="disk went away"):
        ingest(
            [str(feed)], any_store, pipeline=simple_pipeline, reader=breaking, batch_size=5, summary=summary
        )
    # Two batches of five were committed before the reader broke; the three read after them not.
    assert (summary.records, summary.stored, summary.error) == (10, 10, "OSError: the disk went away")
    assert_ledger_matches(any_store, summary)
    assert any_store.stats().articles == 10
    # The next run resumes after the committed records: every record once, nothing twice.
    rest = ingest([str(feed)], any_store, pipeline=simple_pipeline)
    assert (rest.resumed, rest.records, rest.stored, rest.duplicates) == (10, 20, 20, 0)
    c = any_store.ledger_counts()
    assert (c.records, c.stored) == (30, 30) and any_store.stats().articles == 30
    assert [e.record for e in any_store.ledger()] == list(range(30))


def test_pages_given_in_memory_are_named_by_url(any_store: Store) -> None:
    """The REST API's road: each page is its own input, named by its URL (else id, else content)."""
    from marsad.read import read_bytes
    from marsad.run.ingest import ingest_articles

    def post(*records: dict[str, str]) -> IngestSummary:
        body = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8")
        return ingest_articles(read_bytes(body, settings=SETTINGS), any_store, corpus=False)

    a = {"url": "https://example.org/a", "text": "خبر أول\nتفاصيل الخبر الأول."}
    b = {"id": "b-1", "text": "خبر ثان\nتفاصيل الخبر الثاني."}
    c = {"text": "خبر ثالث\nتفاصيل الخبر الثالث."}
    bad = {"url": "https://example.org/bad", "text": "خبر\nنص", "published": "not a date"}
    s = post(a, b, c, bad)
    assert (s.records, s.stored, s.quarantined) == (4, 3, 1)
    names = {e.input: e for e in any_store.ledger()}
    shas = [n for n in names if n.startswith("sha:")]
    assert len(shas) == 1 and shas[0] == f"sha:{names[shas[0]].article}"  # named by its content
    assert set(names) - set(shas) == {"https://example.org/a", "id:b-1", "https://example.org/bad"}
    assert names["https://example.org/bad"].outcome == "quarantined"
    assert all(e.record == 0 for e in names.values())
    again = post(a, b, c)  # posted again: stored 0, the same entries
    assert (again.stored, again.duplicates) == (0, 3)
    assert {e.input: e for e in any_store.ledger()} == names


def test_ctrl_c_while_a_batch_commits_waits_until_it_is_counted(
    tmp_path: Path, ctrl_c_delivered: None
) -> None:
    """SIGINT arriving while a batch is written and counted is delivered after it: the summary
    then holds the whole batch, as the store and its ledger do."""
    from marsad.run.ingest import RecordResult

    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps({"text": f"خبر {i}\nتفاصيل {i}."}) + "\n" for i in range(12)), "utf-8")
    store = open_store(tmp_path / "db.sqlite")

    def interrupt_once(r: RecordResult) -> None:
        if r.record == 1:  # the first record of the first batch: its COMMIT is done, counting begins
            os.kill(os.getpid(), signal.SIGINT)

    summary = IngestSummary()
    with pytest.raises(KeyboardInterrupt):
        ingest(
            [str(feed)],
            store,
            pipeline=simple_pipeline,
            batch_size=5,
            on_result=interrupt_once,
            summary=summary,
        )
    assert (summary.records, summary.stored, summary.error) == (5, 5, "interrupted")
    assert_ledger_matches(store, summary)
    store.close()
