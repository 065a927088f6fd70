"""The grown trigger lexicon (data/grown_triggers.json, models/build_event_lexicon.py) and the
inflection rules of the matcher: what they add, what they must not match, the setting that turns
the grown forms off, and — when ../shared/data is here — that `make train-events` rebuilds the
shipped file byte for byte."""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

import pytest

from marsad.config import SETTINGS
from marsad.enrich.events import events_in_sentence
from marsad.enrich.events.lexicon import event_lexicon
from testpaths import ROOT


def types(text: str, grown: bool = True) -> list[str]:
    evs = events_in_sentence(text, 0, [], vso_gap=SETTINGS.events_vso_gap, lex=event_lexicon(grown))
    return [e.type for e in evs]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("أفرجت السلطات عن ثلاثة صحفيين", "CONCEDE"),  # a guideline lemma, inflected by rule
        ("أعلن الجيش مقتل عشرة مسلحين في المنطقة", "ASSAULT"),  # the casualty rule
        ("حكمت المحكمة على المتهم بالسجن خمس سنوات", "COERCE"),
        ("ورحبت الحكومة بقرار المجلس", "SUPPORT"),
    ],
)
def test_grown_forms_add_events_the_hand_lexicon_misses(text: str, want: str) -> None:
    assert want in types(text)
    assert want not in types(text, grown=False)  # the setting really turns them off


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("وطالبوهم بالانسحاب من المدينة", "REQUEST"),  # person ending + object pronoun
        ("شنت الطائرات هجوما على القرية", "ASSAULT"),  # accusative alef on a noun
        ("ونددت المنظمة بالاعتقالات الأخيرة", "COERCE"),  # plural of a listed noun
        ("قررت النيابة فتح تحقيقات في الحادث", "INVESTIGATE"),
    ],
)
def test_inflected_forms_of_hand_triggers_match(text: str, want: str) -> None:
    assert want in types(text, grown=False)


@pytest.mark.parametrize(
    "text",
    [
        "قالت وزارة الخارجية إن الموعد لم يحدد",  # و+زار+ة folds like و+زار+ه: no visit
        "يمكنكم متابعة الأخبار على هاتفكم المحمول",  # هاتف + كم: a phone, not a call
        "شاركت تشاد في البطولة الأفريقية",  # not a present form of أشاد
    ],
)
def test_no_event_from_look_alike_words(text: str) -> None:
    assert types(text) == []


def test_the_setting_reaches_the_step() -> None:
    from marsad.enrich.events import add_events
    from marsad.model import Article, Block, Label, Sentence, Source

    text = "أفرجت السلطات عن ثلاثة صحفيين"

    def run(grown: bool) -> list[str]:
        art = Article(Source(format="text"), blocks=[Block(0, text, Label.PARAGRAPH)])
        art.sentences = [Sentence(text, 0, 0, len(text))]
        return [e.type for e in add_events(art, SETTINGS.with_flags(events_grown_lexicon=grown)).events]

    assert run(True) == ["CONCEDE"] and run(False) == []


def test_make_train_events_rebuilds_the_shipped_file(shared_data: Path, tmp_path: Path) -> None:
    sys.path[:0] = [str(ROOT / "models"), str(ROOT / "bench")]
    try:
        build = importlib.import_module("build_event_lexicon")
    finally:
        del sys.path[:2]
    data = build.build(
        shared_data / "events" / "reference",
        shared_data / "topics",
        ROOT / "src/marsad/enrich/events/data/triggers.json",
        ROOT / "models/event_lemmas.json",
    )
    shipped = ROOT / "src/marsad/enrich/events/data/grown_triggers.json"
    assert json.dumps(data, ensure_ascii=False, indent=1) + "\n" == shipped.read_text(encoding="utf-8")


def test_a_source_phrase_ends_before_the_event_noun_it_announces() -> None:
    """The claims layer may read "الشرطة الإيرانية القبض" as the source of "أعلنت…"; the arrest is
    what was announced, so the event noun is not skipped with the source."""
    from marsad.enrich.claims import analyse_sentence

    text = "أعلنت الشرطة الإيرانية القبض على شخص في طهران"
    skip = analyse_sentence(text, [], None, SETTINGS).source_spans
    evs = events_in_sentence(text, 0, [], vso_gap=SETTINGS.events_vso_gap, skip=skip)
    assert [(e.type, e.trigger) for e in evs] == [("COERCE", "القبض")]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("وصل وزير الخارجية إلى القاهرة مساء الاثنين", [("CONSULT", "travel")]),
        ("تعتزم الشركة جمع ما يصل إلى 6 مليارات دولار", []),  # an amount, not a destination
    ],
)
def test_travel_needs_a_place_not_an_amount(text: str, want: list[tuple[str, str]]) -> None:
    evs = events_in_sentence(text, 0, [], vso_gap=SETTINGS.events_vso_gap)
    assert [(e.type, e.mode) for e in evs] == want


def test_people_nouns_are_participants() -> None:
    """Victims and detainees are often named by a people noun, not an entity ("ثلاثة صحفيين")."""
    evs = events_in_sentence("أفرجت السلطات عن ثلاثة صحفيين", 0, [], vso_gap=SETTINGS.events_vso_gap)
    assert [(e.type, e.actors, e.targets) for e in evs] == [("CONCEDE", ["السلطات"], ["صحفيين"])]
