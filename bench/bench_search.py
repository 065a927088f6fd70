"""Search quality: Marsad's Arabic-aware store vs a plain SQLite FTS5 index, same articles, same run.

    python bench/bench_search.py ../shared/data/topics [--queries bench/queries.json]

Articles are the ANT topics records (title + body). The peer is FTS5 with its default tokenizer
(unicode61) over the raw text and the query words as typed — what one gets without Arabic handling.
Metrics per query, then means:
- recall@10 = relevant articles in the top 10 / min(10, number relevant) (capped, so a query
  with 200 relevant articles can still reach 1.0);
- MRR = 1 / rank of the first relevant article (0 when none in the top 100).
Relevance judgments: bench/queries.json (see bench/judge_queries.py for how they were made).

Speed: p50 / p95 of Marsad's search time over the judged queries (limit 100, snippets included).
`--operators` also times the query language (issue 13.3) on the same store: each judged query as
a phrase, with an exclusion, as a prefix, OR'ed with the next query, and sorted by date.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from marsad.config import SETTINGS
from marsad.model import Article, Block, Byline, Label, Source
from marsad.store.base import SearchQuery
from marsad.store.sqlite import SQLiteStore

K = 10
DEPTH = 100


def ant_articles(topics: Path) -> Iterator[tuple[str, Article]]:
    """(ANT id, Article) for every record of both topics files."""
    for name in ("ant-v1.1.jsonl", "ant2-dev.jsonl"):
        with (topics / name).open(encoding="utf-8") as fh:
            for line in fh:
                r = json.loads(line)
                paras = (
                    [p for p in r["text"].split("\n") if p.strip()]
                    if name.startswith("ant2")
                    else [r["text"]]
                )
                blocks = [Block(0, r["title"], Label.TITLE)]
                blocks += [Block(i, p, Label.PARAGRAPH) for i, p in enumerate(paras, 1)]
                yield (
                    r["id"],
                    Article(
                        source=Source(path=r["id"], url=r["url"], format="jsonl"),
                        title=r["title"],
                        blocks=blocks,
                        language="ar",
                        published=r["time"],
                        byline=Byline(r["source"], outlet=r["source"], outlet_latin=r["source"]),
                    ),
                )


def plain_query(text: str) -> str:
    words = [w for w in text.split() if w.strip()]
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


def score(ranked: list[list[str]], relevant: set[str]) -> tuple[float, float]:
    """(recall@K capped, reciprocal rank) for results given as lists of ANT ids per hit."""
    cap = min(K, len(relevant))
    found: set[str] = set()
    for ids in ranked[:K]:
        found |= relevant.intersection(ids)
    recall = min(len(found), cap) / cap if cap else 0.0
    rr = next((1.0 / (i + 1) for i, ids in enumerate(ranked[:DEPTH]) if relevant.intersection(ids)), 0.0)
    return recall, rr


def _pct(seconds: list[float], p: int) -> float:
    """The p-th percentile in milliseconds (nearest rank)."""
    ordered = sorted(seconds)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))] * 1000


def time_operators(store: SQLiteStore, texts: list[str]) -> dict[str, list[float]]:
    """Search times of the query language's forms of each judged query (limit 100, as above)."""
    from marsad.store.query import Sort

    forms: dict[str, list[tuple[str, Sort]]] = {
        '"phrase" (2+ words)': [(f'"{t}"', Sort.relevance) for t in texts if len(t.split()) > 1],
        "words -قال": [(f"{t} -قال", Sort.relevance) for t in texts],
        "prefix* (first 4 letters)": [
            (t.split()[0][:4] + "*", Sort.relevance) for t in texts if len(t.split()[0]) >= 4
        ],
        "a OR b (next query)": [
            (f"({a}) OR ({b})", Sort.relevance) for a, b in zip(texts, texts[1:] + texts[:1], strict=True)
        ],
        "words, sort=date": [(t, Sort.date) for t in texts],
    }
    out: dict[str, list[float]] = {}
    for name, runs in forms.items():
        for text, sort in runs:
            t = time.perf_counter()
            store.search(SearchQuery(text, limit=DEPTH, sort=sort))
            out.setdefault(name, []).append(time.perf_counter() - t)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("topics", type=Path)
    ap.add_argument("--queries", type=Path, default=Path(__file__).with_name("queries.json"))
    ap.add_argument("--json", type=Path, help="also write per-query figures here")
    ap.add_argument("--operators", action="store_true", help="also time the query language's operators")
    args = ap.parse_args()
    queries = json.loads(args.queries.read_text(encoding="utf-8"))

    with tempfile.TemporaryDirectory() as tmp:
        store = SQLiteStore(Path(tmp) / "marsad.db", settings=SETTINGS)
        plain = sqlite3.connect(Path(tmp) / "plain.db")
        plain.execute("CREATE VIRTUAL TABLE docs USING fts5(ant_id UNINDEXED, title, body)")
        by_store_id: dict[str, list[str]] = {}
        t0 = time.perf_counter()
        batch: list[tuple[str, Article]] = []

        def flush() -> None:
            for (ant_id, _), res in zip(batch, store.put_many([a for _, a in batch]), strict=True):
                by_store_id.setdefault(res.id, []).append(ant_id)
            batch.clear()

        n = 0
        for ant_id, a in ant_articles(args.topics):
            plain.execute(
                "INSERT INTO docs VALUES (?, ?, ?)",
                (ant_id, a.title, "\n".join(b.text for b in a.blocks if b.label is Label.PARAGRAPH)),
            )
            batch.append((ant_id, a))
            n += 1
            if len(batch) >= 500:
                flush()
        flush()
        plain.commit()
        print(
            f"indexed {n} articles ({len(by_store_id)} distinct by content) in {time.perf_counter() - t0:.0f} s"
        )

        rows = []
        for q in queries:
            rel = set(q["relevant"])
            t = time.perf_counter()
            hits = store.search(SearchQuery(q["query"], limit=DEPTH)).hits
            tm = time.perf_counter() - t
            m_ranked = [by_store_id.get(h.id, []) for h in hits]
            t = time.perf_counter()
            try:
                p_rows = plain.execute(
                    "SELECT ant_id FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT ?",
                    (plain_query(q["query"]), DEPTH),
                ).fetchall()
            except sqlite3.OperationalError:
                p_rows = []
            tp = time.perf_counter() - t
            p_ranked = [[r[0]] for r in p_rows]
            mr, mrr = score(m_ranked, rel)
            pr, prr = score(p_ranked, rel)
            rows.append((q, mr, mrr, pr, prr, tm, tp))
        operator_times = time_operators(store, [q["query"] for q in queries]) if args.operators else {}
        store.close()

    print(f"\n{'query':24} {'rel':>4}  {'marsad R@10':>11} {'MRR':>5}  {'plain R@10':>10} {'MRR':>5}  note")
    for q, mr, mrr, pr, prr, _, _ in rows:
        print(
            f"{q['query']:24} {len(q['relevant']):4d}  {mr:11.2f} {mrr:5.2f}  {pr:10.2f} {prr:5.2f}  {q['note']}"
        )
    m_r = statistics.mean(r[1] for r in rows)
    m_m = statistics.mean(r[2] for r in rows)
    p_r = statistics.mean(r[3] for r in rows)
    p_m = statistics.mean(r[4] for r in rows)
    print(f"\nqueries: {len(rows)}")
    print(
        f"mean recall@10: marsad {m_r:.3f}  plain FTS5 {p_r:.3f}  ratio {m_r / p_r if p_r else float('inf'):.2f}x"
    )
    print(
        f"MRR:            marsad {m_m:.3f}  plain FTS5 {p_m:.3f}  ratio {m_m / p_m if p_m else float('inf'):.2f}x"
    )
    print(
        f"median query time: marsad {statistics.median(r[5] for r in rows) * 1000:.1f} ms"
        f"  plain {statistics.median(r[6] for r in rows) * 1000:.1f} ms"
    )
    times = sorted(r[5] for r in rows)
    print(
        f"marsad query time p50 / p95: {_pct(times, 50):.1f} / {_pct(times, 95):.1f} ms ({len(times)} queries)"
    )
    for form, ts in operator_times.items():
        print(f"  {form:28} p50 / p95: {_pct(ts, 50):.1f} / {_pct(ts, 95):.1f} ms ({len(ts)} queries)")
    if args.json:
        args.json.write_text(
            json.dumps(
                [
                    {"query": q["query"], "marsad": [mr, mrr], "plain": [pr, prr]}
                    for q, mr, mrr, pr, prr, _, _ in rows
                ],
                ensure_ascii=False,
                indent=1,
            ),
            encoding="utf-8",
        )


if __name__ == "__main__":
    main()
