"""Train Marsad's Arabic NER tagger (a feature-rich CRF) and report train (CV), dev and sealed figures.

Data (../shared/data/ner): split by document into train / dev / sealed (models/ner_split.py,
definition in models/ner_split.json). The model is trained on `train`; `dev` is for tuning;
`sealed` is scored only with --sealed, once, at the end. --cv runs 5-fold cross-validation over
the train documents instead of training the artifact (model choice). Word clusters come from
models/ner_clusters.tsv (models/ner_clusters.py, built from ../shared/data/topics when absent);
fastText clusters and the subword table from models/ner_embed_clusters.tsv.gz and
models/ner_subwords.npz (models/ner_embeddings.py; --no-embed trains without them). L-BFGS is
deterministic, so a run is reproducible.

Usage:  python models/train_ner.py [--data DIR] [--out models/ner.crfsuite] [--sealed] [--cv] [--no-embed]
Writes the model, and models/ner_metrics.json with the figures the model card quotes.
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
from ner_split import Docs, Sent, folds, load_split, sentences  # noqa: E402

from marsad.enrich.entities.conll import score  # noqa: E402
from marsad.enrich.entities.features import (  # noqa: E402
    Resources,
    load_clusters,
    load_embed_clusters,
    sentence_features,
)
from marsad.enrich.entities.gazetteer import load_gazetteer  # noqa: E402
from marsad.enrich.entities.subwords import Subwords  # noqa: E402
from marsad.enrich.entities.tagger import EMBED_FILE, SUBWORDS_FILE  # noqa: E402

__all__ = ["Sent", "evaluate", "resources", "train"]


def resources(clusters: Path, embed_dir: Path | None) -> Resources:
    """Gazetteer, PPMI clusters and (when embed_dir is given) the fastText clusters + subwords."""
    res = Resources(load_gazetteer(), load_clusters(clusters))
    if embed_dir is not None:
        res.embed = load_embed_clusters(embed_dir / EMBED_FILE)
        res.subwords = Subwords(embed_dir / SUBWORDS_FILE)
    return res


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
    """conlleval scores of the model on the sentences, and tagging tokens/s on one core."""
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


_CV: dict[str, object] = {}  # what fold workers read (inherited by fork, not pickled)


def _fold(i: int) -> dict[str, float]:
    import tempfile

    res: Resources = _CV["res"]  # type: ignore[assignment]
    args: argparse.Namespace = _CV["args"]  # type: ignore[assignment]
    fit, held = folds(_CV["train"])[i]  # type: ignore[arg-type]
    with tempfile.TemporaryDirectory() as tmp:
        model = Path(tmp) / "fold.crfsuite"
        train(sentences(fit), res, model, args.c1, args.c2, args.iters)
        out = {}
        for corpus in (None, "anercorp", "aqmar"):
            m, _ = evaluate(model, sentences(held, corpus), res)
            out[corpus or "all"] = float(m["f1"])  # type: ignore[arg-type]
    print(f"fold {i}: {out}", flush=True)
    return out


def cross_validate(train_docs: Docs, res: Resources, args: argparse.Namespace) -> dict[str, object]:
    """5-fold CV over the train documents: per-fold and mean F1, both corpora together and apart."""
    from multiprocessing import get_context

    _CV.update(res=res, args=args, train=train_docs)
    with get_context("fork").Pool(args.jobs) as pool:
        per_fold = pool.map(_fold, range(5))
    out: dict[str, object] = {"folds": per_fold}
    for name in ("all", "anercorp", "aqmar"):
        out[f"mean_{name}"] = round(sum(f[name] for f in per_fold) / len(per_fold), 4)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "ner")
    ap.add_argument("--topics", type=Path, default=ROOT.parent / "shared" / "data" / "topics")
    ap.add_argument("--clusters", type=Path, default=ARTIFACTS / "ner_clusters.tsv")
    ap.add_argument("--embed-dir", type=Path, default=ARTIFACTS, help="folder of the fastText clusters")
    ap.add_argument("--no-embed", action="store_true", help="train without fastText clusters")
    ap.add_argument("--out", type=Path, default=ARTIFACTS / "ner.crfsuite")
    ap.add_argument("--metrics", type=Path, default=ARTIFACTS / "ner_metrics.json")
    ap.add_argument("--c1", type=float, default=0.1)
    ap.add_argument("--c2", type=float, default=0.01)
    ap.add_argument("--iters", type=int, default=300)
    ap.add_argument("--cv", action="store_true", help="5-fold CV on train only; no artifact written")
    ap.add_argument("--jobs", type=int, default=2, help="CV folds trained at once")
    ap.add_argument("--sealed", action="store_true", help="also score the sealed part (once, at the end)")
    args = ap.parse_args()

    if not args.clusters.exists():
        from ner_clusters import build, ner_train_words

        build(sorted(args.topics.glob("*.jsonl")), args.clusters, extra=ner_train_words(args.data))
    res = resources(args.clusters, None if args.no_embed else args.embed_dir)
    parts = load_split(args.data)
    if args.cv:
        print(json.dumps({"cv": cross_validate(parts["train"], res, args), "settings": str(vars(args))}))
        return
    tr = sentences(parts["train"])
    t0 = time.perf_counter()
    train(tr, res, args.out, args.c1, args.c2, args.iters)
    train_s = time.perf_counter() - t0
    metrics: dict[str, object] = {
        # Paths relative to the repository, so the metrics file does not depend on the checkout.
        "settings": {k: (_rel(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
        "train_sentences": len(tr),
        "train_tokens": sum(len(w) for w, _ in tr),
        "train_seconds": round(train_s, 1),
    }
    speeds = []
    for part in ("dev", "sealed") if args.sealed else ("dev",):
        for corpus in ("anercorp", "aqmar"):
            m, speed = evaluate(args.out, sentences(parts[part], corpus), res)
            metrics[f"{part}_{corpus}"] = m
            speeds.append(speed)
    metrics["tokens_per_second_one_core"] = round(min(speeds))
    metrics["model_bytes"] = args.out.stat().st_size
    args.metrics.write_text(json.dumps(metrics, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(metrics, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
