"""Near duplicates: MinHash LSH over word n-grams of clitic-stripped stems.

A reprint differs from its original by a byline, a dateline, a rewritten lead, a cut tail or a
few edited words: exact hashes differ, shingle sets barely do. MinHash estimates the Jaccard
similarity of two sets from their signatures; LSH (banding) finds candidates without comparing
every pair. The bands are plain integers, so the index lives in the store (one row per band and
article) and tomorrow's ingest finds reprints of today's articles.

The decision uses containment of the NEW text in the stored one — the share of the new
article's shingles found in the candidate — estimated from Jaccard and the two set sizes, so a
truncated reprint (half the original: Jaccard 0.5, containment 1.0) is still a reprint, while a
later, longer article that merely quotes an earlier one (a follow-up, a daily roundup) is not:
its own new text keeps its containment low. LSH is set to a matching low Jaccard threshold.
Reprints are indexed too (a heavily edited copy is often closest to another copy), but a match
through a copy must still share `near_chain_containment` of its text with the original itself.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np

from marsad.corpus.minhash import lsh_params

__all__ = ["NearCandidate", "band_keys", "best_near", "containment", "jaccard", "lsh_bands"]


@dataclass(slots=True)
class NearCandidate:
    """A stored article that shares an LSH band with the new one."""

    id: str
    canonical: str  # the id it duplicates, or its own id
    minhash: bytes
    shingles: int


def lsh_bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows per band) that datasketch's MinHashLSH chooses for this Jaccard threshold (equal
    weights on false positives and false negatives)."""
    return lsh_params(threshold, num_perm)


def band_keys(signature: bytes, bands: int, rows: int) -> list[int]:
    """One signed 64-bit key per band (the band's number is hashed in, so bands never collide)."""
    width = rows * 4
    out = []
    for i in range(bands):
        h = hashlib.blake2b(
            signature[i * width : (i + 1) * width], digest_size=8, key=i.to_bytes(2, "little")
        )
        out.append(int.from_bytes(h.digest(), "little", signed=True))
    return out


def jaccard(a: bytes, b: bytes) -> float:
    """MinHash estimate of the Jaccard similarity of two signatures' sets."""
    x, y = np.frombuffer(a, dtype="<u4"), np.frombuffer(b, dtype="<u4")
    if len(x) != len(y) or not len(x):
        return 0.0
    return float(np.count_nonzero(x == y)) / len(x)


def containment(j: float, size_a: int, size_b: int) -> float:
    """|A ∩ B| / |A| (how much of A is inside B) from the Jaccard estimate and the set sizes:
    |A ∩ B| = j (|A| + |B|) / (1 + j)."""
    if size_a <= 0 or size_b <= 0:
        return 0.0
    return min(1.0, j * (size_a + size_b) / ((1.0 + j) * size_a))


def best_near(
    signature: bytes, size: int, candidates: list[NearCandidate], min_containment: float
) -> tuple[NearCandidate, float] | None:
    """The candidate that contains this text best, when at least `min_containment` of it.

    Ties go to the earliest stored candidate (the caller lists them in store order), so the
    outcome never depends on the order a store returns rows in.
    """
    best: tuple[NearCandidate, float] | None = None
    for c in candidates:
        score = containment(jaccard(signature, c.minhash), size, c.shingles)
        if score >= min_containment and (best is None or score > best[1]):
            best = (c, score)
    return best
