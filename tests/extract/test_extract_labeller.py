"""label_lines: one block per line, model + rules, and the rule-only fallback."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from marsad.config import SETTINGS
from marsad.extract.labeller import label_lines
from marsad.model import Label

FIXTURES = Path(__file__).parent / "fixtures"


def _lines(name: str) -> list[str]:
    return (FIXTURES / name).read_text(encoding="utf-8").split("\n")


@pytest.mark.parametrize("use_model", [True, False])
@pytest.mark.parametrize("name", ["ar_agency.txt", "en_news.txt", "fr_news.txt", "de_news.txt"])
def test_every_line_gets_one_block(name: str, use_model: bool) -> None:
    lines = _lines(name)
    blocks = label_lines(lines, "xx", settings=SETTINGS, use_model=use_model)
    assert [b.line for b in blocks] == list(range(1, len(lines) + 1))
    assert all((b.label is Label.BLANK) == (not line.strip()) for b, line in zip(blocks, lines, strict=True))
    assert all(b.reason for b in blocks if b.label is Label.CHROME)
    assert sum(b.label is Label.TITLE for b in blocks) == 1
    assert any(b.label is Label.PARAGRAPH for b in blocks)
    assert all(b.language == "xx" for b in blocks)


@pytest.mark.parametrize("use_model", [True, False])
def test_glued_caption_credit_and_related(use_model: bool) -> None:
    blocks = label_lines(_lines("ar_agency.txt"), settings=SETTINGS, use_model=use_model)
    by_line = {b.line: b for b in blocks}
    assert by_line[10].label is Label.CAPTION  # the caption alone
    assert by_line[11].label is Label.CAPTION  # the caption with its credit glued on
    assert by_line[25].reason == "related-articles header"
    assert [by_line[n].label for n in (26, 27)] == [Label.RELATED_ITEM, Label.RELATED_ITEM]
    assert by_line[7].label is Label.BYLINE
    assert by_line[8].label is Label.DATELINE
    assert by_line[19].label is Label.HEADING


def test_empty_and_blank_input() -> None:
    assert label_lines([], settings=SETTINGS) == []
    blocks = label_lines(["", "  "], settings=SETTINGS)
    assert [b.label for b in blocks] == [Label.BLANK, Label.BLANK]


def test_odd_lines_do_not_break_the_labeller() -> None:
    lines = [
        "\x00\x85 control",
        "x" * 20000,
        "© ©",
        "((((((",
        "بقلم:",
        "By",
        "12/12/12",
        "|" * 50,
        "\u200f\u200e",
    ]
    blocks = label_lines(lines, settings=SETTINGS)
    assert len(blocks) == len(lines)
    assert all(b.label is not None for b in blocks)


def test_a_long_dump_is_labelled_quickly() -> None:
    import time

    para = "The council approved the plan after a long debate about costs, fares and new lines in the city."
    lines = [f"Menu item {k}" if k % 7 == 0 else para for k in range(3000)]
    t0 = time.perf_counter()
    blocks = label_lines(lines, settings=SETTINGS)
    assert len(blocks) == 3000
    assert time.perf_counter() - t0 < 10  # ~0.1 s on the project VM; generous for shared CI machines


def _title_and_lede(lines: list[str], use_model: bool) -> tuple[str | None, str | None]:
    blocks = label_lines(lines, settings=SETTINGS, use_model=use_model)
    title = next((b.text for b in blocks if b.label is Label.TITLE), None)
    lede = next((b.text for b in blocks if b.label is Label.LEDE), None)
    return title, lede


_BODY_EN = [
    "The city council voted on Monday to extend the tram line to the northern suburbs by 2027, officials said.",
    "",
    "Construction is expected to start next spring and will cost about 400 million euros in total.",
    "",
    "Residents had campaigned for the extension for more than a decade, citing long bus journeys.",
    "",
    "© 2025 Northern Courier. All rights reserved.",
    "Privacy policy | Contact",
]


@pytest.mark.parametrize("use_model", [True, False])
def test_masthead_is_not_the_title(use_model: bool) -> None:
    lines = [
        "Northern Courier",
        "News | City | Sport | Culture",
        "",
        "Council approves tram extension to northern suburbs",
        "",
        "By Anna Berg",
        "",
        *_BODY_EN,
    ]
    assert _title_and_lede(lines, use_model)[0] == "Council approves tram extension to northern suburbs"


@pytest.mark.parametrize("use_model", [True, False])
def test_headline_then_standfirst(use_model: bool) -> None:
    headline = "Council approves tram extension to northern suburbs"
    standfirst = (
        "The vote ends a decade of campaigning by residents who rely on slow buses to reach the centre"
    )
    lines = [
        "Northern Courier",
        "News | City | Sport",
        "",
        headline,
        "",
        standfirst,
        "",
        "By Anna Berg",
        "",
        *_BODY_EN,
    ]
    assert _title_and_lede(lines, use_model) == (headline, standfirst)


@pytest.mark.parametrize("use_model", [True, False])
def test_wire_dateline_with_the_outlet_is_not_the_title(use_model: bool) -> None:
    lines = [
        "البرلمان يقر موازنة العام المقبل بعد نقاش طويل",
        "",
        "الرباط - وكالة المغرب الكبير للأنباء",
        "",
        "أقر البرلمان، مساء الخميس، مشروع الموازنة العامة للعام المقبل بأغلبية أعضائه بعد نقاش استمر ثلاثة أيام.",
        "",
        "وقال رئيس لجنة المالية إن الموازنة تركز على الاستثمار في البنية التحتية والتعليم والصحة.",
    ]
    assert _title_and_lede(lines, use_model)[0] == "البرلمان يقر موازنة العام المقبل بعد نقاش طويل"


def test_a_bare_date_under_the_title_is_the_dateline() -> None:
    lines = [
        "Council approves tram extension to northern suburbs",
        "",
        "Tuesday 12 March 2024",
        "",
        *_BODY_EN,
    ]
    blocks = label_lines(lines, settings=SETTINGS)
    assert blocks[2].label is Label.DATELINE


def test_related_header_keeps_its_label_and_reason() -> None:
    lines = [
        *_BODY_EN[:5],
        "",
        "Read more",
        "Bus fares to rise in the spring",
        "New cycle lanes for the old town",
    ]
    blocks = label_lines(lines, settings=SETTINGS)
    header = next(b for b in blocks if b.text == "Read more")
    assert (header.label, header.reason) == (Label.RELATED_HEADER, "related-articles header")
    assert [b.label for b in blocks[-2:]] == [Label.RELATED_ITEM, Label.RELATED_ITEM]


def test_outlet_named_in_the_copyright_line_is_not_the_title() -> None:
    # No navigation after it, so only the copyright line shows that the first line is the outlet.
    lines = ["Northern Courier", "", "Council approves tram extension to northern suburbs", "", *_BODY_EN]
    assert _title_and_lede(lines, False)[0] == "Council approves tram extension to northern suburbs"


# --- the labeller's model (found by marsad.resources' one rule; rules alone when it is missing)
def test_labeller_falls_back_to_rules_with_a_warning(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from marsad import resources
    from marsad.extract import labeller

    monkeypatch.setattr(resources, "PACKAGE_MODELS", tmp_path / "a")
    monkeypatch.delenv("MARSAD_MODELS", raising=False)
    labeller.load_tagger.cache_clear()
    try:
        with caplog.at_level(logging.WARNING, logger="marsad.extract.labeller"):
            assert labeller.load_tagger() is None
        assert "rule-only fallback" in caplog.text
        blocks = labeller.label_lines(
            ["Menu", "", "A title for the page here", "", "A long sentence " * 5 + "."], settings=SETTINGS
        )
        assert len(blocks) == 5
    finally:
        labeller.load_tagger.cache_clear()


def test_committed_model_loads_once() -> None:
    from marsad.extract import labeller

    labeller.load_tagger.cache_clear()
    t = labeller.load_tagger()
    assert t is not None, "models/dump_labeller.crfsuite should be committed"
    assert labeller.load_tagger() is t


# --- headline evidence from the page's other lines (marsad.extract.headline)

_BODY_AR = [
    "قالت وكالة الأنباء السعودية، الاثنين، إن قوات الدفاع الجوي دمرت صاروخا باليستيا أطلق باتجاه مدينة جازان.",
    "",
    "ونقلت الوكالة عن المتحدث باسم التحالف قوله إن الصاروخ أطلق من محافظة صعدة ولم يسفر عن إصابات.",
    "",
    "وأضاف المتحدث أن قوات التحالف ستواصل اتخاذ الإجراءات اللازمة لحماية المدنيين في المنطقة.",
]


def test_a_caption_cut_from_the_headline_picks_it_over_a_menu_row() -> None:
    headline = "الدفاع الجوي السعودي يدمر صاروخا باليستيا فوق جازان"
    lines = [
        "تقارير مصرية برلمان دين وفتاوى صحة وطب سيارات تعليم",
        "",
        headline,
        "",
        "الاثنين، 21 مايو 2018 04:57 م",
        "",
        "الدفاع الجوي السعودي يدمر صاروخا (صورة أرشيفية)",
        "",
        *_BODY_AR,
    ]
    assert _title_and_lede(lines, True)[0] == headline


def test_a_headline_its_caption_repeats_is_not_an_outlet_name() -> None:
    # A short headline inside a credited caption: the caption's text is no outlet reference.
    headline = "مشكلات هندسية تهدد الجسر الصيني"
    lines = [
        "الرئيسية سياسة",
        "",
        headline,
        "",
        "دبي - أحمد سالم",
        "",
        f"{headline} ـ (رويترز)",
        "",
        *_BODY_AR,
    ]
    assert _title_and_lede(lines, True)[0] == headline


def test_a_headline_with_a_year_after_since_is_a_headline() -> None:
    headline = "الجنيه الاسترليني يسجل أطول سلسلة خسائر منذ 2008"
    body = [
        "هبط الجنيه الاسترليني للجلسة الثانية عشرة على التوالي، مسجلا أطول سلسلة خسائر منذ عام 2008.",
        "",
        "وتراجع الجنيه الاسترليني بشكل حاد مع تنامي قلق المتعاملين من خروج بريطانيا دون اتفاق.",
    ]
    lines = ["الرئيسية سياسة اقتصاد", "", headline, "", *body]
    assert _title_and_lede(lines, True)[0] == headline


def test_a_related_cue_in_a_menu_laid_one_link_a_line_heads_nothing() -> None:
    headline = "ماكرون يدعو إلى وقف التصعيد بين إسرائيل وإيران"
    lines = ["العالم العربي", "الخليج", "تقارير", "الأكثر قراءة", "", headline, "", *_BODY_AR]
    blocks = label_lines(lines, settings=SETTINGS)
    assert blocks[3].label is not Label.RELATED_HEADER
    assert blocks[5].label is not Label.RELATED_ITEM


def test_a_related_list_with_maghreb_dates_keeps_all_its_items() -> None:
    items = ["وكالة رسمية تعلن موعد الانتخابات المقبلة", "مجموعات متباينة في قرعة دوري أبطال أوروبا"]
    lines = [*_BODY_AR, "", "المزيد من وطنية", items[0], "5 جوان 2018", items[1], "5 جوان 2018"]
    blocks = label_lines(lines, settings=SETTINGS)
    assert [b.text for b in blocks if b.label is Label.RELATED_ITEM] == items


def test_a_read_more_line_with_a_headline_is_a_related_item() -> None:
    item = "اقرأ المزيد ملياردير ياباني يعتزم القيام بأول رحلة سياحية إلى القمر"
    lines = [*_BODY_AR[:3], "", item, "", *_BODY_AR[4:], "", "اقرأ المزيد"]
    blocks = label_lines(lines, settings=SETTINGS)
    assert next(b for b in blocks if b.text == item).label is Label.RELATED_ITEM
    assert blocks[-1].label is not Label.RELATED_ITEM  # the link alone is no item
