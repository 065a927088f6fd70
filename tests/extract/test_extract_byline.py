"""Bylines → outlet and/or person."""

from __future__ import annotations

import pytest

from marsad.config import SETTINGS
from marsad.extract.byline import is_outlet, parse_byline


@pytest.mark.parametrize(
    ("text", "outlet", "person"),
    [
        ("بقلم:  الجزيرة نت", "الجزيرة نت", None),
        ("كتب: سامر الخطيب", None, "سامر الخطيب"),
        ("إعداد: وكالة الأنباء الألمانية", "وكالة الأنباء الألمانية", None),
        ("تحرير أحمد علي - سكاي نيوز عربية", "سكاي نيوز عربية", "أحمد علي"),
        ("By Jane Holloway, Reuters", "Reuters", "Jane Holloway"),
        ("By John Smith (AFP)", "AFP", "John Smith"),
        ("By Staff", "Staff", None),
        ("Par Claire Martin", None, "Claire Martin"),
        ("Von Anna Becker | dpa", "dpa", "Anna Becker"),
    ],
)
def test_parse_byline(text: str, outlet: str | None, person: str | None) -> None:
    by = parse_byline(text, max_words=SETTINGS.byline_max_words)
    assert by is not None
    assert by.raw == text
    assert (by.outlet, by.person) == (outlet, person)


def test_site_name_marks_an_outlet() -> None:
    by = parse_byline("By Morning Courier", max_words=SETTINGS.byline_max_words, site_name="Morning Courier")
    assert by is not None
    assert by.outlet == "Morning Courier"
    assert by.person is None


@pytest.mark.parametrize(
    "text",
    [
        "Byline",
        "Bye bye everyone, see you next week",
        "كتبت الصحف الأمريكية أمس عن اجتماع مطول بين الوفدين في العاصمة دون تفاصيل إضافية",
        "Hello world",
    ],
)
def test_not_a_byline(text: str) -> None:
    assert parse_byline(text, max_words=SETTINGS.byline_max_words) is None


def test_is_outlet_cues() -> None:
    assert is_outlet("وكالة الأنباء القطرية")
    assert is_outlet("Daily Example News")
    assert is_outlet("example.com")
    assert not is_outlet("سامر الخطيب")
    assert not is_outlet("Jane Holloway")


def test_outlet_latin_names() -> None:
    by = parse_byline("بقلم: سكاي نيوز عربية", max_words=SETTINGS.byline_max_words)
    assert by is not None and by.outlet_latin == "Sky News Arabia"
    by = parse_byline("By Jane Holloway, Reuters", max_words=SETTINGS.byline_max_words)
    assert by is not None and by.outlet_latin == "Reuters"
    by = parse_byline("كتب: موقع الأخبار المحلية", max_words=SETTINGS.byline_max_words)
    assert by is not None and by.outlet is not None and by.outlet_latin is None
