"""Folded text keeps a map back to the original offsets."""

from __future__ import annotations

from marsad.enrich.claims.fold import fold, fold_text, word_pattern


def test_diacritics_and_tatweel_fold_away() -> None:
    assert fold_text("يُفترض") == fold_text("يفترض")
    assert fold_text("وفقـــاً") == fold_text("وفقا")


def test_alef_ya_ta_marbuta_fold() -> None:
    assert fold_text("إلى") == fold_text("الي")
    assert fold_text("كورية") == fold_text("كوريه")


def test_span_maps_back_to_original() -> None:
    text = "قالَ الوزيرُ إنّ"
    f = fold(text)
    i = f.text.index("الوزير")
    s, e = f.span(i, i + len("الوزير"))
    assert text[s:e] == "الوزيرُ"[:-1]  # the final damma folds away and is not part of the match
    assert f.length == len(text)


def test_word_pattern_respects_word_boundaries() -> None:
    import re

    pat = re.compile(word_pattern(["زعم"], prefixes="(?:و|ف)?"))
    assert pat.search(fold_text("وزعم الوزير"))
    assert not pat.search(fold_text("زعيم كوريا"))  # leader, not "claimed"


def test_star_takes_suffixes() -> None:
    import re

    pat = re.compile(word_pattern(["مزعوم*"]))
    assert pat.search(fold_text("الهجوم مزعومة"))
