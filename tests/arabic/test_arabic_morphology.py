"""Nisba adjectives and the imperfect after قد, on folded words."""

from __future__ import annotations

import pytest

from marsad.arabic.morphology import (
    adjective_base,
    definite,
    form_viii_lam_shape,
    imperfect_after_qad,
    nisba_bases,
)
from marsad.arabic.normalize import normalize


def _fold(word: str) -> str:
    return normalize(word, digits=False, presentation_forms=False).casefold()


def test_adjective_base() -> None:
    assert adjective_base(_fold("الكورية")) == "كوري"
    assert adjective_base(_fold("الأمريكيون")) == "امريكي"
    assert adjective_base(_fold("روسي")) == "روسي"


def test_nisba_bases_take_each_ending_off_and_keep_the_word() -> None:
    assert nisba_bases(_fold("الروسية")) == ["روسي", "روسي", "روسيه"]  # -ه and -يه both give روسي
    assert "روسي" in nisba_bases("روسيون")
    assert nisba_bases("روسي") == ["روسي"]


@pytest.mark.parametrize(
    ("word", "imperfect"),
    [
        ("يحصل", True),  # ي- opens only imperfects
        ("تتحرك", True),
        ("تعود", True),
        ("تفاعل", False),  # form VI perfect: alef after the second letter
        ("تسربت", False),  # feminine perfect: ت at both ends
        ("توقعوا", False),  # plural perfect: the imperfect after قد ends in ون
        ("تنظيم", False),  # تفعيل: a form II verbal noun ("فقد تنظيم": "lost")
        ("تستطيع", True),
        ("تشير", True),
        ("حصل", False),
        ("اعلن", False),
    ],
)
def test_imperfect_after_qad(word: str, imperfect: bool) -> None:
    assert imperfect_after_qad(word, frozenset()) is imperfect


def test_imperfect_after_qad_listed_past_forms() -> None:
    assert imperfect_after_qad("تقدم", frozenset()) and not imperfect_after_qad("تقدم", frozenset({"تقدم"}))


@pytest.mark.parametrize(
    ("word", "shape"),
    [
        ("التماس", True),
        ("التماسا", True),
        ("التزام", True),
        ("التقاء", True),
        ("التحقيق", False),
        ("الاعتقال", False),
        ("تماس", False),
    ],
)
def test_form_viii_lam_shape(word: str, shape: bool) -> None:
    assert form_viii_lam_shape(_fold(word)) is shape


def test_definite() -> None:
    assert definite("الحكومه") and definite("بالحكومه") and definite("للحكومه") and definite("فالامر")
    assert not definite("حكومه") and not definite("اسرائيل")
