"""The proclitic inventory: every module that strips clitics reads it from arabic.clitics."""

from __future__ import annotations

import re
from pathlib import Path

from marsad.arabic.clitics import ARTICLE, ARTICLE_FORMS, CONJUNCTIONS, FUTURE, NOUN_PROCLITICS, PREPOSITIONS

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
