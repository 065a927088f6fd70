"""Certainty cues, one test per rule, with Arabic and English examples."""

from __future__ import annotations

import pytest

from marsad.config import SETTINGS
from marsad.enrich.claims import analyse_sentence


def level(text: str) -> str:
    return analyse_sentence(text, [], None, SETTINGS).certainty


def cues(text: str) -> list[str]:
    return analyse_sentence(text, [], None, SETTINGS).cues


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("غادر قطار يُفترض أنه يقل الزعيم", "probable"),
        ("غادر القطار على الأرجح العاصمة", "probable"),
        ("ويُرجَّح أن يعقد الاجتماع غداً", "probable"),
        ("من المرجح أن ترتفع الأسعار", "probable"),
        ("The minister will likely resign next week.", "probable"),
        ("ربما كان متوجهاً إلى روسيا", "possible"),
        ("من المحتمل أن يستخدم الجيش الطائرات", "possible"),
        ("يمكن أن يركز الرئيس على الإمدادات", "possible"),
        ("ولعل السبب هو الطقس", "possible"),
        ("ألمحت الحكومة إلى اهتمامها بالمشروع", "possible"),
        ("The talks could collapse.", "possible"),
        ("Officials said the strike might resume.", "possible"),
        ("ادعى الحزب تزوير الانتخابات", "claimed"),
        ("The group allegedly smuggled weapons.", "claimed"),
        ("نفى الوزير أي تدخل في القضية", "denied"),
        ("The ministry denied the report.", "denied"),
        ("The company reportedly cut 500 jobs.", "reported"),
        ("افتتح الرئيس المعرض الدولي للكتاب", "asserted"),
    ],
)
def test_cue_levels(text: str, want: str) -> None:
    assert level(text) == want


def test_diacritics_do_not_block_a_cue() -> None:
    assert level("يُفْتَرَضُ أن يصل الوفد") == level("يفترض أن يصل الوفد") == "probable"


def test_cues_are_reported_as_written() -> None:
    assert "يُفترض" in cues("غادر قطار يُفترض أنه يقل الزعيم")


def test_qad_with_present_hedges() -> None:
    assert level("وأن الاجتماع قد يحصل يوم الثلاثاء") == "possible"
    assert level("هذه الخطوة قد تؤدي إلى أزمة") == "possible"


@pytest.mark.parametrize(
    "text",
    [
        "فقد ألقت الحكومة اللوم على المعارضة",
        "وقد تم حجز البضاعة",
        "وقد تسببت الثلوج في غلق الطريق",
        "قد تراجع الدولار",
    ],
)
def test_qad_with_past_is_emphasis(text: str) -> None:
    assert level(text) == "asserted"


def test_min_shaan_only_when_it_opens_a_clause() -> None:
    assert level("ومن شأن هذا القرار أن يرفع الأسعار") == "possible"
    assert level("ترتب الدولتان لاجتماع من شأنه أن يعقد هذا الشهر") == "asserted"


def test_hedge_in_relative_clause_does_not_count() -> None:
    assert level("لكن ليس للأسباب التي ربما تظنها") == "asserted"


def test_negated_modal_is_not_a_hedge() -> None:
    assert level("السعودية المكان الذي لا يمكن للنساء فيه القيادة") == "asserted"


def test_negation_opening_the_reported_clause_denies() -> None:
    assert level("وقال المتحدث إن الجيش لم يهاجم القرية") == "denied"
    assert level("The spokesman said that the army did not attack the village.") == "denied"


def test_negated_state_is_not_a_denial() -> None:
    assert level("وقالت إنها لم تكن تتوقع الفوز") == "reported"


def test_negation_far_from_the_clause_start_is_out_of_scope() -> None:
    assert level("وقال الوزير إن الحكومة ستواصل دعم المزارعين الذين لم يتلقوا التعويضات") == "reported"


def test_cue_inside_source_phrase_is_skipped() -> None:
    # "لم تحددها" describes the sources, it does not deny the claim.
    assert level("وذكرت صحيفة الأهرام نقلاً عن مصادر لم تحددها أن الوزير استقال") == "reported"


def test_strongest_doubt_wins() -> None:
    got = level("وذكرت الصحيفة أن القطار غادر على الأرجح، وأن الاجتماع قد يحصل الثلاثاء")
    assert got == "possible"


def test_may_the_month_is_not_a_hedge() -> None:
    assert level("The election took place in May 2018.") == "asserted"
