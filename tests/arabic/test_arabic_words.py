"""The closed word classes are written as the lexicons fold text, so rules compare directly."""

from __future__ import annotations

from marsad.arabic.normalize import fold_char
from marsad.arabic.words import (
    AGENCY_HEAD,
    AGENCY_NEWS,
    DISCOURSE_OPENERS,
    GROUP_STOPS,
    MODIFIER_ENDINGS,
    NUMBER_WORDS,
    RELATIVE_PRONOUNS,
    TOWARD,
    glued_joins,
)
from marsad.config import SETTINGS


def _folded(word: str) -> str:
    return "".join(fold_char(c) for c in word)


def test_group_stops_and_endings_are_in_folded_form() -> None:
    unfolded = {w for w in GROUP_STOPS | set(MODIFIER_ENDINGS) if _folded(w) != w}
    assert unfolded == {"على"}  # as the events rule had it (see arabic/words.py)
    assert {"الي", "ان", "التي"} <= GROUP_STOPS  # إلى, أن as folded, not as written


def test_number_words_fold_to_distinct_forms() -> None:
    folded = {_folded(w) for w in NUMBER_WORDS}
    assert len(folded) == len(NUMBER_WORDS)
    assert {"اربعه", "الف", "الاف"} <= folded


def test_cue_words_are_in_folded_form() -> None:
    """The events, claims and entity rules compare folded tokens with these words."""
    for words in (TOWARD, DISCOURSE_OPENERS, {AGENCY_HEAD}, set(AGENCY_NEWS), RELATIVE_PRONOUNS):
        assert {_folded(w) for w in words} == set(words)
    assert _folded("إلى") in TOWARD and _folded("وكالة") == AGENCY_HEAD and _folded("للأنباء") in AGENCY_NEWS
    assert "لكن" in DISCOURSE_OPENERS and all(w.isascii() is False for w in DISCOURSE_OPENERS)


def test_relative_pronouns_are_the_group_stops_relatives_and_more() -> None:
    # The role grammar stops a noun phrase at any of them; GROUP_STOPS lists the common three.
    assert {"الذي", "التي", "الذين"} <= RELATIVE_PRONOUNS
    assert {w for w in GROUP_STOPS if w.startswith("ال") and w != "الي"} <= RELATIVE_PRONOUNS
    assert _folded("اللائي") in RELATIVE_PRONOUNS


def test_glued_joins_counts_word_final_letters_and_overlong_tokens() -> None:
    assert glued_joins("الرئيسيةسياسة", SETTINGS.glued_token_letters) == 1  # a ة inside the token
    # No ة or ى at a join, but a token no Arabic word is as long as.
    assert glued_joins("آخر الأخبارأحداث وقضاياحواراتملفات الصباح", SETTINGS.glued_token_letters) == 1
    assert (
        glued_joins("الاستخباراتية والإسرائيليين", SETTINGS.glued_token_letters) == 0
    )  # long words stay words
    assert glued_joins("سياسة اقتصاد", SETTINGS.glued_token_letters) == 0
