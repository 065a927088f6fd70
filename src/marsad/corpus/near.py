"""Near duplicates: MinHash LSH over word shingles of the normalised main text.

Two wire copies of one story differ in a byline, a dateline or a trailing link; their exact hashes
differ but their shingle sets barely do. MinHash estimates the Jaccard similarity of those sets and
LSH finds candidates without comparing every pair (datasketch's implementation).
"""

from __future__ import annotations

from datasketch import MinHash, MinHashLSH

from marsad.arabic.normalize import search_form
from marsad.store.terms import word_spans

__all__ = ["NearDuplicates", "shingles"]

# 5-word shingles: short enough to survive small edits, long enough that two articles on one topic
# do not share many. 128 permutations keep the Jaccard estimate within ~±0.09 (1/sqrt(128)).
SHINGLE = 5
PERMUTATIONS = 128
# Above this estimated Jaccard similarity two articles are the same story with edits.
THRESHOLD = 0.8


def shingles(text: str, k: int = SHINGLE) -> set[str]:
    """Word k-grams of the text in search form (spelling variants do not break a match)."""
    words = [search_form(w) for _, _, w in word_spans(text)]
    if len(words) < k:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + k]) for i in range(len(words) - k + 1)}


class NearDuplicates:
    """An in-memory index: `add` returns the ids of earlier texts that are near duplicates."""

    def __init__(self, threshold: float = THRESHOLD, num_perm: int = PERMUTATIONS) -> None:
        self.num_perm = num_perm
        self.lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self.threshold = threshold
        self._hashes: dict[str, MinHash] = {}

    def signature(self, text: str) -> MinHash:
        m = MinHash(num_perm=self.num_perm)
        for s in shingles(text):
            m.update(s.encode("utf-8"))
        return m

    def add(self, key: str, text: str) -> list[str]:
        """Index `text` under `key`; the keys of indexed texts similar above the threshold, best first."""
        m = self.signature(text)
        found = [(m.jaccard(self._hashes[k]), k) for k in self.lsh.query(m)]
        if key not in self._hashes:
            self.lsh.insert(key, m)
            self._hashes[key] = m
        return [k for j, k in sorted(found, reverse=True) if j >= self.threshold and k != key]
