"""Headline evidence from a page's other lines: cut or credited copies, and overlap with the body."""

from __future__ import annotations

from marsad.config import SETTINGS
from marsad.extract.headline import echo_of, first_words, line_words, overlap, words
from marsad.extract.lexicon import fold

_TAIL = 120


def _echo(line: str, other: str) -> bool:
    return echo_of(
        line_words(line, fold(line), _TAIL),
        line_words(other, fold(other), _TAIL),
        3,
        SETTINGS.dump_title_echo_extra,
    )


_HEADLINE = "الدفاع الجوي السعودي يدمر صاروخا باليستيا فوق جازان"


def test_words_fold_and_drop_punctuation() -> None:
    assert words('إيران تتهم "بعض" الدول: شعروا!') == ["ايران", "تتهم", "بعض", "الدول", "شعروا"]
    assert words("Council approves tram") == ["council", "approves", "tram"]


def test_a_caption_cut_from_the_headline_echoes_it() -> None:
    cut = "الدفاع الجوي السعودي يدمر صاروخا (رويترز)"
    assert _echo(_HEADLINE, cut)
    # The cut copy is not the headline of the full line: it opens a longer line.
    assert not _echo("الدفاع الجوي السعودي يدمر صاروخا", _HEADLINE)


def test_the_whole_headline_with_a_credit_or_a_note_echoes_it() -> None:
    assert _echo(_HEADLINE, f"{_HEADLINE} (الأوروبية - أرشيف)")
    assert _echo(_HEADLINE, f"صورة أرشيفية {_HEADLINE} - أرشيفية")
    # The caption line itself, credited, is no headline.
    assert not _echo(f"{_HEADLINE} ـ (رويترز)", _HEADLINE)


def test_repeats_links_and_short_runs_are_no_echo() -> None:
    assert not _echo(_HEADLINE, _HEADLINE)  # the same line again
    assert not _echo(_HEADLINE, "الدفاع الجوي")  # under three words
    assert not _echo("Aid convoy reaches the city", "Next: Aid convoy reaches the city")
    assert not _echo("Politics and Society, Economy, Sport", "Politics and Society")
    assert not _echo("Aid convoy reaches the city", "© Aid convoy reaches the city, all rights reserved")


def test_overlap_counts_content_words_the_body_repeats() -> None:
    body = first_words(
        fold("قالت وكالة الأنباء السعودية إن قوات الدفاع الجوي دمرت صاروخا باليستيا أطلق نحو جازان."), 40
    )
    hits, total = overlap(fold(_HEADLINE), body, SETTINGS)
    assert total == 7  # الدفاع الجوي السعودي يدمر صاروخا باليستيا جازان (فوق is a function word)
    assert hits >= 5
    assert overlap(fold("الرئيسية سياسة اقتصاد رياضة"), body, SETTINGS)[0] == 0
    assert overlap("", body, SETTINGS) == (0, 0)
