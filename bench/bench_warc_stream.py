"""Archives as streams: peak memory and speed of `marsad.read.read_path` over a large WARC.gz.

    nice -n 10 .venv/bin/python bench/bench_warc_stream.py [--size-mb 1024] [--pages DIR] [--dir TMP]

- Builds, in a temporary directory, a WARC.gz compressed per record (the Common Crawl layout) of
  about `--size-mb` MB, and a second one of 1/8 that size, by repeating realistic HTML pages
  (`examples/*.html` by default; `--pages` takes a directory of `.html` / `.html.gz` files). Each
  response gets its own URL and record id, and a comment with its number so no two are alike.
- Reads each file through `marsad.read.read_path` in a fresh child process, counting pages and
  rejections, and reports records/s, compressed MB/s and the child's peak RSS
  (`resource.getrusage(...).ru_maxrss`), next to the RSS after importing Marsad.
  The reader is constant-memory when the two peaks are about the same although one file is 8x
  the other.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
import uuid
import zlib
from datetime import UTC, datetime
from pathlib import Path

from marsad.config import SETTINGS

ROOT = Path(__file__).resolve().parent.parent


def load_pages(where: Path | None) -> list[tuple[str, bytes]]:
    """(name, HTML bytes) of the pages to repeat."""
    files = sorted((where or ROOT / "examples").iterdir())
    out = []
    for f in files:
        if f.name.endswith(".html"):
            out.append((f.stem, f.read_bytes()))
        elif f.name.endswith(".html.gz"):
            out.append((f.name[: -len(".html.gz")], gzip.decompress(f.read_bytes())))
    if not out:
        raise SystemExit(f"no .html or .html.gz pages in {where or ROOT / 'examples'}")
    return out


def _member(data: bytes) -> bytes:
    c = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    return c.compress(data) + c.flush()


def _record(rtype: str, block: bytes, headers: list[tuple[str, str]], content_type: str) -> bytes:
    lines = [
        "WARC/1.1",
        f"WARC-Type: {rtype}",
        f"WARC-Record-ID: <urn:uuid:{uuid.uuid4()}>",
        "WARC-Date: 2024-03-13T08:15:00Z",
        *(f"{k}: {v}" for k, v in headers),
        f"Content-Type: {content_type}",
        f"Content-Length: {len(block)}",
    ]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + block + b"\r\n\r\n"


def build(path: Path, size: int, pages: list[tuple[str, bytes]]) -> tuple[int, int]:
    """Write a per-record WARC.gz of at least `size` bytes; (responses, uncompressed bytes)."""
    n = raw = 0
    with path.open("wb") as out:
        info = _record("warcinfo", b"software: marsad bench_warc_stream\r\n", [], "application/warc-fields")
        out.write(_member(info))
        written = out.tell()
        while written < size:
            name, html = pages[n % len(pages)]
            body = html.replace(b"</body>", f"<!-- {n} --></body>".encode(), 1)
            http = (
                b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                + f"Content-Length: {len(body)}\r\n\r\n".encode()
                + body
            )
            url = f"https://bench.example/{name}/{n}"
            rec = _record("response", http, [("WARC-Target-URI", url)], "application/http; msgtype=response")
            member = _member(rec)
            out.write(member)
            written += len(member)
            raw += len(rec)
            n += 1
    return n, raw


def child(path: str) -> None:
    """Read one archive; print what was read, how fast, and the peak RSS (KB on Linux)."""
    from marsad.read import read_path

    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    ok = rejected = 0
    reasons: dict[str, int] = {}
    t0 = time.perf_counter()
    for art in read_path(path, settings=SETTINGS):
        if art.rejected is None:
            ok += 1
        else:
            rejected += 1
            reasons[art.rejected.reason[:80]] = reasons.get(art.rejected.reason[:80], 0) + 1
    secs = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {"ok": ok, "rejected": rejected, "reasons": reasons, "secs": secs, "base": base, "peak": peak}
        )
    )


def measure(path: Path) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(path)], capture_output=True, text=True, check=True
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--size-mb", type=float, default=1024, help="size of the large WARC.gz (default 1024)")
    ap.add_argument("--pages", type=Path, help="directory of .html / .html.gz pages (default examples/)")
    ap.add_argument("--dir", type=Path, help="where to write the archives (default: a temporary directory)")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child)
        return
    pages = load_pages(args.pages)
    print(
        f"# bench_warc_stream  {datetime.now(UTC):%Y-%m-%d %H:%M} UTC  nproc={os.cpu_count()}  "
        f"python {platform.python_version()}  pages={len(pages)} ({args.pages or 'examples/'})"
    )
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        rows = []
        for label, mb in (("1/8", args.size_mb / 8), ("full", args.size_mb)):
            path = Path(tmp) / f"bench-{mb:g}MB.warc.gz"
            t0 = time.perf_counter()
            n, raw = build(path, int(mb * 1e6), pages)
            built = time.perf_counter() - t0
            size = path.stat().st_size
            r = measure(path)
            path.unlink()
            rows.append((label, size, raw, n, built, r))
        print(
            f"{'file':>5} {'gz MB':>8} {'raw MB':>8} {'records':>9} {'pages':>9} {'rejected':>8} "
            f"{'read s':>7} {'rec/s':>8} {'gz MB/s':>8} {'RSS base MB':>11} {'RSS peak MB':>11}"
        )
        for label, size, raw, n, _built, r in rows:
            secs = float(r["secs"])  # type: ignore[arg-type]
            print(
                f"{label:>5} {size / 1e6:8.1f} {raw / 1e6:8.1f} {n:9,d} {r['ok']:9,d} {r['rejected']:8,d} "
                f"{secs:7.1f} {n / secs:8,.0f} {size / 1e6 / secs:8.1f} "
                f"{int(r['base']) / 1024:11.1f} {int(r['peak']) / 1024:11.1f}"  # type: ignore[call-overload]
            )
            if r["reasons"]:
                print(f"      rejections: {r['reasons']}")
        small, big = (int(r[5]["peak"]) for r in rows)  # type: ignore[call-overload]
        print(
            f"peak RSS: {small / 1024:.1f} MB for the 1/8 file, {big / 1024:.1f} MB for the full file "
            f"(x{big / small:.2f} for x{rows[1][1] / rows[0][1]:.1f} the bytes)"
        )


if __name__ == "__main__":
    main()
