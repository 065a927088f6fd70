"""The corpus step: near duplicates on the reprint set, stories on the story gold, and speed.

Usage (from the project root):
    nice -n 10 .venv/bin/python bench/bench_corpus.py --topics ../shared/data/topics \
        --stories tests/data/stories_dev.jsonl [--split dev|sealed|all] [--enrich] [--speed N] \
        [--set near_shingle=4 ...] [--tune]

Near duplicates (bench/reprints.py builds the set from --topics at run time, into a temp dir):
per split, the originals are ingested first, then the variants and negatives, through the real
reader, extractor and fingerprint step, then `CorpusStep` over a `MemoryIndex`. A variant whose
`duplicate_of` is its original (or the original's own canonical) is a true positive; a variant
marked a copy of another variant of the same original (a "sibling": right family, but the original
itself was missed) is a false negative only; any other duplicate mark on a variant, and any on a
negative, is a false positive; recall is over variants.
Peer, same items and order: datasketch defaults (`MinHashLSH(threshold=0.9, num_perm=128)`) over
the set of raw whitespace words of the page text (chrome included: it has no extractor); query,
then insert; a hit marks the page a duplicate of the earliest inserted hit's canonical.

Stories: the gold articles (tests/data/stories_dev.jsonl) in time order, all of them in one run
(the dev and sealed windows are months apart, so neither sees the other); scored per split with
B³ and pairwise precision / recall / F1; an article with no story counts as a singleton. Peers:
every article alone; single-link tf-idf cosine (title + text, whitespace words, scikit-learn
TfidfVectorizer's default weighting: raw tf × smoothed idf, L2) linking articles at most 3 days
apart at cosine ≥ 0.3 — threshold fixed a priori, never tuned. `--enrich` adds a Marsad row with
entities (the enrich steps run first; ~0.5 s/article).

Speed (`--speed N`): the corpus step alone (`CorpusStep.run` over a `MemoryIndex`) on N reprint-set
pages (perturbed copies of real articles, fingerprinted beforehand), articles/s of wall time.

`--tune` runs the dev grids (reprints dev split, story dev windows) and prints the best settings;
it never reads the sealed split.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import itertools
import json
import math
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from marsad.config import SETTINGS, Settings
from marsad.corpus.fingerprint import fingerprint, fingerprint_step
from marsad.corpus.hashing import article_id
from marsad.corpus.index import MemoryIndex
from marsad.corpus.step import CorpusStep
from marsad.model import Article
from marsad.pipeline import Pipeline
from marsad.read import read_bytes
from marsad.steps import default_steps
from reprints import NEGATIVE_KINDS, POSITIVE_KINDS, SPLITS, Item, build, load_topics, record

TFIDF_THRESHOLD = 0.3  # a priori, not tuned
TFIDF_DAYS = 3


# --- running Marsad -----------------------------------------------------------------------------


def process(records: list[dict[str, str]], *, enrich: bool = False) -> dict[str, Article]:
    """Source id → article after the page steps and the fingerprint step."""
    p = Pipeline([*default_steps(enrich=enrich), fingerprint_step(settings=SETTINGS, entities=enrich)])
    data = "\n".join(json.dumps(r, ensure_ascii=False) for r in records).encode("utf-8")
    with tempfile.TemporaryDirectory() as d:  # pages written out, as the bench reads them
        path = Path(d) / "pages.jsonl"
        path.write_bytes(data)
        arts = list(p.run(read_bytes(path.read_bytes(), settings=SETTINGS, path=str(path))))
    return {a.source.id: a for a in arts if a.source.id}


def refingerprint(arts: dict[str, Article], settings: Settings) -> None:
    """Fingerprints under `settings` (the shingle size lives in the fingerprint)."""
    for a in arts.values():
        if a.fingerprint is not None:
            a.fingerprint = fingerprint(a, settings)
            a.text_hash = a.fingerprint.text_hash


def corpus_run(order: list[str], arts: dict[str, Article], settings: Settings):
    """Run the corpus step over `order`; → ({source id: (duplicate_of source id, kind)}, members)."""
    idx, step = MemoryIndex(SETTINGS), CorpusStep(settings)
    back: dict[str, str] = {}
    dups: dict[str, tuple[str | None, str | None]] = {}
    for sid in order:
        a = arts.get(sid)
        if a is None or a.fingerprint is None:
            dups[sid] = (None, None)
            continue
        a.duplicate_of = a.dup_kind = a.story = a.story_note = None
        a.content_hash = hashlib.sha256(sid.encode()).hexdigest()
        back[article_id(a.content_hash)] = sid
        step.run(a, idx)
        dups[sid] = (back.get(a.duplicate_of) if a.duplicate_of else None, a.dup_kind)
    members = {back[k]: v for k, v in idx.story_members().items() if k in back}
    return dups, members


# --- near duplicates ----------------------------------------------------------------------------


def datasketch_run(items: list[Item]) -> dict[str, str | None]:
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=0.9, num_perm=128)
    order: dict[str, int] = {}
    canon: dict[str, str] = {}
    out: dict[str, str | None] = {}
    for it in items:
        m = MinHash(num_perm=128)
        words = {w.encode("utf-8") for w in it.record["text"].split()}
        if words:
            m.update_batch(list(words))
        hits = [h for h in lsh.query(m) if h != it.id]
        dup = canon[min(hits, key=order.__getitem__)] if hits else None
        out[it.id] = dup
        canon[it.id] = dup or it.id
        if it.id not in order:
            order[it.id] = len(order)
            lsh.insert(it.id, m)
    return out


def near_score(items: list[Item], dup: dict[str, str | None]) -> dict[str, object]:
    """TP / FP / FN overall and per kind."""
    by_kind: dict[str, Counter[str]] = defaultdict(Counter)
    for it in items:
        if it.kind == "original":
            if dup.get(it.id):
                by_kind["original"]["marked"] += 1
            by_kind["original"]["n"] += 1
            continue
        d = dup.get(it.id)
        c = by_kind[it.kind]
        c["n"] += 1
        if it.kind in NEGATIVE_KINDS:
            c["fp"] += bool(d)
            continue
        targets = {it.of, dup.get(it.of or "")}
        if d is not None and d in targets:
            c["tp"] += 1
        else:
            c["fn"] += 1
            if d is not None and d.split("~")[0] == it.of:
                c["sibling"] += 1  # a copy of another variant of the same original: not wrong, not TP
            elif d is not None:
                c["fp"] += 1
    tp = sum(c["tp"] for c in by_kind.values())
    fp = sum(c["fp"] for c in by_kind.values())
    fn = sum(c["fn"] for c in by_kind.values())
    sib = sum(c["sibling"] for c in by_kind.values())
    return {"tp": tp, "fp": fp, "fn": fn, "sibling": sib, "kinds": by_kind}


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}x" if b else "–"


def near_split(items: list[Item], arts: dict[str, Article], settings: Settings) -> dict[str, object]:
    dups, _ = corpus_run([it.id for it in items], arts, settings)
    return near_score(items, {k: v[0] for k, v in dups.items()})


def print_near(name: str, mars: dict, base: dict) -> None:
    pm, rm, fm = prf(mars["tp"], mars["fp"], mars["fn"])
    pb, rb, fb = prf(base["tp"], base["fp"], base["fn"])
    print(f"\n### Near duplicates — {name}\n")
    print("| system | TP | FP | FN (of which sibling) | precision | recall | F1 | P / peer | R / peer |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    print(f"| Marsad | {mars['tp']} | {mars['fp']} | {mars['fn']} ({mars['sibling']}) | {pm:.3f} | {rm:.3f} | {fm:.3f} | {ratio(pm, pb)} | {ratio(rm, rb)} |")  # fmt: skip
    print(f"| datasketch defaults, raw words | {base['tp']} | {base['fp']} | {base['fn']} ({base['sibling']}) | {pb:.3f} | {rb:.3f} | {fb:.3f} | 1.00x | 1.00x |")  # fmt: skip
    print("\n| kind | n | Marsad caught | datasketch caught |")
    print("| --- | ---: | ---: | ---: |")
    for kind in (*POSITIVE_KINDS, *NEGATIVE_KINDS):
        m, b = mars["kinds"].get(kind), base["kinds"].get(kind)
        if not m:
            continue
        key = "fp" if kind in NEGATIVE_KINDS else "tp"
        label = f"{kind} (marked = FP)" if kind in NEGATIVE_KINDS else kind
        print(f"| {label} | {m['n']} | {m[key]} ({m[key] / m['n']:.1%}) | {b[key]} ({b[key] / b['n']:.1%}) |")
    o = mars["kinds"]["original"]
    print(f"\nOriginals marked duplicate of an earlier original: Marsad {o['marked']} / {o['n']}, datasketch {base['kinds']['original']['marked']}.")  # fmt: skip


# --- stories ------------------------------------------------------------------------------------


def clusters_from(labels: dict[str, str]) -> dict[str, frozenset[str]]:
    groups: dict[str, set[str]] = defaultdict(set)
    for i, lab in labels.items():
        groups[lab].add(i)
    return {i: frozenset(groups[lab]) for i, lab in labels.items()}


def b_cubed(pred: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    pc, gc = clusters_from(pred), clusters_from(gold)
    n = len(gold)
    p = sum(len(pc[i] & gc[i]) / len(pc[i]) for i in gold) / n
    r = sum(len(pc[i] & gc[i]) / len(gc[i]) for i in gold) / n
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def pairwise(pred: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    ids = sorted(gold)
    tp = fp = fn = 0
    for a, b in itertools.combinations(ids, 2):
        sp, sg = pred[a] == pred[b], gold[a] == gold[b]
        tp += sp and sg
        fp += sp and not sg
        fn += sg and not sp
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def tfidf_single_link(rows: list[dict[str, str]]) -> dict[str, str]:
    """Single-link clusters of tf-idf cosine ≥ TFIDF_THRESHOLD within TFIDF_DAYS days."""
    from datetime import date

    import numpy as np

    docs = [Counter(f"{r['title']} {r['text']}".split()) for r in rows]
    df: Counter[str] = Counter(t for d in docs for t in d)
    vocab = {t: i for i, t in enumerate(sorted(df))}
    n = len(docs)
    idf = {t: math.log((1 + n) / (1 + c)) + 1.0 for t, c in df.items()}
    m = np.zeros((n, len(vocab)))
    for i, d in enumerate(docs):
        for t, c in d.items():
            m[i, vocab[t]] = c * idf[t]
    m /= np.maximum(np.linalg.norm(m, axis=1, keepdims=True), 1e-12)
    sim = m @ m.T
    days = [date.fromisoformat(r["time"][:10]).toordinal() for r in rows]
    parent = list(range(n))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(n):
        for j in range(i + 1, n):
            if abs(days[i] - days[j]) <= TFIDF_DAYS and sim[i, j] >= TFIDF_THRESHOLD:
                parent[root(i)] = root(j)
    return {r["id"]: rows[root(i)]["id"] for i, r in enumerate(rows)}


def story_labels(
    gold_rows: list[dict[str, str]], arts: dict[str, Article], settings: Settings
) -> dict[str, str]:
    order = [r["id"] for r in gold_rows]
    _, members = corpus_run(order, arts, settings)
    return {i: members.get(i) or f"alone:{i}" for i in order}


def story_scores(pred: dict[str, str], gold: list[dict[str, str]], split: str):
    g = {x["id"]: x["story"] for x in gold if split == "all" or x["split"] == split}
    p = {i: pred[i] for i in g}
    return b_cubed(p, g), pairwise(p, g)


def load_gold(topics: Path, stories: Path) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    with stories.open(encoding="utf-8") as fh:
        gold = [json.loads(line) for line in fh if line.strip()]
    ids = {g["id"] for g in gold}
    rows = sorted((r for r in load_topics(topics) if r["id"] in ids), key=lambda r: (r["time"], r["id"]))
    return gold, rows


def print_stories(
    split: str, rows_by_system: list[tuple[str, dict[str, str]]], gold: list[dict[str, str]]
) -> None:
    print(f"\n### Stories — {split} ({sum(1 for g in gold if g['split'] == split)} articles)\n")
    print("| system | B³ P | B³ R | B³ F1 | pair P | pair R | pair F1 | B³ F1 / tf-idf | pair F1 / tf-idf |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    scored = [(name, *story_scores(pred, gold, split)) for name, pred in rows_by_system]
    ref = next(s for s in scored if s[0].startswith("tf-idf"))
    for name, b3, pw in scored:
        print(
            f"| {name} | {b3[0]:.3f} | {b3[1]:.3f} | {b3[2]:.3f} | {pw[0]:.3f} | {pw[1]:.3f} | {pw[2]:.3f} "
            f"| {ratio(b3[2], ref[1][2])} | {ratio(pw[2], ref[2][2])} |"
        )


# --- tuning (dev only) --------------------------------------------------------------------------


def tune(topics: Path, stories: Path, base: Settings, enrich: bool) -> None:
    rs = build(topics, stories)
    items = rs.split("dev")
    arts = process([it.record for it in items])
    print(
        "## near-duplicate grid (reprints dev)\n\n| k | lsh | containment | min_shingles | P | R | FP | FN |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for k in (2, 3, 4, 5):
        s = dataclasses.replace(base, near_shingle=k)
        refingerprint(arts, s)
        for lsh, cont, mins in itertools.product(
            (0.15, 0.2, 0.25, 0.3, 0.4), (0.5, 0.6, 0.7, 0.8), (10, 20, 30)
        ):
            s2 = dataclasses.replace(s, near_lsh_threshold=lsh, near_containment=cont, near_min_shingles=mins)
            r = near_split(items, arts, s2)
            p, rc, _ = prf(r["tp"], r["fp"], r["fn"])
            print(
                f"| {k} | {lsh} | {cont} | {mins} | {p:.3f} | {rc:.3f} | {r['fp']} | {r['fn']} |", flush=True
            )
    gold, rows = load_gold(topics, stories)
    dev_rows = [r for r in rows if r["id"] in {g["id"] for g in gold if g["split"] == "dev"}]
    sarts = process([record(r) for r in dev_rows], enrich=enrich)
    refingerprint(sarts, base)
    print("\n## story grid (story dev windows)\n\n| threshold | entity w | window | min words | B³ P | B³ R | B³ F1 | pair P | pair R | pair F1 |")  # fmt: skip
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    weights = (0.0, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5) if enrich else (base.story_entity_weight,)
    thresholds = (0.1, 0.125, 0.15, 0.175, 0.2, 0.225, 0.25, 0.3, 0.35, 0.4)
    for th, w, win, mw in itertools.product(thresholds, weights, (1, 3, 7), (5, 10, 15, 25)):
        s = dataclasses.replace(
            base, story_threshold=th, story_entity_weight=w, story_window_days=win, story_min_words=mw
        )
        pred = story_labels(dev_rows, sarts, s)
        b3, pw = story_scores(pred, gold, "dev")
        print(f"| {th} | {w} | {win} | {mw} | {b3[0]:.3f} | {b3[1]:.3f} | {b3[2]:.3f} | {pw[0]:.3f} | {pw[1]:.3f} | {pw[2]:.3f} |", flush=True)  # fmt: skip


# --- cross-validation over the dev windows (never reads sealed) -------------------------------

# Each experiment: a name and a grid {field: values}; thresholds are always re-chosen with it.
# `_title` is the extra count per title word in the article vector (a refingerprint).
CV_THRESHOLDS = (0.1, 0.125, 0.15, 0.175, 0.2, 0.225, 0.25, 0.275, 0.3, 0.35)


def cv_experiments(base: Settings, enrich: bool) -> list[tuple[str, dict[str, tuple[object, ...]]]]:
    """The grids compared under CV. Without entities only the terms road matters."""
    ths = CV_THRESHOLDS
    if not enrich:
        one = {"story_threshold": ths}
        return [
            ("terms: threshold", one),
            ("terms: + title weight", {**one, "story_title_weight": (1, 2, 3, 4)}),
            ("terms: + day decay", {**one, "story_day_decay": (0.0, 0.1, 0.2, 0.3)}),
            ("terms: + merge bar", {**one, "story_merge_threshold": (-1.0, 0.3, 0.4, 0.5, 2.0)}),
        ]
    both = {"story_threshold": (0.125, 0.15, 0.175), "story_threshold_entities": ths}
    w = {"story_entity_weight": (0.15, 0.2, 0.3, 0.4)}
    # Jaccard overlap (the second round, on top of what the first kept)
    jb = {
        "story_threshold": (0.125, 0.15),
        "story_threshold_entities": ths,
        "story_entity_overlap": ("jaccard",),
    }
    jw = {"story_entity_weight": (0.2, 0.3, 0.4, 0.5, 0.6)}
    return [
        ("ents: one bar (both roads)", {"story_threshold": ths, "story_threshold_entities": (-1.0,), **w}),
        ("ents: two bars", {**both, **w}),
        ("ents: two bars, jaccard", {**both, **w, "story_entity_overlap": ("jaccard",)}),
        ("ents: two bars, story top entities", {**both, **w, "story_entity_min_share": (0.34, 0.5)}),
        ("ents: two bars, PERSON+ORG", {**both, **w, "story_entity_types": ("PERSON,ORGANIZATION",)}),
        ("ents: two bars, + title weight", {**both, **w, "story_title_weight": (1, 2, 3, 4)}),
        ("ents: two bars, + day decay", {**both, **w, "story_day_decay": (0.0, 0.1, 0.2, 0.3)}),
        ("ents: two bars, + merge bar", {**both, **w, "story_merge_threshold": (-1.0, 0.3, 0.4, 0.5, 2.0)}),
        ("jacc: two bars", {**jb, **jw}),
        ("jacc: + story top entities", {**jb, **jw, "story_entity_min_share": (0.0, 0.34, 0.5)}),
        ("jacc: + title weight", {**jb, **jw, "story_title_weight": (1, 2, 3)}),
        (
            "final: jaccard, top entities, weight",
            {**jb, "story_entity_min_share": (0.34,), "story_entity_weight": (0.5, 0.6, 0.7, 0.8)},
        ),
        ("jacc: + merge bar", {**jb, **jw, "story_merge_threshold": (-1.0, 0.3, 0.4, 2.0)}),
    ]


def dev_windows(gold: list[dict[str, str]]) -> list[set[str]]:
    """The dev article ids by window: days more than 3 apart start a new window."""
    from datetime import date

    dev = sorted((g for g in gold if g["split"] == "dev"), key=lambda g: g["day"])
    out: list[set[str]] = []
    last = None
    for g in dev:
        d = date.fromisoformat(g["day"]).toordinal()
        if last is None or d - last > 3:
            out.append(set())
        out[-1].add(g["id"])
        last = d
    return out


def _grid(spec: dict[str, tuple[object, ...]], base: Settings) -> list[Settings]:
    keys = list(spec)
    out = []
    for vals in itertools.product(*(spec[k] for k in keys)):
        kv = dict(zip(keys, vals, strict=True))
        # -1: "the same as the join bar" (the old single-bar behaviour)
        if kv.get("story_threshold_entities") == -1.0:
            kv["story_threshold_entities"] = kv.get("story_threshold", base.story_threshold)
        if kv.get("story_merge_threshold") == -1.0:
            kv["story_merge_threshold"] = kv.get("story_threshold", base.story_threshold)
        out.append(dataclasses.replace(base, **kv))  # type: ignore[arg-type]
    return out


def cv(topics: Path, stories: Path, base: Settings, enrich: bool, cache: Path | None, only: str = "") -> None:
    """Leave one dev window out: choose a grid point on two windows (mean of their pairwise F1,
    then B³ F1), score it on the third; mean ± sd and min–max of the held-out scores."""
    import pickle
    import statistics

    gold, rows = load_gold(topics, stories)
    wins = dev_windows(gold)
    g = {x["id"]: x["story"] for x in gold}
    dev_ids = set().union(*wins)
    dev_rows = [r for r in rows if r["id"] in dev_ids]
    roads = [False, True] if enrich else [False]
    arts_by: dict[bool, dict[str, Article]] = {}
    for e in roads:
        f = cache / f"dev-{'ents' if e else 'plain'}.pkl" if cache else None
        if f is not None and f.exists():
            arts_by[e] = pickle.loads(f.read_bytes())
        else:
            arts_by[e] = process([record(r) for r in dev_rows], enrich=e)
            if f is not None:
                f.parent.mkdir(parents=True, exist_ok=True)
                f.write_bytes(pickle.dumps(arts_by[e]))
    win_rows = [[r for r in dev_rows if r["id"] in w] for w in wins]
    print(f"dev windows: {[len(w) for w in wins]} articles; folds: leave one window out")
    for e in roads:
        arts = arts_by[e]
        for name, spec in cv_experiments(base, e):
            if only and only not in name:
                continue
            table: list[tuple[Settings, list[tuple[float, float]]]] = []
            last = None
            for st in _grid(spec, base):
                if st.story_title_weight != last:  # the title weight lives in the fingerprint
                    last = st.story_title_weight
                    refingerprint(arts, st)
                per = []
                for wr, w in zip(win_rows, wins, strict=True):
                    pred = story_labels(wr, arts, st)
                    gw = {i: g[i] for i in w}
                    per.append((pairwise(pred, gw)[2], b_cubed(pred, gw)[2]))
                table.append((st, per))
            held_pw, held_b3, chosen = [], [], []
            for k in range(len(wins)):
                rest = [j for j in range(len(wins)) if j != k]
                best = max(
                    table,
                    key=lambda t: (
                        sum(t[1][j][0] for j in rest) / len(rest),
                        sum(t[1][j][1] for j in rest) / len(rest),
                    ),
                )
                held_pw.append(best[1][k][0])
                held_b3.append(best[1][k][1])
                chosen.append({f: getattr(best[0], f) for f in spec})
            mp, sp = statistics.mean(held_pw), statistics.pstdev(held_pw)
            mb, sb = statistics.mean(held_b3), statistics.pstdev(held_b3)
            print(
                f"| {name} | {len(table)} | {mp:.3f} ± {sp:.3f} ({min(held_pw):.3f}–{max(held_pw):.3f}) "
                f"| {mb:.3f} ± {sb:.3f} | " + " ; ".join(json.dumps(c) for c in chosen) + " |",
                flush=True,
            )


# --- main ---------------------------------------------------------------------------------------


def settings_from(pairs: list[str]) -> Settings:
    return SETTINGS.with_flags(**dict(kv.partition("=")[::2] for kv in pairs))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--topics", type=Path, default=Path("../shared/data/topics"))
    ap.add_argument("--stories", type=Path, default=Path("tests/data/stories_dev.jsonl"))
    ap.add_argument("--split", choices=("dev", "sealed", "all"), default="dev")
    ap.add_argument("--enrich", action="store_true", help="also run stories with entities (slow)")
    ap.add_argument("--speed", type=int, default=0, metavar="N", help="time the corpus step on N pages")
    ap.add_argument("--per-split", type=int, default=200, help="reprint originals per split")
    ap.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE", help="override a setting")
    ap.add_argument("--tune", action="store_true", help="print the dev grids (never reads sealed)")
    ap.add_argument("--cv", action="store_true", help="leave-one-dev-window-out CV (never reads sealed)")
    ap.add_argument("--cache", type=Path, default=None, help="--cv: keep the processed dev pages here")
    ap.add_argument("--cv-only", default="", help="--cv: only the experiments whose name has this")
    args = ap.parse_args()
    settings = settings_from(args.set)
    corpus_fields = {f.name: getattr(settings, f.name) for f in dataclasses.fields(settings)}
    print("settings:", {k: v for k, v in corpus_fields.items() if k.startswith(("near_", "story_"))})
    if args.cv:
        cv(args.topics, args.stories, settings, args.enrich, args.cache, args.cv_only)
        return
    if args.tune:
        tune(args.topics, args.stories, settings, args.enrich)
        return

    splits = ("train", "dev", "sealed") if args.split == "all" else (args.split,)
    rs = build(args.topics, args.stories, per_split=args.per_split)
    print("\n## Reprint set\n\n| kind | " + " | ".join(SPLITS) + " |\n| --- |" + " ---: |" * len(SPLITS))
    counts = rs.counts()
    for kind in ("original", *POSITIVE_KINDS, *NEGATIVE_KINDS):
        print(f"| {kind} | " + " | ".join(str(counts.get((kind, s), 0)) for s in SPLITS) + " |")
    with tempfile.TemporaryDirectory(prefix="reprints-") as d:
        rs.write(Path(d))
        for s in splits:
            items = rs.split(s)
            arts = process([it.record for it in items])
            refingerprint(arts, settings)
            print_near(s, near_split(items, arts, settings), near_score(items, datasketch_run(items)))

    gold, rows = load_gold(args.topics, args.stories)
    arts = process([record(r) for r in rows])
    refingerprint(arts, settings)
    systems = [("Marsad", story_labels(rows, arts, settings))]
    if args.enrich:
        t0 = time.perf_counter()
        earts = process([record(r) for r in rows], enrich=True)
        refingerprint(earts, settings)
        print(f"\n(enrich + fingerprint: {(time.perf_counter() - t0) / len(rows):.2f} s/article)")
        systems.append(("Marsad + entities", story_labels(rows, earts, settings)))
    systems.append(
        (f"tf-idf single link, cos ≥ {TFIDF_THRESHOLD}, ≤ {TFIDF_DAYS} d", tfidf_single_link(rows))
    )
    systems.append(("every article alone", {r["id"]: r["id"] for r in rows}))
    for s in splits:
        if s != "train":
            print_stories(s, systems, gold)

    if args.speed:
        per = max(args.per_split, math.ceil(args.speed / 8 / 3) + 1)
        srs = build(args.topics, args.stories, per_split=per)
        items = [it for s in SPLITS for it in srs.split(s)][: args.speed]
        sarts = process([it.record for it in items])
        refingerprint(sarts, settings)
        t0, c0 = time.perf_counter(), time.process_time()
        corpus_run([it.id for it in items], sarts, settings)
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        print(f"\n### Speed\n\ncorpus step alone (MemoryIndex), {len(items)} pages: {len(items) / wall:,.0f} articles/s wall, {len(items) / cpu:,.0f} /CPU-s")  # fmt: skip


if __name__ == "__main__":
    main()
