"""Certainty cues, one test per rule, with Arabic and English examples."""

from __future__ import annotations

import pytest

from marsad.config import SETTINGS
from marsad.enrich.claims import analyse_sentence
from marsad.enrich.claims.sources import EntitySpan
from marsad.model import Entity, Mention


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


@pytest.mark.parametrize(
    "text",
    [
        "وحذر الكرملين من تحركات يمكن أن تتسبب بزعزعة الوضع",  # preposition + indefinite noun
        "تحدثت تقارير عن اتفاق قد يهدئ التوتر",
        "واستهدف الهجوم خبيرا تونسيا يعتقد أنه يعمل على تطوير طائرات",  # accusative object
        "قصفته بأكثر من 21 صاروخ يرجح أنها من نوع أرض أرض",  # counted noun
    ],
)
def test_hedge_describing_an_indefinite_noun_does_not_count(text: str) -> None:
    assert level(text) in ("asserted", "reported")


def test_hedge_after_an_indefinite_subject_still_counts() -> None:
    assert level("وقال إن إسرائيل قد تشن هجوما") == "possible"  # after a complementizer
    assert level("ترامب قد يلتقي بوتين") == "possible"  # at the start
    assert level("وقال إن الحمولة الموجودة عليها قد تنقل إلى غزة") == "possible"  # عليها: no accusative


def test_hedge_inside_a_feared_content_does_not_count() -> None:
    assert level("وهبطت الأسعار بفعل مخاوف من أن وفرة المعروض قد تعود") == "asserted"
    assert level("وهبطت الأسعار لأن وفرة المعروض قد تعود") == "possible"


def test_relative_and_negation_govern_across_a_copula() -> None:
    assert level("وقت من برنامجك والذي كان من الممكن أن تستخدمه") == "asserted"
    assert level("لم يكن من الممكن أن يسبح الأطفال") == "asserted"
    assert level("تبادلا التهديد بفرض رسوم بما قد يشمل النفط") == "asserted"


def test_free_relative_after_a_comma_is_the_clause() -> None:
    assert level("كانت تعاني من اكتئاب، ما يرجح أن وفاتها جاءت نتيجة انتحار") == "probable"


@pytest.mark.parametrize("text", ["وكان محللون قد توقعوا زيادة", "فيما فقد تنظيم داعش 22 قتيلا"])
def test_qad_before_a_plural_perfect_or_a_verbal_noun_is_no_hedge(text: str) -> None:
    assert level(text) == "asserted"


def test_hedge_after_a_quantity_or_unlikely_still_counts() -> None:
    assert level("وأكثر من عشر ساعات قد تؤدي إلى الشعور بالغثيان") == "possible"
    assert level("لكن من غير المرجح أن تؤدي إلى أي تغيير كبير") == "probable"


def test_a_name_ends_the_indefinite_noun_phrase() -> None:
    text = "ولكن القذائف التي سقطت على مواقع في محافظة حماه يبدو أنها خرقت الاتفاق"
    assert level(text) == "asserted"  # with no entity step, حماه reads as an indefinite noun
    pos = text.index("حماه")
    ent = Entity("loc1", "LOCATION", "حماه", mentions=[Mention("حماه", pos, pos + 4, 0)])
    got = analyse_sentence(text, [EntitySpan(pos, pos + 4, ent)], None, SETTINGS).certainty
    assert got == "probable"


def test_indefinite_ma_is_no_relative() -> None:
    assert level("ولديهم شعور بأن شيئا ما قد يعيد تركيا إلى الوراء") == "possible"


@pytest.mark.parametrize(
    "text",
    [
        "وشككت موسكو في صحة ما ورد بتقرير أممي بشأن الصواريخ.",  # casting doubt on a report
        "بيد أن وسائل إعلام إيطالية نقلت عن مصادر في الوزارة نفيها لوجود اتفاق.",  # denial as a noun
    ],
)
def test_doubting_a_report_and_denial_nouns_are_denied(text: str) -> None:
    assert level(text) == "denied"
