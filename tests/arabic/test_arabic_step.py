"""The normalise step over a small extracted article."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.arabic.step import normalise, normalise_step
from marsad.config import SETTINGS
from marsad.model import Article, Block, Label, Source
from marsad.pipeline import Pipeline


def article(published: str | None = None) -> Article:
    blocks = [
        Block(0, "القائمة الرئيسية", Label.CHROME),
        Block(1, "قمة في العاصمة مساء الأحد", Label.TITLE),
        Block(2, "التقى الرئيسان مساء الأحد. وناقشا الأزمة، والتعاون.", Label.LEDE),
        Block(3, "الأحد 10 سبتمبر 2023", Label.DATELINE),
        Block(
            4,
            "وقال المتحدث: «الاجتماع كان مثمرا». وأضاف أن اللقاء المقبل سيعقد الشهر المقبل.",
            Label.PARAGRAPH,
        ),
        Block(5, "Reuters", Label.CREDIT),
    ]
    return Article(source=Source(path="x.txt"), blocks=blocks, published=published)


def test_fills_sentences_with_block_offsets() -> None:
    a = normalise(article(), SETTINGS)
    by_block: dict[int, list[str]] = {}
    for s in a.sentences:
        assert a.blocks[s.block].text[s.start : s.end] == s.text
        by_block.setdefault(s.block, []).append(s.text)
    assert by_block[1] == ["قمة في العاصمة مساء الأحد"]
    assert by_block[2] == ["التقى الرئيسان مساء الأحد.", "وناقشا الأزمة، والتعاون."]
    assert len(by_block[4]) == 2
    assert 0 not in by_block and 5 not in by_block  # chrome and credits are not main text


def test_dates_unresolved_without_published() -> None:
    a = normalise(article(), SETTINGS)
    got = [(d.block, d.text, d.date) for d in a.dates]
    assert (1, "مساء الأحد", None) in got
    assert (3, "الأحد 10 سبتمبر 2023", "2023-09-10") in got
    assert (4, "الشهر المقبل", None) in got
    for d in a.dates:
        assert d.block is not None and d.start is not None and d.end is not None
        assert a.blocks[d.block].text[d.start : d.end] == d.text


def test_dates_resolved_against_published() -> None:
    a = normalise(article(published="2023-09-11T09:00:00Z"), SETTINGS)
    got = {(d.block, d.text): d.date for d in a.dates}
    assert got[(1, "مساء الأحد")] == "2023-09-10"
    assert got[(4, "الشهر المقبل")] == "2023-10"


def test_block_languages() -> None:
    a = normalise(article(), SETTINGS)
    assert a.language == "ar"
    assert [b.language for b in a.blocks[:5]] == ["ar"] * 5


def test_as_a_pipeline_step() -> None:
    assert normalise_step(SETTINGS).name == "normalise"
    pipe = Pipeline(
        [normalise_step(SETTINGS)], initial=frozenset({"source", "page", "blocks", "language", "published"})
    )
    (out,) = list(pipe.run([article()]))
    assert out.rejected is None
    assert out.steps == ["normalise"]
    assert out.sentences


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(), max_size=4), st.sampled_from([None, "2023-09-11", "garbage"]))
def test_never_raises(texts: list[str], published: str | None) -> None:
    labels = [Label.TITLE, Label.PARAGRAPH, Label.DATELINE, Label.CHROME]
    blocks = [Block(i, t, labels[i % 4]) for i, t in enumerate(texts)]
    a = Article(source=Source(), blocks=blocks, published=published)
    (out,) = list(normalise_step(SETTINGS)([a]))
    assert out.rejected is None
    for s in out.sentences:
        assert out.blocks[s.block].text[s.start : s.end] == s.text


def test_lone_surrogates_and_controls() -> None:
    text = "نص \ud800 عربي طويل بما يكفي ليذهب إلى النموذج اللغوي \udfff\x00. 10 سبتمبر 2023"
    a = normalise(Article(source=Source(), blocks=[Block(0, text, Label.PARAGRAPH)]), SETTINGS)
    assert a.language == "ar"
    assert [d.date for d in a.dates] == ["2023-09-10"]
    assert len(a.sentences) == 2


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.characters(exclude_categories=[]), max_size=200))
def test_never_raises_with_any_code_point(text: str) -> None:
    a = normalise(Article(source=Source(), blocks=[Block(0, text, Label.PARAGRAPH)]), SETTINGS)
    assert all(a.blocks[0].text[s.start : s.end] == s.text for s in a.sentences)


def test_public_surface() -> None:
    import importlib

    expected = {
        "normalize": {"normalize", "search_form", "search_form_with_offsets"},
        "tokens": {"Token", "tokenize", "split_clitics", "index_terms"},
        "sentences": {"split_sentences"},
        "dates": {"find_dates", "parse_date"},
        "langid": {"detect_language", "line_language"},
        "step": {"normalise_step"},
    }
    for name, names in expected.items():
        mod = importlib.import_module(f"marsad.arabic.{name}")
        assert names <= set(mod.__all__), name
        for n in mod.__all__:
            assert hasattr(mod, n), (name, n)
