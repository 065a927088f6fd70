"""Word keys and clitic readings used by the tagger's features and the gazetteers."""

from __future__ import annotations

from marsad.enrich.entities.text import (
    adjective_base,
    clitic_variants,
    is_arabic,
    is_latin,
    key,
    strip_article,
)


def test_key_folds_hamza_ya_ta_marbuta_and_diacritics() -> None:
    assert key("أُوكْرانيا") == key("اوكرانيا") == "اوكرانيا"
    assert key("الكورية") == "الكوريه"
    assert key("إلى") == "الي"
    assert key("Putin") == "putin"
    assert key("بـوتين") == "بوتين"  # tatweel


def test_clitic_variants_offer_the_stem_after_conjunction_and_preposition() -> None:
    assert ("و", "روسيا") in clitic_variants(key("وروسيا"))
    assert ("ل", "بوتين") in clitic_variants(key("لبوتين"))
    assert ("لل", "الرئيس") in clitic_variants(key("للرئيس"))
    assert ("وب", "الرئيس") in clitic_variants(key("وبالرئيس")) or ("وبال", "رئيس") in clitic_variants(
        key("وبالرئيس")
    )
    # The unsplit reading always comes first, and short words are left alone.
    assert clitic_variants(key("وزير"))[0] == ("", "وزير")
    assert clitic_variants("في") == [("", "في")]
    assert clitic_variants("london") == [("", "london")]


def test_script_helpers() -> None:
    assert is_arabic("روسيا") and not is_arabic("Russia")
    assert is_latin("Russia") and not is_latin("١٢٣")
    assert strip_article("الروسي") == "روسي"
    assert strip_article("الي") == "الي"


def test_adjective_base() -> None:
    assert adjective_base(key("الكورية")) == "كوري"
    assert adjective_base(key("الأمريكيون")) == "امريكي"
    assert adjective_base(key("روسي")) == "روسي"
