"""The learnt event trigger tagger (marsad.enrich.events.tagger): its labels round-trip, the modes
that meet it with the lexicon, the shipped model read on sentences written for this test, and — when ../shared/data is here — that
models/train_event_tagger.py retrains the shipped model byte for byte from its metadata."""

from __future__ import annotations

import importlib
import json
import re
import sys
from pathlib import Path

import pytest

from marsad.config import SETTINGS
from marsad.enrich.claims.fold import fold
from marsad.enrich.claims.tokens import tokenize
from marsad.enrich.events import events_in_sentence
from marsad.enrich.events.lexicon import Trigger, event_lexicon, lexicon_matches
from marsad.enrich.events.tagger import (
    FEATURE_GROUPS,
    META_FILE,
    MODEL_FILE,
    MODES,
    UNTYPED,
    bio_labels,
    combine,
    label_spans,
    load_trigger_tagger,
    resolve,
)
from marsad.resources import find_model
from testpaths import ROOT

NEVER = re.compile(r"(?!)")
# Written for this test (no corpus text): an arrest and a meeting; a weather report with no event.
ARREST = "واعتقلت الشرطة ثلاثة ناشطين بعد أن التقى الوزير وفد المعارضة في العاصمة"
WEATHER = "الطقس مشمس اليوم في معظم المناطق مع رياح خفيفة على السواحل"


def trig(type_: str, mode: str | None = None) -> Trigger:
    return Trigger(type_, mode, "svo", "verb", NEVER)


def test_labels_round_trip_typed_and_untyped() -> None:
    text = fold(ARREST).text
    toks = tokenize(text)
    a, b = text.index("واعتقلت"), text.index("واعتقلت") + len("واعتقلت")
    c = text.index("التقي")  # folded alef maqsura
    spans = [(a, b, "COERCE", None), (c, c + len("التقي"), "CONSULT", "meet")]
    labels = bio_labels(toks, spans)
    assert labels.count("O") == len(toks) - 2
    assert label_spans(toks, labels) == spans
    untyped = label_spans(toks, bio_labels(toks, spans, typed=False))
    assert [(s, e) for s, e, _, _ in untyped] == [(s, e) for s, e, _, _ in spans]
    assert {t for _, _, t, _ in untyped} == {UNTYPED}


def test_two_word_trigger_is_one_span() -> None:
    text = fold("وأطلق الجيش سراح عشرة معتقلين").text
    toks = tokenize(text)
    span = [(0, text.index("الجيش") + len("الجيش"), "CONCEDE", None)]
    labels = bio_labels(toks, span)
    assert labels[:2] == ["B-CONCEDE", "I-CONCEDE"] and label_spans(toks, labels) == span


def test_resolve_types_an_untyped_span_from_the_lexicon_then_the_stem_table() -> None:
    tagger = load_trigger_tagger()
    text = fold(ARREST).text
    rules = lexicon_matches(text, event_lexicon(True))
    a = text.index("واعتقلت")
    b = a + len("واعتقلت")
    got = resolve([(a, b, UNTYPED, None)], text, rules, {}, tagger.data.res)
    assert got == [(a, b, "COERCE", None)]  # the lexicon's match over the span types it
    w = text.index("ناشطين")
    span = (w, w + len("ناشطين"), UNTYPED, None)
    assert resolve([span], text, rules, {}, tagger.data.res) == []  # no evidence: dropped
    stem = {"ناشطين": "PROTEST", "ناشط": "PROTEST"}
    assert resolve([span], text, rules, stem, tagger.data.res) == [(w, w + len("ناشطين"), "PROTEST", None)]


def test_combine_modes() -> None:
    rules = [(0, 5, trig("COERCE")), (10, 15, trig("CONSULT", "meet"))]
    tagged = [(2, 4, trig("ASSAULT")), (20, 25, trig("PROTEST"))]
    assert combine(rules, tagged, "off") == rules
    assert combine(rules, tagged, "tagger") == tagged
    assert combine(rules, tagged, "union") == [*rules, tagged[1]]  # overlapping tagger span left out
    gated = combine(rules, tagged, "gate", keep=[False, True])
    assert gated == [tagged[0], rules[1], tagged[1]]  # a dropped rule match frees its span
    with pytest.raises(ValueError, match="events_trigger_tagger"):
        combine(rules, tagged, "both")


def test_the_shipped_model_and_its_metadata() -> None:
    meta = json.loads(find_model(META_FILE).read_text(encoding="utf-8"))
    assert set(meta["features"]) <= set(FEATURE_GROUPS) and meta["labels"] in {"typed", "untyped"}
    assert find_model(MODEL_FILE).stat().st_size < 2_000_000  # small enough to ship in the wheel
    assert any(r["mode"] == "off" for r in meta["cv"])  # the rules' CV figure is beside the tagger's
    tagger = load_trigger_tagger()
    for sentence in (ARREST, WEATHER):
        text = fold(sentence).text
        reading = tagger.read(text)
        assert len(reading.p_event) == len(reading.toks) and all(0 <= p <= 1 for p in reading.p_event)
        for s, e, _, _ in reading.spans:  # spans are whole tokens
            assert any(t.start == s for t in reading.toks) and any(t.end == e for t in reading.toks)
    weather = fold(WEATHER).text
    assert tagger.matches(weather, lexicon_matches(weather, event_lexicon(True)), "tagger", 0.5) == []


@pytest.mark.parametrize("mode", MODES)
def test_every_mode_runs_through_the_events_step_rules(mode: str) -> None:
    """Union keeps every event the rules find; off is exactly the rules."""
    rules = events_in_sentence(ARREST, 0, [], vso_gap=SETTINGS.events_vso_gap)
    tagger = load_trigger_tagger().using(mode, SETTINGS.events_tagger_gate)
    got = events_in_sentence(ARREST, 0, [], vso_gap=SETTINGS.events_vso_gap, tagger=tagger)
    if mode == "off":
        assert got == rules
    if mode == "union":
        assert {e.trigger for e in rules} <= {e.trigger for e in got}
    assert all(e.trigger in ARREST for e in got)


def test_training_rebuilds_the_shipped_model(shared_data: Path, tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "models"))
    train = importlib.import_module("train_event_tagger")
    meta = json.loads(find_model(META_FILE).read_text(encoding="utf-8"))
    sents = [s for s in train.sentences(shared_data / "topics", "train") if s.toks]
    best = {k: meta[k] for k in ("labels", "features", "c1", "c2")}
    best["mode"] = meta["cv_best_mode"] + (f"@{meta['cv_best_gate']}" if meta["cv_best_gate"] else "")
    fresh = train.train_final(sents, best, tmp_path / MODEL_FILE)
    assert (tmp_path / MODEL_FILE).read_bytes() == find_model(MODEL_FILE).read_bytes()
    assert fresh["stem_types"] == meta["stem_types"] and fresh["train_sentences"] == meta["train_sentences"]
