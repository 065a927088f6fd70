"""The dump extractor end to end on small dumps written for these tests (ar, en, fr, de)."""

from __future__ import annotations

from pathlib import Path

import pytest

from marsad.config import SETTINGS
from marsad.extract.dump import extract_dump, parse_dateline, strip_site_suffix
from marsad.model import Article, Label, Page, Source

FIXTURES = Path(__file__).parent / "fixtures"


def _extract(name: str) -> Article:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    return extract_dump(Page(source=Source(path=name, format="text"), text=text), settings=SETTINGS)


def _line(a: Article, n: int) -> tuple[Label, str | None]:
    b = a.blocks[n - 1]
    assert b.line == n and b.index == n - 1
    return b.label, b.reason


# name, title, byline (outlet, person), published, paragraph count, heading, related, image (caption, photographer, agency)
CASES = [
    (
        "ar_agency.txt",
        "ar",
        "وزير المالية يعلن خطة لخفض العجز خلال ثلاث سنوات",
        (None, "سامر الخطيب"),
        "2024-03-12",
        4,
        ["الإصلاحات الضريبية"],
        2,
        ("وزير المالية خلال المؤتمر الصحفي", None, "أ ف ب"),
    ),
    (
        "en_news.txt",
        "en",
        "City council approves new budget for public transport",
        ("Reuters", "Jane Holloway"),
        "2023-06-04",
        4,
        ["What changes for riders"],
        2,
        ("Commuters wait for a tram in the city centre.", "Mark Evans", "AFP"),
    ),
    (
        "fr_news.txt",
        "fr",
        "Le gouvernement présente un plan pour la rénovation des écoles",
        (None, "Claire Martin"),
        "2024-03-15",
        3,
        ["Un financement partagé"],
        1,
        ("Une école primaire en travaux à Lyon.", None, "Reuters"),
    ),
    (
        "de_news.txt",
        "de",
        "Stadt plant neue Radwege entlang des Flusses",
        (None, "Anna Becker"),
        "2024-05-02",
        3,
        ["Kritik vom Handel"],
        1,
        ("Ein Radfahrer auf der Uferstraße.", "Max Bauer", "dpa"),
    ),
]


@pytest.mark.parametrize(
    ("name", "lang", "title", "byline", "published", "n_paras", "headings", "n_related", "image"), CASES
)
def test_fixture_dump(
    name: str,
    lang: str,
    title: str,
    byline: tuple[str | None, str | None],
    published: str,
    n_paras: int,
    headings: list[str],
    n_related: int,
    image: tuple[str, str | None, str | None],
) -> None:
    a = _extract(name)
    assert a.language == lang
    assert a.title == title
    assert a.byline is not None and (a.byline.outlet, a.byline.person) == byline
    assert a.published is not None and a.published.startswith(published)
    body = [b.text for b in a.blocks if b.label in (Label.LEDE, Label.PARAGRAPH)]
    assert len(body) == n_paras
    assert [h.text for h in a.headings] == headings
    assert len(a.related) == n_related
    assert len(a.images) == 1
    img = a.images[0]
    assert (img.caption, img.photographer, img.agency) == image
    # Chrome never leaks into the body, and every chrome line has a reason.
    assert all(b.reason for b in a.chrome)
    for leak in (
        "Advertisement",
        "Anzeige",
        "Publicité",
        "إعلان",
        "cookies",
        "Share",
        "Partager",
        "teilen",
        "شارك",
    ):
        assert leak not in a.body_text
    assert len(a.blocks) == len((FIXTURES / name).read_text(encoding="utf-8").split("\n"))


def test_chrome_reasons_in_the_arabic_dump() -> None:
    a = _extract("ar_agency.txt")
    assert _line(a, 3) == (Label.CHROME, "advertisement")
    assert _line(a, 12) == (Label.CHROME, "share widget")
    assert _line(a, 25) == (Label.RELATED_HEADER, "related-articles header")
    assert 25 in {b.line for b in a.chrome}
    assert _line(a, 4) == (Label.BLANK, None)


def test_date_labels_without_values_give_no_date() -> None:
    text = (
        "عنوان الخبر الرئيسي لهذا اليوم المهم\n\nنشرت في آخر تحديث\n\n"
        + ("جملة طويلة في نص الخبر، " * 8)
        + "."
    )
    a = extract_dump(Page(source=Source(format="text"), text=text), settings=SETTINGS)
    assert a.published is None and a.updated is None
    assert _line(a, 3) == (Label.CHROME, "date labels without values")


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("نشرت في آخر تحديث", "ar", []),
        (
            "Published 4 June 2023 Updated 5 June 2023",
            "en",
            [("published", "2023-06-04"), ("updated", "2023-06-05")],
        ),
        ("Veröffentlicht am 02.05.2024", "de", [("published", "2024-05-02")]),
        ("Updated 2 hours ago", "en", []),
        ("Published yesterday", "en", []),
        ("نشر منذ ساعتين", "ar", []),
        ("Publié il y a 3 heures", "fr", []),
        ("Published 4 June", "en", []),
        ("آخر تحديث: 12/03/2024", "ar", [("updated", "2024-03-12")]),
    ],
)
def test_parse_dateline(text: str, lang: str, expected: list[tuple[str, str]]) -> None:
    assert parse_dateline(text, lang) == expected


def _from_text(text: str) -> Article:
    return extract_dump(Page(source=Source(path="-", format="text"), text=text), settings=SETTINGS)


SHORT_NOTES = [
    (
        "Title of a short note",
        [
            "First paragraph of the note, with a full sentence in it.",
            "Second paragraph, also a full sentence that ends here.",
            "Third and last paragraph of this small note.",
        ],
    ),
    (
        "عنوان مذكرة قصيرة",
        [
            "الفقرة الأولى من المذكرة، وفيها جملة كاملة واضحة.",
            "الفقرة الثانية أيضا جملة كاملة تنتهي هنا.",
            "الفقرة الثالثة والأخيرة من هذه المذكرة الصغيرة.",
        ],
    ),
]


@pytest.mark.parametrize(("title", "paras"), SHORT_NOTES)
def test_a_plain_short_text_keeps_every_paragraph(title: str, paras: list[str]) -> None:
    a = _from_text("\n\n".join([title, *paras]) + "\n")
    assert a.title == title
    assert [p.text for p in a.paragraphs] == paras
    assert a.chrome == []


@pytest.mark.parametrize("sep", ["\n\n", "\n"])
def test_plain_paragraphs_without_a_title(sep: str) -> None:
    paras = SHORT_NOTES[1][1]
    a = _from_text(sep.join(paras))
    assert a.title is None
    assert [p.text for p in a.paragraphs] == paras


def test_a_single_sentence_is_a_paragraph() -> None:
    sentence = "قال الوزير إن المحادثات قد تستأنف الأسبوع المقبل."
    a = _from_text(sentence + "\n")
    assert a.title is None
    assert [p.text for p in a.paragraphs] == [sentence]


def test_a_short_text_with_chrome_is_not_taken_whole() -> None:
    # One menu line is enough to leave the decision to the model and the rules.
    a = _from_text("Home | World | Sport\n\n" + "\n\n".join(SHORT_NOTES[0][1]))
    assert "Home | World | Sport" not in a.body_text


@pytest.mark.parametrize(
    ("title", "site", "expected"),
    [
        ("ترامب يعلن تفضيل حل الدولتين - سكاي نيوز عربية", None, "ترامب يعلن تفضيل حل الدولتين"),
        ("Council approves tram extension | BBC News", None, "Council approves tram extension"),
        (
            "Council approves tram extension - Northern Courier",
            "Northern Courier",
            "Council approves tram extension",
        ),
        # The part after the dash names no outlet: it stays.
        (
            "Patchnotes 4.47.4 - Tagundnachtgleiche Bugfix Build",
            None,
            "Patchnotes 4.47.4 - Tagundnachtgleiche Bugfix Build",
        ),
        # A single word before it is too little for a headline.
        ("Sport - BBC News", None, "Sport - BBC News"),
    ],
)
def test_a_site_name_after_the_headline_is_stripped(title: str, site: str | None, expected: str) -> None:
    assert strip_site_suffix(title, site) == expected
