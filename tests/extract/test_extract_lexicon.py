"""Cue lexicons: data files load, merge and match on folded text."""

from __future__ import annotations

from marsad.extract.lexicon import CHROME_CATEGORIES, fold, lexicon


def test_fold_unifies_arabic_spelling_and_case() -> None:
    assert fold("إعلان") == fold("اعلان") == "اعلان"
    assert fold("  Share: ") == "share"
    assert fold("مُتَابَعَة") == "متابعه"


def test_every_chrome_category_is_loaded() -> None:
    lex = lexicon()
    assert set(lex.chrome) == set(CHROME_CATEGORIES)
    assert lex.chrome["advertisement"].match(fold("إعلان"))
    assert lex.chrome["advertisement"].match(fold("Anzeige"))
    assert lex.chrome["share"].match(fold("Partager sur Facebook"))
    assert not lex.chrome["share"].match(fold("Shareholders approved the merger"))


def test_related_headers_in_four_languages() -> None:
    m = lexicon().related_header
    for text in ("اقرأ أيضاً", "Related articles", "À lire aussi", "Mehr zum Thema"):
        assert m.match(fold(text)), text


def test_lexicon_is_cached() -> None:
    assert lexicon() is lexicon()
