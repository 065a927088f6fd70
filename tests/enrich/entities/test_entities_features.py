"""CRF features built from a tiny hand-made gazetteer: no shared data, no trained model."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from marsad.enrich.entities.features import Resources, sentence_features
from marsad.enrich.entities.gazetteer import Entry, Gazetteer
from marsad.enrich.entities.subwords import Subwords
from marsad.enrich.entities.text import key


def _resources() -> Resources:
    g = Gazetteer()
    g.add("برشلونة", Entry("LOC", "city", "Barcelona", "برشلونة"))
    g.given = frozenset({key("سامي")})
    g.surname = frozenset({key("حداد")})
    g.cues = {"speech": frozenset({key("قال")}), "title": frozenset({key("وزير")})}
    clusters: dict[str, tuple[int, tuple[str, ...]]] = {
        key("في"): (5000, ("1", "2", "3")),
        key("برشلونة"): (40, ("4", "5", "6")),
    }
    return Resources(g, clusters)


def test_one_feature_list_per_token_and_sentence_position() -> None:
    words = ["قال", "وزير", "المالية", "سامي", "حداد", "."]
    feats = sentence_features(words, _resources())
    assert len(feats) == len(words)
    assert "bos" in feats[0] and "bos" not in feats[1]
    # The word before the full stop ends the clause.
    assert "eos_or_punct+1" in feats[4] and "eos_or_punct+1" not in feats[3]


def test_cue_words_reach_three_tokens_and_name_tables_one() -> None:
    words = ["قال", "وزير", "المالية", "سامي", "حداد", "."]
    f = sentence_features(words, _resources())[3]  # سامي
    assert "cue-3=speech" in f and "cue-2=title" in f
    assert "given" in f and "surname1" in f
    assert "given-1" in sentence_features(words, _resources())[4]


def test_cue_before_unknown_word() -> None:
    f = sentence_features(["وزير", "فلان"], _resources())[1]
    assert "cue-1|oov=title" in f and "cue-1|sh=title|ar" in f


def test_sport_sentence_marks_city_names_for_club_reading() -> None:
    res = _resources()
    match = sentence_features(["فاز", "برشلونة", "في", "المباراة"], res)[1]
    plain = sentence_features(["زار", "الوفد", "برشلونة", "أمس"], res)[2]
    assert "sport" in match and "sport|g=B-city" in match and "sport|c1=5" in match
    assert not any(x.startswith("sport") for x in plain)
    assert "g=B-city" in plain


def test_stripped_stem_affixes_only_when_a_clitic_was_taken_off() -> None:
    res = _resources()
    f = sentence_features(["وبرشلونة"], res)[0]
    assert "s=برشلونه" in f and "sp4=برشل" in f and "sx4=لونه" in f
    assert not any(x.startswith("sp4=") for x in sentence_features(["برشلونة"], res)[0])


def test_fasttext_clusters_from_table_stem_or_ngrams(tmp_path: Path) -> None:
    res = _resources()
    plain = sentence_features(["زار", "برشلونة"], res)
    assert not any(f.startswith(("e0", "es=")) for tok in plain for f in tok)
    res.embed = {key("برشلونة"): ("7", "8"), key("زار"): ("1", "2")}
    feats = sentence_features(["زار", "برشلونة", "كييف"], res)
    assert {"es=t", "e0=7", "e1=8"} <= set(feats[1])
    assert {"e0-1=1", "e1-1=2"} <= set(feats[1])
    assert {"e01=7", "e11=8"} <= set(feats[0])
    assert {"e0-1=7", "e1-1=8", "e0-2=1"} <= set(feats[2])
    # Without a subword table an unknown word has no embedding feature; with one it gets an estimate.
    assert not any(f.startswith(("es=", "e0=")) for f in feats[2])
    rows = np.zeros((16, 2), dtype=np.int8)
    rows[:, 0] = 50
    np.savez(
        tmp_path / "sub.npz",
        ngrams=rows,
        min_max_bucket=np.array([3, 5, 16]),
        centroids3=np.eye(3, 2, dtype=np.float32),
    )
    res.subwords = Subwords(tmp_path / "sub.npz")
    assert {"es=n", "e0=0"} <= set(sentence_features(["زار", "برشلونة", "كييف"], res)[2])
