"""Character n-gram cluster ids: fastText's hash and n-grams, and a small hand-made table."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from marsad.enrich.entities.subwords import Subwords, fnv1a, ngrams
from marsad.errors import ModelError


def test_hash_matches_fasttext() -> None:
    # Reference values printed by gensim 4.4's ft_hash_bytes (fastText's FNV-1a with the signed
    # char cast): ASCII and Arabic (bytes >= 0x80) input.
    assert fnv1a(b"<ab") == 1218209508
    assert fnv1a("بوت".encode()) == 3891058914
    assert fnv1a("<مصر>".encode()) == 1124717817


def test_ngrams_are_characters_of_the_bracketed_word() -> None:
    assert ngrams("مصر", 3, 4) == [g.encode() for g in ("<مص", "<مصر", "مصر", "مصر>", "صر>")]
    assert ngrams("", 3, 5) == []


def _table(tmp_path: Path, buckets: int = 64) -> Path:
    # Two centroids per granularity along the first two axes; every row points along the axis
    # chosen by its bucket's parity, so a word's cluster is the parity most of its n-grams hash to.
    rows = np.zeros((buckets, 4), dtype=np.int8)
    rows[0::2, 0] = 100
    rows[1::2, 1] = 100
    centroids = np.eye(2, 4, dtype=np.float32)
    path = tmp_path / "sub.npz"
    np.savez(
        path,
        ngrams=rows,
        scale=np.float32(1.0),
        min_max_bucket=np.array([3, 5, buckets]),
        centroids2=centroids,
        centroids16=centroids,
    )
    return path


def test_cluster_is_the_nearest_centroid_of_the_mean_ngram_row(tmp_path: Path) -> None:
    sub = Subwords(_table(tmp_path))
    for word in ("بوتين", "Kyiv", "x", "والقاهرة"):
        parities = [fnv1a(g) % 64 % 2 for g in ngrams(word, 3, 5)]
        majority = int(sum(parities) * 2 > len(parities))
        if sum(parities) * 2 != len(parities):  # a tie has no single nearest centroid
            assert sub.clusters(word) == (str(majority), str(majority))


def test_bad_table_is_a_model_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"not a table")
    with pytest.raises(ModelError):
        Subwords(bad)
    np.savez(
        tmp_path / "short.npz", ngrams=np.zeros((3, 2), dtype=np.int8), min_max_bucket=np.array([3, 5, 10])
    )
    with pytest.raises(ModelError, match="rows"):
        Subwords(tmp_path / "short.npz")
