"""Pretrained word vectors for the neural NER tagger (models/train_ner_nn.py).

Why: 186 of the 323 entity spans the CRF missed on its old dev part contain a word never seen in
the labelled data. A word seen in ~11M words of unlabeled news still gets a vector from its
contexts, and fastText's character n-grams shape the vectors of rare words, so the BiLSTM can
read an unseen club or company name the way it reads the known ones.

Text: ../shared/data/topics (ANT news, Apache-2.0) and ../shared/data/unlabeled (SaudiNewsNet,
**CC BY-NC-SA 4.0, research use only** — vectors trained on it, and any model reading them,
inherit that; `--no-unlabeled` trains on the topics text alone). The corpus file is the one
models/ner_embeddings.py writes (folded with `marsad.enrich.entities.text.key`). No NER file is
read.

Output: models/ner_vectors.npz — the VOCAB most frequent words (newline-joined), their fastText
vectors (full: word + n-grams) as int8 with one float scale per row. gensim's model and the corpus
are cached under /work/cache/ner_nn (not shipped). gensim trains with one seed, but worker threads
interleave, so two runs with workers > 1 are close, not byte-identical.

Usage: python models/ner_vectors.py [--topics DIR] [--unlabeled DIR] [--no-unlabeled] [--cache DIR]
       [--out models/ner_vectors.npz] [--workers 2]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "models"))

from ner_embeddings import train, write_corpus  # noqa: E402

__all__ = ["export", "quantise"]

# 64 dims x 100k words x int8 = 6.4 MB: inside the 30 MB budget with room for the network.
# Three epochs: ~2-3x the CPU of the one-epoch fastText of ner_embeddings.py (its card row says
# one epoch was undertrained), which still fits ~10 min on the shared 2-core VM.
# Window 5, minimum count 3, char 3-5-grams in 200k buckets, skip-gram: ner_embeddings.train's.
DIMS, EPOCHS = 64, 3
VOCAB = 100_000


def quantise(vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """int8 rows and one float16 scale per row (max |value| / 127): ~0.4% error per component."""
    scale = np.abs(vectors).max(axis=1) / 127.0 + 1e-12
    q = np.clip(np.round(vectors / scale[:, None]), -127, 127).astype(np.int8)
    return q, scale.astype(np.float16)


def export(m: object, out: Path) -> None:
    wv = m.wv  # type: ignore[attr-defined]
    words = list(wv.index_to_key)[:VOCAB]  # gensim sorts the vocabulary by frequency
    vecs = np.stack([wv[w] for w in words]).astype(np.float32)
    q, scale = quantise(vecs)
    np.savez_compressed(out, words=np.array("\n".join(words)), vectors=q, scale=scale)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--topics", type=Path, default=ROOT.parent / "shared" / "data" / "topics")
    ap.add_argument("--unlabeled", type=Path, default=ROOT.parent / "shared" / "data" / "unlabeled")
    ap.add_argument("--no-unlabeled", action="store_true", help="topics text only (no SaudiNewsNet)")
    ap.add_argument("--cache", type=Path, default=Path("/work/cache/ner_nn"))
    ap.add_argument("--out", type=Path, default=ROOT / "models" / "ner_vectors.npz")
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)
    tag = "topics" if args.no_unlabeled else "all"
    corpus, model_path = args.cache / f"corpus-{tag}.txt", args.cache / f"fasttext-{tag}.model"
    t0 = time.perf_counter()
    if not corpus.exists():
        # An empty folder stands for "no unlabeled text": write_corpus globs it.
        unl = args.cache / "empty" if args.no_unlabeled else args.unlabeled
        unl.mkdir(exist_ok=True)
        print("corpus words:", write_corpus(args.topics, unl, corpus), flush=True)
    if model_path.exists():
        from gensim.models import FastText

        m: object = FastText.load(str(model_path))
    else:
        m = train(corpus, model_path, args.workers, DIMS, EPOCHS)
    print(f"model ready {time.perf_counter() - t0:.0f}s", flush=True)
    export(m, args.out)
    print(f"exported {args.out} ({args.out.stat().st_size / 1e6:.1f} MB) {time.perf_counter() - t0:.0f}s")


if __name__ == "__main__":
    main()
