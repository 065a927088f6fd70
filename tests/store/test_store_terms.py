"""Index terms and snippets: Arabic spelling variants meet; snippets mark the words as written."""

from __future__ import annotations

import pytest

from marsad.config import SETTINGS
from marsad.store.snippets import make_snippet
from marsad.store.terms import analyses, doc_terms, query_groups, term_rule, word_terms

RULE = term_rule(SETTINGS)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("وبوتين", "بوتين"),
        ("لبوتين", "بوتين"),
        ("فبوتين", "لبوتين"),
        ("أوكرانيا", "اوكرانيا"),
        ("إيران", "ايران"),
        ("الشمالية", "الشماليه"),
        ("بُوتِين", "بوتين"),
        ("بـــوتين", "بوتين"),
        ("للرئيس", "الرئيس"),
        ("والرئيس", "رئيس"),
        ("وبالمدينة", "المدينه"),
        ("Putin", "PUTIN"),
        ("٢٠٢٣", "2023"),
    ],
)
def test_variants_share_a_term(a: str, b: str) -> None:
    assert analyses(a, RULE) & analyses(b, RULE)


@pytest.mark.parametrize("word", ["بين", "لم", "في", "من"])
def test_short_words_are_not_stripped_into_other_words(word: str) -> None:
    assert all(len(t) >= 2 for t in analyses(word, RULE))
    assert word in analyses(word, RULE)


def test_unrelated_words_do_not_meet() -> None:
    assert not analyses("موسكو", RULE) & analyses("القاهرة", RULE)
    assert not analyses("الرئيس", RULE) & analyses(
        "الرئيسة", RULE
    )  # ة/ه merge, but ي-ending words stay apart


def test_doc_terms_and_query_groups() -> None:
    assert "بوتين" in doc_terms("التقى وبوتين", RULE).split()
    groups = query_groups("وبوتين ، بوتين؟ موسكو", RULE)
    assert len(groups) == 2  # وبوتين is implied by بوتين; punctuation is not a word
    assert query_groups("؟!", RULE) == []


def test_snippet_marks_original_words_and_escapes() -> None:
    text = "مقدمة لا علاقة لها.\nقال <b>المتحدث</b> إن وبوتين سيزور أنقرة."
    s = make_snippet(text, query_groups("بوتين", RULE), RULE, SETTINGS.snippet_max_chars)
    assert s == "قال &lt;b&gt;المتحدث&lt;/b&gt; إن <mark>وبوتين</mark> سيزور أنقرة."


def test_snippet_prefers_sentence_with_most_query_words_and_trims() -> None:
    text = "بوتين في الخبر الأول. بوتين وأنقرة في الخبر الثاني."
    assert (
        make_snippet(text, query_groups("بوتين أنقرة", RULE), RULE, SETTINGS.snippet_max_chars).count(
            "<mark>"
        )
        == 2
    )
    long = ("كلمة " * 200) + "بوتين " + ("كلمة " * 200)
    s = make_snippet(long, query_groups("بوتين", RULE), RULE, SETTINGS.snippet_max_chars)
    assert "<mark>بوتين</mark>" in s and len(s) < 400  # a run-on text is cut into short pieces
    assert make_snippet("جملة أولى. جملة ثانية.", [], RULE, SETTINGS.snippet_max_chars) == "جملة أولى."


def test_facet_terms_of_an_article() -> None:
    from marsad.store.terms import FACET_MARK as M
    from marsad.store.terms import facet_terms

    assert facet_terms(7, "2016-05-31", "ar").split() == [f"{M}o7", f"{M}y2016", f"{M}m201605", f"{M}l6172"]
    assert facet_terms(None, "2016-13-01", None).split() == [f"{M}dx"]  # not a month: the odd-date term
    assert facet_terms(None, None, "en-US").split() == [f"{M}l656e2d5553"]
    # Entity ids: one term each, once, in a stable order; an id that is not letters and digits
    # is hex-encoded, so it stays one token and cannot carry query syntax.
    got = facet_terms(None, None, None, ["pab12", "l09", "pab12", "x-'1"])
    assert got.split() == [f"{M}e782d2731", f"{M}el09", f"{M}epab12"]


def test_tsvector_facets_are_quoted_lexemes_without_positions() -> None:
    from marsad.store.terms import FACET_MARK as M
    from marsad.store.terms import tsvector_facets

    assert tsvector_facets("2016-05-31", ["pab12", "l09"]) == f"'{M}y2016' '{M}m201605' '{M}el09' '{M}epab12'"
    assert tsvector_facets("2016", []) == f"'{M}dx'"  # not a month: the odd-date term, as on SQLite
    assert tsvector_facets(None, []) == ""


def test_date_facets_cover_whole_years_and_edge_months() -> None:
    from marsad.store.terms import FACET_MARK as M
    from marsad.store.terms import date_facets

    got = date_facets("2015-11-20", "2017-02-01", SETTINGS.search_max_date_terms)
    want = {f"{M}m201511", f"{M}m201512", f"{M}y2016", f"{M}m201701", f"{M}m201702", f"{M}dx"}
    assert got == frozenset(want)
    assert date_facets("2016", "2016", SETTINGS.search_max_date_terms) == frozenset({f"{M}y2016", f"{M}dx"})
    assert date_facets("2017-01-01", "2016-01-01", SETTINGS.search_max_date_terms) == frozenset(
        {f"{M}dx"}
    )  # empty range
    assert (
        date_facets("1900-01-01", "2100-12-31", SETTINGS.search_max_date_terms) is None
    )  # too many terms: SQL filters alone
    assert (
        date_facets("2016-1", "2016-12-31", SETTINGS.search_max_date_terms) is None
    )  # not a date prefix the index knows


def test_no_text_word_becomes_a_facet_term() -> None:
    from marsad.store.terms import FACET_MARK

    text = f"{FACET_MARK}o1 {FACET_MARK}y2016 zzo1 y2016"
    assert not any(t.startswith(FACET_MARK) for a in word_terms(text, RULE) for t in a)


def test_term_lines_hold_each_words_analyses_in_order() -> None:
    """What the index step carries (one line per word) gives back exactly the rows the writer
    made from the text itself: SQLite's term columns and PostgreSQL's tsvector positions."""
    from marsad.store.terms import MAX_POSITION, term_lines, tsvector_literal

    title, body = "قمة في موسكو", "التقى الرئيس الروسي وبوتين، بالزعيم الكوري!\nPutin met ٢٠٢٣ officials… ـــ"
    for text in (title, body, "", "، ؟ !"):
        assert term_lines(text, RULE).replace("\n", " ") == doc_terms(text, RULE)
        assert [frozenset(x.split(" ")) for x in term_lines(text, RULE).split("\n") if x] == word_terms(
            text, RULE
        )
    # The tsvector as it was built from the word analyses: positions count words, title ones weighted A.
    expected: list[str] = []
    pos = 0
    for words, weight in ((word_terms(title, RULE), "A"), (word_terms(body, RULE), "")):
        for a in words:
            pos = min(pos + 1, MAX_POSITION)
            expected.extend(f"'{t}':{pos}{weight}" for t in sorted(a))
    assert tsvector_literal(term_lines(title, RULE), term_lines(body, RULE)) == " ".join(expected)
    assert tsvector_literal("", "") == ""
