"""Line measurements and CRF features."""

from __future__ import annotations

from marsad.config import SETTINGS
from marsad.extract.lines import crf_features, describe, ends_sentence


def test_blank_lines_are_not_described_but_remembered() -> None:
    infos = describe(["a menu", "", "A sentence that ends here.", "", ""], SETTINGS)
    assert [x.i for x in infos] == [0, 2]
    assert infos[0].blank_after and infos[0].blank_before  # the start of a dump counts as blank
    assert infos[1].blank_before
    assert infos[1].end == "."


def test_glued_caption_and_credit_contains_previous_line() -> None:
    infos = describe(["صورة من الاجتماع الأخير", "صورة من الاجتماع الأخير (أ ف ب)", "سطر آخر"], SETTINGS)
    assert infos[1].contains_prev and infos[1].credit
    assert infos[0].contained_next
    assert not infos[2].contains_prev


def test_glue_script_ratios_and_cues() -> None:
    x = describe(["Eventsالأحداثالبودكاست", "اعلان", "Share this article"], SETTINGS)
    assert x[0].glue >= 1
    assert x[1].arabic == 1.0 and x[1].cue == "advertisement"
    assert x[2].cue == "share"


def test_repeated_lines_are_marked() -> None:
    x = describe(["اعلان", "text", "اعلان"], SETTINGS)
    assert x[0].repeated and x[2].repeated and not x[1].repeated


def test_features_cover_neighbours() -> None:
    feats = crf_features(describe(["one", "two words", "three words here"], SETTINGS))
    assert len(feats) == 3
    assert "first" in feats[0] and "last" in feats[2]
    assert any(f.startswith("a") for f in feats[1]) and any(f.startswith("b") for f in feats[1])
    assert crf_features([]) == []


def test_memoised_lines_give_the_same_features_as_fresh_ones() -> None:
    from marsad.extract.lines import clear_caches

    dump = [
        "Home | News | Sport",
        "",
        "A headline here",
        "",
        "A sentence that ends here, with words.",
        "Home | News | Sport",
    ]
    warm = crf_features(describe(dump, SETTINGS))
    clear_caches()
    cold = crf_features(describe(dump, SETTINGS))
    assert warm == cold
    # The context features differ for the two menu lines (blank before or not); their own do not.
    assert "bb" in cold[0] and "bb" not in cold[-1]
    assert {"rep", "sep2"} <= set(cold[0]) & set(cold[-1])
    # Neighbour views carry the neighbour's context too.
    assert "bbb" in cold[0] and "abb" in cold[1]


def test_glue_gates_keep_their_meaning() -> None:
    x = describe(
        ["HomeNewsSport", "homenewssport", "HOMENEWS", "Eventsالأحداث", "الأحداث والبودكاست"], SETTINGS
    )
    assert [y.glue for y in x] == [2, 0, 0, 1, 0]


def test_ends_sentence_looks_past_closing_quotes() -> None:
    assert ends_sentence("He said it.") and ends_sentence('He said "no."') and ends_sentence("هل قال ذلك؟")
    assert ends_sentence("Er sagte es (gestern).") and ends_sentence("Wirklich?!")
    assert not ends_sentence("Mehr Themen:") and not ends_sentence("Related") and not ends_sentence("")
    assert not ends_sentence('"Quoted title"')
