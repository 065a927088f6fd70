"""Per-page fingerprints: text hash across chrome, terms, entities, the article's day."""

from __future__ import annotations

from corpus_samples import FOOTBALL, STRIKE_A

from marsad.config import SETTINGS, Settings
from marsad.corpus.fingerprint import fingerprint, main_text, text_hash
from marsad.model import Article, Block, DateMention, Entity, Label, Source


def _article(text: str, *, title: str = "عنوان", **kw: object) -> Article:
    blocks = [Block(0, title, Label.TITLE)] + [
        Block(i + 1, p, Label.PARAGRAPH) for i, p in enumerate(text.split("\n"))
    ]
    return Article(Source(), title=title, blocks=blocks, **kw)  # type: ignore[arg-type]


def test_text_hash_ignores_chrome_spelling_and_punctuation_but_not_words() -> None:
    a = _article(STRIKE_A)
    b = _article(STRIKE_A, title="عنوان آخر تماما")
    b.blocks.insert(1, Block(9, "اشترك في النشرة", Label.CHROME))
    assert text_hash(main_text(a)) == text_hash(main_text(b))
    assert text_hash("قال الرئيس، إن...") == text_hash("قال  الرئيس ان")
    assert text_hash("قال الرئيس") != text_hash("قال الوزير")


def test_main_text_falls_back_to_lede_then_title() -> None:
    assert main_text(Article(Source(), title="عنوان فقط")) == "عنوان فقط"
    assert main_text(Article(Source(), title="ع", lede="مقدمة")) == "مقدمة"


def test_terms_are_normalised_and_weigh_names_over_function_words() -> None:
    fp = fingerprint(_article(STRIKE_A, title="غارات على مستودع ذخيرة قرب الرمادة"), SETTINGS)
    assert abs(sum(v * v for v in fp.terms.values()) - 1.0) < 1e-3
    assert "رماده" in fp.terms or "الرماده" in fp.terms
    assert "في" not in fp.terms and "ان" not in fp.terms
    assert fp.words > 60 and fp.shingles > 60


def test_outlet_name_and_outlet_entities_are_left_out() -> None:
    a = _article(FOOTBALL + "\nوقال مراسل الأفق إن الجماهير احتفلت.", outlet="الأفق")
    a.entities = [
        Entity("e1", "ORGANIZATION", "الأفق", kind="news outlet"),
        Entity("e2", "PERSON", "يوسف القاسم", latin="Youssef Al-Qasim"),
    ]
    fp = fingerprint(a, SETTINGS)
    assert "افق" not in fp.terms and "الافق" not in fp.terms
    assert fp.entities == ["PERSON|l|youssef al-qasim"]


def test_day_prefers_published_then_text_dates_then_fetch_date() -> None:
    a = _article(FOOTBALL, published="2024-03-09T10:00:00+00:00", fetched="2024-04-01")
    assert fingerprint(a, SETTINGS).day == "2024-03-09"
    a.published = None
    a.dates = [DateMention("أمس", "relative", None), DateMention("8 مارس", "absolute", "2024-03-08")]
    assert fingerprint(a, SETTINGS).day == "2024-03-08"
    a.dates = []
    assert fingerprint(a, SETTINGS).day == "2024-04-01"


def test_shingle_size_comes_from_settings() -> None:
    a = _article(STRIKE_A)
    assert (
        fingerprint(a, Settings(near_shingle=2)).shingles > fingerprint(a, Settings(near_shingle=5)).shingles
    )
