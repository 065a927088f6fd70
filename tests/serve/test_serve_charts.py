"""serve/charts.py: contiguous day series, and SVG that is well-formed, accessible and inert."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from marsad.serve.charts import (
    ChartSeries,
    bar_chart_svg,
    day_bound,
    day_chart,
    fill_days,
    series_summary,
    sparkline_svg,
)

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup: str) -> ET.Element:
    return ET.fromstring(markup)  # raises on anything not well-formed (unescaped text, bad nesting)


def test_days_without_articles_are_zero() -> None:
    s = fill_days([("2024-01-04", 1), ("2024-01-01", 2), ("2024-01-01T08:00", 1)])
    assert s.days == [("2024-01-01", 3), ("2024-01-02", 0), ("2024-01-03", 0), ("2024-01-04", 1)]
    assert (s.total, s.dropped, s.peak, s.nonzero) == (4, 0, ("2024-01-01", 3), [s.days[0], s.days[3]])


def test_a_window_bounds_the_series_and_a_long_one_keeps_its_last_days() -> None:
    counts = [("2024-01-01", 5), ("2024-01-10", 2)]
    window = fill_days(counts, start="2023-12-30", end="2024-01-11")
    assert len(window.days) == 13 and window.days[0] == ("2023-12-30", 0) and window.total == 7
    last = fill_days(counts, max_days=3)
    assert [d for d, _ in last.days] == ["2024-01-08", "2024-01-09", "2024-01-10"]
    assert (last.total, last.dropped) == (2, 5)
    assert "5 earlier articles not drawn" in series_summary(last, "en")
    assert "و5 من المقالات قبلها غير مرسومة" in series_summary(last)  # Arabic by default
    assert fill_days(counts, start="2024-02-01", end="2024-01-01").days == []
    assert fill_days([]).days == [] and fill_days([("junk", 3)]).days == []


def test_filter_dates_become_days() -> None:
    assert day_bound("2024-02", end=False) == "2024-02-01"
    assert day_bound("2024-02", end=True) == "2024-02-29"
    assert day_bound("2023-02", end=True) == "2023-02-28"
    assert day_bound("2024-05-01T12:30+03:00", end=True) == "2024-05-01"
    assert day_bound(None, end=True) is None and day_bound("2024-13", end=False) is None


def test_a_bar_chart_is_an_accessible_image_with_a_bar_per_day() -> None:
    s = fill_days([("2024-04-08", 3), ("2024-04-10", 1)])
    root = parse(bar_chart_svg(s, "حريق — articles per day", "c1"))
    assert root.get("role") == "img" and root.get("aria-labelledby") == "c1-t c1-d"
    assert root.find(f"{SVG}title").get("id") == "c1-t"  # type: ignore[union-attr]
    assert root.find(f"{SVG}title").text == "حريق — articles per day"  # type: ignore[union-attr]
    desc = root.find(f"{SVG}desc")
    assert desc is not None and desc.text == series_summary(s)
    assert (
        desc.text
        == "4 من المقالات في 3 من الأيام (8 أبريل 2024 – 10 أبريل 2024)؛ أكثر الأيام 8 أبريل 2024: 3."
    )
    english = parse(bar_chart_svg(s, "t", "c1", "en")).find(f"{SVG}desc")
    assert english is not None
    assert (
        english.text == "4 articles over 3 days (8 April 2024 – 10 April 2024); busiest day 8 April 2024: 3."
    )
    bars = root.findall(f"{SVG}rect")
    assert [b.find(f"{SVG}title").text for b in bars] == ["2024-04-08: 3", "2024-04-09: 0", "2024-04-10: 1"]  # type: ignore[union-attr]
    heights = [float(b.get("height") or -1) for b in bars]
    assert heights[1] == 0 < heights[2] < heights[0]  # a zero day is a flat bar, scaled to the peak
    assert not [e for e in root.iter() if "style" in e.attrib or e.tag.endswith("script")]


def test_text_in_a_chart_is_escaped_and_bidi_controls_shown() -> None:
    hostile = "<script>alert(1)</script>\u202e evil"
    markup = str(bar_chart_svg(fill_days([("2024-01-01", 1)]), hostile, 'x"><script>'))
    assert "<script>" not in markup and "\u202e" not in markup and "[U+202E]" in markup
    root = parse(markup)
    assert root.find(f"{SVG}title").text.startswith("<script>")  # type: ignore[union-attr]
    assert not [e for e in root.iter() if e.tag.endswith("script")]
    spark = str(sparkline_svg(fill_days([("2024-01-01", 1)]), hostile))
    assert "<script>" not in spark and not [e for e in parse(spark).iter() if e.tag.endswith("script")]


def test_an_empty_series_still_draws_a_titled_image() -> None:
    root = parse(bar_chart_svg(ChartSeries([], 0, 0), "nothing", "c2"))
    assert root.get("role") == "img" and root.findall(f"{SVG}rect") == []
    assert "لا مقالات مؤرَّخة" in "".join(root.itertext())
    english = parse(bar_chart_svg(ChartSeries([], 0, 0), "nothing", "c2", "en"))
    assert "no dated articles" in "".join(english.itertext())
    spark = parse(sparkline_svg(ChartSeries([], 0, 0), "nothing", "en"))
    assert spark.findall(f"{SVG}rect") == [] and "No dated articles." in (
        spark.find(f"{SVG}title").text or ""
    )  # type: ignore[union-attr]


def test_a_sparkline_and_day_chart() -> None:
    s = fill_days([("2024-01-01", 1), ("2024-01-03", 2)])
    spark = parse(sparkline_svg(s, "قصة", "en"))
    assert spark.get("role") == "img" and len(spark.findall(f"{SVG}rect")) == 3
    assert (spark.find(f"{SVG}title").text or "").startswith("قصة: 3 articles over 3 days")  # type: ignore[union-attr]
    chart = parse(day_chart([("2024-01-01", 1)], "t", "c3", start="2023-12-25", end="2024-01-01", max_days=5))
    assert [b.find(f"{SVG}title").text for b in chart.findall(f"{SVG}rect")][-1] == "2024-01-01: 1"  # type: ignore[union-attr]
    assert len(chart.findall(f"{SVG}rect")) == 5
