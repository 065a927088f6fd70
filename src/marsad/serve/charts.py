"""Charts as server-side SVG: articles per day for an entity, a story, a search; sparklines.

No JavaScript and nothing inline a strict CSP forbids: colours and sizes are SVG presentation
attributes (`fill`, `font-size`), which a CSP does not govern, plus classes the pages' stylesheet
may refine. The same markup is a page's inline figure and a standalone `.svg` answer.

Accessible: every chart is `role="img"` with a `<title>` (its accessible name) and a `<desc>` (a
one-sentence text summary); each bar carries its own `<title>` (day: count) for a pointer hover.
Pages print the counts as a table next to the chart too (`chart.html`).

Days without an article are drawn as zero: a series is made contiguous (`fill_days`) before it is
drawn, so a quiet week shows as a gap on the axis, not as two busy days side by side. Time runs
left to right, as numbers and dates do inside Arabic text.

Every string drawn comes from the store (titles, names: page text, hostile until escaped) and is
escaped here, piece by piece, with bidi controls made visible as everywhere else on the site.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from markupsafe import Markup, escape

from marsad.serve.i18n import DEFAULT_UI, human_date, translate
from marsad.serve.markup import neutralise_bidi
from marsad.store.room_views import DayCount

__all__ = [
    "ChartSeries",
    "bar_chart_svg",
    "day_bound",
    "day_chart",
    "fill_days",
    "series_summary",
    "sparkline_svg",
]

# Drawing sizes (SVG user units; pages scale the chart to their width with viewBox).
WIDTH, HEIGHT = 640, 180
PAD_TOP, PAD_BOTTOM, PAD_SIDE = 22, 26, 8
SPARK_WIDTH, SPARK_HEIGHT = 120, 28
BAR_FILL = "#0b6e4f"  # the site's accent colour (marsad.css --accent)
AXIS_FILL = "#5b6570"  # the site's muted text colour
GRID_STROKE = "#d9dee3"


@dataclass(slots=True)
class ChartSeries:
    """A contiguous day series, ready to draw: every day from `days[0]` to `days[-1]`."""

    days: list[DayCount]
    total: int  # articles over the drawn days
    dropped: int  # articles on days before the drawn window (a long series keeps its last days)

    @property
    def peak(self) -> DayCount | None:
        return max(self.days, key=lambda d: (d[1], d[0])) if self.days else None

    @property
    def nonzero(self) -> list[DayCount]:
        return [d for d in self.days if d[1]]


def _as_date(day: str) -> date | None:
    try:
        return date.fromisoformat(day[:10])
    except ValueError:
        return None


def day_bound(value: str | None, *, end: bool) -> str | None:
    """A filter date (YYYY-MM, a day, a datetime) as a day: a month's first or (`end`) last day."""
    if not value:
        return None
    text = value.strip()
    if len(text) == 7:
        try:
            year, month = int(text[:4]), int(text[5:7])
            last = calendar.monthrange(year, month)[1]
        except (ValueError, calendar.IllegalMonthError):
            return None
        return f"{text}-{last:02d}" if end else f"{text}-01"
    return text[:10] if _as_date(text) else None


def fill_days(
    counts: Sequence[DayCount], *, start: str | None = None, end: str | None = None, max_days: int = 90
) -> ChartSeries:
    """`counts` as a contiguous series from `start` (default: the first day with a count) to
    `end` (default: the last), days without a count as zero; past `max_days` days, the last
    `max_days` (the `dropped` articles before them are counted, not drawn)."""
    dated = sorted((d, n) for d, n in ((_as_date(day), n) for day, n in counts) if d is not None)
    last = _as_date(end) if end else (dated[-1][0] if dated else None)
    first = _as_date(start) if start else (dated[0][0] if dated else None)
    if first is None or last is None or first > last:
        return ChartSeries([], 0, 0)
    first = max(first, last - timedelta(days=max(1, max_days) - 1))
    per_day: dict[date, int] = {}
    for d, n in dated:
        per_day[d] = per_day.get(d, 0) + n
    span = (last - first).days + 1
    days = [
        ((first + timedelta(days=i)).isoformat(), per_day.get(first + timedelta(days=i), 0))
        for i in range(span)
    ]
    dropped = sum(n for d, n in per_day.items() if d < first)
    return ChartSeries(days, sum(n for _, n in days), dropped)


def series_summary(series: ChartSeries, lang: str = DEFAULT_UI) -> str:
    """The chart in one sentence in the interface language `lang` (its `<desc>`, an `<img>` alt,
    a screen reader's text)."""
    peak = series.peak
    if not series.days or peak is None:
        return translate(lang, "chart.summary_none")
    # Days in words, as on the pages (issue 13.6): this sentence is what a screen reader says.
    span = f"{human_date(series.days[0][0], lang)} – {human_date(series.days[-1][0], lang)}"
    text = translate(
        lang,
        "chart.summary",
        total=series.total,
        days=len(series.days),
        span=span,
        peak_day=human_date(peak[0], lang),
        peak=peak[1],
    )
    if series.dropped:
        text += translate(lang, "chart.summary_dropped", n=series.dropped)
    return text


def _text(value: str) -> Markup:
    return escape(neutralise_bidi(value))


def _bars(series: ChartSeries, x0: float, y0: float, width: float, height: float) -> list[str]:
    peak = series.peak[1] if series.peak else 0
    step = width / max(1, len(series.days))
    gap = min(1.0, step / 4)
    out = []
    for i, (day, n) in enumerate(series.days):
        h = (height * n / peak) if peak else 0.0
        # A zero day is still a (flat) bar with its title: hovering the gap says "0".
        out.append(
            f'<rect class="bar" x="{x0 + i * step:.2f}" y="{y0 + height - h:.2f}" width="{max(0.5, step - gap):.2f}"'
            f' height="{h:.2f}" fill="{BAR_FILL}"><title>{_text(day)}: {n}</title></rect>'
        )
    return out


def bar_chart_svg(series: ChartSeries, title: str, chart_id: str, lang: str = DEFAULT_UI) -> Markup:
    """A bar chart of articles per day, titled `title` (page text: escaped here).

    `chart_id` makes the ids inside unique on a page that holds several charts."""
    cid = escape(chart_id)
    plot_w, plot_h = WIDTH - 2 * PAD_SIDE, HEIGHT - PAD_TOP - PAD_BOTTOM
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {HEIGHT}"'
        f' width="{WIDTH}" height="{HEIGHT}" role="img" aria-labelledby="{cid}-t {cid}-d" direction="ltr">',
        f'<title id="{cid}-t">{_text(title)}</title>',
        f'<desc id="{cid}-d">{_text(series_summary(series, lang))}</desc>',
        f'<line x1="{PAD_SIDE}" y1="{PAD_TOP + plot_h}" x2="{WIDTH - PAD_SIDE}" y2="{PAD_TOP + plot_h}"'
        f' stroke="{GRID_STROKE}" stroke-width="1"/>',
    ]
    peak = series.peak
    if series.days and peak is not None:
        parts.append(
            f'<line x1="{PAD_SIDE}" y1="{PAD_TOP}" x2="{WIDTH - PAD_SIDE}" y2="{PAD_TOP}" stroke="{GRID_STROKE}"'
            ' stroke-width="1" stroke-dasharray="4 4"/>'
        )
        parts += _bars(series, PAD_SIDE, PAD_TOP, plot_w, plot_h)
        label = f'font-size="12" fill="{AXIS_FILL}" font-family="Liberation Sans, Arial, sans-serif"'
        base = HEIGHT - 8
        parts += [
            f'<text class="axis" x="{PAD_SIDE}" y="{PAD_TOP - 6}" {label}>{peak[1]}</text>',
            f'<text class="axis" x="{PAD_SIDE}" y="{base}" {label}>{_text(series.days[0][0])}</text>',
            f'<text class="axis" x="{WIDTH - PAD_SIDE}" y="{base}" text-anchor="end" {label}>'
            f"{_text(series.days[-1][0])}</text>",
        ]
    else:
        parts.append(
            f'<text class="axis" x="{WIDTH / 2}" y="{HEIGHT / 2}" text-anchor="middle" font-size="14"'
            f' fill="{AXIS_FILL}">{escape(translate(lang, "chart.no_dates"))}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def sparkline_svg(series: ChartSeries, title: str, lang: str = DEFAULT_UI) -> Markup:
    """A small bar sparkline for a listing row: name and summary in its `<title>`."""
    peak = series.peak[1] if series.peak else 0
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="sparkline" viewBox="0 0 {SPARK_WIDTH} {SPARK_HEIGHT}"'
        f' width="{SPARK_WIDTH}" height="{SPARK_HEIGHT}" role="img" direction="ltr">',
        f"<title>{_text(title)}: {_text(series_summary(series, lang))}</title>",
        f'<line x1="0" y1="{SPARK_HEIGHT - 0.5}" x2="{SPARK_WIDTH}" y2="{SPARK_HEIGHT - 0.5}"'
        f' stroke="{GRID_STROKE}" stroke-width="1"/>',
    ]
    if peak:
        parts += _bars(series, 0, 1, SPARK_WIDTH, SPARK_HEIGHT - 2)
    parts.append("</svg>")
    return Markup("".join(parts))


def day_chart(
    counts: Sequence[DayCount],
    title: str,
    chart_id: str,
    *,
    start: str | None = None,
    end: str | None = None,
    max_days: int = 90,
    lang: str = DEFAULT_UI,
) -> Markup:
    """`bar_chart_svg` of `counts` made contiguous (a template global: pages that already hold
    the counts, like the story page, draw them without another query)."""
    return bar_chart_svg(fill_days(counts, start=start, end=end, max_days=max_days), title, chart_id, lang)
