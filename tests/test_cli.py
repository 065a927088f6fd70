"""The CLI as a user runs it: one JSON object per page, JSONL for several, one-line errors; the
stories of a store filled by `marsad ingest`."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from testpaths import EXAMPLES, PG_URL, backend_params


def marsad(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "marsad", *args], input=stdin, capture_output=True, timeout=300, check=False
    )


def test_one_page_gives_one_json_object() -> None:
    r = marsad("extract", str(EXAMPLES / "al-ufuq-water-talks.txt"), "--format", "json")
    assert r.returncode == 0, r.stderr.decode()
    d = json.loads(r.stdout)
    assert d["language"] == "ar" and d["title"] and d["paragraphs"]
    assert d["source"]["format"] == "text"


def test_several_pages_give_jsonl_with_every_record() -> None:
    r = marsad("extract", str(EXAMPLES))
    assert r.returncode == 0, r.stderr.decode()
    rows = [json.loads(x) for x in r.stdout.decode().splitlines() if x.strip()]
    # five pages + two JSONL records, none refused
    assert len(rows) == 7
    assert all(row.get("rejected") is None and row["title"] for row in rows)


def test_stdin_plain_text() -> None:
    r = marsad(
        "extract", "-", "--format", "text", stdin="عنوان\n\nقال الوزير إن المحادثات مثمرة جدا.\n".encode()
    )
    assert r.returncode == 0, r.stderr.decode()
    assert "المحادثات" in r.stdout.decode()


def test_missing_file_is_a_one_line_error(tmp_path: Path) -> None:
    r = marsad("extract", str(tmp_path / "missing.txt"))
    assert r.returncode != 0
    err = r.stderr.decode().strip()
    assert err.startswith("marsad: error:") and "cannot open" in err
    assert "Traceback" not in err and len(err.splitlines()) == 1


def test_binary_file_is_refused_without_traceback(tmp_path: Path) -> None:
    p = tmp_path / "image.png"
    p.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 10)
    r = marsad("extract", str(p))
    assert r.returncode != 0 and b"binary" in r.stderr and b"Traceback" not in r.stderr


def test_mixed_directory_extracts_the_good_and_reports_the_bad(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_bytes((EXAMPLES / "gulf-herald-water-talks.txt").read_bytes())
    (tmp_path / "empty.txt").write_bytes(b"")
    r = marsad("extract", str(tmp_path), "--format", "jsonl")
    assert r.returncode == 0
    rows = [json.loads(x) for x in r.stdout.decode().splitlines()]
    assert sorted(bool(row.get("rejected")) for row in rows) == [False, True]
    assert b"quarantined" in r.stderr


def test_python_api_extract_is_the_function_even_after_stage_imports() -> None:
    import marsad
    import marsad.extract.step  # loads the stage package's modules

    assert callable(marsad.extract)
    a = marsad.extract(EXAMPLES / "gulf-herald-water-talks.txt")
    assert a.language == "en" and a.paragraphs


# --- marsad stories ----------------------------------------------------------------------------
def _story_store(tmp_path: Path) -> Path:
    """A store filled by `marsad ingest` from the serve samples' reports (as JSONL)."""
    samples = str(Path(__file__).resolve().parent / "serve")
    if samples not in sys.path:
        sys.path.insert(0, samples)
    from serve_samples import STORY_RECORDS, jsonl

    src = tmp_path / "reports.jsonl"
    src.write_bytes(jsonl(STORY_RECORDS))
    db = tmp_path / "stories.db"
    r = marsad("ingest", str(src), "--db", str(db), "--no-progress")
    assert r.returncode == 0, r.stderr.decode()
    return db


def test_stories_json_and_table(tmp_path: Path) -> None:
    db = _story_store(tmp_path)
    r = marsad("stories", "--db", str(db), "--format", "json")
    assert r.returncode == 0, r.stderr.decode()
    body = json.loads(r.stdout)
    assert body["total"] == 3 and [s["article_count"] for s in body["stories"]] == [4, 1, 1]
    fire = body["stories"][0]
    assert set(fire["outlets"]) == {"الأفق", "الساحل اليوم", "المنارة", "وكالة البرق"}
    assert (fire["first_seen"], fire["last_seen"]) == ("2024-04-08", "2024-04-09")
    for args, n in (
        (["--min-articles", "2"], 1),
        (["--outlet", "المنارة"], 1),
        (["--since", "2024-04-10"], 2),
        (["--until", "2024-04-09"], 1),
        (["--entity", "خالد العمري"], 1),
        (["--limit", "1", "--offset", "2"], 1),
    ):
        got = json.loads(marsad("stories", "--db", str(db), "--format", "json", *args).stdout)
        assert (got["total"] if "--limit" not in args else len(got["stories"])) == n, args
    # the table: a row per story, the whole id, the bidi override shown as a marker
    table = subprocess.run(
        [sys.executable, "-m", "marsad", "stories", "--db", str(db)],
        capture_output=True, timeout=300, check=False, env={**os.environ, "COLUMNS": "200"},
    )  # fmt: skip
    out = table.stdout.decode()
    assert table.returncode == 0 and "3 stories" in out
    assert all(s["id"] in out for s in body["stories"])
    assert fire["title"] in out and "وكالة البرق" in out
    assert "\u202e" not in out and "[U+202E]" in out


def test_stories_without_a_store_is_a_one_line_error(tmp_path: Path) -> None:
    r = marsad("stories", "--db", str(tmp_path / "none.db"))
    err = r.stderr.decode().strip()
    assert r.returncode != 0 and err.startswith("marsad: error: no store at") and len(err.splitlines()) == 1


# --- marsad ingest --json and marsad ledger -----------------------------------------------------
def _feed(path: Path, n: int) -> Path:
    """A JSONL feed of n short news records (real pages for the real extractor)."""
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            text = f"خبر رقم {i} عن المياه\n\nقال وزير الخارجية إن المحادثات رقم {i} حول تقاسم المياه ستستمر الأسبوع المقبل."
            fh.write(json.dumps({"url": f"https://example.org/{i}", "text": text}, ensure_ascii=False) + "\n")
    return path


@pytest.fixture(params=backend_params())
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A store URL another process can open: a SQLite path, or a throwaway PostgreSQL schema."""
    if request.param == "sqlite":
        yield str(tmp_path / "cli.db")
        return
    import uuid

    import psycopg

    assert PG_URL is not None
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    sep = "&" if "?" in PG_URL else "?"
    yield f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def _ledger_rows(db: str) -> int:
    from marsad.errors import StoreError
    from marsad.store import open_store

    try:
        store = open_store(db)
    except StoreError:
        return 0  # not created yet (or locked while it is)
    try:
        return store.ledger_counts().records
    finally:
        store.close()


def test_ingest_interrupted_by_ctrl_c_still_reports_what_it_committed(
    tmp_path: Path, db_url: str, ctrl_c_delivered: None
) -> None:
    from marsad.store import open_store

    feed = _feed(tmp_path / "feed.jsonl", 900)
    proc = subprocess.Popen(
        [sys.executable, "-m", "marsad", "ingest", str(feed), "--db", db_url, "--no-enrich", "--no-progress", "--json"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while _ledger_rows(db_url) == 0 and time.monotonic() < deadline:
        assert proc.poll() is None, "ingest finished before it could be interrupted"
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err.decode()
    assert "marsad: interrupted" in err.decode()
    report = json.loads(out.decode().strip().splitlines()[-1])
    assert report["error"] == "interrupted" and 0 < report["records"] < 900
    assert report["records"] == report["stored"] + report["duplicates"] + report["quarantined"]
    store = open_store(db_url)
    try:
        c = store.ledger_counts()
        assert (c.records, c.stored, c.duplicate, c.quarantined) == (
            report["records"], report["stored"], report["duplicates"], report["quarantined"],
        )  # fmt: skip
        assert store.stats().articles == report["stored"] + report["reprints"]
    finally:
        store.close()
    # The next run takes the rest: every record once in the ledger, nothing stored twice.
    rest = marsad("ingest", str(feed), "--db", db_url, "--no-enrich", "--no-progress", "--json")
    assert rest.returncode == 0, rest.stderr.decode()
    final = json.loads(rest.stdout.decode().strip().splitlines()[-1])
    assert final["resumed"] == report["records"] and final["records"] == 900 - report["records"]
    store = open_store(db_url)
    try:
        assert store.ledger_counts().records == 900 == sum(1 for _ in store.ledger())
    finally:
        store.close()


def test_ingest_json_line_on_an_error_before_any_record(tmp_path: Path) -> None:
    r = marsad("ingest", str(tmp_path / "nothing-here-*.txt"), "--db", str(tmp_path / "x.db"), "--json")
    assert r.returncode != 0 and r.stderr.decode().startswith("marsad: error: no input found")
    report = json.loads(r.stdout.decode().strip().splitlines()[-1])
    assert report["error"] == "no input found" and (report["inputs"], report["records"]) == (0, 0)
    assert set(report) >= {"inputs", "records", "stored", "duplicates", "quarantined", "by_reason"}


def test_ledger_formats_and_filters(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for name in ("al-ufuq-water-talks.txt", "wire-batch.jsonl"):
        (src / name).write_bytes((EXAMPLES / name).read_bytes())
    (src / "copy.txt").write_bytes((EXAMPLES / "al-ufuq-water-talks.txt").read_bytes())
    (src / "bad.bin").write_bytes(b"\x00\x01\x02binary")
    db = str(tmp_path / "l.db")
    r = marsad("ingest", str(src), "--db", db, "--no-enrich", "--no-progress", "--json")
    report = json.loads(r.stdout.decode().strip().splitlines()[-1])
    assert (report["records"], report["stored"], report["duplicates"], report["quarantined"]) == (5, 3, 1, 1)

    r = marsad("ledger", "--db", db, "--format", "jsonl")
    assert r.returncode == 0, r.stderr.decode()
    rows = [json.loads(line) for line in r.stdout.decode().splitlines()]
    assert sorted((Path(e["input"]).name, e["record"], e["outcome"]) for e in rows) == [
        ("al-ufuq-water-talks.txt", 0, "stored"),
        ("bad.bin", 0, "quarantined"),
        ("copy.txt", 0, "duplicate"),  # the same page under another name
        ("wire-batch.jsonl", 0, "stored"),
        ("wire-batch.jsonl", 1, "stored"),
    ]
    bad = next(e for e in rows if e["outcome"] == "quarantined")
    assert bad["article"] is None and bad["reason"].startswith("read: binary content")

    r = marsad("ledger", "--db", db, "--format", "json", "--outcome", "stored")
    body = json.loads(r.stdout)
    assert body["counts"] == {
        "inputs": 4, "records": 5, "stored": 3, "duplicate": 1, "quarantined": 1,
        "by_reason": {bad["reason"]: 1},
    }  # fmt: skip
    assert [e["outcome"] for e in body["entries"]] == ["stored"] * 3
    r = marsad("ledger", "--db", db, "--format", "jsonl", "--input", str(src / "wire-batch.jsonl"))
    assert [json.loads(x)["record"] for x in r.stdout.decode().splitlines()] == [0, 1]

    table = subprocess.run(
        [sys.executable, "-m", "marsad", "ledger", "--db", db, "--limit", "2"],
        capture_output=True, timeout=300, check=False, env={**os.environ, "COLUMNS": "200"},
    )  # fmt: skip
    out = table.stdout.decode()
    assert table.returncode == 0
    assert "5 records from 4 inputs: 3 stored, 1 duplicate, 1 quarantined" in out
    assert len([line for line in out.splitlines() if " stored " in line or " duplicate " in line]) <= 2
    assert "quarantined 1 × read: binary content" in out
    assert "showing 2 entries" in table.stderr.decode()


def test_ledger_without_a_store_is_a_one_line_error(tmp_path: Path) -> None:
    r = marsad("ledger", "--db", str(tmp_path / "none.db"))
    err = r.stderr.decode().strip()
    assert r.returncode != 0 and err.startswith("marsad: error: no store at") and len(err.splitlines()) == 1
    assert not (tmp_path / "none.db").exists()


def test_version_and_short_help() -> None:
    from importlib.metadata import version

    r = marsad("--version")
    assert r.returncode == 0 and r.stdout.decode().strip() == f"marsad {version('marsad')}"
    for args in (("-h",), ("export", "-h"), ("ingest", "-h")):
        r = marsad(*args)
        assert r.returncode == 0 and "Usage: marsad" in r.stdout.decode(), args


@pytest.mark.parametrize("command", [["export", "--out", "OUT"], ["quarantine"], ["ledger"]])
def test_reading_commands_refuse_a_missing_store_and_create_none(tmp_path: Path, command: list[str]) -> None:
    """A misspelt --db must not leave an empty new store behind (only `ingest` creates one)."""
    db = tmp_path / "typo.db"
    args = [str(tmp_path / "out.jsonl") if a == "OUT" else a for a in command]
    r = marsad(*args, "--db", str(db))
    err = r.stderr.decode().strip()
    assert r.returncode != 0 and err.startswith("marsad: error: no store at"), err
    assert not db.exists() and not (tmp_path / "out.jsonl").exists()


@pytest.mark.parametrize("command", [["search", "x"], ["stories"]])
@pytest.mark.parametrize("value", ["yesterday", "2024-13-45", "2024-02-30"])
def test_dates_that_are_not_dates_are_refused(tmp_path: Path, command: list[str], value: str) -> None:
    """`--since yesterday` used to return nothing with exit 0: now a usage error naming the forms."""
    from marsad.store import open_store

    open_store(str(tmp_path / "s.db")).close()
    r = marsad(*command, "--since", value, "--db", str(tmp_path / "s.db"))
    err = r.stderr.decode()
    assert r.returncode == 2 and "is not a date" in err and "YYYY-MM-DD" in err, err
    ok = marsad(*command, "--since", "2024-02-29", "--db", str(tmp_path / "s.db"), "--format", "json")
    assert ok.returncode == 0, ok.stderr.decode()


def test_serve_refuses_a_missing_store_and_a_busy_port_before_printing_a_url(tmp_path: Path) -> None:
    import socket

    from marsad.store import open_store

    r = marsad("serve", "--db", str(tmp_path / "typo.db"))
    assert r.returncode != 0 and "no store at" in r.stderr.decode() and not (tmp_path / "typo.db").exists()
    open_store(str(tmp_path / "s.db")).close()
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        r = marsad("serve", "--db", str(tmp_path / "s.db"), "--port", str(port))
    assert r.returncode != 0 and f"cannot listen on 127.0.0.1:{port}" in r.stderr.decode(), r.stderr.decode()
    assert b"http://" not in r.stdout


def test_ingest_progress_counts_records_and_quarantined_as_they_go(tmp_path: Path) -> None:
    """The progress line of a JSONL ingest names records, rate, stored and quarantined so far."""
    feed = _feed(tmp_path / "feed.jsonl", 6)
    with feed.open("a", encoding="utf-8") as f:
        f.write("{not json\n")
    r = subprocess.run(
        [sys.executable, "-m", "marsad", "ingest", str(feed), "--db", str(tmp_path / "p.db"), "--no-enrich"],
        capture_output=True, env={**os.environ, "COLUMNS": "160"}, check=False,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    shown = (r.stdout + r.stderr).decode()
    line = next(x for x in shown.splitlines() if x.startswith("ingest"))
    assert "7 records" in line and "6 stored" in line and "1 quarantined" in line, line
    assert "/s" in line


# --- marsad search: the query language (issue 13.3) ------------------------------------------------
def test_search_query_language_sort_and_malformed_query(tmp_path: Path) -> None:
    db = str(_story_store(tmp_path))
    runs = {
        sort: json.loads(marsad("search", '"ميناء الريحان"', "--sort", sort, "--db", db).stdout)
        for sort in ("date", "date_asc")
    }
    days = [h["published"][:10] for h in runs["date_asc"]]
    assert len(days) == 3 and days == sorted(days) and days[-1] == "2024-04-09"
    assert runs["date"][0]["id"] == runs["date_asc"][-1]["id"]
    reversed_phrase = json.loads(marsad("search", '"الريحان ميناء"', "--db", db).stdout)
    assert reversed_phrase == []
    for bad, why in (("ميناء OR", "OR needs something"), ('"ميناء', "unbalanced quote"), ("؟", "nothing")):
        r = marsad("search", bad, "--db", db)
        err = r.stderr.decode().strip()
        assert r.returncode == 2 and err.startswith("marsad: error: bad query:") and why in err, err
        assert "Traceback" not in err and len(err.splitlines()) == 1
    r = marsad("search", "ميناء", "--sort", "size", "--db", db)
    assert r.returncode == 2 and "size" in r.stderr.decode()


def test_search_table_shows_whole_ids_on_a_narrow_terminal(tmp_path: Path) -> None:
    db = str(_story_store(tmp_path))
    hits = json.loads(marsad("search", "ميناء", "--db", db).stdout)
    r = subprocess.run(
        [sys.executable, "-m", "marsad", "search", "ميناء", "--db", db, "--format", "table"],
        capture_output=True, env={**os.environ, "COLUMNS": "80"}, check=False,
    )  # fmt: skip
    shown = r.stdout.decode()
    assert r.returncode == 0 and hits, r.stderr
    assert all(h["id"] in shown for h in hits), shown
