"""Word-cluster ids from character n-grams, for words outside the embedding cluster table.

The table (`ner_embed_clusters.tsv.gz`) covers words seen in the unlabeled news; a word seen
nowhere gets fastText's out-of-vocabulary vector instead: the mean of its character 3–5-gram
rows (hashed into a fixed number of buckets), here reduced by PCA and stored as int8 in
`ner_subwords.npz` (built by models/ner_embeddings.py), then assigned to the nearest k-means
centroid at each granularity. The n-grams and the hash follow fastText's dictionary code as
gensim 4 reproduces it (FNV-1a over UTF-8 bytes, each byte read as a signed char), so the rows
looked up here are the rows gensim trained. numpy only; nothing is fetched.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np

from marsad.errors import ModelError

__all__ = ["Subwords", "fnv1a", "ngrams"]


def fnv1a(data: bytes) -> int:
    """fastText's 32-bit FNV-1a, with bytes ≥ 0x80 sign-extended as its C++ `int8_t` cast does."""
    h = 2166136261
    for b in data:
        h ^= b | 0xFFFFFF00 if b >= 0x80 else b
        h = (h * 16777619) & 0xFFFFFFFF
    return h


def ngrams(word: str, min_n: int, max_n: int) -> list[bytes]:
    """Character n-grams of `<word>` (UTF-8 bytes), min_n..max_n characters long."""
    w = f"<{word}>"
    out = []
    for i in range(len(w)):
        for n in range(min_n, max_n + 1):
            if i + n > len(w):
                break
            out.append(w[i : i + n].encode("utf-8"))
    return out


class Subwords:
    """Cluster ids (coarse to fine) for any word, from its character n-grams."""

    def __init__(self, path: Path) -> None:
        try:
            with np.load(path) as z:
                self._rows = z["ngrams"]
                self._min_n, self._max_n, self._buckets = (int(x) for x in z["min_max_bucket"])
                names = sorted((n for n in z.files if n.startswith("centroids")), key=lambda n: int(n[9:]))
                self._centroids = [z[n].astype(np.float32) for n in names]
        except (OSError, KeyError, ValueError) as exc:
            raise ModelError(f"cannot load subword table {path}: {exc}") from exc
        if self._rows.shape[0] != self._buckets:
            raise ModelError(f"subword table {path}: {self._rows.shape[0]} rows for {self._buckets} buckets")
        self.clusters = lru_cache(maxsize=50_000)(self._clusters)

    def _clusters(self, word: str) -> tuple[str, ...]:
        ids = [fnv1a(g) % self._buckets for g in ngrams(word, self._min_n, self._max_n)]
        if not ids:
            return ()
        v = self._rows[ids].astype(np.float32).mean(axis=0)
        # Centroids are unit vectors: the largest dot product is the nearest by cosine.
        return tuple(str(int(np.argmax(c @ v))) for c in self._centroids)
