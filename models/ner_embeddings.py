"""fastText (subword) word clusters for the NER tagger, learnt from unlabeled news.

Why: most entity spans the CRF misses contain a word never seen in the labelled data. A word
seen in ~11M words of unlabeled news gets a vector from its contexts; a word seen nowhere still
gets one from its character n-grams (fastText). Vectors are clustered with k-means, and the CRF
reads cluster ids as features.

Text: ../shared/data/topics (ANT news, ~2.5M words) and ../shared/data/unlabeled
(SaudiNewsNet, ~8.4M words, CC BY-NC-SA 4.0: research use only, and so is anything trained on
it). No NER file is read. Words are folded with `marsad.enrich.entities.text.key`, as the
features fold them.

Outputs (into models/ by default):
- ner_embed_clusters.tsv.gz: `word <TAB> c64 <TAB> c256 <TAB> c1024` for every corpus word seen
  at least MIN_COUNT times (from the full fastText vector);
- ner_subwords.npz: the n-gram part of the model, reduced for shipping (PCA to SUB_DIMS, int8),
  with the k-means centroids in that space, so a word outside the table is clustered from its
  character n-grams at run time (`marsad.enrich.entities.subwords`).
The trained gensim model and the folded corpus are cached under /work/cache/ner (not shipped).

Usage: python models/ner_embeddings.py [--topics DIR] [--unlabeled DIR] [--cache DIR] [--out-dir models]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from marsad.enrich.entities.text import key  # noqa: E402

_WORD = re.compile(r"[\w\u064b-\u0652\u0670\u0640]+")
# One epoch: on the shared 2-core VM (~0.2 core per helper) an epoch over the 11M words costs
# ~140 s of CPU and ~12 min of wall time; more epochs were not affordable in this round.
DIMS, EPOCHS, WINDOW, MIN_COUNT = 100, 1, 5, 3
MIN_N, MAX_N, BUCKET = 3, 5, 200_000
GRANULARITIES = (64, 256, 1024)
SUB_DIMS = 48  # PCA dims of the shipped n-gram table: 200k x 48 int8 = 9.6 MB
SEED = 13


def write_corpus(topics: Path, unlabeled: Path, out: Path) -> int:
    """One folded sentence-free article per line; returns the word count."""
    n = 0
    with out.open("w", encoding="utf-8") as f:
        for p in sorted(topics.glob("*.jsonl")):
            with p.open(encoding="utf-8") as src:
                for line in src:
                    d = json.loads(line)
                    text = " ".join(str(d.get(k) or "") for k in ("title", "abstract", "text"))
                    words = [key(w) for w in _WORD.findall(text)]
                    n += len(words)
                    f.write(" ".join(words) + "\n")
        for p in sorted(unlabeled.glob("*.txt.gz")):
            with gzip.open(p, "rt", encoding="utf-8") as src:
                for line in src:
                    words = [key(w) for w in _WORD.findall(line)]
                    n += len(words)
                    f.write(" ".join(words) + "\n")
    return n


def train(corpus: Path, model_path: Path, workers: int, dims: int = DIMS, epochs: int = EPOCHS) -> object:
    """Skip-gram fastText on the folded corpus (also models/ner_vectors.py's, with its own sizes)."""
    from gensim.models import FastText

    m = FastText(
        vector_size=dims,
        window=WINDOW,
        min_count=MIN_COUNT,
        min_n=MIN_N,
        max_n=MAX_N,
        bucket=BUCKET,
        sg=1,
        workers=workers,
        seed=SEED,
    )
    m.build_vocab(corpus_file=str(corpus))
    m.train(
        corpus_file=str(corpus),
        total_examples=m.corpus_count,
        total_words=m.corpus_total_words,
        epochs=epochs,
    )
    m.save(str(model_path))
    return m


def export(m: object, out_dir: Path) -> None:
    """Cluster table for the vocabulary and the reduced n-gram table with centroids."""
    from sklearn.cluster import MiniBatchKMeans
    from sklearn.decomposition import PCA

    wv = m.wv  # type: ignore[attr-defined]
    words = list(wv.index_to_key)
    ngrams = wv.vectors_ngrams.astype(np.float32)
    # One projection for both kinds of vector: fit on the n-gram rows (what a run-time word is
    # made of), apply to the word vectors too, so table words and n-gram-only words share centroids.
    pca = PCA(SUB_DIMS, random_state=SEED).fit(ngrams)
    projected = pca.transform(ngrams)
    # int8 steps sized on the 99.9th percentile, not the maximum: a few outlying rows would
    # otherwise squeeze every other value into a handful of steps (they are clipped instead).
    scale = float(np.percentile(np.abs(projected), 99.9)) / 127.0
    sub = np.clip(np.round(projected / scale), -127, 127).astype(np.int8)
    # The vector a run-time word gets: mean of its (dequantised, projected) n-gram rows.
    # Table words are clustered from their full vectors projected the same way.
    full = pca.transform(wv.vectors.astype(np.float32))
    full /= np.linalg.norm(full, axis=1, keepdims=True) + 1e-9
    labels, centroids = [], []
    for k in GRANULARITIES:
        # Few passes: on the shared 2-core VM a full k-means at k = 1024 costs minutes, and the CRF
        # only needs stable, roughly homogeneous groups.
        km = MiniBatchKMeans(
            k, random_state=SEED, n_init=1, batch_size=4096, max_iter=20, max_no_improvement=5
        )
        km.fit(full)
        labels.append(km.labels_)
        c = km.cluster_centers_
        centroids.append((c / (np.linalg.norm(c, axis=1, keepdims=True) + 1e-9)).astype(np.float32))
    with gzip.open(out_dir / "ner_embed_clusters.tsv.gz", "wt", encoding="utf-8", compresslevel=9) as f:
        f.write(f"# fastText clusters {GRANULARITIES}; see models/ner_embeddings.py\n")
        for i, w in enumerate(words):
            f.write(w + "\t" + "\t".join(str(lab[i]) for lab in labels) + "\n")
    np.savez_compressed(
        out_dir / "ner_subwords.npz",
        ngrams=sub,
        scale=np.float32(scale),
        mean=pca.mean_.astype(np.float32),
        min_max_bucket=np.array([MIN_N, MAX_N, BUCKET], dtype=np.int64),
        **{f"centroids{k}": c for k, c in zip(GRANULARITIES, centroids, strict=True)},
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--topics", type=Path, default=ROOT.parent / "shared" / "data" / "topics")
    ap.add_argument("--unlabeled", type=Path, default=ROOT.parent / "shared" / "data" / "unlabeled")
    ap.add_argument("--cache", type=Path, default=Path("/work/cache/ner"))
    ap.add_argument("--out-dir", type=Path, default=ROOT / "models")
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)
    corpus, model_path = args.cache / "corpus.txt", args.cache / "fasttext.model"
    t0 = time.perf_counter()
    if not corpus.exists():
        print("corpus words:", write_corpus(args.topics, args.unlabeled, corpus), flush=True)
    print(f"corpus ready {time.perf_counter() - t0:.0f}s", flush=True)
    if model_path.exists():
        from gensim.models import FastText

        m: object = FastText.load(str(model_path))
    else:
        m = train(corpus, model_path, args.workers)
    print(f"model ready {time.perf_counter() - t0:.0f}s", flush=True)
    export(m, args.out_dir)
    print(f"exported {time.perf_counter() - t0:.0f}s", flush=True)


if __name__ == "__main__":
    main()
