"""Every rule of data/charmap.json with an Arabic example, plus properties of normalize()."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.arabic.normalize import RULES, _table, normalize, search_form, search_form_with_offsets

OFF = {
    "alef": False,
    "ya": False,
    "ta_marbuta": False,
    "diacritics": False,
    "tatweel": False,
    "digits": False,
    "presentation_forms": False,
    "controls": False,
}


def only(rule: str, text: str) -> str:
    return normalize(text, **{**OFF, rule: True})


@pytest.mark.parametrize(
    ("rule", "raw", "want"),
    [
        ("alef", "أحمد", "احمد"),
        ("alef", "إسلام", "اسلام"),
        ("alef", "آخر", "اخر"),
        ("alef", "ٱلكتاب", "الكتاب"),
        ("ya", "على", "علي"),
        ("ya", "مستشفى", "مستشفي"),
        ("ta_marbuta", "مدينة", "مدينه"),
        ("ta_marbuta", "القاهرة", "القاهره"),
        ("tatweel", "جمـــيل", "جميل"),
        ("diacritics", "مُحَمَّدٌ", "محمد"),
        ("diacritics", "كِتَابٍ", "كتاب"),
        ("diacritics", "هٰذا", "هذا"),  # superscript alef U+0670
        ("diacritics", "الرَّحْمَٰنِ", "الرحمن"),
        ("diacritics", "قُلْ ۖ", "قل "),  # Quranic pause mark U+06D6
        ("diacritics", "عليهؐ", "عليه"),  # honorific mark U+0610
        ("digits", "٢٠٢٣", "2023"),
        ("digits", "۱۴۰۲", "1402"),
        ("digits", "٣٫٥٪", "3.5%"),
        ("digits", "١٬٠٠٠", "1,000"),
        ("presentation_forms", "ﺍﻟﺴﻼﻡ", "السلام"),
        ("presentation_forms", "ﻻ", "لا"),
        ("presentation_forms", "ﷲ", "الله"),
        ("controls", "\u200fالسلام\u200e", "السلام"),
        ("controls", "مر\u200cحبا", "مرحبا"),  # ZWNJ
        ("controls", "مر\u200dحبا\u200b", "مرحبا"),  # ZWJ, ZWSP
        ("controls", "\ufeffنص", "نص"),  # BOM
        ("controls", "\u202bنص\u202c", "نص"),  # RLE .. PDF
        ("controls", "\u2067نص\u2069", "نص"),  # RLI .. PDI
        ("controls", "\u061cنص", "نص"),  # ALM
        ("controls", "كلمة\u00adطويلة", "كلمةطويلة"),  # soft hyphen
        ("controls", "a\x00b\x85c", "ab\x85c"),  # C0 removed, NEL (a line break) kept
    ],
)
def test_each_rule(rule: str, raw: str, want: str) -> None:
    assert only(rule, raw) == want


def test_rules_off_leave_text_alone() -> None:
    text = "أَحْمَدُ على مدينة ـ ٢ ﻻ \u200f"
    assert normalize(text, **OFF) == text


def test_hamza_seats_only_with_flag() -> None:
    assert normalize("مسؤول") == "مسؤول"
    assert normalize("مسؤول", hamza=True) == normalize("مسئول", hamza=True)


def test_all_rules_together() -> None:
    assert normalize("إِلَى المَدِينَةِ ١٠ ﻷ\u200f") == "الي المدينه 10 لا"


def test_presentation_ligature_closed_under_alef() -> None:
    # U+FEF7 is lam + alef with hamza above: the alef rule applies to its expansion too.
    assert normalize("\ufef7") == "لا"
    assert normalize("\ufef7", alef=False) == "لأ"


def test_isolated_haraka_form_leaves_no_space() -> None:
    assert normalize("ب\ufe70", diacritics=False) == "ب\u064b"
    assert normalize("ب\ufe70") == "ب"


def test_search_form_folds_latin_case_and_everything() -> None:
    assert search_form("Macron ماكرون") == "macron ماكرون"
    assert search_form("وَالرَّئِيسُ") == "والرءيس"
    assert search_form("Straße") == "strasse"


def test_offsets_map_back() -> None:
    text = "قال أَحْمَدُ ١٠"
    form, pos = search_form_with_offsets(text)
    assert form == search_form(text)
    i = form.index("احمد")
    assert text[pos[i] : pos[i + 3] + 1] == "أَحْمَد"


@settings(deadline=None)  # first examples load data files; the machine is shared
@given(st.text())
def test_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once
    sf = search_form(text)
    assert search_form(sf) == sf


@settings(deadline=None)  # first examples load data files; the machine is shared
@given(
    st.text(alphabet=st.characters(min_codepoint=0x0600, max_codepoint=0x06FF) | st.sampled_from(" ﻻﷲ\u200f"))
)
def test_idempotent_on_arabic_block(text: str) -> None:
    once = normalize(text, hamza=True)
    assert normalize(once, hamza=True) == once


@settings(deadline=None)  # first examples load data files; the machine is shared
@given(st.text())
def test_offsets_match_search_form(text: str) -> None:
    form, pos = search_form_with_offsets(text)
    assert form == search_form(text)
    assert len(form) == len(pos)
    assert all(0 <= p < len(text) for p in pos)
    assert pos == sorted(pos)


@settings(deadline=None)  # first examples load data files; the machine is shared
@given(
    st.text(
        alphabet=st.characters(max_codepoint=0xFFFF)
        | st.characters(min_codepoint=0x0600, max_codepoint=0x06FF)
    ),
    st.sampled_from([(), ("tatweel", "presentation_forms", "controls"), tuple(RULES)]),
)
def test_skipping_untouched_text_is_the_same_as_translating(text: str, rules: tuple[str, ...]) -> None:
    # normalize() returns text with no character its rules touch as it is, without translate().
    flags = {r: r in rules for r in RULES}
    want = text.translate(_table(tuple(r for r in RULES if flags[r]))) if rules else text
    assert normalize(text, **flags) == want
    assert search_form(text) == text.translate(_table(tuple(RULES))).casefold()


def test_fold_char_drops_every_mark_and_folds_letters_like_search_form() -> None:
    """The claim and event lexicons' fold: harakat, tatweel and Quranic signs vanish (the last
    kept by `normalize`), letters fold as the search form folds them, Latin is case-folded."""
    from marsad.arabic.normalize import LETTER_FOLDS, fold_char

    assert [fold_char(c) for c in "\u064e\u0640\u06d6\u06dd\u0610"] == [""] * 5
    assert "".join(fold_char(c) for c in "يُفترضُ") == "يفترض"
    assert {fold_char(k) for k in LETTER_FOLDS} == set(LETTER_FOLDS.values())
    assert fold_char("Q") == "q"
