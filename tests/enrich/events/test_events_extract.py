"""Event triggers, types and participants, one test per rule."""

from __future__ import annotations

import pytest

from marsad.config import SETTINGS
from marsad.enrich.claims.sources import EntitySpan
from marsad.enrich.events import events_in_sentence
from marsad.model import Entity, Mention, When


def ent(text: str, sub: str, typ: str = "PERSON", eid: str | None = None, nth: int = 0) -> EntitySpan:
    s = -1
    for _ in range(nth + 1):
        s = text.index(sub, s + 1)
    e = Entity(eid or sub, typ, sub, None, None, [Mention(sub, s, s + len(sub), 0)])
    return EntitySpan(s, s + len(sub), e)


def types(text: str, ents: list[EntitySpan] | None = None) -> list[tuple[str, str | None]]:
    return [
        (e.type, e.mode) for e in events_in_sentence(text, 0, ents or [], vso_gap=SETTINGS.events_vso_gap)
    ]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("التقى الرئيس نظيره في القاهرة", ("CONSULT", "meet")),
        ("زار وزير الخارجية بغداد أمس", ("CONSULT", "visit")),
        ("اتهمت الحكومة المعارضة بالتحريض", ("ACCUSE", None)),
        ("هددت الجماعة باستهداف السفن", ("THREATEN", None)),
        ("تظاهر آلاف الطلاب أمام البرلمان", ("PROTEST", None)),
        ("قصفت الطائرات مواقع المسلحين", ("ASSAULT", None)),
        ("فرضت الولايات المتحدة عقوبات على الشركة", ("SANCTION", None)),
        ("دعت الأمم المتحدة إلى وقف إطلاق النار", ("REQUEST", None)),
        ("وقعت الحكومتان اتفاقية للتجارة الحرة", ("AGREE", None)),
        ("رفضت الحكومة المقترح", ("REJECT", None)),
        ("نددت الجامعة العربية بالهجوم", ("DISAPPROVE", None)),
        ("انسحبت القوات من المدينة", ("RETREAT", None)),
        ("اعتقلت الشرطة ثلاثة أشخاص", ("COERCE", None)),
        ("فتحت النيابة تحقيقا في الحادث", ("INVESTIGATE", None)),
        ("The army attacked the village.", ("ASSAULT", None)),
        ("The two leaders met in Geneva.", ("CONSULT", "meet")),
    ],
)
def test_trigger_types(text: str, want: tuple[str, str | None]) -> None:
    assert want in types(text)


def test_nominal_event_counts() -> None:
    text = "تراجعت الاحتياطيات بسبب غزو أوكرانيا"
    got = events_in_sentence(text, 0, [], vso_gap=SETTINGS.events_vso_gap)
    assault = [e for e in got if e.type == "ASSAULT"]
    assert assault and assault[0].targets == ["أوكرانيا"] and assault[0].trigger == "غزو"


def test_no_event_in_a_plain_sentence() -> None:
    assert types("ارتفعت أسعار النفط في الأسواق العالمية") == []


def test_a_form_viii_noun_keeps_its_alif_lam() -> None:
    """التماس (a petition) is a trigger; تماس كهربائي (a short circuit) is not its article-free form."""
    assert types("قد تكون النيران ناجمة عن تماس كهربائي في أحد المخازن") == []
    assert ("REQUEST", None) in types("قدم المحامي التماسا إلى المحكمة العليا")


def test_vso_actor_after_verb_target_after_preposition() -> None:
    text = "اتهم الرئيس الحكومة بالفساد"
    got = events_in_sentence(
        text, 0, [ent(text, "الرئيس"), ent(text, "الحكومة", "ORGANIZATION")], vso_gap=SETTINGS.events_vso_gap
    )
    assert (got[0].actors, got[0].targets) == (["الرئيس"], ["الحكومة"])


def test_svo_actor_before_verb() -> None:
    text = "كوريا الشمالية ألقت اللوم على الولايات المتحدة"
    got = events_in_sentence(text, 0, [], vso_gap=SETTINGS.events_vso_gap)
    assert got[0].type == "ACCUSE"
    assert got[0].actors == ["كوريا الشمالية"] and got[0].targets == ["الولايات المتحدة"]


def test_meeting_participants_are_all_actors() -> None:
    text = "ويعقد اجتماع سمير ونبيل يوم الثلاثاء"
    got = events_in_sentence(text, 0, [ent(text, "سمير"), ent(text, "نبيل")], vso_gap=SETTINGS.events_vso_gap)
    assert got[0].type == "CONSULT" and set(got[0].actors) == {"سمير", "نبيل"}


def test_travel_has_a_destination_not_a_target() -> None:
    text = "توجه سمير إلى روسيا"
    got = events_in_sentence(text, 0, [ent(text, "سمير")], vso_gap=SETTINGS.events_vso_gap)
    assert (got[0].type, got[0].mode, got[0].actors, got[0].targets, got[0].location) == (
        "CONSULT",
        "travel",
        ["سمير"],
        [],
        "روسيا",
    )


def test_travel_word_without_destination_is_no_journey() -> None:
    assert types("ووصلت العلاقات بين البلدين أعلى مستوى") == []


def test_source_phrase_holds_no_participant() -> None:
    text = "هاجمت مجموعة مسلحة مقر الشركة، حسبما ذكرت وسائل إعلام تركية"
    skip = [(text.index("وسائل"), len(text))]
    got = events_in_sentence(
        text, 0, [ent(text, "تركية", "LOCATION")], vso_gap=SETTINGS.events_vso_gap, skip=skip
    )
    assert got[0].type == "ASSAULT" and "تركية" not in got[0].actors + got[0].targets


def test_certainty_and_when_are_carried() -> None:
    text = "قد يلتقي سمير نبيل يوم الثلاثاء"
    when = [(text.index("يوم"), len(text), When("يوم الثلاثاء", "2023-09-12"))]
    got = events_in_sentence(
        text,
        0,
        [ent(text, "سمير"), ent(text, "نبيل")],
        vso_gap=SETTINGS.events_vso_gap,
        certainty="possible",
        times=when,
    )
    assert got[0].certainty == "possible"
    assert got[0].when == When("يوم الثلاثاء", "2023-09-12")


def test_two_triggers_of_one_journey_are_one_event() -> None:
    text = "غادر قطار يقل سمير متوجها إلى روسيا"
    got = events_in_sentence(text, 0, [ent(text, "سمير")], vso_gap=SETTINGS.events_vso_gap)
    travel = [e for e in got if e.mode == "travel"]
    assert len(travel) == 1 and travel[0].actors == ["سمير"] and travel[0].location == "روسيا"


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        ("هاجمت مجموعة مسلحة مقر الشركة", "مجموعة مسلحة"),
        ("وقال إن الجيش لم يهاجم القرية", "الجيش"),
        ("واعتقلت قوات الأمن ثلاثة أشخاص", "قوات الأمن"),
    ],
)
def test_group_nouns_are_participants_without_entities(text: str, actor: str) -> None:
    (ev,) = events_in_sentence(text, 0, [], vso_gap=SETTINGS.events_vso_gap)
    assert ev.actors == [actor]


def test_a_mention_on_no_token_is_no_participant_and_no_crash() -> None:
    """Regression (found by the property test): an entity mention on a control character past the
    sentence's last token used to index past the token list."""
    from marsad.enrich.claims import add_claims
    from marsad.enrich.events import add_events
    from marsad.model import Article, Block, Entity, Label, Mention, Source

    a = Article(
        Source(format="text"),
        blocks=[Block(0, "", Label.PARAGRAPH), Block(1, "قآل 0\x08", Label.PARAGRAPH)],
        entities=[Entity("E1", "PERSON", "\x08", mentions=[Mention("\x08", 5, 6, 1)])],
    )
    from marsad.arabic.step import normalise

    out = add_events(add_claims(normalise(a, SETTINGS), SETTINGS), SETTINGS)
    assert out.claims, "the sentence must reach the claim and event layers for the test to mean anything"
    assert all(e.actors == [] or "\x08" not in e.actors for e in out.events)
