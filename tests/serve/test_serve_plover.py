"""serve/plover.py: every PLOVER type the enrich step can emit has an Arabic and an English name."""

from __future__ import annotations

import pytest
import regex

from marsad.enrich.events.lexicon import event_lexicon
from marsad.serve.plover import PLOVER_MODES, PLOVER_TYPES, plover_mode_name, plover_name


def emitted() -> tuple[set[str], set[str]]:
    """Types and modes in the enrich step's trigger lexicon."""
    triggers = event_lexicon().triggers
    return {t.type for t in triggers}, {t.mode for t in triggers if t.mode}


def test_the_table_is_exactly_what_enrich_emits() -> None:
    types, modes = emitted()
    assert set(PLOVER_TYPES) == types
    assert modes <= set(PLOVER_MODES)


@pytest.mark.parametrize("code", sorted(PLOVER_TYPES))
def test_each_type_has_an_arabic_and_an_english_name(code: str) -> None:
    arabic, english = plover_name(code, "ar"), plover_name(code, "en")
    assert regex.fullmatch(r"[\p{Arabic} ]+", arabic), arabic
    assert english.upper() == code


def test_unknown_codes_show_as_given_and_unknown_languages_are_refused() -> None:
    assert plover_name("NEWTYPE", "ar") == "NEWTYPE"
    assert plover_mode_name("meet", "ar") == "لقاء" and plover_mode_name("swim", "en") == "swim"
    with pytest.raises(ValueError, match="ar, en"):
        plover_name("CONSULT", "fr")
    assert len({plover_name(c, "ar") for c in PLOVER_TYPES}) == len(PLOVER_TYPES)  # no two alike
