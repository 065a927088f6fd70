"""The CLI as a user runs it: one JSON object per page, JSONL for several, one-line errors; the
stories of a store filled by `marsad ingest`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from testpaths import EXAMPLES


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
