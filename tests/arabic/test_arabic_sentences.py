"""Sentence spans."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.arabic.sentences import split_sentences
from marsad.config import SETTINGS


def sents(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text, SETTINGS)]


def test_arabic_full_stop_and_question_marks() -> None:
    text = "وصل الرئيس إلى موسكو. هل ستنجح القمة؟ نعم! انتهى الاجتماع."
    assert sents(text) == ["وصل الرئيس إلى موسكو.", "هل ستنجح القمة؟", "نعم!", "انتهى الاجتماع."]


def test_arabic_comma_is_not_a_boundary() -> None:
    text = "قال الوزير، في مؤتمر صحفي، إن المفاوضات مستمرة."
    assert sents(text) == [text]


def test_decimal_numbers_do_not_split() -> None:
    assert sents("ارتفع النمو إلى 3.5 بالمئة هذا العام. وهذا جيد.") == [
        "ارتفع النمو إلى 3.5 بالمئة هذا العام.",
        "وهذا جيد.",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "التقى د. أحمد بالوفد.",
        "ولد في القرن الثالث ق.م. في مصر.",
        "Mr. Smith met Dr. Jones in the U.S. capital.",
        "قال م. خالد إن المشروع جاهز.",
        "Signed by J. R. Smith yesterday.",
        "see e.g. the report.",
    ],
)
def test_abbreviations_do_not_split(text: str) -> None:
    assert sents(text) == [text]


def test_short_quote_stays_inside_its_sentence() -> None:
    text = 'قال المتحدث: "انتهى الأمر. لن نتراجع" ثم غادر القاعة. وبعد ذلك صمت.'
    assert sents(text) == ['قال المتحدث: "انتهى الأمر. لن نتراجع" ثم غادر القاعة.', "وبعد ذلك صمت."]
    text2 = "قال: «هل انتهى الأمر؟» ثم غادر."
    assert sents(text2) == [text2]


def test_closing_quote_belongs_to_the_sentence() -> None:
    assert sents('He asked: why?" Then he left.') == ['He asked: why?"', "Then he left."]


def test_semicolon_only_between_long_clauses() -> None:
    short = "زار الوفد تونس؛ والجزائر؛ والمغرب."
    assert sents(short) == [short]
    long_ = (
        "أعلنت الحكومة اليوم عن خطة جديدة لدعم الشركات الصغيرة في جميع المناطق؛ "
        "وقال وزير الاقتصاد إن الخطة ستوفر آلاف فرص العمل خلال السنوات الثلاث المقبلة."
    )
    assert len(sents(long_)) == 2


def test_ellipsis_inside_arabic_sentence() -> None:
    text = "إن ما تقوله وما تفعله... في الواقع أمر لا يصدق."
    assert sents(text) == [text]
    assert len(sents("انتظرنا طويلا…\nثم جاء الخبر.")) == 2


def test_line_breaks_are_boundaries_and_spans_are_stripped() -> None:
    text = "  عنوان الخبر  \n\nالفقرة الأولى. الثانية.  "
    assert sents(text) == ["عنوان الخبر", "الفقرة الأولى.", "الثانية."]


def test_no_split_without_space_after_period() -> None:
    assert sents("زوروا موقع example.com للمزيد.") == ["زوروا موقع example.com للمزيد."]


def test_missing_space_after_arabic_full_stop() -> None:
    assert sents("انتهى الاجتماع.وقال الوزير إن الاتفاق قريب.") == [
        "انتهى الاجتماع.",
        "وقال الوزير إن الاتفاق قريب.",
    ]
    # Dotted acronyms have short parts.
    assert len(sents("نقلت بي.بي.سي الخبر.")) == 1


def test_empty() -> None:
    assert split_sentences("", SETTINGS) == []
    assert split_sentences("   \n ", SETTINGS) == []


@settings(deadline=None)  # first examples load data files; the machine is shared
@given(st.text())
def test_spans_within_bounds_ordered_and_stripped(text: str) -> None:
    prev = 0
    for s, e in split_sentences(text, SETTINGS):
        assert prev <= s < e <= len(text)
        assert not text[s].isspace() and not text[e - 1].isspace()
        prev = e


@settings(deadline=None)  # first examples load data files; the machine is shared
@given(st.text(alphabet=st.sampled_from(list('ابت .؟!؛…،"«»()3\n'))))
def test_spans_cover_all_non_space_text(text: str) -> None:
    covered = "".join(text[s:e] for s, e in split_sentences(text, SETTINGS))
    assert "".join(covered.split()) == "".join(text.split())


@pytest.mark.shared
def test_recovers_ud_sentence_boundaries(shared_data: Path) -> None:
    from marsad.arabic.evaluate import read_conllu, sentence_score

    score = sentence_score(read_conllu(shared_data / "ud" / "pud-dev.conllu"), SETTINGS)
    assert score.gold > 400
    assert score.precision >= 0.97  # measured 0.998
    assert score.recall >= 0.97  # measured 1.000
