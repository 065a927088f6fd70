"""Word keys used by the tagger's features and the gazetteers (clitic readings: tests/arabic)."""

from __future__ import annotations

from marsad.enrich.entities.text import is_arabic, is_latin, key


def test_key_folds_hamza_ya_ta_marbuta_and_diacritics() -> None:
    assert key("أُوكْرانيا") == key("اوكرانيا") == "اوكرانيا"
    assert key("الكورية") == "الكوريه"
    assert key("إلى") == "الي"
    assert key("Putin") == "putin"
    assert key("بـوتين") == "بوتين"  # tatweel


def test_script_helpers() -> None:
    assert is_arabic("روسيا") and not is_arabic("Russia")
    assert is_latin("Russia") and not is_latin("١٢٣")
