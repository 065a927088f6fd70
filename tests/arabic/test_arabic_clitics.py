"""The proclitic inventory: every module that strips clitics reads it from arabic.clitics."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from marsad.arabic.clitics import (
    ARTICLE,
    ARTICLE_FORMS,
    CONJUNCTIONS,
    FUTURE,
    NOUN_PROCLITICS,
    PREPOSITIONS,
    proclitic_readings,
    search_stems,
    strip_article,
)
from marsad.arabic.normalize import normalize

SRC = Path(__file__).resolve().parents[2] / "src" / "marsad"


def test_inventory_is_what_arabic_writes() -> None:
    assert set(CONJUNCTIONS) == {"و", "ف"} and set(PREPOSITIONS) == {"ب", "ك", "ل"} and FUTURE == "س"
    assert ARTICLE in ARTICLE_FORMS and "لل" in ARTICLE_FORMS  # ل + ال drops the alef
    # Longest first: a caller that keeps the first match keeps the fullest reading.
    assert list(NOUN_PROCLITICS) == sorted(NOUN_PROCLITICS, key=len, reverse=True)


def test_no_module_outside_arabic_spells_its_own_clitic_list() -> None:
    """A tuple literal of the conjunctions (or the article forms) outside arabic/ is a second home."""
    pattern = re.compile(r'\(\s*"و",\s*"ف"\s*\)|\(\s*"ال",\s*"لل"')
    offenders = [
        str(p.relative_to(SRC))
        for p in SRC.rglob("*.py")
        if "arabic" not in p.relative_to(SRC).parts[:1] and pattern.search(p.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def _fold(word: str) -> str:
    return normalize(word, digits=False, presentation_forms=False).casefold()


def test_proclitic_readings_offer_the_stem_after_conjunction_and_preposition() -> None:
    assert ("و", "روسيا") in proclitic_readings(_fold("وروسيا"))
    assert ("ل", "بوتين") in proclitic_readings(_fold("لبوتين"))
    # ل + ال drops the alef: both the لل reading and ل + الرئيس are offered.
    assert {("لل", "الرئيس"), ("لل" + ARTICLE, "رئيس")} <= set(proclitic_readings(_fold("للرئيس")))
    assert ("وب", "الرئيس") in proclitic_readings(_fold("وبالرئيس"))
    assert ("وبال", "رئيس") in proclitic_readings(_fold("وبالرئيس"))


def test_proclitic_readings_put_the_whole_word_first_and_leave_short_or_latin_words() -> None:
    assert proclitic_readings(_fold("وزير"))[0] == ("", "وزير")
    assert proclitic_readings("في") == [("", "في")]
    assert proclitic_readings("london") == [("", "london")]
    # A three-letter word keeps its conjunction: وبه is not offered as و + به.
    assert proclitic_readings("وبه") == [("", "وبه")]


def test_strip_article_keeps_two_letters() -> None:
    assert strip_article("الروسي") == "روسي"
    assert strip_article("الي") == "الي"


@pytest.mark.parametrize(
    ("form", "stems"),
    [
        ("والرئيس", {"والرئيس", "الرئيس", "رئيس"}),
        ("للرئيس", {"للرئيس", "لرئيس", "الرئيس", "رئيس"}),
        ("وماكرون", {"وماكرون", "ماكرون"}),
        ("بين", {"بين"}),  # two letters would be left: not a proclitic
        ("لم", {"لم"}),
    ],
)
def test_search_stems_remove_proclitic_combinations(form: str, stems: set[str]) -> None:
    assert search_stems(form, 3) == stems


def test_search_stems_obey_the_minimum_stem() -> None:
    assert "ماكرون" in search_stems("وماكرون", 6)
    assert search_stems("وماكرون", 7) == {"وماكرون"}
