"""API load: `GET /api/search` under 20 concurrent clients on a 100k-article store, 1/2/4 workers.

    nice -n 10 .venv/bin/python bench/bench_load.py ../shared/data/topics [--n 100000]
        [--workers 1,2,4] [--clients 20] [--seconds 30] [--cache /tmp/marsad-bench-load]
        [--client locust|asyncio]

- Store: the synthetic corpus of bench_scale.py (an ANT article + one paragraph of another, a
  date in 2013–2018, one of 40 outlets per source), built once with bench_scale's builder and
  kept in `--cache` (reused while its `.done` marker says it was finished: a build takes minutes).
- Queries: bench_scale's 200 (the 35 judged ones of bench/queries.json + 165 words and word
  pairs drawn from the texts), in a fixed shuffled order; every fifth request adds a date range
  and every tenth asks for facets too, the way the reading room's search form does. limit=10.
- Server: `marsad serve --workers N` in its own process group on 127.0.0.1 (uvicorn, h11).
- Clients: `--clients` closed-loop users with no think time (each sends its next request when
  the last answered), for `--seconds` after a warm-up of `--warmup` seconds that is not counted.
  Locust (headless, FastHttpUser, run as a library in a child process) when it is installed,
  else an asyncio pool of httpx clients: the report says which.
- Peer: the same queries through the bare `Store.search` (+ facets where asked), sequentially in
  this process: what one request costs with no HTTP and no contention. Ratios are p95 over the
  peer's p95 and req/s over the 1-worker run.

Prints p50/p95/p99 (ms), req/s and the error count per worker count. The machine is shared:
client and server compete for the same cores, so absolute figures move between runs.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from marsad.config import SETTINGS

BENCH = Path(__file__).resolve().parent
SEED = 20261204
DATE_RANGES = [("2014-01-01", "2014-12-31"), ("2016-03", "2016-09"), ("2017-06-01", "2018-06-30")]


# --- the store ---------------------------------------------------------------------------------
def cached_store(topics: Path, n: int, cache: Path) -> Path:
    """A SQLite store of `n` synthetic articles in `cache`, built (with bench_scale's builder)
    unless a finished one is there already."""
    sys.path.insert(0, str(BENCH))
    from bench_scale import build, records
    from marsad.store.sqlite import SQLiteStore

    cache.mkdir(parents=True, exist_ok=True)
    db = cache / f"load-{n}.db"
    done = cache / f"load-{n}.done"
    if done.exists() and db.exists():
        print(f"store: reusing {db} ({db.stat().st_size / 1e6:.0f} MB)", flush=True)
        return db
    for old in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        old.unlink(missing_ok=True)  # a half-built store from an interrupted run
    recs = records(topics)
    print(f"store: building {n} articles from {len(recs)} ANT records into {db}", flush=True)
    store = SQLiteStore(db, settings=SETTINGS)
    seconds = build(store, recs, n)
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    have = store.stats().articles
    store.close()
    print(f"store: {have} articles in {seconds:.0f} s", flush=True)
    done.write_text(f"{have}\n", encoding="utf-8")
    return db


def requests_for(topics: Path, count: int) -> list[dict[str, str]]:
    """Query strings of the load: bench_scale's query set, shuffled, with filters mixed in."""
    sys.path.insert(0, str(BENCH))
    from bench_scale import query_set, records

    queries = query_set(records(topics), BENCH / "queries.json")
    rng = random.Random(SEED)
    out: list[dict[str, str]] = []
    for i in range(count):
        params = {"q": rng.choice(queries), "limit": "10"}
        if i % 5 == 4:
            params["since"], params["until"] = rng.choice(DATE_RANGES)
        if i % 10 == 9:
            params["facets"] = "true"
        out.append(params)
    return out


# --- the peer: the bare store -----------------------------------------------------------------
def store_latencies(db: Path, reqs: list[dict[str, str]]) -> list[float]:
    from marsad.store.base import SearchQuery
    from marsad.store.open import open_store

    store = open_store(str(db))
    try:
        times = []
        for warm, params in [(True, p) for p in reqs] + [(False, p) for p in reqs]:
            q = SearchQuery(
                params["q"], since=params.get("since"), until=params.get("until"), limit=int(params["limit"])
            )
            t = time.perf_counter()
            store.search(q)
            if params.get("facets"):
                store.facets(q)
            if not warm:
                times.append(time.perf_counter() - t)
        return times
    finally:
        store.close()


# --- the server ---------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def server_cpu_seconds(pid: int) -> float:
    """CPU seconds used so far by the server: its supervisor and every worker process."""
    import psutil  # a locust dependency; measured where it is installed

    procs = [psutil.Process(pid)]
    procs += procs[0].children(recursive=True)
    total = 0.0
    for proc in procs:
        try:
            t = proc.cpu_times()
            total += t.user + t.system
        except psutil.NoSuchProcess:
            pass
    return total


@contextmanager
def serving(db: Path, workers: int) -> Iterator[tuple[str, int]]:
    """`marsad serve --workers N` over `db`; yields (base URL, pid) once /api/stats answers."""
    import httpx

    port = free_port()
    cmd = [sys.executable, "-m", "marsad", "serve", "--db", str(db), "--port", str(port)]
    cmd += ["--workers", str(workers)]
    # Its own process group: uvicorn's worker processes are stopped with their supervisor.
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"marsad serve exited with {proc.returncode}")
            try:
                if httpx.get(url + "/api/stats", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("marsad serve did not answer within 120 s")
            time.sleep(0.3)
        yield url, proc.pid
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


# --- the clients (run in a child process: locust patches the standard library with gevent) ------
def run_locust(
    url: str, reqs: list[dict[str, str]], clients: int, warmup: float, seconds: float
) -> dict[str, Any]:
    import gevent
    from locust import FastHttpUser, constant, events, task
    from locust.env import Environment

    times: list[float] = []
    errors: list[str] = []
    state = {"counting": False, "next": 0, "all": 0}

    @events.request.add_listener
    def on_request(response_time: float, exception: BaseException | None, **_: Any) -> None:
        state["all"] += 1
        if not state["counting"]:
            return
        if exception is not None:
            errors.append(repr(exception)[:200])
        else:
            times.append(response_time / 1000)

    class Searcher(FastHttpUser):
        host = url
        wait_time = constant(0)

        @task
        def search(self) -> None:
            i = state["next"]
            state["next"] = i + 1
            with self.client.get(
                "/api/search", params=reqs[i % len(reqs)], name="/api/search", catch_response=True
            ) as r:
                if r.status_code != 200:
                    r.failure(f"HTTP {r.status_code}")

    env = Environment(user_classes=[Searcher], events=events)
    runner = env.create_local_runner()
    runner.start(clients, spawn_rate=clients)
    gevent.sleep(warmup)
    state["counting"] = True
    t0 = time.perf_counter()
    gevent.sleep(seconds)
    state["counting"] = False
    elapsed = time.perf_counter() - t0
    runner.quit()
    return {"client": "locust", "times": times, "errors": errors, "elapsed": elapsed, "all": state["all"]}


def run_asyncio(
    url: str, reqs: list[dict[str, str]], clients: int, warmup: float, seconds: float
) -> dict[str, Any]:
    import asyncio

    import httpx

    times: list[float] = []
    errors: list[str] = []
    sent = [0]

    async def main() -> float:
        loop = asyncio.get_running_loop()
        start = loop.time()
        count_from, stop_at = start + warmup, start + warmup + seconds
        counter = iter(range(10**12))

        async def user() -> None:
            async with httpx.AsyncClient(base_url=url, timeout=60) as client:
                while (now := loop.time()) < stop_at:
                    params = reqs[next(counter) % len(reqs)]
                    t = time.perf_counter()
                    try:
                        r = await client.get("/api/search", params=params)
                        failed = None if r.status_code == 200 else f"HTTP {r.status_code}"
                    except httpx.HTTPError as e:
                        failed = repr(e)[:200]
                    sent[0] += 1
                    if now >= count_from:
                        if failed:
                            errors.append(failed)
                        else:
                            times.append(time.perf_counter() - t)

        await asyncio.gather(*(user() for _ in range(clients)))
        return seconds

    elapsed = asyncio.run(main())
    return {"client": "asyncio+httpx", "times": times, "errors": errors, "elapsed": elapsed, "all": sent[0]}


def client_main(argv: list[str]) -> None:
    """`bench_load.py --client-run KIND URL REQS.json CLIENTS WARMUP SECONDS OUT.json`"""
    kind, url, reqs_path, clients, warmup, seconds, out = argv
    reqs = json.loads(Path(reqs_path).read_text(encoding="utf-8"))
    run = run_locust if kind == "locust" else run_asyncio
    result = run(url, reqs, int(clients), float(warmup), float(seconds))
    Path(out).write_text(json.dumps(result), encoding="utf-8")


def measure(
    kind: str, url: str, reqs_path: Path, clients: int, warmup: float, seconds: float
) -> dict[str, Any]:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as fh:
        out = Path(fh.name)
    try:
        cmd = [sys.executable, __file__, "--client-run", kind, url, str(reqs_path), str(clients)]
        subprocess.run([*cmd, str(warmup), str(seconds), str(out)], check=True)
        result: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
        return result
    finally:
        out.unlink(missing_ok=True)


# --- report --------------------------------------------------------------------------------------
def pct(times: list[float], p: float) -> float:
    s = sorted(times)
    return s[min(len(s) - 1, max(0, round(p / 100 * len(s)) - 1))] * 1000 if s else float("nan")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("topics", type=Path, help="folder with ant-v1.1.jsonl and ant2-dev.jsonl")
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--workers", default="1,2,4")
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--warmup", type=float, default=5.0)
    ap.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "marsad-bench-load")
    ap.add_argument("--client", choices=["auto", "locust", "asyncio"], default="auto")
    ap.add_argument("--build-only", action="store_true", help="build (or check) the store and stop")
    args = ap.parse_args()

    db = cached_store(args.topics, args.n, args.cache)
    if args.build_only:
        return
    kind = args.client
    if kind == "auto":
        try:
            import locust  # noqa: F401

            kind = "locust"
        except ImportError:
            print("locust is not installed: using the asyncio + httpx client pool")
            kind = "asyncio"

    reqs = requests_for(args.topics, 1000)
    reqs_path = args.cache / "load-requests.json"
    reqs_path.write_text(json.dumps(reqs, ensure_ascii=False), encoding="utf-8")
    peer = store_latencies(db, reqs[:200])
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}; client: {kind}; "
          f"{args.clients} clients, {args.seconds:.0f} s after {args.warmup:.0f} s warm-up")  # fmt: skip
    rows = [("`Store.search` (peer: 1 caller, in process)", peer, len(peer) / sum(peer), 0, "")]
    for workers in [int(w) for w in args.workers.split(",")]:
        with serving(db, workers) as (url, pid):
            load0, cpu0 = os.getloadavg()[0], server_cpu_seconds(pid)
            r = measure(kind, url, reqs_path, args.clients, args.warmup, args.seconds)
            cpu = server_cpu_seconds(pid) - cpu0  # warm-up included: divided by all requests
        times = r["times"]
        note = f"load {load0:.1f}; server CPU {cpu * 1000 / max(1, r['all']):.0f} ms/request"
        rows.append(
            (
                f"`GET /api/search`, {workers} worker(s)",
                times,
                len(times) / r["elapsed"],
                len(r["errors"]),
                note,
            )
        )
        if r["errors"]:
            print(f"  {workers} worker(s): first errors {r['errors'][:3]}")

    peer95 = pct(peer, 95)
    base_rate = rows[1][2] if len(rows) > 1 else float("nan")
    print(
        "\n| path | requests | p50 ms | p95 ms | p99 ms | req/s | errors | p95 × peer | req/s × 1 worker | note |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for i, (label, times, rate, errs, note) in enumerate(rows):
        ratio_rate = "" if i == 0 else f"{rate / base_rate:.2f}"
        print(f"| {label} | {len(times)} | {pct(times, 50):.1f} | {pct(times, 95):.1f} | {pct(times, 99):.1f} "
              f"| {rate:.1f} | {errs} | {pct(times, 95) / peer95:.1f} | {ratio_rate} | {note} |")  # fmt: skip
    print(f"\npeer mean {statistics.mean(peer) * 1000:.1f} ms per request")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--client-run":
        client_main(sys.argv[2:])
    else:
        main()
