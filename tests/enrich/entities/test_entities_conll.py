"""CoNLL reading and conlleval-style exact-span scoring."""

from __future__ import annotations

import pytest

from marsad.enrich.entities.conll import read_conll, score, spans


def test_read_conll_sentences_and_columns() -> None:
    lines = ["-DOCSTART- O", "", "بوتين B-PERS extra", "في O", "", "", "موسكو B-LOC", "   ", "x"]
    sents = read_conll(lines)
    assert [[r[0] for r in s] for s in sents] == [["بوتين", "في"], ["موسكو"], ["x"]]
    assert sents[0][0] == ["بوتين", "B-PERS", "extra"]


def test_spans_follow_conlleval() -> None:
    assert spans(["B-PERS", "I-PERS", "O", "B-LOC"]) == [(0, 2, "PERS"), (3, 4, "LOC")]
    # An I- tag after O, or after another type, opens a chunk.
    assert spans(["O", "I-ORG", "I-LOC"]) == [(1, 2, "ORG"), (2, 3, "LOC")]
    assert spans(["B-LOC", "B-LOC"]) == [(0, 1, "LOC"), (1, 2, "LOC")]
    assert spans([]) == []


def test_score_exact_span_micro_and_per_type() -> None:
    gold = [["B-PERS", "I-PERS", "O", "B-LOC"], ["B-ORG"]]
    pred = [["B-PERS", "O", "O", "B-LOC"], ["B-ORG"]]
    s = score(gold, pred)
    p, r, f = s.micro()
    assert (p, r) == (pytest.approx(2 / 3), pytest.approx(2 / 3))
    assert f == pytest.approx(2 / 3)
    assert s.per_type()["PERS"][2] == 0.0
    assert s.per_type()["LOC"][2] == 1.0
    assert s.as_dict()["f1"] == pytest.approx(0.6667)
