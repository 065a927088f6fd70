"""The query language (store.query): the parser, its errors and positions, and every operator
against real stores (SQLite and PostgreSQL) holding a handful of Arabic articles."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad import config
from marsad.model import Article, Block, Byline, Claim, Entity, Event, Label, Mention, Source, SourceRef
from marsad.store.base import SearchQuery, Store
from marsad.store.query import (
    And,
    Field,
    Not,
    Or,
    Phrase,
    Prefix,
    Query,
    QueryError,
    Sort,
    Term,
    matches,
    parse,
    resolve,
)
from marsad.store.terms import term_rule, word_terms
from settings_override import override_store_settings
from testpaths import backend_params, open_backend


# --- the parser ---------------------------------------------------------------------------------
def test_words_are_an_and_of_terms_and_plain() -> None:
    q = parse("ماكرون بوتين", config.SETTINGS)
    assert q == Query(And((Term("ماكرون"), Term("بوتين"))))
    assert q.plain_words == ["ماكرون", "بوتين"]
    assert parse("ماكرون", config.SETTINGS).plain_words == ["ماكرون"]


@pytest.mark.parametrize("text", ['"الرئيس الفرنسي"', "«الرئيس الفرنسي»", "“الرئيس الفرنسي”"])
def test_phrases_in_every_quote(text: str) -> None:
    assert parse(text, config.SETTINGS).expr == Phrase(("الرئيس", "الفرنسي"))
    assert parse(text, config.SETTINGS).plain_words is None


def test_a_one_word_phrase_is_a_term() -> None:
    assert parse('"ماكرون"', config.SETTINGS).expr == Term("ماكرون")


def test_or_binds_looser_than_and_and_parentheses_group() -> None:
    assert parse("أ ب OR ج", config.SETTINGS).expr == Or((And((Term("أ"), Term("ب"))), Term("ج")))
    assert parse("أ (ب OR ج)", config.SETTINGS).expr == And((Term("أ"), Or((Term("ب"), Term("ج")))))
    assert parse("or", config.SETTINGS).expr == Term("or")  # only upper-case OR is the operator


def test_exclusion_not_and_explicit_and() -> None:
    want = And((Term("ماكرون"), Not(Term("ترامب"))))
    assert parse("ماكرون -ترامب", config.SETTINGS).expr == want
    assert parse("ماكرون NOT ترامب", config.SETTINGS).expr == want
    assert parse("ماكرون AND -ترامب", config.SETTINGS).expr == want
    assert parse('ماكرون -"دونالد ترامب"', config.SETTINGS).expr == And(
        (Term("ماكرون"), Not(Phrase(("دونالد", "ترامب"))))
    )
    assert parse("covid-19", config.SETTINGS).expr == And(
        (Term("covid"), Term("19"))
    )  # a hyphen inside a word


def test_prefix() -> None:
    assert parse("اقتصا*", config.SETTINGS).expr == Prefix("اقتصا")
    assert parse("econ* -اقتصا*", config.SETTINGS).expr == And((Prefix("econ"), Not(Prefix("اقتصا"))))


def test_fields_latin_arabic_quoted_and_negated() -> None:
    q = parse(
        'روسيا outlet:"الأسواق اليوم" كيان:Macron since:2024-01 حتى:2024-02-29 -entity:ترامب lang:ar',
        config.SETTINGS,
    )
    assert q.expr == Term("روسيا")
    assert q.fields == (
        Field("outlet", "الأسواق اليوم"),
        Field("entity", "Macron"),
        Field("since", "2024-01"),
        Field("until", "2024-02-29"),
        Field("entity", "ترامب", negated=True),
        Field("lang", "ar"),
    )
    assert parse("outlet:CNN", config.SETTINGS) == Query(None, (Field("outlet", "CNN"),))


def test_colons_that_are_not_fields_stay_words() -> None:
    assert parse("قال: نعم", config.SETTINGS).expr == And((Term("قال"), Term("نعم")))
    assert parse("Macron: France", config.SETTINGS).expr == And((Term("Macron"), Term("France")))
    assert parse("الساعة 10:30", config.SETTINGS).plain_words == ["الساعة", "10", "30"]


def test_blank_is_an_empty_query_and_punctuation_beside_words_is_ignored() -> None:
    assert parse("  ", config.SETTINGS) == Query(None)
    assert parse("ماكرون ؟", config.SETTINGS).expr == Term("ماكرون")


@pytest.mark.parametrize(
    ("text", "message", "position"),
    [
        ('ماكرون "الرئيس', "unbalanced quote", 7),
        ("«الرئيس", "never closed with »", 0),
        ("ماكرون»", "closes nothing", 6),
        ("ماكرون -", "lone '-'", 7),
        ("ماكرون - ترامب", "lone '-'", 7),
        ("OR ماكرون", "before it", 0),
        ("ماكرون OR", "after it", 7),
        ("ماكرون OR OR بوتين", "after it", 7),
        ("ماكرون AND", "both sides", 7),
        ("-ترامب", "needs a word to find", 0),
        ("-ترامب outlet:CNN", "needs a word to find", 0),
        ("ماكرون OR -ترامب", "needs a word to find", 10),
        ("--ترامب ماكرون", "excluded again", 1),
        ("؟؟ !!", "nothing to search for", 0),
        ('""', "empty quotes", 0),
        ("(ماكرون", "never closed", 0),
        ("ماكرون)", "no matching '('", 6),
        ("ماكرون ()", "empty parentheses", 7),
        ("foo:bar", "unknown field 'foo:'", 0),
        ("ماكرون outlet:", "needs a value", 7),
        ("ماكرون since:2024-13", "not a date", 7),
        ("ماكرون -since:2024-01", "cannot be excluded", 8),
        ("ماكرون OR outlet:CNN", "whole query", 10),
        ("(ماكرون outlet:CNN)", "whole query", 8),
        ("outlet:CNN ماكرون OR بوتين", "not to one side of OR", 18),
        ("* ماكرون", "letters before it", 0),
        ("ا*", "too short", 0),
        ("ماكرون*بوتين*", "one word followed by '*'", 0),
        ("(" * 40 + "ماكرون" + ")" * 40, "nests deeper", 17),
        ("ماكرون\x00", "NUL", 6),
    ],
)
def test_malformed_queries_say_what_and_where(text: str, message: str, position: int) -> None:
    with pytest.raises(QueryError) as err:
        parse(text, config.SETTINGS)
    assert message in err.value.message
    assert err.value.position == position
    assert f"(at character {position + 1})" in str(err.value)


def test_too_many_words_is_an_error() -> None:
    with pytest.raises(QueryError, match="more than 64 words"):
        parse(" ".join(["ماكرون"] * 65), config.SETTINGS)


_PIECES = st.sampled_from(
    ['"', "«", "»", "“", "”", "(", ")", "-", "*", ":", " ", "OR", "AND", "NOT", "outlet:", "since:",
     "entity:", "foo:", "2024-01", "ماكرون", "الرئيس", "ا", "ـ", "\u064b", "؟", "x", "\x00"]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(max_size=60), st.lists(_PIECES, max_size=30).map("".join)))
def test_parse_raises_nothing_but_query_error(text: str) -> None:
    try:
        q = parse(text, config.SETTINGS)
    except QueryError as exc:
        assert 0 <= exc.position <= len(text)
        return
    if q.expr is not None:
        resolve(q.expr, config.SETTINGS)  # words that parsed have index terms to stand for


# --- meaning, through the one Arabic normalisation ------------------------------------------------
def _matches(query: str, text: str) -> bool:
    expr = parse(query, config.SETTINGS).expr
    assert expr is not None
    return matches(resolve(expr, config.SETTINGS), word_terms(text, term_rule(config.SETTINGS)))


def test_phrase_meets_clitic_and_letter_form_variants_in_order_only() -> None:
    assert _matches('"الرئيس الفرنسي"', "قال مكتب للرئيس الفرنسى إنه")
    assert _matches('"الرئيس الفرنسي"', "والرئيس الفرنسي")
    assert not _matches('"الرئيس الفرنسي"', "الرئيس الروسي ووزير الخارجية الفرنسي")
    assert not _matches('"الفرنسي الرئيس"', "الرئيس الفرنسي")
    assert _matches('"ماكرون أوكرانيا"', "زار ماكرون اوكرانيا")


def test_exclusion_and_prefix_use_the_same_analyses() -> None:
    assert not _matches("ماكرون -ترامب", "التقى ماكرون وترامب")
    assert _matches("ماكرون -ترامب", "التقى ماكرون بوتين")
    assert _matches("اقتصا*", "تراجع الاقتصاد العالمي")
    assert _matches("الاقتصا*", "وقال خبراء والاقتصاديون")


# --- every operator against a real store, both backends -------------------------------------------
def _article(n: int, outlet: str, day: str | None, title: str, body: str, **extra: object) -> Article:
    blocks = [Block(0, title, Label.TITLE), Block(1, body, Label.PARAGRAPH)]
    return Article(
        source=Source(url=f"https://{outlet}.example/{n}", format="html"),
        language="ar",
        title=title,
        byline=Byline(outlet, outlet=outlet),
        published=day,
        blocks=blocks,
        **extra,  # type: ignore[arg-type]
    )


def _docs() -> dict[str, Article]:
    body1 = "التقى الرئيس الفرنسي إيمانويل ماكرون نظيره الأمريكي دونالد ترامب في باريس."
    start = body1.find("إيمانويل ماكرون")
    macron = Entity(
        "m1", "PERSON", "إيمانويل ماكرون", "Emmanuel Macron", None,
        [Mention("إيمانويل ماكرون", start, start + len("إيمانويل ماكرون"), 1)],
    )  # fmt: skip
    body2 = "قال مكتب للرئيس الفرنسى ماكرون إنه سيزور برلين الأسبوع المقبل."
    said = "سيزور برلين الأسبوع المقبل"
    claim = Claim(
        said, 1, body2.find(said), body2.find(said) + len(said), "possible", [SourceRef("مكتب", "outlet")]
    )
    return {
        "summit": _article(1, "alpha", "2024-01-10", "ماكرون يلتقي ترامب", body1, entities=[macron]),
        "berlin": _article(2, "beta", "2024-02-01", "ماكرون إلى برلين", body2, claims=[claim]),
        "moscow": _article(
            3,
            "alpha",
            "2024-03-01",
            "بوتين يستقبل ضيفا",
            "استقبل الرئيس الروسي فلاديمير بوتين وزير الخارجية الفرنسي في موسكو.",
            events=[Event("CONSULT", "استقبل الرئيس الروسي", "استقبل", 1)],
        ),
        "economy": _article(
            4,
            "gamma",
            None,
            "الاقتصاد العالمي",
            "تراجعت مؤشرات الاقتصاد العالمي، وقال خبراء اقتصاديون إن الركود قريب.",
        ),
        "kyiv": _article(5, "beta", "2024-04-01", "زيارة إلى كييف", "زار ماكرون اوكرانيا والتقى مسؤولين."),
    }


@pytest.fixture(params=backend_params())
def docs_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Store, dict[str, str]]]:
    for store in open_backend(request.param, tmp_path):
        names = {store.put(a).id: name for name, a in _docs().items()}
        yield store, names


def _found(docs_store: tuple[Store, dict[str, str]], text: str, **kw: object) -> list[str]:
    store, names = docs_store
    result = store.search(SearchQuery(text, limit=50, **kw))  # type: ignore[arg-type]
    assert result.total == len(result.hits)
    return [names[h.id] for h in result.hits]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("ماكرون", {"summit", "berlin", "kyiv"}),
        ("ماكرون ترامب", {"summit"}),
        ("ماكرون -ترامب", {"berlin", "kyiv"}),
        ("ماكرون NOT ترامب", {"berlin", "kyiv"}),
        ("الرئيس الفرنسي", {"summit", "berlin", "moscow"}),
        ('"الرئيس الفرنسي"', {"summit", "berlin"}),
        ("«الرئيس الفرنسي»", {"summit", "berlin"}),
        ('"الفرنسي الرئيس"', set()),
        ('"ماكرون أوكرانيا"', {"kyiv"}),
        ('ماكرون -"الرئيس الفرنسي"', {"kyiv"}),
        ("ماكرون OR بوتين", {"summit", "berlin", "moscow", "kyiv"}),
        ("(ترامب OR بوتين) الرئيس", {"summit", "moscow"}),
        ("اقتصا*", {"economy"}),
        ("الرئ* -ماكرون", {"moscow"}),
        ("Macron", {"summit", "berlin", "kyiv"}),  # cross-script: the entity's Arabic name
        ("ماكرون outlet:beta", {"berlin", "kyiv"}),
        ("ماكرون -outlet:beta", {"summit"}),
        ("ماكرون entity:Macron", {"summit"}),
        ("ماكرون -entity:ماكرون", {"berlin", "kyiv"}),
        ("ماكرون since:2024-02 until:2024-03", {"berlin"}),
        ("ماكرون منذ:2024-02", {"berlin", "kyiv"}),
        ("outlet:alpha", {"summit", "moscow"}),
        ("ماكرون outlet:nowhere", set()),
    ],
)
def test_every_operator_on_the_store(
    docs_store: tuple[Store, dict[str, str]], text: str, want: set[str]
) -> None:
    assert set(_found(docs_store, text)) == want


def test_store_agrees_with_the_reference_meaning(docs_store: tuple[Store, dict[str, str]]) -> None:
    """Each operator's full-text compilation finds exactly what `matches` says, on each backend."""
    docs = _docs()
    for text in [
        '"الرئيس الفرنسي" OR اقتصا*',
        "(ماكرون -ترامب) OR بوتين",
        '-"ماكرون اوكرانيا" ماكرون',
        "الرئ*",
    ]:
        expr = parse(text, config.SETTINGS).expr
        assert expr is not None
        node = resolve(expr, config.SETTINGS)
        want = {
            name
            for name, a in docs.items()
            if matches(
                node,
                word_terms(a.title or "", term_rule(config.SETTINGS))
                + word_terms(a.blocks[1].text, term_rule(config.SETTINGS)),
            )
        }
        assert want, text  # a query that finds nothing would not tell the backends apart
        assert set(_found(docs_store, text)) == want, text


def test_sort_by_date_both_ways_undated_last(docs_store: tuple[Store, dict[str, str]]) -> None:
    assert _found(docs_store, "ماكرون", sort=Sort.date) == ["kyiv", "berlin", "summit"]
    assert _found(docs_store, "ماكرون", sort=Sort.date_asc) == ["summit", "berlin", "kyiv"]
    text = "ماكرون OR اقتصا*"
    assert _found(docs_store, text, sort=Sort.date) == ["kyiv", "berlin", "summit", "economy"]
    assert _found(docs_store, text, sort=Sort.date_asc) == ["summit", "berlin", "kyiv", "economy"]
    assert _found(docs_store, "", sort=Sort.date_asc)[0] == "summit"


def test_certainty_and_event_type_filters(docs_store: tuple[Store, dict[str, str]]) -> None:
    assert _found(docs_store, "", certainty="possible") == ["berlin"]
    assert _found(docs_store, "ماكرون", certainty="possible") == ["berlin"]
    assert _found(docs_store, "ماكرون", certainty="denied") == []
    assert _found(docs_store, "", event_type="consult") == ["moscow"]
    assert _found(docs_store, "الرئيس", event_type="CONSULT") == ["moscow"]


def test_a_malformed_query_is_an_error_not_an_empty_result(docs_store: tuple[Store, dict[str, str]]) -> None:
    store, _ = docs_store
    for text in ['"الرئيس', "ماكرون OR", "-ترامب", "!!!"]:
        with pytest.raises(QueryError):
            store.search(SearchQuery(text))
        with pytest.raises(QueryError):
            store.facets(SearchQuery(text))


def test_snippets_mark_phrase_words_not_excluded_ones(docs_store: tuple[Store, dict[str, str]]) -> None:
    store, names = docs_store
    hits = store.search(SearchQuery('"الرئيس الفرنسي" -برلين')).hits
    assert [names[h.id] for h in hits] == ["summit"]
    assert "<mark>الرئيس</mark> <mark>الفرنسي</mark>" in hits[0].snippet


def test_a_common_phrase_on_sqlite_is_newest_first_and_counted_to_a_cap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite checks phrases row by row: past `query_phrase_rank_max` candidates the page walks
    newest first, and the total stops at `query_phrase_count_cap` (said: total_capped)."""

    for store in open_backend("sqlite", tmp_path):
        names = {store.put(a).id: name for name, a in _docs().items()}
        full = store.search(SearchQuery('"الرئيس الفرنسي"', limit=1))
        assert (full.total, full.total_capped) == (2, False)
        override_store_settings(monkeypatch, store, query_phrase_rank_max=0, query_phrase_count_cap=1)
        capped = store.search(SearchQuery('"الرئيس الفرنسي"', limit=1))
        assert [names[h.id] for h in capped.hits] == ["berlin"]  # the newer of summit and berlin
        assert (capped.total, capped.total_capped) == (1, True)
