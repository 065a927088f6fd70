"""`marsad curate …` as a user runs it, on both backends: corrections made after one ingest hold
when the same pages and new ones are ingested again with --enrich; the log says who did what;
undo restores; bad requests exit non-zero with a one-line message."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "serve"))

from serve_samples import STORY_RECORDS, filled_db, jsonl

from marsad.store import open_store
from testpaths import backend_params

FIRST = [r for r in STORY_RECORDS if r["id"] in ("fire_a", "match")]


def marsad(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "marsad", *args], capture_output=True, text=True, timeout=300, check=False
    )


def ok(*args: str) -> str:
    r = marsad(*args)
    assert r.returncode == 0, r.stderr
    return r.stdout


def refused(*args: str) -> str:
    r = marsad(*args)
    err = r.stderr.strip()
    assert r.returncode != 0 and err.startswith("marsad: error:"), (r.returncode, err)
    assert "Traceback" not in err and len(err.splitlines()) == 1, err
    return err


@pytest.fixture(params=backend_params())
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty store's URL (a SQLite file, or a throwaway PostgreSQL schema)."""
    with filled_db(request.param, tmp_path, fill_with=lambda _store: {}) as (url, _ids):
        yield url


def ingest(db: str, path: Path, records: list[dict[str, str]]) -> None:
    path.write_bytes(jsonl(records))
    ok("ingest", str(path), "--db", db, "--enrich")


def entry(stdout: str) -> dict[str, Any]:
    out: dict[str, Any] = json.loads(stdout)
    return out


def test_corrections_survive_ingesting_again_with_enrich(db: str, tmp_path: Path) -> None:
    ingest(db, tmp_path / "first.jsonl", FIRST)
    hide = entry(ok("curate", "hide", "الريحان", "--db", db, "--who", "layla"))
    rename = entry(
        ok("curate", "rename", "خالد العمري", "--latin", "Khaled al-Omari", "--db", db, "--who", "layla")
    )
    merge = entry(ok("curate", "merge", "كريم الحداد", "يوسف القاسم", "--db", db, "--who", "omar"))
    assert (hide["action"], rename["action"], merge["action"]) == ("hide", "rename", "merge")

    ingest(db, tmp_path / "all.jsonl", STORY_RECORDS)  # the same two pages again, and four new
    store = open_store(db)
    try:
        khalid = store.entity(rename["entity"])
        assert khalid is not None and khalid.latin == "Khaled al-Omari" and khalid.articles == 4
        assert store.entity(hide["entity"]) is None
        assert "الريحان" not in {e.name for e in store.entities(limit=200)}
        survivor = store.entity(merge["entity"])
        assert survivor is not None and survivor.id == merge["target"]
    finally:
        store.close()

    log = json.loads(ok("curate", "log", "--db", db, "-f", "json"))
    assert [(e["id"], e["who"], e["action"]) for e in log] == [
        (merge["id"], "omar", "merge"), (rename["id"], "layla", "rename"), (hide["id"], "layla", "hide"),
    ]  # fmt: skip
    undone = entry(ok("curate", "undo", str(hide["id"]), "--db", db, "--who", "omar"))
    assert undone["undone_by"] == "omar"
    store = open_store(db)
    try:
        port = store.entity(hide["entity"])
        assert port is not None and port.articles == 4  # the pages ingested after the hide too
    finally:
        store.close()
    assert "undone" in ok("curate", "log", "--db", db)


def test_bad_requests_exit_non_zero_with_a_reason(db: str, tmp_path: Path) -> None:
    ingest(db, tmp_path / "first.jsonl", FIRST)
    assert "no entity named" in refused("curate", "hide", "لا أحد", "--db", db)
    assert "--name, --latin" in refused("curate", "rename", "الريحان", "--db", db)
    assert "no curation entry" in refused("curate", "undo", "77", "--db", db)
    assert "itself" in refused("curate", "merge", "الريحان", "الريحان", "--db", db)
    first = entry(ok("curate", "hide", "الريحان", "--db", db))
    assert "hidden" in refused("curate", "hide", first["entity"], "--db", db)
    ok("curate", "undo", str(first["id"]), "--db", db)
    assert "was undone" in refused("curate", "undo", str(first["id"]), "--db", db)
    assert "no store" in refused("curate", "log", "--db", str(tmp_path / "missing.db"))
