"""Train Marsad's Arabic NER tagger (a feature-rich CRF) and report dev figures.

Data (../shared/data/ner): ANERcorp train minus its last 10% of sentences (kept back as the
in-domain dev set) + AQMAR train; AQMAR dev is the out-of-domain check. Nothing else is used
for tuning. Word clusters come from models/ner_clusters.tsv (built by
models/ner_clusters.py from ../shared/data/topics when absent). L-BFGS is deterministic, so a run is reproducible.

Usage:  python models/train_ner.py [--data DIR] [--topics DIR] [--out models/ner.crfsuite]
Writes the model, and models/ner_metrics.json with the dev figures the model card
quotes, into the package folder the wheel ships (marsad.resources finds them there).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "models"))
ARTIFACTS = ROOT / "models"  # linked from src/marsad/models/: the wheel carries copies

import pycrfsuite  # noqa: E402

from marsad.enrich.entities.conll import read_conll, score  # noqa: E402
from marsad.enrich.entities.features import (  # noqa: E402
    Resources,
    load_clusters,
    sentence_features,
)
from marsad.enrich.entities.gazetteer import load_gazetteer  # noqa: E402

Sent = tuple[list[str], list[str]]


def load(path: Path) -> list[Sent]:
    with path.open(encoding="utf-8") as f:
        return [([r[0] for r in s], [r[-1] for r in s]) for s in read_conll(f)]


def splits(data: Path, tail: float, aqmar: bool = True) -> tuple[list[Sent], list[Sent], list[Sent]]:
    aner = load(data / "anercorp-train.txt")
    cut = int(len(aner) * (1 - tail))
    extra = load(data / "aqmar-train.txt") if aqmar else []
    return aner[:cut] + extra, aner[cut:], load(data / "aqmar-dev.txt")


def train(sents: list[Sent], res: Resources, out: Path, c1: float, c2: float, iters: int) -> None:
    tr = pycrfsuite.Trainer(verbose=False)
    for words, tags in sents:
        tr.append(sentence_features(words, res), tags)
    tr.set_params(
        {
            "c1": c1,
            "c2": c2,
            "max_iterations": iters,
            "feature.possible_transitions": True,
            "feature.minfreq": 1,
        }
    )
    tr.train(str(out))


def evaluate(model: Path, sents: list[Sent], res: Resources) -> tuple[dict[str, object], float]:
    tg = pycrfsuite.Tagger()
    tg.open(str(model))
    # CPU time of this process: a per-core figure that other jobs on a shared machine do not skew.
    t0 = time.process_time()
    pred = [tg.tag(sentence_features(w, res)) for w, _ in sents]
    secs = time.process_time() - t0
    ntok = sum(len(w) for w, _ in sents)
    return dict(score([t for _, t in sents], pred).as_dict()), ntok / secs


def _rel(path: Path) -> str:
    return os.path.relpath(path.resolve(), ROOT)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "ner")
    ap.add_argument("--topics", type=Path, default=ROOT.parent / "shared" / "data" / "topics")
    ap.add_argument("--clusters", type=Path, default=ARTIFACTS / "ner_clusters.tsv")
    ap.add_argument("--out", type=Path, default=ARTIFACTS / "ner.crfsuite")
    ap.add_argument("--metrics", type=Path, default=ARTIFACTS / "ner_metrics.json")
    ap.add_argument("--tail", type=float, default=0.1, help="share of ANERcorp train kept back as dev")
    ap.add_argument("--c1", type=float, default=0.1)
    ap.add_argument("--c2", type=float, default=0.01)
    ap.add_argument("--iters", type=int, default=300)
    ap.add_argument("--no-gazetteer", action="store_true")
    ap.add_argument("--no-clusters", action="store_true")
    ap.add_argument("--no-aqmar", action="store_true", help="train on ANERcorp only")
    args = ap.parse_args()

    if not args.clusters.exists():
        from ner_clusters import build

        build(sorted(args.topics.glob("*.jsonl")), args.clusters)
    res = Resources(load_gazetteer(), load_clusters(args.clusters))
    res.use_gazetteer = not args.no_gazetteer
    res.use_clusters = not args.no_clusters
    tr, dev_aner, dev_aqmar = splits(args.data, args.tail, not args.no_aqmar)
    t0 = time.perf_counter()
    train(tr, res, args.out, args.c1, args.c2, args.iters)
    train_s = time.perf_counter() - t0
    m_aner, speed = evaluate(args.out, dev_aner, res)
    m_aqmar, _ = evaluate(args.out, dev_aqmar, res)
    metrics = {
        # Paths relative to the repository, so the metrics file does not depend on the checkout.
        "settings": {k: (_rel(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
        "train_sentences": len(tr),
        "train_tokens": sum(len(w) for w, _ in tr),
        "train_seconds": round(train_s, 1),
        "dev_anercorp_tail": m_aner,
        "dev_aqmar": m_aqmar,
        "tokens_per_second_one_core": round(speed),
        "model_bytes": args.out.stat().st_size,
    }
    args.metrics.write_text(json.dumps(metrics, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(metrics, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
