"""Hostile inputs against the input caps: peak memory and time of reading each one.

    nice -n 10 .venv/bin/python bench/bench_read_hostile.py [--bomb-gb 2.5] [--dir TMP] [--ingest]

Builds in a temporary directory the inputs of project issue 12 and a few more, each read in a
fresh child process through `marsad.read.read_path` (or, with --ingest, the whole
`marsad ingest FILE --db t.db --no-enrich` road), reporting what came out, wall time and the
child's peak RSS (`ru_maxrss`):

- bomb2nd.html.gz: a page, then a gzip member of `--bomb-gb` GB of zeros (~2.4 MB on disk);
- bomb1.html.gz: one member of zeros;
- bomb.warc.gz: a WARC.gz per record whose middle record is such a member, good records around;
- bomb.jsonl.gz: a JSONL.gz whose second member is zeros (one endless line);
- array.json: a JSON array of Arabic pages of `--array-mb` MB (read whole: max_container_bytes);
- line.jsonl: one JSONL line of `--line-mb` MB, Arabic escaped as \\uXXXX (max_jsonl_line_bytes).

Peer: the floor, inflating the same gzip data with zlib in a bounded streaming loop to the
point where the reader stops (the page cap, or 16 MB where max_gzip_ratio is judged) and
keeping nothing (time ratio = reader / floor; the reader's time includes importing Marsad).
`MARSAD_MAX_GZIP_RATIO=100000` measures the size caps alone. The caps in force are printed; the
figures go next to the caps in src/marsad/config.py.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from marsad.config import Settings

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "data" / "hostile"))
import make_fixtures as fx  # noqa: E402  (one WARC record writer for tests and bench)

CHILD = r"""
import resource, sys, time
t = time.perf_counter()
from marsad.read import read_path
pages = rejected = 0
reasons = []
for a in read_path(sys.argv[1], settings=SETTINGS):
    if a.rejected is None:
        pages += 1
    else:
        rejected += 1
        reasons.append(a.rejected.reason)
print(pages, rejected, f"{time.perf_counter() - t:.2f}", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
print(reasons[-1][:110] if reasons else "")
"""

FLOOR = r"""
import sys, time, zlib
t = time.perf_counter()
cap = int(sys.argv[2])
out = 0
with open(sys.argv[1], "rb") as f:
    d = zlib.decompressobj(31)
    while out <= cap and (chunk := f.read(1 << 16)):
        data = chunk
        while data and out <= cap:
            if d.eof:
                rest = d.unused_data + data
                d = zlib.decompressobj(31)
                data = rest
            out += len(d.decompress(data, 1 << 18))
            data = d.unconsumed_tail
print(f"{time.perf_counter() - t:.2f}", out)
"""


def build(where: Path, bomb: int, array_mb: int, line_mb: int) -> None:
    zeros = fx.zeros_member(bomb)
    page = fx.page(0)
    files = {
        "bomb2nd.html.gz": gzip.compress(page, mtime=0) + zeros,
        "bomb1.html.gz": zeros,
        "bomb.warc.gz": b"".join(gzip.compress(fx.record(i), mtime=0) for i in range(3))
        + _bomb_record(bomb)
        + b"".join(gzip.compress(fx.record(i), mtime=0) for i in range(3, 6)),
        "bomb.jsonl.gz": gzip.compress(fx.jsonl_line(0) + b"\n", mtime=0) + zeros,
    }
    for name, data in files.items():
        (where / name).write_bytes(data)
    one = json.dumps({"url": "https://news.example/a", "html": fx.page(1).decode()}, ensure_ascii=False)
    n = array_mb * 1_000_000 // len(one.encode())
    with (where / "array.json").open("w", encoding="utf-8") as f:
        f.write("[")
        for i in range(n):
            f.write(("," if i else "") + one.replace("/a", f"/a{i}"))
        f.write("]")
    text = "نص الخبر " * (line_mb * 1_000_000 // 44)  # 7 letters as \uXXXX, 2 spaces: 44 bytes
    (where / "line.jsonl").write_text(json.dumps({"url": "https://news.example/l", "text": text}) + "\n")


def _bomb_record(size: int) -> bytes:
    """A gzip member holding one WARC response whose body is `size` zero bytes."""
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
    head = (
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-0000000000ff>\r\n"
        "WARC-Target-URI: https://news.example/bomb\r\nContent-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(http) + size}\r\n\r\n"
    ).encode()
    c = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = bytes(1 << 20)
    parts = [c.compress(head + http)] + [c.compress(block) for _ in range(size >> 20)]
    return b"".join(parts) + c.compress(b"\r\n\r\n") + c.flush()


def run(args: list[str], env: dict[str, str]) -> list[str]:
    r = subprocess.run(args, capture_output=True, text=True, env=env, timeout=1800, check=False)
    if r.returncode != 0:
        return ["failed", r.stderr.strip().splitlines()[-1] if r.stderr.strip() else ""]
    return r.stdout.strip().splitlines()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bomb-gb", type=float, default=2.5)
    ap.add_argument("--array-mb", type=int, default=95)
    ap.add_argument("--line-mb", type=int, default=63)
    ap.add_argument("--dir", type=Path, default=None)
    ap.add_argument("--ingest", action="store_true", help="also run `marsad ingest` on each file")
    ap.add_argument("--build", type=Path, help=argparse.SUPPRESS)  # the child that writes the inputs
    a = ap.parse_args()
    if a.build is not None:
        build(a.build, int(a.bomb_gb * 1e9), a.array_mb, a.line_mb)
        return
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    from marsad.config import SETTINGS

    print(f"# {platform.node()} {platform.python_version()}, load {os.getloadavg()[0]:.1f} (2 cores, shared)")
    print(
        f"# caps: page {SETTINGS.max_page_bytes:,}  member {SETTINGS.max_gzip_member_bytes:,}  "
        f"file {SETTINGS.max_gzip_file_bytes:,}  json doc {SETTINGS.max_container_bytes:,}  "
        f"line {SETTINGS.max_jsonl_line_bytes:,}  ratio {SETTINGS.max_gzip_ratio}:1"
    )
    with tempfile.TemporaryDirectory(dir=a.dir) as d:
        # Written by a child: Linux keeps a process's peak RSS across exec, so a parent that held
        # the inputs would hand its peak to every child measured.
        builder = [sys.executable, __file__, "--build", d, "--bomb-gb", str(a.bomb_gb)]
        subprocess.run(
            [*builder, "--array-mb", str(a.array_mb), "--line-mb", str(a.line_mb)], env=env, check=True
        )
        files = {p.name: p for p in sorted(Path(d).iterdir())}
        print(
            f"{'input':18} {'on disk':>9} {'pages':>5} {'quar':>4} {'s':>6} {'peak MB':>8} {'floor s':>8} {'ratio':>6}  reason"
        )
        for name, path in files.items():
            got = run([sys.executable, "-c", CHILD, str(path)], env)
            if got[0] == "failed":
                print(f"{name:18} failed: {got[1]}")
                continue
            pages, quar, secs, rss = got[0].split()
            reason = got[1] if len(got) > 1 else ""
            floor = ""
            ratio = ""
            if name.endswith(".gz"):
                f = run([sys.executable, "-c", FLOOR, str(path), str(_cap_for(name, SETTINGS))], env)
                floor = f[0].split()[0]
                ratio = f"{float(secs) / max(float(floor), 0.01):.1f}"
            size = path.stat().st_size / 1e6
            print(
                f"{name:18} {size:8.1f}M {pages:>5} {quar:>4} {secs:>6} {int(rss) / 1024:8.0f} {floor:>8} {ratio:>6}  {reason}"
            )
            if a.ingest and name != "array.json":  # its ~170k pages: an ingest bench, not this one
                db = Path(d) / "t.db"
                t = time.perf_counter()
                r = subprocess.run(
                    ["/usr/bin/time", "-f", "%M", sys.executable, "-m", "marsad", "ingest", str(path),
                     "--db", str(db), "--no-enrich", "--no-progress"],
                    capture_output=True, text=True, env=env, timeout=1800, check=False,
                )  # fmt: skip
                peak = r.stderr.strip().splitlines()[-1]
                print(
                    f"{'  ingest':18} rc={r.returncode} {time.perf_counter() - t:.1f}s peak {int(peak) / 1024:.0f} MB"
                )


def _cap_for(name: str, s: Settings) -> int:
    """The decompressed bytes after which the reader stops on this input: a page at the page
    cap, a bomb in an archive or JSONL once its ratio is judged (or at the member cap)."""
    if name.endswith(".html.gz"):
        return s.max_page_bytes
    return (
        min(s.max_gzip_ratio_after_bytes, s.max_gzip_member_bytes)
        if s.max_gzip_ratio < 1000
        else s.max_gzip_member_bytes
    )


if __name__ == "__main__":
    main()
