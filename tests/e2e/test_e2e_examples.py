"""End to end on the project's own example pages: what a reader expects of each article.

These pages were written for the project (invented outlets, one story told several ways) and
differ from the seed page in chrome, byline style, dates and language, so they check that the
extractor generalises rather than fits one page.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import marsad
from marsad.model import Article
from testpaths import EXAMPLES


def load(name: str) -> Article:
    return marsad.extract(Path(EXAMPLES / name))


def body(a: Article) -> str:
    return " ".join([a.title or "", a.lede or ""] + [b.text for b in a.paragraphs + a.headings])


def test_arabic_dump_with_glued_caption_credit_and_person_byline() -> None:
    a = load("al-ufuq-water-talks.txt")
    assert a.language == "ar"
    assert a.title == "وزيرا خارجية تونس والجزائر يبحثان في العاصمة الجزائرية اتفاقاً لتقاسم مياه وادي مجردة"
    assert a.byline is not None and a.byline.person == "سليم بن عمر"
    assert a.published == "2024-03-12"
    assert a.lede and a.lede.startswith("يسعى البلدان")
    assert [h.text for h in a.headings] == ["خلفية الأزمة"]
    assert len(a.paragraphs) == 5 and a.paragraphs[0].text.startswith("استقبل وزير الخارجية")
    assert any(i.caption and i.caption.startswith("وزير الخارجية التونسي") for i in a.images)
    assert [r.text for r in a.related] == [
        "الجفاف يهدد محصول القمح في الشمال الغربي التونسي",
        "البنك الدولي يمول مشروعاً لتحلية مياه البحر في وهران",
    ]
    text = body(a)
    for chrome in ("اعلان", "شارك", "اشترك", "جميع الحقوق", "© أ ف ب"):
        assert chrome not in text
    assert {1, 3} <= {c.line for c in a.chrome}


def test_arabic_agency_dump_with_hijri_dateline_and_photo_credit() -> None:
    a = load("sahil-agency-water-talks.txt")
    assert a.language == "ar"
    assert a.title == "الجزائر وتونس تقتربان من اتفاق حول مياه مجردة"
    assert a.published == "2024-03-12"
    assert len(a.paragraphs) >= 4
    assert a.paragraphs[0].text.startswith("أعلنت الجزائر وتونس")
    assert any(i.photographer and "هادي الزين" in i.photographer for i in a.images)
    assert len(a.related) == 2
    text = body(a)
    for chrome in ("ملفات تعريف الارتباط", "سياسة الخصوصية", "تصوير:", "اقرأ أيضا"):
        assert chrome not in text


def test_arabic_html_in_windows_1256() -> None:
    a = load("almanara-water-committee.html")
    assert a.source.encoding in ("cp1256", "windows-1256")
    assert a.language == "ar"
    assert a.title == "تونس والجزائر: لجنة فنية لصياغة اتفاق المياه"
    assert a.published and a.published.startswith("2024-03-13")
    assert any(p.text.startswith("أعلنت وزارتا الخارجية") for p in a.paragraphs)
    assert "مخاوف المزارعين" in [h.text for h in a.headings]
    text = body(a)
    for chrome in ("سياسة الخصوصية", "جميع الحقوق محفوظة", "الرئيسية"):
        assert chrome not in text


@pytest.mark.parametrize(
    ("name", "lang", "title", "person", "first_para"),
    [
        (
            "gulf-herald-water-talks.txt",
            "en",
            "Algeria and Tunisia edge towards deal on sharing Medjerda river water",
            "Sarah Whitfield",
            "Algeria's foreign minister",
        ),
        (
            "le-quotidien-sommet-eau.txt",
            "fr",
            "L'Algérie et la Tunisie proches d'un accord sur les eaux de la Medjerda",
            "Claire Dubois",
            "Le ministre algérien",
        ),
    ],
)
def test_latin_script_dumps(name: str, lang: str, title: str, person: str, first_para: str) -> None:
    a = load(name)
    assert a.language == lang
    assert a.title == title
    assert a.byline is not None and a.byline.person == person
    assert a.published == "2024-03-12"
    # The standfirst may be read as the lede or as the first paragraph; the body follows it.
    main = [a.lede or ""] + [p.text for p in a.paragraphs]
    assert any(t.startswith(first_para) for t in main[:3])
    assert len(a.related) == 2
    text = body(a)
    for chrome in ("Subscribe", "Advertisement", "Share this article", "Partager", "Publicité", "©"):
        assert chrome not in text


def test_jsonl_batch_gives_every_record() -> None:
    arts = list(marsad.extract_many([EXAMPLES / "wire-batch.jsonl"]))
    assert [a.rejected for a in arts] == [None, None]
    assert [a.source.url for a in arts] == [
        "https://sahel-news.example/2024/03/14/farmers",
        "https://gulf-herald.example/2024/03/14/water-committee",
    ]
    assert arts[0].title == "مزارعو جندوبة يطالبون بضمانات في اتفاق المياه"
    assert arts[1].title == "Joint committee to draft Medjerda water deal"
