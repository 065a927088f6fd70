"""MinHash signatures and LSH parameters equal datasketch's (the library they stand in for).

datasketch is not in the core install (it requires scipy); the `dev` and `bench` extras have it,
so these comparisons run in `make test`. Without it they skip, and the properties below still run.
"""

from __future__ import annotations

import random

import numpy as np
import pytest

from marsad.corpus.minhash import lsh_params, permutations, signature


def _sets() -> list[set[bytes]]:
    rng = random.Random(7)
    words = ["قال", "الرئيس", "إن", "المفاوضات", "حول", "المياه", "ستستأنف", "غدا"]
    out: list[set[bytes]] = [set(), {b"x"}, {"مرحبا".encode()}]
    for n in (5, 40, 700):
        out.append(
            {" ".join(rng.choices(words, k=3)).encode() + str(rng.random()).encode() for _ in range(n)}
        )
    out.append({rng.randbytes(rng.randint(0, 50)) for _ in range(2000)})
    return out


@pytest.mark.parametrize("num_perm", [1, 16, 128, 256])
def test_signatures_equal_datasketchs(num_perm: int) -> None:
    datasketch = pytest.importorskip("datasketch", reason="datasketch is in the dev/bench extras only")
    for items in _sets():
        m = datasketch.MinHash(num_perm=num_perm, seed=1)
        if items:
            m.update_batch(list(items))
        assert signature(items, num_perm).tolist() == np.asarray(m.hashvalues).tolist()
    a, b = permutations(16, seed=3)
    ref = datasketch.MinHash(num_perm=16, seed=3).permutations
    assert a.tolist() == ref[0].tolist() and b.tolist() == ref[1].tolist()


@pytest.mark.parametrize("num_perm", [32, 128])
@pytest.mark.parametrize("threshold", [0.1, 0.3, 0.5, 0.7, 0.9])
def test_lsh_params_equal_datasketchs(threshold: float, num_perm: int) -> None:
    datasketch = pytest.importorskip("datasketch", reason="datasketch is in the dev/bench extras only")
    lsh = datasketch.MinHashLSH(threshold=threshold, num_perm=num_perm)
    assert lsh_params(threshold, num_perm) == (lsh.b, lsh.r)


def test_signature_estimates_jaccard() -> None:
    """Equal positions ≈ Jaccard similarity: 600 shared of 1000 distinct items is 0.6."""
    a = {f"a{i}".encode() for i in range(800)}
    b = {f"a{i}".encode() for i in range(200, 1000)}
    sa, sb = signature(a, 256), signature(b, 256)
    assert abs(float(np.mean(sa == sb)) - 600 / 1000) < 0.08
    assert signature(a, 256).tolist() == sa.tolist()  # deterministic
    assert signature(set(), 4).tolist() == [0xFFFFFFFF] * 4
    assert signature(a, 64, seed=2).tolist() != signature(a, 64, seed=1).tolist()


def test_lsh_params_fit_the_signature_and_move_with_the_threshold() -> None:
    b, r = lsh_params(0.3, 128)
    assert b * r <= 128 and b >= 2
    _, r2 = lsh_params(0.8, 128)
    assert r2 > r  # a higher threshold asks for longer bands (fewer, stricter candidates)
