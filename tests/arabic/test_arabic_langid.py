"""Language of pages and lines (bundled lite fastText model only; nothing is downloaded)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.arabic.langid import detect_language, line_language
from marsad.config import SETTINGS


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("أعلن الكرملين أن الرئيس الروسي سيلتقي نظيره في العاصمة الأسبوع المقبل لبحث الأزمة.", "ar"),
        ("The Kremlin said the president will meet his counterpart in the capital next week.", "en"),
        ("Le Kremlin a annoncé que le président rencontrera son homologue dans la capitale.", "fr"),
        (
            "Der Kreml teilte mit, dass der Präsident seinen Amtskollegen in der Hauptstadt treffen wird.",
            "de",
        ),
    ],
)
def test_detect_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang


def test_short_arabic_headline_is_not_persian() -> None:
    assert detect_language("اعلان") == "ar"
    assert line_language("اعلان", None, SETTINGS) == "ar"


def test_persian_letters_are_respected() -> None:
    assert detect_language("این یک متن فارسی درباره اخبار روز است که چند کلمه دارد.") == "fa"


def test_empty_and_letterless() -> None:
    assert detect_language("") is None
    assert detect_language("  \u200f 12:30 — ") is None
    assert line_language("", "ar", SETTINGS) is None
    assert line_language("٢٠٢٣/٠٩/١٠", "ar", SETTINGS) is None


def test_control_characters_do_not_break_detection() -> None:
    assert detect_language("\x00\x85مرحبا بكم في نشرة الأخبار\x9f اليوم\n") == "ar"


def test_short_lines_follow_script_and_page() -> None:
    assert line_language("الأحداث", "ar", SETTINGS) == "ar"
    assert line_language("Events", "en", SETTINGS) == "en"
    assert line_language("Événements", "fr", SETTINGS) == "fr"
    assert line_language("الأحداث", "fa", SETTINGS) == "fa"  # Arabic script on a Persian page


def test_short_latin_line_in_arabic_page_is_not_forced_to_arabic() -> None:
    assert line_language("Reuters", "ar", SETTINGS) != "ar"


def test_long_lines_go_to_the_model() -> None:
    text = "This is a long English sentence inside an otherwise Arabic page, quoted in full."
    assert line_language(text, "ar", SETTINGS) == "en"


@settings(max_examples=50, deadline=None)
@given(st.text())
def test_never_raises(text: str) -> None:
    got = detect_language(text)
    assert got is None or (isinstance(got, str) and got)
    line_language(text, "ar", SETTINGS)
