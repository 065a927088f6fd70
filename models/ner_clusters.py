"""Word clusters for the NER tagger, learnt from unlabeled news text (../shared/data/topics).

Distributional clusters in the spirit of Brown clusters, cheap enough for a 2-core machine:
count left/right co-occurrences (±2 words) of the 50k most frequent folded words with the 2.5k
most frequent ones, weight by positive PMI, reduce with a truncated SVD (80 dims) and cluster the
unit vectors with k-means at three granularities (64, 256, 1024). The text is the topics news
plus the words (not the labels) of the NER training part. Fixed seeds; under a minute of CPU.
Output: TSV `word <TAB> count <TAB> c64 <TAB> c256 <TAB> c1024`, by default
models/ner_clusters.tsv (linked from the package, so the wheel ships it).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

import numpy as np
from scipy import sparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from marsad.enrich.entities.text import key  # noqa: E402

_WORD = re.compile(r"[\w\u064b-\u0652\u0670\u0640]+")
VOCAB, CONTEXTS, DIMS, WINDOW = 50_000, 2_500, 80, 2


def read_conll_words(path: Path, stop_fraction: float = 1.0) -> list[list[str]]:
    """Words of a CoNLL file as one pseudo-document per sentence, up to a share of its sentences."""
    sents: list[list[str]] = [[]]
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split()
        if cols:
            sents[-1].append(key(cols[0]))
        elif sents[-1]:
            sents.append([])
    sents = [s for s in sents if s]
    return sents[: int(len(sents) * stop_fraction)]


def read_texts(paths: list[Path]) -> list[list[str]]:
    docs = []
    for p in paths:
        with p.open(encoding="utf-8") as f:
            for line in f:
                d = json.loads(line)
                text = " ".join(str(d.get(k) or "") for k in ("title", "abstract", "text"))
                docs.append([key(w) for w in _WORD.findall(text)])
    return docs


GRANULARITIES = (64, 256, 1024)


def build(paths: list[Path], out: Path, seed: int = 13, extra: list[list[str]] | None = None) -> None:
    from sklearn.cluster import MiniBatchKMeans
    from sklearn.utils.extmath import randomized_svd

    docs = read_texts(paths) + (extra or [])
    counts = Counter(w for d in docs for w in d)
    vocab = [w for w, c in counts.most_common(VOCAB) if c >= 3]
    vid = {w: i for i, w in enumerate(vocab)}
    cid = {w: i for i, w in enumerate(vocab[:CONTEXTS])}
    rows, cols = [], []
    for d in docs:
        ids = [vid.get(w, -1) for w in d]
        ctx = [cid.get(w, -1) for w in d]
        n = len(d)
        for off in range(1, WINDOW + 1):
            for i in range(n - off):
                a, b = ids[i], ctx[i + off]
                if a >= 0 and b >= 0:  # right context of a
                    rows.append(a)
                    cols.append(CONTEXTS * (off - 1) * 2 + b)
                a, b = ids[i + off], ctx[i]
                if a >= 0 and b >= 0:  # left context of a
                    rows.append(a)
                    cols.append(CONTEXTS * ((off - 1) * 2 + 1) + b)
    m = sparse.coo_matrix(
        (np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(len(vocab), CONTEXTS * 2 * WINDOW)
    ).tocsr()
    total = m.sum()
    rs = np.asarray(m.sum(axis=1)).ravel() + 1e-9
    cs = np.asarray(m.sum(axis=0)).ravel() + 1e-9
    m = m.tocoo()
    pmi = np.log(m.data * total / (rs[m.row] * cs[m.col]))
    keep = pmi > 0
    ppmi = sparse.csr_matrix((pmi[keep], (m.row[keep], m.col[keep])), shape=m.shape)
    u, s, _ = randomized_svd(ppmi, DIMS, random_state=seed)
    vecs = u * np.sqrt(s)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True) + 1e-9
    labels = [
        MiniBatchKMeans(k, random_state=seed, n_init=3, batch_size=4096).fit_predict(vecs)
        for k in GRANULARITIES
    ]
    with out.open("w", encoding="utf-8") as f:
        f.write(f"# word clusters {GRANULARITIES} from {', '.join(p.name for p in paths)}")
        f.write(f" + {len(extra or [])} NER training sentences; see models/ner_clusters.py\n")
        for i, w in enumerate(vocab):
            cells = "\t".join(str(lab[i]) for lab in labels)
            f.write(f"{w}\t{counts[w]}\t{cells}\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--topics", type=Path, default=ROOT.parent / "shared" / "data" / "topics")
    ap.add_argument("--ner", type=Path, default=ROOT.parent / "shared" / "data" / "ner")
    ap.add_argument("--out", type=Path, default=ROOT / "models" / "ner_clusters.tsv")
    args = ap.parse_args()
    build(sorted(args.topics.glob("*.jsonl")), args.out, extra=ner_train_words(args.ner))


def ner_train_words(ner: Path, tail: float = 0.1) -> list[list[str]]:
    """Unlabelled words of the NER training part only: never the dev tail or AQMAR dev."""
    return read_conll_words(ner / "anercorp-train.txt", 1 - tail) + read_conll_words(ner / "aqmar-train.txt")


if __name__ == "__main__":
    main()
