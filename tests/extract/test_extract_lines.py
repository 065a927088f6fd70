"""Line measurements and CRF features."""

from __future__ import annotations

from marsad.extract.lines import crf_features, describe


def test_blank_lines_are_not_described_but_remembered() -> None:
    infos = describe(["a menu", "", "A sentence that ends here.", "", ""])
    assert [x.i for x in infos] == [0, 2]
    assert infos[0].blank_after and infos[0].blank_before  # the start of a dump counts as blank
    assert infos[1].blank_before
    assert infos[1].end == "."


def test_glued_caption_and_credit_contains_previous_line() -> None:
    infos = describe(["صورة من الاجتماع الأخير", "صورة من الاجتماع الأخير (أ ف ب)", "سطر آخر"])
    assert infos[1].contains_prev and infos[1].credit
    assert infos[0].contained_next
    assert not infos[2].contains_prev


def test_glue_script_ratios_and_cues() -> None:
    x = describe(["Eventsالأحداثالبودكاست", "اعلان", "Share this article"])
    assert x[0].glue >= 1
    assert x[1].arabic == 1.0 and x[1].cue == "advertisement"
    assert x[2].cue == "share"


def test_repeated_lines_are_marked() -> None:
    x = describe(["اعلان", "text", "اعلان"])
    assert x[0].repeated and x[2].repeated and not x[1].repeated


def test_features_cover_neighbours() -> None:
    feats = crf_features(describe(["one", "two words", "three words here"]))
    assert len(feats) == 3
    assert "first" in feats[0] and "last" in feats[2]
    assert any(f.startswith("a") for f in feats[1]) and any(f.startswith("b") for f in feats[1])
    assert crf_features([]) == []
