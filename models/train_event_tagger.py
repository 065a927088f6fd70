"""Train the event trigger tagger (marsad.enrich.events.tagger; issue 11 item 3).

Usage (from the project root; needs ../shared/data for the sentence text):
    .venv/bin/python models/train_event_tagger.py --topics ../shared/data/topics \
        --cameo ../shared/data/events/reference --out models/event_tagger.crfsuite

Training sentences: the `train` splits of tests/data/events_gold3.jsonl (BBC) and
tests/data/events_gold5.jsonl (BBC, SkyNews) — 371 sentences, their text cut from the ANT articles
by the bench's loader. gold3's `dev` split is never read here (the bench compares rules and tagger on
it); no sealed split is read.

Model choice by 5-fold cross-validation grouped by article (sklearn GroupKFold, deterministic):
feature groups x (c1, c2) on a small grid, scored by trigger span + type F1 (a system span
overlapping a gold span of the same type answers it, one to one, as the bench scores). The CAMEO
verb dictionary is tried as a feature group too (`cameo`: the PLOVER types of the CAMEO verb
blocks a word heads); it is measured here and only shipped if it wins (it would need its word table
in the artifact). The winner is trained on all training sentences and written with its metadata
(event_tagger.json: feature groups, c1/c2, the CV table). The output is byte-for-byte the same on
every run (fixed order, deterministic L-BFGS).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import re
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))  # the bench's gold loader, not a copy
sys.path.insert(0, str(ROOT / "models"))

import pycrfsuite  # noqa: E402
from build_event_lexicon import _HEADER, code_type, pico_table  # noqa: E402
from sklearn.model_selection import GroupKFold  # noqa: E402

from bench_claims_events import gold2_rows  # noqa: E402
from marsad.enrich.claims.fold import fold, fold_text  # noqa: E402
from marsad.enrich.claims.tokens import Tok, tokenize  # noqa: E402
from marsad.enrich.entities.features import Resources  # noqa: E402
from marsad.enrich.events.lexicon import Trigger, lexicon_matches  # noqa: E402
from marsad.enrich.events.tagger import (  # noqa: E402
    META_FILE,
    Reading,
    TaggerData,
    bio_labels,
    combine,
    first_stem,
    label_spans,
    resolve,
    tagger_data,
    token_features,
)

GOLDS = (ROOT / "tests/data/events_gold3.jsonl", ROOT / "tests/data/events_gold5.jsonl")
CLUSTERS = ROOT / "models" / "ner_clusters.tsv"
# Feature-group sets tried, from the word alone up; "cameo" is measured, not shipped by default.
GROUP_SETS = (
    ("word",),
    ("word", "context"),
    ("word", "lexicon", "context"),
    ("word", "lexicon", "clusters", "context"),
    ("word", "lexicon", "clusters", "context", "cameo"),
)
C_GRID = ((0.02, 0.01), (0.05, 0.01), (0.05, 0.1), (0.2, 0.01))
ITERATIONS = 150
GATES = (0.01, 0.02, 0.05, 0.1, 0.2, 0.3)  # gate thresholds tried (Settings.events_tagger_gate)
NEVER = re.compile(r"(?!)")


@dataclass(slots=True)
class Sent:
    doc: str
    text: str  # folded
    toks: list[Tok]
    gold: list[tuple[int, int, str, str | None]]  # folded offsets


def _folded_offset(index: tuple[int, ...], pos: int, length: int) -> int:
    """First folded character at or after original offset `pos`."""
    return next((f for f, o in enumerate(index) if o >= pos), length)


def sentences(topics: Path, split: str) -> list[Sent]:
    out = []
    for path in GOLDS:
        for r in gold2_rows(path, topics):
            if r["split"] != split:
                continue
            f = fold(r["text"])
            spans = []
            for e in r["events"]:
                s, t = e["trigger"]
                fs = _folded_offset(f.index, s, len(f.text))
                fe = _folded_offset(f.index, t, len(f.text))
                spans.append((fs, fe, e["type"], e["mode"]))
            out.append(Sent(r["ant_id"], f.text, tokenize(f.text), spans))
    return out


def cameo_table(cameo: Path) -> dict[str, tuple[str, ...]]:
    """Folded CAMEO verb-block words → the PLOVER types of their block's patterns (training only)."""
    pico = pico_table(cameo / "PETR.Internal.Coding.Ontology.txt")
    out: dict[str, set[str]] = defaultdict(set)
    words: list[str] = []
    for raw in (cameo / "CAMEO.ar.0.5.txt").read_text(encoding="utf-8").splitlines():
        line = raw.split("#")[0].strip()
        if _HEADER.match(raw):
            words = []
        elif line and not line.startswith(("-", "+", "&")):
            words.append(fold_text(line.split()[0].split("+")[0].strip("_")))
        elif line.startswith("-") and "[" in line:
            code = line[line.rindex("[") + 1 : line.rindex("]")].strip()
            t = code_type(code, pico)
            for w in words:
                if t:
                    out[w].add(t)
    return {w: tuple(sorted(t)) for w, t in sorted(out.items()) if len(w) >= 3}


def features(s: Sent, data: TaggerData, cameo: dict[str, tuple[str, ...]]) -> list[list[str]]:
    feats = token_features(s.text, s.toks, data)
    if "cameo" in data.groups:
        for f, t in zip(feats, s.toks, strict=True):
            w = t.text[1:] if len(t.text) > 3 and t.text[0] in "وف" else t.text
            f += [f"cameo={ty}" for ty in cameo.get(w, ())]
    return feats


def train(items: Iterable[tuple[list[list[str]], list[str]]], out: Path, c1: float, c2: float) -> None:
    tr = pycrfsuite.Trainer(verbose=False)
    for x, y in items:
        tr.append(x, y)
    tr.set_params({"c1": c1, "c2": c2, "max_iterations": ITERATIONS, "feature.possible_transitions": True})
    tr.train(str(out))


def span_prf(
    gold: list[tuple[int, int, str, str | None]], got: list[tuple[int, int, str, str | None]]
) -> list[int]:
    """TP, FP, FN of typed spans, overlap matching one to one."""
    free = list(got)
    tp = 0
    for g in gold:
        hit = next((x for x in free if x[2] == g[2] and x[0] < g[1] and g[0] < x[1]), None)
        if hit is not None:
            free.remove(hit)
            tp += 1
    return [tp, len(got) - tp, len(gold) - tp]


def f1(c: list[int]) -> float:
    return 2 * c[0] / (2 * c[0] + c[1] + c[2]) if c[0] else 0.0


def stem_table(sents: list[Sent], res: Resources) -> dict[str, str]:
    """Stem of a training trigger's first word → the label it carried most often (ties: the
    alphabetically first, so the table is the same on every run)."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for s in sents:
        for a, b, ty, mo in s.gold:
            votes[first_stem(s.text, a, b, res)][f"{ty}.{mo}" if mo else ty] += 1
    return {k: min(c, key=lambda x: (-c[x], x)) for k, c in sorted(votes.items()) if k}


def fold_readings(
    sents: list[Sent],
    groups: tuple[str, ...],
    c1: float,
    c2: float,
    cameo: dict[str, tuple[str, ...]],
    typed: bool,
) -> list[tuple[list[tuple[int, int, Trigger]], list[tuple[int, int, Trigger]], Reading]]:
    """Per sentence, out of fold: the lexicon's matches, the tagger's typed triggers and its reading."""
    data = tagger_data(groups, CLUSTERS)
    xs = [features(s, data, cameo) for s in sents]
    ys = [bio_labels(s.toks, s.gold, typed) for s in sents]
    out: list[Any] = [None] * len(sents)
    folds = GroupKFold(n_splits=5).split(sents, groups=[s.doc for s in sents])
    with tempfile.TemporaryDirectory() as tmp:
        model = Path(tmp) / "fold.crfsuite"
        for fit, held in folds:
            train(((xs[i], ys[i]) for i in fit), model, c1, c2)
            stems = stem_table([sents[i] for i in fit], data.res)
            tg = pycrfsuite.Tagger()
            tg.open(str(model))
            for i in held:
                s = sents[i]
                labels = tg.tag(xs[i])
                p_event = [1.0 - tg.marginal("O", n) for n in range(len(s.toks))]
                reading = Reading(s.toks, label_spans(s.toks, labels), p_event)
                rules = lexicon_matches(s.text, data.lex)
                spans = resolve(reading.spans, s.text, rules, stems, data.res)
                tagged = [(a, b, Trigger(ty, mo, "svo", "verb", NEVER)) for a, b, ty, mo in spans]
                out[i] = (rules, tagged, reading)
            tg.close()
    return out


def score_modes(sents: list[Sent], readings: list[Any]) -> dict[str, list[int]]:
    """TP/FP/FN of every combination mode (and gate threshold) over the out-of-fold readings."""
    totals: dict[str, list[int]] = {}
    for mode, th in [("off", 0.0), ("tagger", 0.0), ("union", 0.0)] + [("gate", g) for g in GATES]:
        tot = [0, 0, 0]
        for s, (rules, tagged, reading) in zip(sents, readings, strict=True):
            keep = [reading.gate(a, b) >= th for a, b, _ in rules]
            got = [(a, b, t.type, t.mode) for a, b, t in combine(rules, tagged, mode, keep)]
            tot = [x + y for x, y in zip(tot, span_prf(s.gold, got), strict=True)]
        totals[f"{mode}@{th}" if mode == "gate" else mode] = tot
    return totals


def train_final(sents: list[Sent], best: dict[str, Any], out: Path) -> dict[str, Any]:
    """Train the chosen configuration on all training sentences into `out`; → its metadata (what
    the runtime reads: label scheme, feature groups, the stem → type table of untyped labels)."""
    typed = best["labels"] == "typed"
    data = tagger_data(best["features"], CLUSTERS)
    labels = [bio_labels(s.toks, s.gold, typed) for s in sents]
    train(
        ((features(s, data, {}), y) for s, y in zip(sents, labels, strict=True)), out, best["c1"], best["c2"]
    )
    mode, _, gate = best["mode"].partition("@")
    return {
        "about": "Event trigger tagger (marsad.enrich.events.tagger), trained by models/train_event_tagger.py "
        "(`make train-events`) on the train splits of events_gold3 and events_gold5; card: models/EVENTS_CARD.md.",
        "labels": best["labels"],
        "features": best["features"],
        "c1": best["c1"],
        "c2": best["c2"],
        "iterations": ITERATIONS,
        "cv_best_mode": mode,
        "cv_best_gate": float(gate) if gate else None,
        "train_sentences": len(sents),
        "train_articles": len({s.doc for s in sents}),
        "stem_types": {} if typed else stem_table(sents, data.res),
    }


def meta_text(meta: dict[str, Any]) -> str:
    """The metadata as JSON, one CV row a line (a readable diff when the grid is re-run)."""
    head = json.dumps({k: v for k, v in meta.items() if k != "cv"}, ensure_ascii=False, indent=1)
    rows = ",\n".join("  " + json.dumps(r, ensure_ascii=False) for r in meta["cv"])
    return f'{head[:-2]},\n "cv": [\n{rows}\n ]\n}}\n'


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--topics", type=Path, default=ROOT.parent / "shared/data/topics")
    ap.add_argument("--cameo", type=Path, default=ROOT.parent / "shared/data/events/reference")
    ap.add_argument("--out", type=Path, default=ROOT / "models" / "event_tagger.crfsuite")
    args = ap.parse_args()
    sents = [s for s in sentences(args.topics, "train") if s.toks]
    cameo = cameo_table(args.cameo)
    table: list[dict[str, Any]] = []
    for typed, groups, (c1, c2) in itertools.product((True, False), GROUP_SETS, C_GRID):
        readings = fold_readings(sents, groups, c1, c2, cameo, typed)
        for mode, (tp, fp, fn) in score_modes(sents, readings).items():
            row = {"labels": "typed" if typed else "untyped", "features": list(groups), "c1": c1, "c2": c2}
            row |= {"mode": mode, "tp": tp, "fp": fp, "fn": fn, "f1": round(f1([tp, fp, fn]), 4)}
            table.append(row)
            print(
                f"{row['labels']:8s} {'+'.join(groups):40s} c1={c1} c2={c2} {mode:9s} "
                f"tp={tp} fp={fp} fn={fn}  F1={row['f1']:.3f}",
                flush=True,
            )
    learnt = [r for r in table if r["mode"] != "off"]
    shippable = [r for r in learnt if "cameo" not in r["features"]]
    # First best by CV F1; ties go to fewer feature groups (order of the grid otherwise).
    best = max(shippable, key=lambda r: (r["f1"], -len(r["features"])))
    rules = next(r for r in table if r["mode"] == "off")
    print(
        f"rules alone: {rules}\nchosen: {best}\nbest with cameo allowed: {max(learnt, key=lambda r: r['f1'])}"
    )
    meta = train_final(sents, best, args.out) | {"cv": table}
    (args.out.parent / META_FILE).write_text(meta_text(meta), encoding="utf-8")
    print(f"wrote {args.out} ({os.path.getsize(args.out):,} bytes) and {META_FILE}")


if __name__ == "__main__":
    main()
