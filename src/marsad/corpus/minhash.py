"""MinHash signatures and LSH band sizes, bit for bit as datasketch 2.0 makes them.

Hand-written on purpose, and kept to what datasketch does: datasketch requires scipy (its
metadata says so, and `import datasketch` imports `scipy.integrate` for one integral of the LSH
parameters), which is 143 MB of a 224 MB core install. The signature is datasketch's default
"affine32" scheme: a SHA-1 hash of each item cut to 32 bits, mixed by the MurmurHash3 finalizer,
then `a·h + b mod 2³²` for each permutation (`a` odd, so a bijection), the minimum over the set.
The permutations come from the same seeded `numpy.random.RandomState` draws, so signatures stored
by earlier versions (made with datasketch) compare with new ones. tests/corpus/test_minhash.py
checks both functions against datasketch whenever it is installed (the `bench` and `dev` extras).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import lru_cache

import numpy as np
import numpy.typing as npt

__all__ = ["lsh_params", "permutations", "signature"]

U32 = npt.NDArray[np.uint32]
_EMPTY = np.uint32(0xFFFFFFFF)  # the value of every position of an empty set's signature


@lru_cache(maxsize=4)
def permutations(num_perm: int, seed: int = 1) -> tuple[U32, U32]:
    """(a, b) of each permutation: the draws datasketch's MinHash(num_perm, seed) makes."""
    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    a.flags.writeable = b.flags.writeable = False  # shared by every call through the cache
    return a, b


def _fmix32(h: U32) -> U32:
    """The MurmurHash3 32-bit finalizer (a fixed bijection spreading the bits), wrapping in uint32."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


def signature(items: Iterable[bytes], num_perm: int, seed: int = 1) -> U32:
    """The MinHash signature of a set of byte strings (num_perm uint32 values)."""
    a, b = permutations(num_perm, seed)
    hv = np.fromiter((int.from_bytes(hashlib.sha1(x).digest()[:4], "little") for x in items), dtype=np.uint32)
    if not len(hv):
        return np.full(num_perm, _EMPTY, dtype=np.uint32)
    # One row per item, one column per permutation; uint32 products wrap, which is the mod 2³².
    out: U32 = (_fmix32(hv).reshape(-1, 1) * a + b).min(axis=0)
    return out


@lru_cache(maxsize=8)
def lsh_params(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows per band) minimising false positives below `threshold` plus false negatives
    above it, weighted equally: datasketch's MinHashLSH choice.

    Both are integrals of the polynomial 1 - (1 - sʳ)ᵇ, of degree r·b ≤ num_perm, so Gauss–Legendre
    quadrature with num_perm/2 + 1 nodes gives them exactly (datasketch uses scipy's quad).
    """
    nodes, weights = np.polynomial.legendre.leggauss(num_perm // 2 + 1)

    def integral(lo: float, hi: float, b: int, r: int) -> float:
        s = (hi - lo) / 2 * nodes + (hi + lo) / 2
        return float((hi - lo) / 2 * weights @ (1 - (1 - s ** float(r)) ** float(b)))

    best, opt = float("inf"), (0, 0)
    for b in range(1, num_perm + 1):
        for r in range(1, num_perm // b + 1):
            fp = integral(0.0, threshold, b, r)
            fn = (1.0 - threshold) - integral(threshold, 1.0, b, r)  # ∫ₜ¹ (1 - p) = (1 - t) - ∫ₜ¹ p
            err = 0.5 * fp + 0.5 * fn
            if err < best:
                best, opt = err, (b, r)
    return opt
