"""CRF features built from a tiny hand-made gazetteer: no shared data, no trained model."""

from __future__ import annotations

from marsad.enrich.entities.features import Resources, sentence_features
from marsad.enrich.entities.gazetteer import Entry, Gazetteer
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
