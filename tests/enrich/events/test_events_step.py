"""The events step over a whole article: certainty of the claim, dates against the article's date."""

from __future__ import annotations

from dataclasses import replace

import pytest

from marsad.arabic.step import normalise
from marsad.config import SETTINGS
from marsad.enrich.claims import add_claims
from marsad.enrich.events import add_events, events_step
from marsad.model import Article, Block, Entity, Label, Mention, Source


def article(text: str, published: str | None = None, entities: list[Entity] | None = None) -> Article:
    """An article as the enrich steps receive it: sentences and dates from the Arabic layer."""
    a = Article(
        Source(format="text"),
        blocks=[Block(0, text, Label.PARAGRAPH)],
        published=published,
        entities=entities or [],
    )
    return normalise(a, SETTINGS)


def person(eid: str, text: str, name: str) -> Entity:
    s = text.index(name)
    return Entity(eid, "PERSON", name, None, None, [Mention(name, s, s + len(name), 0)])


TEXT = "وذكرت صحيفة الأهرام أن الاجتماع بين سمير ونبيل قد يعقد مساء الأحد."


def test_event_takes_the_certainty_of_its_claim_and_no_source_as_actor() -> None:
    ents = [person("A", TEXT, "سمير"), person("B", TEXT, "نبيل")]
    a = add_events(add_claims(article(TEXT, entities=ents), SETTINGS), SETTINGS)
    (ev,) = [e for e in a.events if e.type == "CONSULT"]
    assert ev.certainty == "possible" == a.claims[0].certainty
    assert set(ev.actors) == {"سمير", "نبيل"}
    ev.to_dict()


def test_weekday_is_resolved_only_against_a_known_date() -> None:
    undated = add_events(add_claims(article(TEXT), SETTINGS), SETTINGS)
    dated = add_events(add_claims(article(TEXT, published="2023-09-11"), SETTINGS), SETTINGS)
    assert undated.events[0].when is not None and undated.events[0].when.date is None
    assert dated.events[0].when is not None and dated.events[0].when.date == "2023-09-10"
    assert dated.events[0].when.text == "مساء الأحد"


def test_step_requires_what_it_reads() -> None:
    assert events_step(SETTINGS).requires == frozenset({"blocks", "sentences", "dates", "entities", "claims"})
    assert "events" in events_step(SETTINGS).provides


def test_the_trigger_tagger_setting_reaches_the_step() -> None:
    """Settings.events_trigger_tagger: "off" is the rules; every mode runs on the shipped model; a
    mode the tagger does not know is refused, not ignored."""
    text = "واعتقلت الشرطة ثلاثة ناشطين بعد أن التقى الوزير وفد المعارضة في العاصمة"
    off = add_events(add_claims(article(text), SETTINGS), replace(SETTINGS, events_trigger_tagger="off"))
    assert {e.type for e in off.events} >= {"COERCE", "CONSULT"}
    union = add_events(add_claims(article(text), SETTINGS), replace(SETTINGS, events_trigger_tagger="union"))
    assert {e.trigger for e in off.events} <= {e.trigger for e in union.events}
    with pytest.raises(ValueError, match="events_trigger_tagger"):
        add_events(add_claims(article(text), SETTINGS), replace(SETTINGS, events_trigger_tagger="sometimes"))
