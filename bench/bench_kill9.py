"""kill -9 at random points, then resume: the final store must equal an uninterrupted run's.

    nice -n 10 .venv/bin/python bench/bench_kill9.py [--kills 20] [--seed 0] [--workers 1]
        [--backends sqlite,postgres] [--append docs/reliability.md]

The corpus is real pages in every container the readers take: `examples/`, single HTML and text
pages, JSONL and JSON-array batches, a plain WARC, a WARC.gz with one gzip member per record, a
whole-file WARC.gz, a WET, exact copies and agency reprints (duplicates and stories), and a few
hostile inputs (quarantine rows). `marsad ingest CORPUS --no-enrich` runs once uninterrupted into
a reference store. Then, in episodes on a fresh store, the same command is started and SIGKILLed
(with its whole process group) at a seeded random point of its progress (see `kill9`), and started again,
until a run finishes on its own; each finished episode's store is compared
with the reference: article ids, duplicate_of, story, story_note, quarantine entries, per-input
progress, the story count and (when the store has one) the ledger. Episodes repeat until
`--kills` kills have landed on a live process.

PostgreSQL runs in throwaway schemas of MARSAD_TEST_PG.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import platform
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_fuzz import PgSchema, child_env, marsad_command
from fuzz_inputs import ROOT, Seeds, jsonl_lines, load_seeds, warc_of

KILLS_PER_EPISODE = 10  # kill points per episode (one corpus ingested from scratch)
POLL_S = 0.05
MAX_EPISODES = 60


def build_corpus(
    out: Path, seed: int, *, pages: int = 30, records: int = 16, seeds: Seeds | None = None
) -> Path:
    """A corpus of real pages in every container kind (see the module docstring) under `out`."""
    rng = random.Random(seed)
    s = seeds or load_seeds(seed)
    out.mkdir(parents=True, exist_ok=True)
    for p in sorted((ROOT / "examples").iterdir()):
        (out / f"example-{p.name}").write_bytes(p.read_bytes())
    for i in range(pages):
        page = rng.choice(s.pages)
        (out / f"page-{i:03d}.{'html' if page.kind == 'html' else 'txt'}").write_bytes(page.data)
    for i in range(2):
        lines = [json.dumps(o, ensure_ascii=False) for o in jsonl_lines(rng, s, records)]
        (out / f"batch-{i}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (out / "batch.json").write_text(
        json.dumps(jsonl_lines(rng, s, records // 2), ensure_ascii=False), encoding="utf-8"
    )
    (out / "crawl.warc").write_bytes(b"".join(warc_of(rng, s, records)))
    (out / "crawl-members.warc.gz").write_bytes(
        b"".join(gzip.compress(r, mtime=0) for r in warc_of(rng, s, records))
    )
    (out / "crawl-whole.warc.gz").write_bytes(gzip.compress(b"".join(warc_of(rng, s, records // 2)), mtime=0))
    (out / "text.wet").write_bytes(b"".join(warc_of(rng, s, records // 2, wet=True)))
    for i in range(4):  # exact copies (already present) and agency reprints (duplicate_of, stories)
        data = s.pages[i].data
        (out / f"copy-{i}.txt").write_bytes(data)
        (out / f"reprint-{i}.txt").write_bytes(b"Agency wire copy\n\n" + data)
    (out / "junk.bin").write_bytes(rng.randbytes(3000))
    (out / "empty.txt").write_bytes(b"")
    (out / "bad-lines.jsonl").write_bytes(b'{"url": "https://x.example/1", "text": "x"}\n{oops\n[1, 2]\n')
    (out / "cut.warc").write_bytes(b"".join(warc_of(rng, s, 3))[:-700])
    return out


# --- stores --------------------------------------------------------------------------------------
def snapshot(db: str) -> dict[str, Any]:
    """What must be equal after any number of kills: rows that say where each record ended."""
    queries = {
        "articles": "SELECT id, duplicate_of, story, story_note, path, record FROM articles ORDER BY id",
        "quarantine": "SELECT path, record, step, reason FROM quarantine ORDER BY path, record",
        "progress": "SELECT key, records, done FROM ingest_progress ORDER BY key",
        "stories": "SELECT count(*) FROM stories",
    }
    ledger = "SELECT * FROM ledger ORDER BY 1, 2"
    out: dict[str, Any] = {}
    if db.startswith("postgresql"):
        import psycopg

        with psycopg.connect(db) as c:
            for k, q in queries.items():
                out[k] = [tuple(r) for r in c.execute(q).fetchall()]
            if c.execute("SELECT to_regclass('ledger')").fetchone()[0] is not None:  # type: ignore[index]
                out["ledger"] = [tuple(str(v) for v in r) for r in c.execute(ledger).fetchall()]
        return out
    with sqlite3.connect(db) as c:
        for k, q in queries.items():
            out[k] = [tuple(r) for r in c.execute(q).fetchall()]
        if c.execute("SELECT 1 FROM sqlite_master WHERE name = 'ledger'").fetchone():
            out["ledger"] = [tuple(str(v) for v in r) for r in c.execute(ledger).fetchall()]
    return out


def differences(ref: dict[str, Any], got: dict[str, Any]) -> dict[str, Any]:
    """Per table: rows lost (in the reference only) and rows extra or changed (in `got` only)."""
    diff: dict[str, Any] = {}
    for table in ref.keys() | got.keys():
        a, b = ref.get(table, []), got.get(table, [])
        lost = [r for r in a if r not in b]
        extra = [r for r in b if r not in a]
        if lost or extra or len(a) != len(b):
            diff[table] = {"lost": lost[:5], "extra": extra[:5], "rows": (len(a), len(b))}
    return diff


class Backend:
    """Fresh stores of one kind: a SQLite file or a throwaway PostgreSQL schema."""

    def __init__(self, name: str, work: Path) -> None:
        self.name = name
        self.work = work
        self.made: list[PgSchema] = []

    def fresh(self, label: str) -> str:
        if self.name == "sqlite":
            return str(self.work / f"{label}.db")
        pg = os.environ.get("MARSAD_TEST_PG")
        assert pg, "set MARSAD_TEST_PG for the postgres backend"
        schema = PgSchema(pg)
        self.made.append(schema)
        return schema.url

    def drop(self) -> None:
        for s in self.made:
            s.drop()


# --- runs ---------------------------------------------------------------------------------------
def ingest_command(corpus: Path, db: str, workers: int) -> list[str]:
    return marsad_command("ingest", str(corpus), "--db", db, "--no-enrich", "--no-progress", "--json",
                          "--workers", str(workers))  # fmt: skip


def run_to_end(cmd: list[str]) -> tuple[float, dict[str, Any]]:
    t0 = time.monotonic()
    done = subprocess.run(cmd, capture_output=True, env=child_env(), cwd=ROOT, check=False)
    if done.returncode != 0 or b"Traceback" in done.stderr:
        raise RuntimeError(f"ingest failed ({done.returncode}): {done.stderr.decode()[-2000:]}")
    return time.monotonic() - t0, json.loads(done.stdout.decode().strip().splitlines()[-1])


def committed(db: str) -> int:
    """Rows that say where a record ended (articles + quarantine) committed so far; 0 before the
    store exists."""
    q = "SELECT (SELECT count(*) FROM articles) + (SELECT count(*) FROM quarantine)"
    try:
        if db.startswith("postgresql"):
            import psycopg

            with psycopg.connect(db, autocommit=True) as c:
                row = c.execute(q).fetchone()
        else:
            with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)) as c:
                row = c.execute(q).fetchone()
    except Exception:  # no store yet, tables not created yet, a lock: nothing committed to see
        return 0
    return int(row[0]) if row else 0


def run_killed(cmd: list[str], db: str, target: int, rng: random.Random) -> bool:
    """Start `cmd` and SIGKILL its process group once `target` rows are committed, a random
    moment later (mid-way into the next batch); target 0 kills during start-up. True if the kill
    hit a live run, False if the run finished first."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=child_env(), cwd=ROOT,
                            start_new_session=True)  # fmt: skip
    deadline = time.monotonic() + (rng.uniform(0.3, 3.0) if target == 0 else float("inf"))
    while proc.poll() is None:
        if target > 0 and committed(db) >= target:
            deadline = min(deadline, time.monotonic() + rng.uniform(0.0, 0.5))
        if time.monotonic() >= deadline:
            os.killpg(proc.pid, signal.SIGKILL)  # the ingest and its worker processes, mid-write
            proc.wait()
            return True
        time.sleep(POLL_S)
    return False


@dataclass(slots=True)
class Kill9Result:
    backend: str
    records: int
    reference_s: float
    kills: int = 0
    episodes: int = 0
    runs: int = 0
    lost: int = 0
    extra: int = 0
    mismatched_episodes: int = 0
    points: list[int] = field(default_factory=list)  # rows committed when each kill landed
    diffs: list[dict[str, Any]] = field(default_factory=list)

    @property
    def exact(self) -> bool:
        return self.mismatched_episodes == 0


def kill9(corpus: Path, backend: Backend, *, kills: int, seed: int, workers: int = 1) -> Kill9Result:
    """The reference run, then episodes of kill / resume until `kills` kills landed (see module).

    An episode draws up to KILLS_PER_EPISODE kill points as counts of committed rows (articles +
    quarantine entries, out of the reference's total; 0 = during start-up), sorted, and kills
    each run a random moment after its point is committed, so the kills spread over the whole
    ingest whatever the machine's load does to its timing.
    """
    rng = random.Random(f"{seed}:{backend.name}")
    ref_db = backend.fresh("reference")
    ref_s, summary = run_to_end(ingest_command(corpus, ref_db, workers))
    ref = snapshot(ref_db)
    total = len(ref["articles"]) + len(ref["quarantine"])
    result = Kill9Result(backend.name, summary["records"], ref_s)
    while result.kills < kills and result.episodes < MAX_EPISODES:
        result.episodes += 1
        db = backend.fresh(f"episode-{result.episodes}")
        cmd = ingest_command(corpus, db, workers)
        points = sorted(rng.randrange(total) for _ in range(min(KILLS_PER_EPISODE, kills - result.kills)))
        for point in points:
            result.runs += 1
            if not run_killed(cmd, db, point, rng):
                break  # it finished before the signal: this episode is complete
            result.kills += 1
            result.points.append(committed(db))
        run_to_end(cmd)  # resume (or confirm) to the end
        result.runs += 1
        got = snapshot(db)
        diff = differences(ref, got)
        if diff:
            result.mismatched_episodes += 1
            result.diffs.append(diff)
        ref_ids = {r[0] for r in ref["articles"]}
        ids = [r[0] for r in got["articles"]]
        result.lost += len(ref_ids - set(ids))
        result.extra += len(ids) - len(set(ids)) + len(set(ids) - ref_ids)
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    ap.add_argument("--kills", type=int, default=20)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--pages", type=int, default=16, help="single-page inputs in the corpus")
    ap.add_argument("--records", type=int, default=10, help="records per JSONL / WARC input")
    ap.add_argument(
        "--backends", default="sqlite,postgres", help="postgres is skipped without MARSAD_TEST_PG"
    )
    ap.add_argument("--append", type=Path, help="append the table to this markdown file")
    a = ap.parse_args(argv)
    t0 = time.time()
    rows = [
        "| store | records | reference run (s) | kills landed | episodes | runs | lost | duplicated/extra | final store = reference |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    notes: list[str] = []
    bad = 0
    with tempfile.TemporaryDirectory(prefix="marsad-kill9-") as tmp:
        corpus = build_corpus(Path(tmp) / "corpus", a.seed, pages=a.pages, records=a.records)
        inputs = len(list(corpus.iterdir()))
        for name in a.backends.split(","):
            if name == "postgres" and not os.environ.get("MARSAD_TEST_PG"):
                notes.append("postgres: skipped, MARSAD_TEST_PG is not set")
                continue
            backend = Backend(name, Path(tmp))
            try:
                r = kill9(corpus, backend, kills=a.kills, seed=a.seed, workers=a.workers)
            finally:
                backend.drop()
            sys.stderr.write(f"{name}: {r}\n")
            rows.append(
                f"| {name} | {r.records} | {r.reference_s:.1f} | {r.kills} | {r.episodes} | {r.runs} | {r.lost} | "
                f"{r.extra} | {'yes, every episode' if r.exact else f'NO: {r.mismatched_episodes} episode(s) differ'} |"
            )
            notes.append(
                f"{name}: rows committed (of {r.records} records) when each kill landed: {sorted(r.points)}"
            )
            notes += [
                f"{name}: episode difference {json.dumps(d, ensure_ascii=False, default=str)[:1500]}"
                for d in r.diffs
            ]
            bad += int(not r.exact or r.lost > 0 or r.extra > 0)
    lines = [
        f"Command: `nice -n 10 .venv/bin/python bench/bench_kill9.py {' '.join(argv if argv is not None else sys.argv[1:])}`"
        f" — {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {platform.node()}: {os.cpu_count()} cores,"
        f" Python {platform.python_version()}; {time.time() - t0:.0f} s wall; corpus of {inputs} inputs; workers {a.workers}.",
        "",
        *rows,
        "",
        *[f"- {n}" for n in notes],
    ]
    text = "\n".join(lines) + "\n"
    sys.stdout.write(text)
    if a.append:
        with a.append.open("a", encoding="utf-8") as f:
            f.write("\n" + text)
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
