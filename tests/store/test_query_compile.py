"""store.query_compile: a resolved query in FTS5 and tsquery syntax, and SQLite's phrase check."""

from __future__ import annotations

import sqlite3

import pytest

from marsad import config
from marsad.store.query import Node, parse, resolve
from marsad.store.query_compile import (
    claim_event_conditions,
    cover,
    fts5_expression,
    has_phrase,
    node_json,
    phrase_check,
    snippet_groups,
    tsquery_expression,
)
from marsad.store.terms import doc_terms, term_rule


def _node(text: str) -> Node:
    expr = parse(text, config.SETTINGS).expr
    assert expr is not None
    return resolve(expr, config.SETTINGS)


def test_terms_are_any_of_their_analyses_quoted() -> None:
    # The search form writes hamza on a seat as a bare hamza: الرئيس → الرءيس.
    assert fts5_expression(_node("والرئيس")) == '("الرءيس" OR "رءيس" OR "والرءيس")'
    assert tsquery_expression(_node("والرئيس")) == "('الرءيس' | 'رءيس' | 'والرءيس')"


def test_exclusion_prefix_and_or() -> None:
    node = _node("(ماكرون OR بوتين) -ترامب اقتص*")
    fts = fts5_expression(node)
    assert fts is not None and " NOT (" in fts and '"اقتص" *' in fts and " OR " in fts
    ts = tsquery_expression(node)
    assert "!('ترامب')" in ts and "'اقتص':*" in ts


def test_phrases_are_relaxed_for_fts5_and_exact_for_tsquery() -> None:
    node = _node('"الرئيس الفرنسي"')
    assert has_phrase(node) and not has_phrase(_node("الرئيس الفرنسي"))
    assert " AND " in (fts5_expression(node) or "")
    assert " <-> " in tsquery_expression(node)
    # An excluded phrase cannot be subtracted in relaxed form: left to the exact check.
    assert fts5_expression(_node('ماكرون -"الرئيس الفرنسي"')) == f"({fts5_expression(_node('ماكرون'))})"


def test_fts5_expressions_run_on_sqlite() -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(x)")
    conn.execute(
        "INSERT INTO t VALUES (?)", (doc_terms("ماكرون والرئيس الفرنسي", term_rule(config.SETTINGS)),)
    )
    conn.execute("INSERT INTO t VALUES (?)", (doc_terms("ترامب وماكرون", term_rule(config.SETTINGS)),))
    for text, want in [("ماكرون -ترامب", 1), ("الرئ* OR ترامب", 2), ('"الرئيس الفرنسي"', 1), ("بوتين", 0)]:
        expr = fts5_expression(_node(text))
        assert conn.execute("SELECT count(*) FROM t WHERE t MATCH ?", (expr,)).fetchone()[0] == want, text


def test_phrase_check_reads_title_then_body_in_order() -> None:
    query = node_json(_node('"الرئيس الفرنسي" -ترامب'))
    assert (
        phrase_check("قال للرئيس", "الفرنسى إنه", query, rule=term_rule(config.SETTINGS)) == 1
    )  # title then body: one sequence
    assert phrase_check(None, "الفرنسي الرئيس", query, rule=term_rule(config.SETTINGS)) == 0
    assert phrase_check(None, "الرئيس الفرنسي وترامب", query, rule=term_rule(config.SETTINGS)) == 0
    assert phrase_check("", None, node_json(_node("اقتصا* OR بوتين")), rule=term_rule(config.SETTINGS)) == 0


def test_cover_and_snippet_groups() -> None:
    assert cover(_node("ماكرون -ترامب")) == [_node("ماكرون").alts]  # type: ignore[union-attr]
    assert cover(_node("اقتصا*")) is None
    either = cover(_node("ماكرون OR بوتين"))
    assert either is not None and len(either) == 1 and "بوتين" in either[0] and "ماكرون" in either[0]
    assert len(snippet_groups(_node('"الرئيس الفرنسي" -ترامب'))) == 2


@pytest.mark.parametrize(
    ("certainty", "event_type", "params"),
    [(None, None, []), ("Possible ", None, ["possible"]), (None, "consult", ["CONSULT"])],
)
def test_claim_and_event_conditions(certainty: str | None, event_type: str | None, params: list[str]) -> None:
    where, got = claim_event_conditions(certainty, event_type)
    assert got == params and len(where) == len(params)
