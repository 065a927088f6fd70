"""Out-of-fold feature CRFs for stacking: the neural tagger may read the CRF's marginals as input.

Why out of fold: the shipped CRF (models/ner.crfsuite) has seen every train sentence, so its
marginals there are near-certain and right; a network trained on them would learn to trust the CRF
more than it deserves on unseen text. Each train sentence instead gets the marginals of a CRF
trained without its document: fold i of `ner_split.folds` (5 folds over the train documents, the
folds train_ner.py --cv uses) is scored by a CRF trained on the other four. Dev, sealed and run
time read the shipped CRF, trained on the whole train part, with the same settings as these.

Settings are train_ner.py's defaults (c1 0.1, c2 0.01, 300 iterations, the PPMI clusters, no
fastText clusters): the CRF whose marginals the tagger reads at run time. L-BFGS is
deterministic, so the fold models are byte-for-byte reproducible. They are a training cache
(/work/cache/ner_nn/folds by default), never shipped.

Usage: python models/ner_fold_crfs.py [--data DIR] [--clusters models/ner_clusters.tsv]
       [--out DIR] [--jobs 2]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "models"))

from ner_split import Docs, folds, load_split, sentences  # noqa: E402
from train_ner import resources, train  # noqa: E402

__all__ = ["FOLDS", "fold_model", "train_folds"]

FOLDS = 5
# The shipped CRF's settings (train_ner.py defaults, `make train-ner`).
C1, C2, ITERS = 0.1, 0.01, 300

_JOB: dict[str, object] = {}  # what fold workers read (inherited by fork, not pickled)


def fold_model(out: Path, i: int) -> Path:
    return out / f"fold{i}.crfsuite"


def _train_one(i: int) -> str:
    out: Path = _JOB["out"]  # type: ignore[assignment]
    fit, _ = folds(_JOB["train"], FOLDS)[i]  # type: ignore[arg-type]
    path = fold_model(out, i)
    tmp = path.with_suffix(".part")
    train(sentences(fit), _JOB["res"], tmp, C1, C2, ITERS)  # type: ignore[arg-type]
    tmp.rename(path)  # an interrupted run leaves no half-written fold behind
    print(f"fold {i} written: {path}", flush=True)
    return str(path)


def train_folds(train_docs: Docs, clusters: Path, out: Path, jobs: int) -> list[Path]:
    """The FOLDS fold CRFs under `out` (those already there are kept)."""
    from multiprocessing import get_context

    out.mkdir(parents=True, exist_ok=True)
    todo = [i for i in range(FOLDS) if not fold_model(out, i).is_file()]
    if todo:
        _JOB.update(out=out, train=train_docs, res=resources(clusters, None))
        if jobs <= 1:
            # In process: a fork after torch or BLAS started threads can deadlock the child.
            for i in todo:
                _train_one(i)
            return [fold_model(out, i) for i in range(FOLDS)]
        with get_context("fork").Pool(jobs) as pool:
            pool.map(_train_one, todo)
    return [fold_model(out, i) for i in range(FOLDS)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "ner")
    ap.add_argument("--clusters", type=Path, default=ROOT / "models" / "ner_clusters.tsv")
    ap.add_argument("--out", type=Path, default=Path("/work/cache/ner_nn/folds"))
    ap.add_argument("--jobs", type=int, default=2, help="fold CRFs trained at once")
    args = ap.parse_args()
    train_folds(load_split(args.data)["train"], args.clusters, args.out, args.jobs)


if __name__ == "__main__":
    main()
