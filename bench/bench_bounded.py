"""Bounded work per page: what the killable pool costs, what each cap saves, peak memory.

    nice -n 10 .venv/bin/python bench/bench_bounded.py [--topics ../shared/data/topics] [--pages 200]
                                                      [--enrich] [--skip overhead,caps,memory]

1. Overhead per page: the page steps over the same real pages (ANT records when --topics is
   given, else examples/) run inline (the old workers=1 path, now `workers=0`), in one killable
   worker (`ordered_map`, pebble; the new workers=1) and in one `ProcessPoolExecutor` worker (the
   old workers=2 path, with 1 worker). Also the bare cost per task on a no-op function, and the
   start-up of a 1-worker pool with its first page (a cold worker loads the models).
2. Each cap: a page just under it and just over it through the real page steps, in this process
   (the over page is refused by the cap: the time to refuse it), and the over page with the caps
   lifted, run in a killable worker bounded by page_timeout_s: what the cap saves.
3. Peak memory: an ingest (workers 2, enrich as asked) of pathological pages (a 5 MB line, 50k
   attributes, 20k paragraphs, 10k-deep nesting, 170k short lines) and 100 real ones: the peak of the
   summed RSS of the parent and its worker processes, sampled every 20 ms.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from marsad import config
from marsad.config import SETTINGS
from marsad.model import Article
from marsad.read import read_bytes
from marsad.run import ingest as ing
from marsad.run.local import Lost, ordered_map

ROOT = Path(__file__).resolve().parent.parent
REPEATS = 2
SENTENCE = "قال وزير الخارجية إن المحادثات بشأن المياه ستستأنف الأسبوع المقبل في العاصمة، بحسب مصادر مطلعة. "


def real_pages(topics: Path | None, n: int) -> list[bytes]:
    """n real pages as JSONL records (ANT articles), or the examples/ files."""
    if topics is not None and (topics / "ant2-dev.jsonl").is_file():
        out = []
        with (topics / "ant2-dev.jsonl").open(encoding="utf-8") as fh:
            for line in itertools.islice(fh, n):
                d = json.loads(line)
                rec = {"url": d["url"], "title": d["title"], "text": d["text"]}
                out.append(json.dumps(rec, ensure_ascii=False).encode())
        return out
    files = sorted(p for p in (ROOT / "examples").iterdir() if p.suffix in (".txt", ".html"))
    return [p.read_bytes() for p in itertools.islice(itertools.cycle(files), n)]


def articles(pages: list[bytes]) -> Iterator[Article]:
    for p in pages:
        yield from read_bytes(p, settings=SETTINGS)


def _noop(x: int) -> int:
    return x


def _minus_one(x: int, lost: Lost) -> int:
    return -1


def run_steps(pages: list[bytes], workers: int, enrich: bool) -> float:
    t0 = time.perf_counter()
    for _ in ing.process(articles(pages), enrich=enrich, workers=workers):
        pass
    return time.perf_counter() - t0


def run_ppe(pages: list[bytes], workers: int, enrich: bool) -> float:
    """The old executor: ProcessPoolExecutor, initializer per worker (models load at the first page)."""
    t0 = time.perf_counter()
    tasks = [ing._Task(0, i, a, ("", i)) for i, a in enumerate(articles(pages))]
    with ProcessPoolExecutor(workers, initializer=ing._init_worker, initargs=(enrich, None, False)) as pool:
        for _ in pool.map(ing._process, tasks):
            pass
    return time.perf_counter() - t0


def overhead(pages: list[bytes], enrich: bool) -> None:
    n = len(pages)
    print(f"\n## 1. overhead ({n} real pages, enrich={enrich}; best of {REPEATS})\n")
    run_steps(pages[:3], 0, enrich)  # warm this process's models: the inline path runs warm
    paths: dict[str, Callable[[list[bytes]], float]] = {
        "inline (workers=0; the old workers=1)": lambda ps: run_steps(ps, 0, enrich),
        "killable pool, 1 worker (the new workers=1)": lambda ps: run_steps(ps, 1, enrich),
        "ProcessPoolExecutor, 1 worker (the old pool)": lambda ps: run_ppe(ps, 1, enrich),
        "killable pool, 2 workers": lambda ps: run_steps(ps, 2, enrich),
        "ProcessPoolExecutor, 2 workers": lambda ps: run_ppe(ps, 2, enrich),
    }
    rows = {}
    for name, run in paths.items():
        one = min(run(pages[:1]) for _ in range(REPEATS))
        all_ = min(run(pages) for _ in range(REPEATS))
        rows[name] = (one, all_, (all_ - one) / (n - 1))
    base = rows["inline (workers=0; the old workers=1)"][2]
    print("| path | one page (start + page + stop) s | all pages s | per further page ms | vs inline |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, (one, all_, per) in rows.items():
        print(f"| {name} | {one:.2f} | {all_:.2f} | {1e3 * per:.1f} | {per / base:.2f}× |")
    k = 2000
    t_peb = t_ppe = float("inf")
    for _ in range(REPEATS):
        t0 = time.perf_counter()
        list(
            ordered_map(
                _noop, range(k), settings=config.SETTINGS, workers=1, timeout_s=10, on_lost=_minus_one
            )
        )
        t_peb = min(t_peb, time.perf_counter() - t0)
        t0 = time.perf_counter()
        with ProcessPoolExecutor(1) as pool:
            list(pool.map(_noop, range(k)))
        t_ppe = min(t_ppe, time.perf_counter() - t0)
    print(f"\nno-op tasks ({k}, start and stop included): killable pool {1e6 * t_peb / k:.0f} µs/task, "
          f"ProcessPoolExecutor {1e6 * t_ppe / k:.0f} µs/task ({t_peb / t_ppe:.2f}×)")  # fmt: skip
    print(
        "One page costs a worker's start (and its models' warm-up) on top: why `marsad.extract` of one page"
    )
    print("stays in this process (workers=0), while every ingest path pays it once per run or request.")


# --- 2. caps ------------------------------------------------------------------------------------
def words(n_chars: int) -> str:
    return (SENTENCE * (n_chars // len(SENTENCE) + 1))[:n_chars]


def cap_pages() -> list[tuple[str, str, int, Callable[[int], bytes]]]:
    """(cap, what, its value, page builder at a given size)."""
    return [
        ("max_line_chars", "dump line", SETTINGS.max_line_chars,
         lambda n: ("عنوان الخبر\n" + words(n)).encode()),
        ("max_line_chars", "HTML text run", SETTINGS.max_line_chars,
         lambda n: f"<html><body><h1>عنوان</h1><p>{words(n)}</p></body></html>".encode()),
        ("max_blocks", "dump lines", SETTINGS.max_blocks,
         lambda n: ("عنوان الخبر\n" + "\n".join(f"{i} {SENTENCE}" for i in range(n - 1))).encode()),
        ("max_blocks", "HTML paragraphs", SETTINGS.max_blocks,
         lambda n: ("<html><body><article><h1>عنوان</h1>"
                    + "".join(f"<p>{i} {SENTENCE}</p>" for i in range(n - 1)) + "</article></body></html>").encode()),
        ("max_attributes", "attributes on one element", SETTINGS.max_attributes,
         lambda n: ("<html><body><h1>عنوان</h1><p " + " ".join(f'a{i}="{i}"' for i in range(n))
                    + f">{SENTENCE * 3}</p></body></html>").encode()),
    ]  # fmt: skip


def _timed_page(data: bytes, enrich: bool) -> tuple[float, str]:
    ing._init_worker(enrich, None, True)
    assert ing._PIPELINE is not None
    t0 = time.perf_counter()
    a = next(iter(ing._PIPELINE.run(list(read_bytes(data, settings=SETTINGS)))))
    dt = time.perf_counter() - t0
    return dt, (f"{a.rejected.step}: {a.rejected.reason.split(' (')[0]}" if a.rejected else "processed")


def _lifted(data: bytes, enrich: bool, factor: int) -> tuple[float, str]:
    """The page with every cap lifted `factor`×, in a killable worker bounded by page_timeout_s."""
    names = ("max_line_chars", "max_blocks", "max_attributes")
    lifted = SETTINGS.with_flags(**{k: getattr(SETTINGS, k) * factor for k in names})
    t0 = time.perf_counter()
    a = next(
        iter(ing.process(read_bytes(data, settings=SETTINGS), enrich=enrich, workers=1, settings=lifted))
    )
    dt = time.perf_counter() - t0
    return dt, (f"{a.rejected.step}: {a.rejected.reason[:40]}" if a.rejected else "processed")


def caps(enrich: bool) -> None:
    print(
        f"\n## 2. caps: a page just under and over each (enrich={enrich}, page_timeout_s={SETTINGS.page_timeout_s:g})\n"
    )
    _timed_page(real_pages(None, 1)[0], enrich)  # load the models first
    print(
        "| cap | page | value | under: s, outcome | over (+1): s, outcome | 4× over, caps lifted: s, outcome |"
    )
    print("| --- | --- | ---: | --- | --- | --- |")
    for cap, what, value, build in cap_pages():
        under = _timed_page(build(value), enrich)
        over = _timed_page(build(value + 1), enrich)
        lifted = _lifted(build(value * 4), enrich, 8)
        print(f"| {cap} | {what} | {value:,} | {under[0]:.2f}, {under[1]} | {over[0]:.3f}, {over[1]} | "
              f"{lifted[0]:.1f} (incl. worker start), {lifted[1]} |")  # fmt: skip


# --- 3. peak memory -------------------------------------------------------------------------------
def _tree_memory(pid: int) -> tuple[int, int]:
    """(RSS, PSS) in bytes summed over `pid` and every descendant. RSS counts the pages a fork
    shares with its parent once per process; PSS splits them, so its sum is the real use."""
    children: dict[int, list[int]] = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/stat") as fh:
                    ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(d))
    rss = pss = 0
    todo = [pid]
    while todo:
        p = todo.pop()
        todo += children.get(p, [])
        try:
            with open(f"/proc/{p}/smaps_rollup") as fh:
                for line in fh:
                    if line.startswith(("Rss:", "Pss:")):
                        kb = int(line.split()[1]) * 1024
                        rss, pss = (rss + kb, pss) if line.startswith("Rss:") else (rss, pss + kb)
        except (OSError, ValueError):
            continue
    return rss, pss


def memory(topics: Path | None, enrich: bool) -> None:
    print(f"\n## 3. peak memory of an ingest (workers=2, enrich={enrich})\n")
    nasty = [
        ("5 MB line (dump)", ("عنوان\n" + words(5_000_000)).encode()),
        ("5 MB text run (HTML)", f"<html><body><p>{words(5_000_000)}</p></body></html>".encode()),
        ("50k attributes", ("<html><body><p " + " ".join(f"a{i}=1" for i in range(50_000)) + ">x</p></body></html>").encode()),
        ("20k paragraphs, 3 MB", ("<html><body><article>" + "".join(f"<p>{i} {SENTENCE}</p>" for i in range(20_000)) + "</article></body></html>").encode()),
        ("10k-deep nesting", ("<html><body>" + "<div>" * 10_000 + f"<p>{SENTENCE}</p>" + "</div>" * 10_000 + "</body></html>").encode()),
        ("19 MB of short lines", ("عنوان\n" + "\n".join(f"{i} {SENTENCE[:60]}" for i in range(170_000))).encode()),
    ]  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in"
        src.mkdir()
        for i, (_, data) in enumerate(nasty):
            (src / f"nasty{i}.{'html' if data.startswith(b'<') else 'txt'}").write_bytes(data)
        feed = src / "real.jsonl"
        feed.write_bytes(b"\n".join(real_pages(topics, 100)) + b"\n")
        from marsad.read import expand_inputs
        from marsad.store import open_store

        peak = [0, 0]
        stop = threading.Event()

        def sample() -> None:
            while not stop.is_set():
                rss, pss = _tree_memory(os.getpid())
                peak[:] = [max(peak[0], rss), max(peak[1], pss)]
                time.sleep(0.02)

        before = _tree_memory(os.getpid())
        th = threading.Thread(target=sample, daemon=True)
        th.start()
        store = open_store(str(Path(tmp) / "m.db"))
        t0 = time.perf_counter()
        try:
            s = ing.ingest(expand_inputs([str(src)]), store, workers=2, enrich=enrich)
        finally:
            store.close()
            stop.set()
            th.join()
        print(f"{len(nasty)} pathological pages + {len(real_pages(topics, 100))} real ones in {time.perf_counter() - t0:.1f} s: "
              f"{s.stored} stored, {s.quarantined} quarantined")  # fmt: skip
        for reason, n in s.reasons.most_common():
            print(f"- {n} × {reason[:110]}")
        print(f"\nthis process before: RSS {before[0] / 2**20:.0f} MB, PSS {before[1] / 2**20:.0f} MB; peak of the "
              f"ingest (parent + workers, summed): PSS {peak[1] / 2**20:.0f} MB (target < 1024 MB), "
              f"RSS {peak[0] / 2**20:.0f} MB (shared pages counted per process)")  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--topics", type=Path, default=None, help="ANT topics folder (real pages); default examples/"
    )
    ap.add_argument("--pages", type=int, default=100)
    ap.add_argument("--enrich", action="store_true")
    ap.add_argument("--skip", default="", help="comma-separated parts to skip: overhead,caps,memory")
    args = ap.parse_args()
    skip = set(args.skip.split(","))
    print(f"# bench_bounded — {time.strftime('%Y-%m-%d %H:%M')} UTC, {os.cpu_count()} cores, load "
          f"{os.getloadavg()[0]:.1f}, python {sys.version.split()[0]}")  # fmt: skip
    if "overhead" not in skip:
        overhead(real_pages(args.topics, args.pages), args.enrich)
    if "caps" not in skip:
        caps(args.enrich)
    if "memory" not in skip:
        memory(args.topics, args.enrich)


if __name__ == "__main__":
    main()
