"""Near duplicates: band keys, Jaccard and containment estimates, the decision."""

from __future__ import annotations

import random

from corpus_samples import FOOTBALL, STRIKE_A, STRIKE_B

from marsad.arabic.tokens import stems
from marsad.config import SETTINGS
from marsad.corpus.fingerprint import minhash, shingles
from marsad.corpus.near import NearCandidate, band_keys, best_near, containment, jaccard, lsh_bands


def _sig(text: str, k: int = 3) -> tuple[bytes, int]:
    sh = shingles(stems(text, SETTINGS), k)
    return minhash(sh, 128), len(sh)


def test_lsh_bands_cover_the_signature() -> None:
    b, r = lsh_bands(0.4, 128)
    assert b * r <= 128 and b > 1
    # a lower threshold needs more, shorter bands
    _b2, r2 = lsh_bands(0.8, 128)
    assert r2 > r


def test_identical_signatures_share_every_band_and_different_ones_almost_none() -> None:
    b, r = lsh_bands(0.4, 128)
    sa, _ = _sig(STRIKE_A)
    sf, _ = _sig(FOOTBALL)
    assert band_keys(sa, b, r) == band_keys(sa, b, r)
    assert len(set(band_keys(sa, b, r)) & set(band_keys(sf, b, r))) == 0
    assert len(set(band_keys(sa, b, r))) == b  # the band number is part of the key


def test_jaccard_estimate_tracks_the_true_value() -> None:
    words = [f"w{i}" for i in range(400)]
    a = {w.encode() for w in words[:300]}
    bset = {w.encode() for w in words[100:400]}  # true Jaccard 200/400 = 0.5
    est = jaccard(minhash(a, 128), minhash(bset, 128))
    assert abs(est - 0.5) < 0.15
    assert jaccard(minhash(a, 128), minhash(a, 128)) == 1.0


def test_containment_sees_a_truncated_copy_as_contained_but_not_a_longer_follow_up() -> None:
    # the new text is half the stored one: Jaccard 0.5, but all of it is inside the original
    assert containment(0.5, 50, 100) == 1.0
    # a new article twice as long that quotes all of a stored one: only half of it is old text
    assert containment(0.5, 100, 50) == 0.5
    assert abs(containment(0.5, 100, 100) - 2 / 3) < 1e-9  # |A∩B| = 0.5 · 200 / 1.5
    assert containment(0.0, 10, 10) == 0.0
    assert containment(0.9, 0, 10) == 0.0


def test_best_near_keeps_the_best_candidate_above_the_bar() -> None:
    sa, na = _sig(STRIKE_A)
    cut = STRIKE_A.rsplit("\n", 1)[0]
    sc, nc = _sig(cut)
    sb, nb = _sig(STRIKE_B)
    cands = [NearCandidate("b", "b", sb, nb), NearCandidate("a", "a", sa, na)]
    hit = best_near(sc, nc, cands, 0.8)
    assert hit is not None and hit[0].id == "a"
    # the same event in other words is not a reprint
    assert best_near(sb, nb, [NearCandidate("a", "a", sa, na)], 0.8) is None


def test_light_edits_keep_a_high_containment() -> None:
    rng = random.Random(7)
    words = STRIKE_A.split()
    for _ in range(3):
        i = rng.randrange(len(words))
        words[i] = words[i] + "ا"
    se, ne = _sig(" ".join(words))
    sa, na = _sig(STRIKE_A)
    assert containment(jaccard(se, sa), ne, na) > 0.7
