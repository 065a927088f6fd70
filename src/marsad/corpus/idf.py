"""Term weights for story similarity: inverse document frequency from `models/train_idf.py`."""

from __future__ import annotations

import gzip
import math
from dataclasses import dataclass
from functools import lru_cache

from marsad.resources import find_model

__all__ = ["Idf", "idf_table"]


@dataclass(frozen=True, slots=True)
class Idf:
    weights: dict[str, float]
    unknown: float  # a term the table never saw (a new name) weighs log(N / 1): above every known one

    def __call__(self, term: str) -> float:
        return self.weights.get(term, self.unknown)


@lru_cache(maxsize=1)
def idf_table() -> Idf:
    """log(N / df) per term, from the bundled `idf.tsv.gz` (ModelError when it is missing)."""
    path = find_model("idf.tsv.gz")
    weights: dict[str, float] = {}
    n = 1
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            term, _, count = line.rstrip("\n").partition("\t")
            if term == "#documents":
                n = int(count)
                continue
            weights[term] = math.log(n / int(count))
    return Idf(weights, math.log(n / 1.0))
