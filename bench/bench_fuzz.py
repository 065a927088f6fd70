"""Hostile inputs down the real road: crashes, hangs, peak RSS and conservation per kind.

    nice -n 10 .venv/bin/python bench/bench_fuzz.py [--quick] [--total 10000] [--seed 0]
        [--batch 100] [--enrich] [--pg-every 4] [--failures DIR] [--append docs/reliability.md]

Inputs come from `fuzz_inputs.py` (≥ 30 kinds made from real pages, seeded). Each batch holds
inputs of one kind, written to a temporary directory and ingested by `marsad ingest DIR --json`
in a subprocess — the CLI's road — into a fresh SQLite store (and, every `--pg-every`-th batch
when MARSAD_TEST_PG is set, a throwaway PostgreSQL schema too). Per batch:

- crash: the process exits other than 0 (or 1 with everything quarantined, which the CLI does on
  purpose), prints a traceback, or prints no summary;
- hang: the process tree outlives the batch's wall-clock watchdog (killed, counted);
- peak RSS: the process tree's resident memory, sampled every 50 ms;
- conservation: the summary's read = stored + reprints + already present + quarantined; every
  input gave at least one record; the store holds stored + reprints articles and quarantined
  quarantine rows; and, when the store has a `ledger` table, its entries agree with the summary.

A failing batch is split in halves until the inputs that fail alone are found; each is copied to
`--failures` with its kind, the command and the error's last lines. Step exceptions that the road
caught and quarantined ("pipeline: …" reasons) are counted separately: no crash, but a bug.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import traceback
import uuid
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

if TYPE_CHECKING:
    import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
import contextlib

from fuzz_inputs import HEAVY, KINDS, ROOT, Seeds, generate, load_seeds

# Wall-clock allowance of a batch: process start and model loading, then per input and per MB.
# Under the shared machine's load a 100-input batch of real pages took 20-40 s (2026-12-04);
# the allowance is ~5x that so that only a real stall trips it.
WATCHDOG_BASE_S = 60.0
WATCHDOG_PER_INPUT_S = 2.0
WATCHDOG_PER_MB_S = 15.0
RSS_SAMPLE_S = 0.05
# Heavy kinds (MB-sized inputs, 10⁵ elements) take seconds per input: they get a tenth of an
# ordinary kind's count and run one input per ingest, so a hang names its input without a search.
HEAVY_WEIGHT = 0.1
HEAVY_BATCH = 1
MAX_LOCATE_RUNS = 10  # ingest runs spent per failing batch to find the inputs that fail alone
MAX_LOCATE_HANG_RUNS = 3  # a hang costs a whole watchdog per run
MAX_LOCATED = 6  # inputs kept per kind and backend: enough to reproduce, not a copy of the kind


@dataclass(slots=True)
class Outcome:
    """One `marsad ingest` run on a set of inputs."""

    crashed: bool
    hung: bool
    peak_rss: int
    seconds: float
    summary: dict[str, Any] | None
    conserved: bool
    problems: list[str]
    tail: str


@dataclass(slots=True)
class KindStats:
    inputs: int = 0
    records: int = 0
    crashes: int = 0  # batches
    hangs: int = 0
    peak_rss: int = 0
    conservation_failures: int = 0
    unchecked: int = 0  # batches that crashed or hung: no summary to check
    step_exceptions: int = 0
    batches: int = 0
    seconds: float = 0.0
    failing_inputs: list[str] = field(default_factory=list)
    reasons: Counter[str] = field(default_factory=Counter)


class Child:
    """A running `marsad` command: a fresh interpreter (`spawn`) or a fork of this warmed process.

    Forking skips the interpreter start and model loading (~5 s a run on the loaded machine,
    2026-12-04) that would otherwise dominate 100+ runs; the child runs the CLI's own `main`
    with the CLI's arguments, so the road is the same. `--spawn` runs `python -m marsad` instead.
    """

    def __init__(self, args: list[str], out: int, err: int, *, spawn: bool) -> None:
        self.returncode: int | None = None
        self._popen: subprocess.Popen[bytes] | None = None
        if spawn:
            self._popen = subprocess.Popen(
                marsad_command(*args), stdout=out, stderr=err, env=child_env(), cwd=ROOT
            )
            self.pid = self._popen.pid
            return
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # the child: the CLI, then exit without running the parent's cleanup
            code = 1
            try:
                os.dup2(out, 1)
                os.dup2(err, 2)
                sys.argv = ["marsad", *args]
                from marsad.cli import main as cli_main

                cli_main()
                code = 0
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
            except BaseException:
                traceback.print_exc()
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        self.pid = pid

    def poll(self) -> int | None:
        if self.returncode is None:
            if self._popen is not None:
                self.returncode = self._popen.poll()
            else:
                pid, status = os.waitpid(self.pid, os.WNOHANG)
                if pid:
                    self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def kill_tree(self) -> None:
        """SIGKILL the process and its children (worker processes), then reap it."""
        import psutil  # imported where used: bench_kill9 imports this module without needing it

        try:
            procs = [psutil.Process(self.pid), *psutil.Process(self.pid).children(recursive=True)]
        except psutil.Error:
            procs = []
        for p in reversed(procs):
            with contextlib.suppress(psutil.Error):
                p.kill()
        while self.poll() is None:
            time.sleep(0.01)


def _tree_rss(proc: psutil.Process) -> int:
    import psutil

    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):
            total += p.memory_info().rss
    return total


def _watch(child: Child, limit: float) -> tuple[bool, int]:
    """Wait for `child`, sampling its tree's RSS; kill the tree after `limit` s. (hung, peak)."""
    import psutil

    ps = psutil.Process(child.pid)
    peak = 0
    deadline = time.monotonic() + limit
    while child.poll() is None:
        with contextlib.suppress(psutil.Error):
            peak = max(peak, _tree_rss(ps))
        if time.monotonic() > deadline:
            child.kill_tree()
            return True, peak
        time.sleep(RSS_SAMPLE_S)
    return False, peak


def marsad_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "marsad", *args]


def child_env() -> dict[str, str]:
    """This tree's code first on the path, no colour or progress noise."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    env["NO_COLOR"] = "1"
    return env


def warm_up() -> None:
    """Load what every run loads (the CLI, the stores, the extractors' models) before forking."""
    sys.path.insert(0, str(ROOT / "src"))
    import marsad.cli
    import marsad.store.sqlite  # noqa: F401
    from marsad.api import extract_many

    pages = [p.read_bytes() for p in sorted((ROOT / "examples").iterdir())]
    for _ in extract_many(pages):
        pass


# --- stores -------------------------------------------------------------------------------------
class PgSchema:
    """A throwaway PostgreSQL schema, reached through the URL's search_path option."""

    def __init__(self, base: str) -> None:
        import psycopg

        self.base = base
        self.name = f"fuzz_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(base, autocommit=True) as c:
            c.execute(f'CREATE SCHEMA "{self.name}"')
        sep = "&" if "?" in base else "?"
        self.url = f"{base}{sep}options={quote(f'-csearch_path={self.name}')}"

    def drop(self) -> None:
        import psycopg

        with psycopg.connect(self.base, autocommit=True) as c:
            c.execute(f'DROP SCHEMA IF EXISTS "{self.name}" CASCADE')


def store_counts(db: str) -> dict[str, Any]:
    """Rows of articles and quarantine, and the ledger's entries per outcome when it exists."""
    queries = {"articles": "SELECT count(*) FROM articles", "quarantine": "SELECT count(*) FROM quarantine"}
    out: dict[str, Any] = {}
    if db.startswith("postgresql"):
        import psycopg

        with psycopg.connect(db) as c:
            for k, q in queries.items():
                out[k] = c.execute(q).fetchone()[0]  # type: ignore[index]
            if c.execute("SELECT to_regclass('ledger')").fetchone()[0] is not None:  # type: ignore[index]
                out["ledger"] = dict(
                    c.execute("SELECT outcome, count(*) FROM ledger GROUP BY outcome").fetchall()
                )
        return out
    with sqlite3.connect(db) as c:
        for k, q in queries.items():
            out[k] = c.execute(q).fetchone()[0]
        if c.execute("SELECT 1 FROM sqlite_master WHERE name = 'ledger'").fetchone():
            out["ledger"] = dict(
                c.execute("SELECT outcome, count(*) FROM ledger GROUP BY outcome").fetchall()
            )
    return out


def conservation(summary: dict[str, Any], files: int, counts: dict[str, Any]) -> list[str]:
    """What does not add up between the summary, the inputs and the store (empty: exact)."""
    s = summary
    problems = []
    ended = s["stored"] + s["duplicates"] + s["already_present"] + s["quarantined"]
    if s["records"] != ended:
        problems.append(f"read {s['read']} ≠ stored+reprints+present+quarantined {ended}")
    if s["inputs"] != files:
        problems.append(f"summary says {s['inputs']} inputs, {files} given")
    if s["records"] < files:
        problems.append(f"{files} inputs gave only {s['read']} records")
    if counts["articles"] != s["stored"] + s["duplicates"]:
        problems.append(
            f"{counts['articles']} article rows ≠ stored+reprints {s['stored'] + s['duplicates']}"
        )
    if counts["quarantine"] != s["quarantined"]:
        problems.append(f"{counts['quarantine']} quarantine rows ≠ quarantined {s['quarantined']}")
    ledger = counts.get("ledger")
    if ledger is not None:
        want = {
            "stored": s["stored"],
            "duplicate": s["duplicates"] + s["already_present"],
            "quarantined": s["quarantined"],
        }
        got = {k: int(ledger.get(k, 0)) for k in want}
        if got != want or sum(ledger.values()) != s["records"]:
            problems.append(f"ledger {dict(ledger)} ≠ summary {want}")
    return problems


# --- one run --------------------------------------------------------------------------------------
def run_ingest(paths: list[Path], db: str, *, enrich: bool, limit: float, spawn: bool = False) -> Outcome:
    """`marsad ingest` over `paths` into `db`, watched; the summary checked against the store."""
    args = ["ingest", *map(str, paths), "--db", db, "--json", "--no-progress"]
    if not enrich:
        args.append("--no-enrich")
    t0 = time.monotonic()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = Child(args, out.fileno(), err.fileno(), spawn=spawn)
        hung, peak = _watch(proc, limit)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")
    seconds = time.monotonic() - t0
    summary = None
    for line in reversed(stdout.splitlines()):
        if line.startswith("{"):
            with contextlib.suppress(ValueError):
                summary = json.loads(line)
            break
    rc = proc.returncode
    all_quarantined = (
        summary is not None and summary["records"] and summary["quarantined"] == summary["records"]
    )
    crashed = not hung and (
        summary is None or "Traceback" in stderr or not (rc == 0 or (rc == 1 and all_quarantined))
    )
    problems: list[str] = []
    if summary is not None and not hung:
        try:
            problems = conservation(summary, len(paths), store_counts(db))
        except Exception as exc:  # a store that cannot be read back is a conservation failure
            problems = [f"store unreadable: {type(exc).__name__}: {exc}"]
    tail = "\n".join((stderr.strip().splitlines() or [""])[-12:])
    return Outcome(
        crashed, hung, peak, seconds, summary, not problems and not crashed and not hung, problems, tail
    )


def watchdog(paths: list[Path]) -> float:
    mb = sum(p.stat().st_size for p in paths) / 1e6
    return WATCHDOG_BASE_S + WATCHDOG_PER_INPUT_S * len(paths) + WATCHDOG_PER_MB_S * mb


class Runner:
    def __init__(self, work: Path, *, enrich: bool, pg: str | None, failures: Path, spawn: bool) -> None:
        self.work = work
        self.spawn = spawn
        self.enrich = enrich
        self.pg = pg
        self.failures = failures
        self.runs = 0

    def once(self, paths: list[Path], backend: str) -> Outcome:
        self.runs += 1
        if backend == "sqlite":
            db = self.work / f"s{self.runs}.db"
            try:
                return run_ingest(paths, str(db), enrich=self.enrich, limit=watchdog(paths), spawn=self.spawn)
            finally:
                for p in self.work.glob(f"s{self.runs}.db*"):
                    p.unlink()
        assert self.pg is not None
        schema = PgSchema(self.pg)
        try:
            return run_ingest(paths, schema.url, enrich=self.enrich, limit=watchdog(paths), spawn=self.spawn)
        finally:
            schema.drop()

    def locate(self, paths: list[Path], backend: str, budget: list[int]) -> list[tuple[Path, Outcome]]:
        """The inputs that fail alone (halving), within `budget[0]` more runs."""
        if len(paths) == 1:
            return [(paths[0], self.once(paths, backend))]
        found: list[tuple[Path, Outcome]] = []
        mid = len(paths) // 2
        for half in (paths[:mid], paths[mid:]):
            if budget[0] <= 0:
                break
            budget[0] -= 1
            o = self.once(half, backend)
            if not o.conserved:
                found += [(p, o) for p in half] if len(half) == 1 else self.locate(half, backend, budget)
        return found

    def keep(self, kind: str, backend: str, path: Path, o: Outcome) -> str:
        what = "hang" if o.hung else "crash" if o.crashed else "conservation"
        dest = self.failures / f"{kind}--{path.name}"
        shutil.copyfile(path, dest)
        note = {"kind": kind, "backend": backend, "what": what, "problems": o.problems, "stderr": o.tail,
                "summary": o.summary, "seconds": round(o.seconds, 1)}  # fmt: skip
        dest.with_name(dest.name + ".json").write_text(
            json.dumps(note, ensure_ascii=False, indent=1), encoding="utf-8"
        )
        return f"{dest.name} ({what})"


def plan(total: int, kinds: list[str]) -> dict[str, int]:
    """Inputs per kind: heavy kinds get HEAVY_WEIGHT of an ordinary share, the sum is ≥ total."""
    weights = {k: HEAVY_WEIGHT if k in HEAVY else 1.0 for k in kinds}
    unit = total / sum(weights.values())
    return {k: max(2, int(unit * w + 0.999)) for k, w in weights.items()}


def run_kind(
    runner: Runner, name: str, count: int, seed: int, seeds: Seeds, batch: int, backends: list[str], pg_every: int,
    counter: list[int],
) -> dict[str, KindStats]:  # fmt: skip
    stats = {b: KindStats() for b in backends}
    inputs = generate(name, count, seed, seeds)
    size = HEAVY_BATCH if name in HEAVY else batch
    for start in range(0, len(inputs), size):
        chunk = inputs[start : start + size]
        d = runner.work / f"{name}-{start}"
        d.mkdir()
        paths = []
        for i, data in enumerate(chunk, start=start):
            p = d / f"{name}-{seed}-{i:05d}.in"
            p.write_bytes(data)
            paths.append(p)
        counter[0] += 1
        for backend in backends:
            if backend == "postgres" and counter[0] % pg_every:
                continue
            st = stats[backend]
            o = runner.once(paths, backend)
            st.batches += 1
            st.inputs += len(paths)
            st.seconds += o.seconds
            st.peak_rss = max(st.peak_rss, o.peak_rss)
            if o.summary is not None:
                st.records += o.summary["records"]
                for reason, n in o.summary["reasons"].items():
                    st.reasons[reason] += n
                    if reason.startswith("pipeline:"):
                        st.step_exceptions += n
            st.crashes += o.crashed
            st.hangs += o.hung
            st.conservation_failures += bool(o.problems)
            st.unchecked += o.summary is None or o.hung
            if not o.conserved:
                sys.stderr.write(
                    f"  {name} [{backend}] batch {start}: {'hang' if o.hung else 'crash' if o.crashed else o.problems}\n{o.tail}\n"
                )
                if len(paths) == 1:
                    st.failing_inputs.append(runner.keep(name, backend, paths[0], o))
                elif len(st.failing_inputs) < MAX_LOCATED:
                    budget = [MAX_LOCATE_HANG_RUNS if o.hung else MAX_LOCATE_RUNS]
                    for p, alone in runner.locate(paths, backend, budget):
                        st.failing_inputs.append(runner.keep(name, backend, p, alone))
            if o.summary is not None and any(r.startswith("pipeline:") for r in o.summary["reasons"]):
                st.failing_inputs += [
                    f"step exception: {r}" for r in o.summary["reasons"] if r.startswith("pipeline:")
                ][:3]
        shutil.rmtree(d)
    return stats


def run_kinds(
    runner: Runner, kinds: list[str], counts: dict[str, int], seed: int, seeds: Seeds, batch: int,
    backends: list[str], pg_every: int, t0: float, save: Path,
) -> dict[str, dict[str, KindStats]]:  # fmt: skip
    """The kinds one after the other; the results so far are saved after each (a long run cut
    short still has its finished kinds)."""
    results: dict[str, dict[str, KindStats]] = {}
    counter = [0]
    for name in kinds:
        results[name] = run_kind(runner, name, counts[name], seed, seeds, batch, backends, pg_every, counter)
        save.write_text(json.dumps(dump_results(results)), encoding="utf-8")
        st = results[name]["sqlite"]
        sys.stderr.write(
            f"{name}: {st.inputs} inputs, {st.crashes} crash, {st.hangs} hang, {st.peak_rss / 1e6:.0f} MB, "
            f"{'exact' if not st.conservation_failures else 'OFF'} ({time.time() - t0:.0f} s)\n"
        )
    return results


def dump_results(results: dict[str, dict[str, KindStats]]) -> dict[str, dict[str, dict[str, Any]]]:
    # asdict() would rebuild the Counter from (key, value) pairs, counting the pairs: copy it as a dict.
    return {
        k: {b: {**asdict(st), "reasons": dict(st.reasons)} for b, st in per.items()}
        for k, per in results.items()
    }


def load_results(data: dict[str, dict[str, dict[str, Any]]]) -> dict[str, dict[str, KindStats]]:
    out: dict[str, dict[str, KindStats]] = {}
    for k, per in data.items():
        out[k] = {}
        for b, d in per.items():
            st = KindStats(**{**d, "reasons": Counter(d["reasons"])})
            out[k][b] = st
    return out


def _conservation(st: KindStats) -> str:
    said = "exact" if not st.conservation_failures else f"{st.conservation_failures} batch(es) off"
    return said + (f" ({st.unchecked} crashed/hung batch(es) unchecked)" if st.unchecked else "")


def table(results: dict[str, dict[str, KindStats]], backend: str) -> list[str]:
    rows = [
        "| kind | inputs | records | crashes | hangs | step exceptions | peak RSS (MB) | conservation | s |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |",
    ]
    tot = KindStats()
    for name, per in results.items():
        st = per.get(backend)
        if st is None or not st.batches:
            continue
        exact = _conservation(st)
        rows.append(
            f"| {name} | {st.inputs:,} | {st.records:,} | {st.crashes} | {st.hangs} | {st.step_exceptions} | "
            f"{st.peak_rss / 1e6:.0f} | {exact} | {st.seconds:.0f} |"
        )
        tot.inputs += st.inputs
        tot.records += st.records
        tot.crashes += st.crashes
        tot.hangs += st.hangs
        tot.step_exceptions += st.step_exceptions
        tot.peak_rss = max(tot.peak_rss, st.peak_rss)
        tot.conservation_failures += st.conservation_failures
        tot.unchecked += st.unchecked
        tot.seconds += st.seconds
    exact = _conservation(tot)
    rows.append(
        f"| **all ({len(rows) - 2} kinds)** | **{tot.inputs:,}** | **{tot.records:,}** | **{tot.crashes}** | "
        f"**{tot.hangs}** | **{tot.step_exceptions}** | **{tot.peak_rss / 1e6:.0f}** | **{exact}** | {tot.seconds:.0f} |"
    )
    return rows


def run_shards(
    a: argparse.Namespace, kinds: list[str], counts: dict[str, int], seeds: Seeds, backends: list[str],
    pg: str | None, t0: float,
) -> None:  # fmt: skip
    """`a.jobs` forked shards, each running its share of the kinds; results in `a.failures`."""
    with tempfile.TemporaryDirectory(prefix="marsad-fuzz-") as tmp:
        if not a.spawn:
            warm_up()
        pids = []
        for i in range(a.jobs):
            work = Path(tmp) / f"shard-{i}"
            work.mkdir()
            pid = os.fork() if a.jobs > 1 else 0
            if pid == 0:
                code = 1
                try:
                    runner = Runner(work, enrich=a.enrich, pg=pg, failures=a.failures, spawn=a.spawn)
                    run_kinds(
                        runner, kinds[i :: a.jobs], counts, a.seed, seeds, a.batch, backends, a.pg_every,
                        t0, a.failures / f"results-{i}.json",
                    )  # fmt: skip
                    code = 0
                except BaseException:
                    traceback.print_exc()
                    raise
                finally:
                    if a.jobs > 1:
                        os._exit(code)
            pids.append(pid)
        for pid in pids:
            if pid:
                os.waitpid(pid, 0)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    ap.add_argument("--total", type=int, default=10_000, help="inputs in all (≥; split over the kinds)")
    ap.add_argument("--quick", action="store_true", help="~500 inputs, for development")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--batch", type=int, default=100, help="inputs per ingest run (heavy kinds: 10)")
    ap.add_argument("--kinds", help="comma-separated subset of kinds")
    ap.add_argument("--enrich", action="store_true", help="run the enrich stage too (slower)")
    ap.add_argument(
        "--pg-every", type=int, default=4, help="with MARSAD_TEST_PG: every Nth batch on PostgreSQL too"
    )
    ap.add_argument("--failures", type=Path, default=Path(tempfile.gettempdir()) / "marsad-fuzz-failures")
    ap.add_argument("--jobs", type=int, default=1, help="kinds run in this many parallel shards")
    ap.add_argument("--report", action="store_true", help="no run: the tables of the results in --failures")
    ap.add_argument("--spawn", action="store_true", help="a fresh `python -m marsad` per run (slower)")
    ap.add_argument("--append", type=Path, help="append the tables to this markdown file")
    a = ap.parse_args(argv)
    total = 500 if a.quick else a.total
    kinds = a.kinds.split(",") if a.kinds else list(KINDS)
    pg = os.environ.get("MARSAD_TEST_PG")
    backends = ["sqlite", "postgres"] if pg else ["sqlite"]
    a.failures.mkdir(parents=True, exist_ok=True)
    seeds = load_seeds(a.seed)
    counts = plan(total, list(KINDS))  # per kind as in a whole run, whatever --kinds picks
    t0 = time.time()
    if not a.report:
        for old in a.failures.glob("results-*.json"):
            old.unlink()
        run_shards(a, kinds, counts, seeds, backends, pg, t0)
    merged: dict[str, dict[str, KindStats]] = {}
    for saved in sorted(a.failures.glob("results-*.json")):
        merged |= load_results(json.loads(saved.read_text("utf-8")))
    results = {k: merged[k] for k in kinds if k in merged}
    lines = [
        f"Command: `nice -n 10 .venv/bin/python bench/bench_fuzz.py {' '.join(argv if argv is not None else sys.argv[1:])}`"
        f" — {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {platform.node()}: {platform.processor() or platform.machine()},"
        f" {os.cpu_count()} cores, Python {platform.python_version()}; {time.time() - t0:.0f} s wall;"
        f" enrich {'on' if a.enrich else 'off'}; seeds: {', '.join(seeds.sources)}.",
        "",
    ]
    for backend in backends:
        lines += [f"**{backend}**" + (f" (every {a.pg_every}th batch)" if backend == "postgres" else ""), ""]
        lines += [*table(results, backend), ""]
    failing = [(n, b, f) for n, per in results.items() for b, st in per.items() for f in st.failing_inputs]
    lines.append("Failing inputs (kept in `--failures`): " + ("none" if not failing else ""))
    lines += [f"- {n} [{b}]: {f}" for n, b, f in failing]
    text = "\n".join(lines) + "\n"
    sys.stdout.write(text)
    if a.append:
        with a.append.open("a", encoding="utf-8") as f:
            f.write("\n" + text)
    bad = sum(
        st.crashes + st.hangs + st.conservation_failures for per in results.values() for st in per.values()
    )
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
