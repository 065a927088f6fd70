"""Archives to stored articles: pages/s and pages per CPU-second, 1 and 2 workers, with and without enrich.

    nice -n 10 .venv/bin/python bench/bench_ingest.py [--pages 600] [--repeats 2] [--dir TMP]

What a corpus builder runs: `marsad ingest crawl.warc.gz --db X [--enrich] --workers N`, the one
road (read ▸ page steps on the executor ▸ corpus step ▸ one store writer), into a fresh SQLite
store each time. Two archives are built in a temporary folder, compressed per record as Common
Crawl does:

- **WARC** (`response` records): the real HTML pages of `../shared/data/extraction/pages`
  (643 pages, 13 languages) or, without `../shared`, `examples/*.html`; each copy gets its own
  URL and a numbered comment, so no two pages are byte-identical.
- **WET** (`conversion` records): real Arabic articles from `../shared/data/topics/ant-v1.1.jsonl`
  (title, blank line, paragraphs), the Common Crawl text layout; skipped without `../shared`.

For each archive, enrich off/on and workers 1/2 (alternating, `--repeats` times, medians) it
prints wall-clock pages/s, pages per CPU-second of the parent and workers together (what
"pages/s/core" means on a shared machine), and the 2-worker/1-worker ratio.

Peer, same run: FastWARC iteration + `trafilatura.extract` over the same WARC (extraction only:
no store, no Arabic layer, no corpus step) — the pipeline a corpus builder would otherwise
write — in pages per CPU-second. It is skipped with a note when fastwarc or trafilatura is missing.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import random
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_warc_stream import _member, _record  # noqa: E402  (the one WARC writer of the benches)
from marsad.config import SETTINGS  # noqa: E402

SEED = 20261204


def html_pages(limit: int) -> list[tuple[str, bytes]]:
    """(name, HTML) of real pages: the extraction benchmark's, else examples/."""
    folder = SHARED / "extraction" / "pages"
    if folder.is_dir():
        files = sorted(folder.glob("*.gz"))[:limit]
        return [(f.name.split(".")[0], gzip.decompress(f.read_bytes())) for f in files]
    return [(f.stem, f.read_bytes()) for f in sorted((ROOT / "examples").glob("*.html"))]


def wet_texts(limit: int) -> list[str]:
    """Real Arabic articles as a WET record holds them: title, blank line, paragraphs."""
    src = SHARED / "topics" / "ant-v1.1.jsonl"
    if not src.is_file():
        return []
    out: list[str] = []
    with src.open(encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            if len(r.get("text", "")) > 400:
                out.append(r["title"] + "\n\n" + r["text"].replace("\n", "\n\n"))
            if len(out) >= limit:
                break
    return out


def build_warc(path: Path, pages: list[tuple[str, bytes]], n: int) -> None:
    with path.open("wb") as out:
        out.write(
            _member(_record("warcinfo", b"software: marsad bench_ingest\r\n", [], "application/warc-fields"))
        )
        for i in range(n):
            name, html = pages[i % len(pages)]
            body = html.replace(b"</body>", f"<!-- copy {i} --></body>".encode(), 1)
            http = (
                b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                + f"Content-Length: {len(body)}\r\n\r\n".encode()
                + body
            )
            uri = [("WARC-Target-URI", f"https://bench.example/{name}/{i}")]
            out.write(_member(_record("response", http, uri, "application/http; msgtype=response")))


def build_wet(path: Path, texts: list[str], n: int) -> None:
    rng = random.Random(SEED)
    with path.open("wb") as out:
        out.write(
            _member(_record("warcinfo", b"software: marsad bench_ingest\r\n", [], "application/warc-fields"))
        )
        for i in range(n):
            # A copy keeps the article and gets a numbered last line: a distinct page, as a
            # second crawl of a site that adds a counter would be.
            text = texts[rng.randrange(len(texts))] + f"\n\n{i}\n"
            uri = [("WARC-Target-URI", f"https://bench.example/wet/{i}")]
            out.write(_member(_record("conversion", text.encode(), uri, "text/plain")))


def run_ingest(src: Path, db: Path, workers: int, enrich: bool) -> dict[str, float]:
    from marsad.run.ingest import ingest
    from marsad.store.sqlite import SQLiteStore

    for old in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        old.unlink(missing_ok=True)
    store = SQLiteStore(db, settings=SETTINGS)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu0, t0 = time.process_time(), time.perf_counter()
    s = ingest([str(src)], store, workers=workers, enrich=enrich)
    wall, parent = time.perf_counter() - t0, time.process_time() - cpu0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    children = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    store.close()
    return {"read": s.read, "stored": s.stored, "quarantined": s.quarantined, "wall": wall,
            "parent": parent, "children": children}  # fmt: skip


def peer_fastwarc_trafilatura(src: Path) -> dict[str, float] | None:
    try:
        import trafilatura
        from fastwarc.warc import ArchiveIterator, WarcRecordType
    except ImportError as e:
        print(f"peer fastwarc+trafilatura skipped: {e}")
        return None
    cpu0, t0, n = time.process_time(), time.perf_counter(), 0
    with src.open("rb") as fh:
        for rec in ArchiveIterator(fh, record_types=WarcRecordType.response, parse_http=True):
            trafilatura.extract(rec.reader.read(), include_comments=False)
            n += 1
    return {"read": n, "wall": time.perf_counter() - t0, "cpu": time.process_time() - cpu0}


def measure(
    name: str, src: Path, tmp: Path, repeats: int, peer: Callable[[Path], dict[str, float] | None] | None
) -> list[str]:
    rows: list[str] = []
    # Warm-up: the first run loads the models (NER, lexicons, idf) in this process, and the
    # 2-worker pool forks from it; without it the first configuration pays ~4 s of loading.
    run_ingest(src, tmp / f"{name}-warm.db", 1, True)
    for enrich in (False, True):
        runs: dict[int, list[dict[str, float]]] = {1: [], 2: []}
        for r in range(repeats * 2):
            workers = 1 + r % 2  # alternate so a neighbour's load falls on both
            m = run_ingest(src, tmp / f"{name}{workers}.db", workers, enrich)
            runs[workers].append(m)
            print(f"{name} enrich={enrich} workers={workers}: {m['read']:.0f} pages, stored {m['stored']:.0f}, "
                  f"quarantined {m['quarantined']:.0f}, {m['wall']:.1f} s wall, CPU parent {m['parent']:.1f} s "
                  f"+ workers {m['children']:.1f} s", flush=True)  # fmt: skip
        rate = {w: statistics.median(x["read"] / x["wall"] for x in runs[w]) for w in (1, 2)}
        per_cpu = {
            w: statistics.median(x["read"] / (x["parent"] + x["children"]) for x in runs[w]) for w in (1, 2)
        }
        for w in (1, 2):
            rows.append(f"| {name} | {'on' if enrich else 'off'} | {w} | {rate[w]:.1f} | {per_cpu[w]:.1f} | "
                        + (f"{rate[2] / rate[1]:.2f}x |" if w == 2 else "– |"))  # fmt: skip
    if peer is not None:
        p = peer(src)
        if p is not None:
            rows.append(f"| {name}: peer FastWARC + trafilatura.extract (no store) | – | 1 | "
                        f"{p['read'] / p['wall']:.1f} | {p['read'] / p['cpu']:.1f} | – |")  # fmt: skip
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=600, help="records per archive")
    ap.add_argument("--repeats", type=int, default=2)
    ap.add_argument("--dir", type=Path)
    args = ap.parse_args()
    tmp = args.dir or Path(tempfile.mkdtemp(prefix="marsad-bench-ingest-"))
    tmp.mkdir(parents=True, exist_ok=True)
    rows = ["| archive | enrich | workers | pages/s (wall) | pages per CPU-s | 2 / 1 workers |",
            "| --- | --- | ---: | ---: | ---: | ---: |"]  # fmt: skip
    warc = tmp / "pages.warc.gz"
    build_warc(warc, html_pages(10_000), args.pages)
    rows += measure("WARC (HTML)", warc, tmp, args.repeats, peer_fastwarc_trafilatura)
    texts = wet_texts(5_000)
    if texts:
        wet = tmp / "articles.warc.wet.gz"
        build_wet(wet, texts, args.pages)
        rows += measure("WET (Arabic text)", wet, tmp, args.repeats, None)
    else:
        print(f"WET archive skipped: {SHARED / 'topics'} is absent")
    print(f"\n{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {platform.node()}, {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.1f}, {args.pages} records per archive, medians of {args.repeats}")  # fmt: skip
    print("\n".join(rows))


if __name__ == "__main__":
    main()
