"""Attribution frames, source chains and their kinds, one test per rule."""

from __future__ import annotations

import pytest

from marsad.config import SETTINGS
from marsad.enrich.claims import analyse_sentence
from marsad.enrich.claims.extract import UNKNOWN_SPEAKER
from marsad.enrich.claims.sources import EntitySpan
from marsad.model import Entity, Mention, SourceRef


def chain(
    text: str, ents: list[EntitySpan] | None = None, prev: list[SourceRef] | None = None
) -> list[tuple[str, str]]:
    return [(s.name, s.kind) for s in analyse_sentence(text, ents or [], prev, SETTINGS).chain]


def test_own_assertion_has_empty_chain() -> None:
    an = analyse_sentence("افتتح الوزير المعرض الدولي للكتاب أمس", [], None, SETTINGS)
    assert an.chain == [] and an.certainty == "asserted" and not an.attributed


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        ("وقال وزير الخارجية في مؤتمر صحفي إن المفاوضات مستمرة", "وزير الخارجية", "officials"),
        ("وأفادت وكالة الأنباء الرسمية بأن الانتخابات ستجري في موعدها", "وكالة الأنباء الرسمية", "outlet"),
        ("ارتفع عدد القتلى إلى عشرة، بحسب مصادر طبية", "مصادر طبية", "anonymous"),
        ("ووفقاً لمسؤولين أمريكيين، يمكن أن يتغير القرار", "مسؤولين أمريكيين", "officials"),
        ("وفقا لتقرير البنك الدولي فإن النمو تباطأ", "تقرير البنك الدولي", "document"),
        ("غادر الوفد العاصمة، حسبما ذكرت وسائل إعلام محلية اليوم الإثنين", "وسائل إعلام محلية", "media"),
        ("وأكدت وزارة الصحة أن الوضع تحت السيطرة", "وزارة الصحة", "organization"),
        ("وقال شاهد عيان إن الانفجار كان قوياً", "شاهد عيان", "anonymous"),
        ("وذكرت مصادر مطلعة أن الاتفاق بات وشيكاً", "مصادر مطلعة", "anonymous"),
    ],
)
def test_frames_and_kinds(text: str, name: str, kind: str) -> None:
    assert chain(text) == [(name, kind)]
    assert analyse_sentence(text, [], None, SETTINGS).attributed


def test_according_to_glued_preposition_starts_the_source() -> None:
    an = analyse_sentence("ووفقاً لمسؤولين أمريكيين، يمكن أن يتغير القرار", [], None, SETTINGS)
    ((s, e),) = an.source_spans
    assert "ووفقاً لمسؤولين أمريكيين، يمكن"[s:e] == "مسؤولين أمريكيين"


def test_according_to_what_x_published() -> None:
    assert chain("سقطت طائرة، وفقا لما نشرته وكالة الأنباء الوطنية") == [("وكالة الأنباء الوطنية", "outlet")]
    assert chain("تم إيقاف المتهمين وفق ما ذكرته مراسلة الإذاعة") == [("مراسلة الإذاعة", "media")]


def test_relay_naqlan_an_gives_two_links() -> None:
    got = chain("وذكرت صحيفة الأهرام نقلاً عن مصادر حكومية لم تحددها، أن الوزير استقال")
    assert got == [("صحيفة الأهرام", "outlet"), ("مصادر حكومية لم تحددها", "anonymous")]


def test_relay_verb_naqalat_x_an_y() -> None:
    got = chain("ونقلت وكالة رويترز عن مسؤولين روس قولهم إن المحادثات فشلت")
    assert got == [("وكالة رويترز", "outlet"), ("مسؤولين روس", "officials")]


def test_later_frame_is_the_first_sources_source() -> None:
    got = chain("وذكرت شبكة الأخبار أن الرئيس غير مقتنع وفقا لما ذكرته ثلاثة مصادر مطلعة")
    assert got == [("شبكة الأخبار", "outlet"), ("ثلاثة مصادر مطلعة", "anonymous")]


def test_publishing_frame() -> None:
    got = chain("ونشر مسؤولون أمريكيون معلومات استخباراتية الأسبوع الماضي مفادها أن البلدين يرتبان لقاء")
    assert got == [("مسؤولون أمريكيون", "officials")]


def test_svo_subject_before_verb() -> None:
    assert chain("لكن مسؤولين إيرانيين قالوا إن التخصيب قد يستأنف") == [("مسؤولين إيرانيين", "officials")]


def test_subject_before_apposition_and_verb() -> None:
    got = chain("ولكن وزير الخارجية الليبي، محمد الطاهر سيالة، قال لصحيفة نمساوية إن الدول ترفض الفكرة")
    assert got == [("وزير الخارجية الليبي", "officials")]


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        ("The ministry said the border would reopen.", "The ministry", "organization"),
        ("According to Reuters, the talks failed.", "Reuters", "person"),
        ("Unnamed officials told the newspaper that the deal was off.", "Unnamed officials", "anonymous"),
    ],
)
def test_english_frames(text: str, name: str, kind: str) -> None:
    assert chain(text) == [(name, kind)]


def test_citing_in_english() -> None:
    got = chain("The newspaper, citing government sources, said the plan was dropped.")
    assert got[0] == ("The newspaper", "outlet")
    assert got[1][1] == "anonymous"


def test_continuation_takes_the_last_source() -> None:
    prev = [SourceRef("الوزير", "officials")]
    an = analyse_sentence("وأضاف أن الحكومة ستراجع القرار", [], prev, SETTINGS)
    assert an.chain == prev and an.continued and an.certainty == "reported"


def test_english_continuation_with_a_pronoun() -> None:
    prev = [SourceRef("The ministry", "organization")]
    an = analyse_sentence("He added that the border would stay closed.", [], prev, SETTINGS)
    assert an.chain == prev and an.continued


def test_english_speaker_after_a_quote() -> None:
    assert chain('"The talks failed," said the minister.') == [("the minister", "officials")]


def test_continuation_without_earlier_speaker_is_unknown() -> None:
    an = analyse_sentence("وأضافت أن السيدتين اتهمتا بانتهاك القانون", [], None, SETTINGS)
    assert an.chain == [UNKNOWN_SPEAKER] and an.attributed


def test_add_without_content_clause_is_not_speech() -> None:
    an = analyse_sentence("ومن المقرر أن تضيف الخطة تريليون دولار إلى الدين", [], None, SETTINGS)
    assert not an.attributed


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # Lemma families completed with their person forms; نوه/نبه are new families.
        ("وأوضحوا أن الخطة ستنفذ على مراحل", None),
        ("ونوهت الوزارة إلى أن المعبر سيفتح غدا", "الوزارة"),
        ("ونبه البنك المركزي إلى أن التضخم سيرتفع", "البنك المركزي"),
        ("وشددوا على أن الحوار هو السبيل الوحيد", None),
        ("وكشفوا أن الشركة خسرت نصف قيمتها", None),
    ],
)
def test_reporting_families_with_person_forms(text: str, name: str | None) -> None:
    an = analyse_sentence(text, [], None, SETTINGS)
    assert an.attributed and an.certainty == "reported"
    if name is not None:
        assert [s.name for s in an.chain] == [name]


@pytest.mark.parametrize(
    "text",
    [
        # نوه/نبه without a content clause: "praise", "alert to" a thing, not speech.
        "ونوه الوزير بجهود رجال الإطفاء في إخماد الحريق",
        "ونبهت الحادثة السكان إلى خطورة الطريق",
    ],
)
def test_new_families_need_a_content_clause(text: str) -> None:
    assert not analyse_sentence(text, [], None, SETTINGS).attributed


def test_impersonal_aside_is_the_outlets_own() -> None:
    assert not analyse_sentence("يذكر أن المهرجان انطلق يوم الجمعة", [], None, SETTINGS).attributed


def test_participle_takes_the_sentence_subject() -> None:
    text = "وفي حين تستخدم كوريا الشمالية الصراع، فقد ألقت اللوم على الولايات المتحدة، زاعمة أن الغرب يبرر الهجوم"
    an = analyse_sentence(text, [], [SourceRef("مسؤولون", "officials")], SETTINGS)
    assert [(s.name, s.kind, s.latin) for s in an.chain] == [("كوريا الشمالية", "state", "North Korea")]
    assert an.certainty == "claimed" and "زاعمة" in an.cues


def _ent(eid: str, typ: str, name: str, text: str, sub: str, latin: str | None = None) -> EntitySpan:
    s = text.index(sub)
    e = Entity(eid, typ, name, latin, None, [Mention(sub, s, s + len(sub), 0)])
    return EntitySpan(s, s + len(sub), e)


def test_source_links_to_an_entity_and_a_person_name_ends_the_phrase() -> None:
    text = "وأكد سمير النجار التزام الحكومة بدعم الهيئة"
    ent = _ent("E1", "PERSON", "سمير النجار", text, "سمير النجار", "Samir al-Najjar")
    got = analyse_sentence(text, [ent], None, SETTINGS).chain
    assert [(s.name, s.kind, s.entity, s.latin) for s in got] == [
        ("سمير النجار", "person", "E1", "Samir al-Najjar")
    ]


def test_named_person_with_title_is_a_person() -> None:
    text = "وقال الرئيس الأمريكي جو بايدن إن الاتفاق قريب"
    ent = _ent("E2", "PERSON", "جو بايدن", text, "جو بايدن")
    assert chain(text, [ent]) == [("الرئيس الأمريكي جو بايدن", "person")]


def test_outlet_entity_kind() -> None:
    text = "وقالت رويترز إن الشركة أغلقت مصنعها"
    e = _ent("E3", "ORGANIZATION", "رويترز", text, "رويترز", "Reuters")
    e.entity.kind = "news outlet"
    assert chain(text, [e]) == [("رويترز", "outlet")]


@pytest.mark.parametrize(
    ("text", "latin"),
    [
        ("ووفقاً لمسؤولين أمريكيين، يمكن أن يتغير القرار", "US officials"),
        ("حسبما ذكرت وسائل إعلام كورية جنوبية اليوم", "South Korean media"),
        (
            "وذكرت صحيفة الأهرام نقلاً عن مصادر حكومية مصرية لم تحددها أن الوزير استقال",
            "unnamed Egyptian government sources",
        ),
    ],
)
def test_group_sources_get_a_latin_form(text: str, latin: str) -> None:
    assert analyse_sentence(text, [], None, SETTINGS).chain[-1].latin == latin


def test_trailing_media_source_comes_first_before_a_primary_speaker() -> None:
    got = chain("The ministry denied that its troops attacked the village, according to state media.")
    assert got == [("state media", "media"), ("The ministry", "organization")]


def test_trailing_source_of_a_medium_stays_its_source() -> None:
    got = chain("وذكرت الصحيفة أن الوزير استقال، وفقا لمصادر مطلعة")
    assert got == [("الصحيفة", "outlet"), ("مصادر مطلعة", "anonymous")]


def test_a_quotation_right_after_the_verb_is_its_content() -> None:
    """ "وأضاف "…"": the quotation is what he added (a continuation of the last speaker)."""
    prev = [SourceRef("الوزير", "officials")]
    an = analyse_sentence('وأضاف "منعت جهودنا الجماعية انفجار الوضع حتى الآن".', [], prev, SETTINGS)
    assert an.attributed and an.continued and [s.name for s in an.chain] == ["الوزير"]
    # Without a quotation, a colon or a content clause أضاف is "add", not "say".
    assert not analyse_sentence("وأضاف المصنع خطا جديدا للإنتاج", [], prev, SETTINGS).attributed


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ('وكانت السيدة الأولى تتعافى بعد الجراحة بحسب "رويترز".', "رويترز"),
        ('وأجلت الأمم المتحدة إرسال المفتشين، حسبما أفادت "رويترز".', "رويترز"),
        ('وأوردت وكالة "فرانس برس" أن الوفد غادر', 'وكالة "فرانس برس"'),
    ],
)
def test_a_name_in_quotation_marks_is_one_source(text: str, name: str) -> None:
    assert [n for n, _ in chain(text)] == [name]


def test_a_quotation_after_the_speaker_is_not_part_of_the_name() -> None:
    assert chain('وقال الوزير "نحن مستعدون للحوار".') == [("الوزير", "officials")]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "طلبت السعودية من السفير مغادرة أراضيها، حسب بيان لوزارة الخارجية السعودية.",
            "بيان لوزارة الخارجية السعودية",
        ),
        ('وقال بيان صادر عن الخارجية الكويتية إن "هذه الخطوة تأتي تنفيذا للتوجيهات".', "بيان صادر"),
    ],
)
def test_a_document_noun_opening_the_phrase_is_the_source(text: str, name: str) -> None:
    assert chain(text) == [(name, "document")]
    # After a named speaker the document noun still ends the phrase: "قال الوزير في بيان".
    assert chain("وقال الوزير في بيان إن المفاوضات مستمرة") == [("الوزير", "officials")]


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        ("وقتل فلسطيني من جراء إصابته، على ما أوردت مصادر طبية.", "مصادر طبية", "anonymous"),
        ("ووصف الوزير بأنه ضعيف، وفقا لما جاء في رسالة من الرسائل المسربة.", "رسالة", "document"),
        (
            "وجاء في بيان للأمم المتحدة أن اليومين الأخيرين شهدا عمليات نزوح.",
            "بيان للأمم المتحدة",
            "document",
        ),
    ],
)
def test_place_frames_and_ala_ma(text: str, name: str, kind: str) -> None:
    got = chain(text)
    assert got[-1][1] == kind and got[-1][0].startswith(name)


@pytest.mark.parametrize(
    "text",
    ["وفاز الفريق وجاء في المرتبة الأولى.", "وكان الانفجار قويا على ما يبدو."],
)
def test_place_verb_and_ala_ma_without_a_source_are_no_frame(text: str) -> None:
    assert not analyse_sentence(text, [], None, SETTINGS).attributed


def test_a_quotation_that_closes_in_this_sentence_keeps_its_speaker() -> None:
    prev = [SourceRef("الوزارة", "organization")]
    text = 'وخصصت الوزارة رابطا لتمكين المواطنين من تسجيل بياناتهم".'
    an = analyse_sentence(text, [], prev, SETTINGS)
    assert an.attributed and an.continued and [s.name for s in an.chain] == ["الوزارة"]
    alone = analyse_sentence(text, [], None, SETTINGS)
    assert alone.attributed and [s.name for s in alone.chain] == [UNKNOWN_SPEAKER.name]


@pytest.mark.parametrize(
    "text",
    [
        'وشارك فريق من "الشاف نرجس" الشاف عبد الفتاح" والشاب ياسين في المسابقة.',  # odd mark inside
        'وافتتح الوزير معرض "الكتاب" أمس.',  # the marks pair up
    ],
)
def test_paired_or_inner_quotation_marks_are_no_continuation(text: str) -> None:
    assert not analyse_sentence(text, [], None, SETTINGS).attributed


def test_a_report_in_a_relative_clause_with_its_own_subject_and_content() -> None:
    assert chain("وقد توفيت الفتاة الأولى التي قالت الشرطة إنها تعرضت للاغتصاب.") == [
        ("الشرطة", "organization")
    ]
    # No subject of its own: the relative clause describes the noun.
    assert not analyse_sentence("ونشرت تصريحاتها التي أشارت فيها إلى الحادث", [], None, SETTINGS).attributed


def test_a_statement_noun_names_the_author_of_a_speakerless_frame() -> None:
    assert chain("جاء ذلك في تغريدة للعفاسي على صفحته، حيث قال: كان يصفق") == [("للعفاسي", "person")]
    # An outlet or a correspondent after "لـ" is who it was said to: the speaker is the earlier one.
    prev = [SourceRef("الوزير", "officials")]
    an = analyse_sentence("وأضاف في تصريح لمراسلة الإذاعة أن الوضع مستقر", [], prev, SETTINGS)
    assert an.continued and [s.name for s in an.chain] == ["الوزير"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("وتعتقد السلطات أن اللاعبين دخلوا الكهف يوم السبت.", "السلطات"),
        ("والمراقبون يتوقعون أن يسجل الخام انخفاضات كبيرة.", "المراقبون"),
    ],
)
def test_a_named_holders_belief_is_attributed_at_probable(text: str, name: str) -> None:
    an = analyse_sentence(text, [], None, SETTINGS)
    assert an.attributed and an.certainty == "probable" and an.chain[0].name.endswith(name)


def test_a_singular_belief_verb_without_a_subject_after_it_is_the_impersonal_passive() -> None:
    an = analyse_sentence("تبحث فرقة إنقاذ عن 12 فردا يعتقد أنهم محاصرون داخل كهف.", [], None, SETTINGS)
    assert not an.attributed


@pytest.mark.parametrize("verb", ["وأضافوا", "وأضافا", "وتابعوا"])
def test_dual_and_plural_continuation_verbs_report(verb: str) -> None:
    an = analyse_sentence(f"{verb} أن أربعة رجال آخرين في حالة حرجة.", [], None, SETTINGS)
    assert an.attributed and an.certainty == "reported"
