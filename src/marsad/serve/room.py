"""The newsroom pages: stories first on the home page, charts, outlets, comparisons, trending.

- `/`: the biggest stories of the last days (each with a sparkline of its articles per day) and
  the trending entities. Any query string (`/?q=…`, an old search link) is redirected to
  `/search` with the same parameters: links made before the search moved keep working.
- `/charts/entity/{id}.svg`, `/charts/story/{id}.svg`, `/charts/search.svg?<search params>`:
  articles per day as SVG (serve/charts.py), the same charts the pages embed.
- `/outlets`, `/outlets/{name}`: the outlets, and one outlet's volume, entities, stories and the
  certainty profile of its claims.
- `/compare?a=&b=`: two outlets or two entities side by side (`kind` picks one when a name is
  both), drawn over the same days.

Every page is server-rendered with no script of its own; bad input is a 422 or 404 page that
says why (the shared error handlers), never an empty page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup

from marsad.serve import i18n
from marsad.serve.api import StoreDep, search_query
from marsad.serve.charts import ChartSeries, bar_chart_svg, day_bound, fill_days, sparkline_svg
from marsad.serve.markup import entity_path, outlet_path
from marsad.serve.params import EntityId, NameText, StoryId, blank_to_none
from marsad.serve.views import certainty_order, recent_since
from marsad.serve.web import render
from marsad.store.base import SearchQuery, Store, StoryFilter, StorySummary
from marsad.store.room_views import DayCount

__all__ = ["router"]

# Pages and charts take `?ui=ar|en` (labels and chart titles in that language); another value is a 400.
router = APIRouter(include_in_schema=False, dependencies=[Depends(i18n.check_ui)])

SVG_TYPE = "image/svg+xml"

OutletName = Annotated[NameText, Path(description="An outlet name in either script.")]
CompareName = Annotated[NameText | None, Query(description="An outlet or entity name, or an entity id.")]
# "" is the form's "auto" choice: the same as leaving it out.
CompareKind = Annotated[
    Literal["outlet", "entity", ""] | None, Query(description="Compare outlets or entities (default: guess).")
]


def _svg(markup: Markup) -> Response:
    return Response(str(markup), media_type=SVG_TYPE)


def _series(
    counts: list[DayCount], max_days: int, start: str | None = None, end: str | None = None
) -> ChartSeries:
    return fill_days(counts, start=start, end=end, max_days=max_days)


# --- home ------------------------------------------------------------------------------------
@dataclass(slots=True)
class StoryRow:
    st: StorySummary
    spark: Markup


def home_window(store: Store) -> tuple[str | None, str | None]:
    """(first, last) day of "the last days": the recent window of the home page (views.py
    settings.room_recent_days, counted back from the newest dated article), or (None, None) with no date."""
    last = store.newest_day()
    return (recent_since(store), last) if last else (None, None)


def per_day_title(lang: str, name: str | None = None) -> str:
    """A chart's title: "<name> — articles per day" in the interface language."""
    per_day = i18n.translate(lang, "chart.per_day")
    return f"{name} — {per_day}" if name else per_day


def story_rows(
    store: Store,
    stories: list[StorySummary],
    window: tuple[str | None, str | None],
    lang: str = i18n.DEFAULT_UI,
) -> list[StoryRow]:
    """Each story with a sparkline of its articles per day over the same window (comparable)."""
    days = store.story_days([s.id for s in stories])
    rows = []
    for s in stories:
        start, end = window if window[1] else (s.first_seen, s.last_seen)
        rows.append(
            StoryRow(
                s,
                sparkline_svg(
                    _series(days.get(s.id, []), store.settings.room_chart_days, start, end),
                    per_day_title(lang),
                    lang,
                ),
            )
        )
    return rows


@router.get("/", response_class=HTMLResponse)
def home_page(request: Request, store: StoreDep) -> Response:
    if any(key != i18n.UI_PARAM for key in request.query_params):
        # The search lived at / before: its links (and bookmarks) land on /search unchanged
        # (`?ui=` alone is the home page in another language).
        return RedirectResponse(f"/search?{request.url.query}", status_code=307)
    first, last = home_window(store)
    listing = store.stories(
        limit=store.settings.room_home_stories,
        filters=StoryFilter(since=first, min_articles=store.settings.stories_min_articles),
    )
    return render(
        request,
        "home.html",
        {
            "rows": story_rows(store, listing.stories, (first, last), i18n.ui_lang(request)),
            "first": first,
            "last": last,
            "days": store.settings.room_recent_days,
            "trending": store.trending(store.settings.room_trending_days, store.settings.room_trending_limit),
            "trending_days": store.settings.room_trending_days,
        },
    )


# --- charts ----------------------------------------------------------------------------------
def _entity_or_404(store: Store, entity_id: str) -> tuple[str, str]:
    """(canonical id, display name) of an entity id or name."""
    record = store.entity(entity_id)
    if record is None:
        found = store.resolve_entity(entity_id)
        record = store.entity(found[0]) if found else None
    if record is None:
        raise HTTPException(404, f"no entity with id or name {entity_id!r}")
    return record.id, f"{record.name} ({record.latin})" if record.latin else record.name


@router.get("/charts/entity/{entity_id}.svg")
def entity_chart(request: Request, entity_id: EntityId, store: StoreDep) -> Response:
    eid, name = _entity_or_404(store, entity_id)
    series = _series(store.entity_days(eid), store.settings.room_chart_days)
    lang = i18n.ui_lang(request)
    return _svg(bar_chart_svg(series, per_day_title(lang, name), "entity-chart", lang))


@router.get("/charts/story/{story_id}.svg")
def story_chart(request: Request, story_id: StoryId, store: StoreDep) -> Response:
    record = store.story(story_id, detail=False)
    if record is None:
        raise HTTPException(404, f"no story with id {story_id!r}")
    counts = store.story_days([record.id]).get(record.id, [])
    series = _series(counts, store.settings.room_chart_days, record.first_seen, record.last_seen)
    lang = i18n.ui_lang(request)
    return _svg(bar_chart_svg(series, per_day_title(lang, record.title or record.id), "story-chart", lang))


def search_series(store: Store, query: SearchQuery) -> ChartSeries:
    """A search's articles per day over its since/until window (else the days it finds)."""
    return _series(
        store.search_days(query),
        store.settings.room_chart_days,
        day_bound(query.since, end=False),
        day_bound(query.until, end=True),
    )


@router.get("/charts/search.svg")
def search_chart(
    request: Request, store: StoreDep, query: Annotated[SearchQuery, Depends(search_query)]
) -> Response:
    lang = i18n.ui_lang(request)
    label = f"«{query.text}»" if query.text else i18n.translate(lang, "chart.search_all")
    series = search_series(store, query)
    return _svg(bar_chart_svg(series, per_day_title(lang, label), "search-chart", lang))


# --- outlets ---------------------------------------------------------------------------------
@router.get("/outlets", response_class=HTMLResponse)
def outlets_page(request: Request, store: StoreDep) -> Response:
    return render(request, "outlets.html", {"outlets": store.outlets()})


@router.get("/outlets/{name}", response_class=HTMLResponse)
def outlet_page(request: Request, name: OutletName, store: StoreDep) -> Response:
    record = store.outlet(name, top=store.settings.room_outlet_top)
    if record is None:
        raise HTTPException(404, f"no outlet named {name!r}")
    series = _series(record.days, store.settings.room_chart_days)
    lang = i18n.ui_lang(request)
    return render(
        request,
        "outlet.html",
        {
            "o": record,
            "series": series,
            "chart": bar_chart_svg(series, per_day_title(lang, record.name), "outlet-chart", lang),
            "certainty": certainty_order(record.certainty),
            "claims": sum(record.certainty.values()),
        },
    )


# --- compare ---------------------------------------------------------------------------------
@dataclass(slots=True)
class Side:
    """One side of a comparison: what it is, its counts per day and its top list."""

    kind: Literal["outlet", "entity"]
    name: str
    latin: str | None
    url: str
    articles: int
    days: list[DayCount]
    top: list[tuple[str, str, int]] = field(default_factory=list)  # (label, url, count)
    chart: Markup | None = None
    series: ChartSeries | None = None


def _outlet_side(store: Store, name: str) -> Side | None:
    o = store.outlet(name, top=store.settings.room_outlet_top)
    if o is None:
        return None
    top = [(e.name, entity_path(e.id), e.count) for e in o.entities]
    return Side("outlet", o.name, o.latin, outlet_path(o.name), o.articles, o.days, top)


def _entity_side(store: Store, name: str) -> Side | None:
    record = store.entity(name)
    if record is None:
        found = store.resolve_entity(name)
        record = store.entity(found[0]) if found else None
    if record is None:
        return None
    top = [
        (e.name, entity_path(e.id), e.count) for e in record.co_mentioned[: store.settings.room_outlet_top]
    ]
    return Side(
        "entity", record.name, record.latin, entity_path(record.id), record.articles,
        store.entity_days(record.id), top,
    )  # fmt: skip


def compare_side(store: Store, name: str, kind: str | None) -> Side:
    """An outlet or an entity by name (`kind` says which; otherwise an outlet first)."""
    side = None
    if kind in (None, "outlet"):
        side = _outlet_side(store, name)
    if side is None and kind in (None, "entity"):
        side = _entity_side(store, name)
    if side is None:
        what = {"outlet": "outlet", "entity": "entity"}.get(kind or "", "outlet or entity")
        raise HTTPException(404, f"no {what} named {name!r}")
    return side


def draw_sides(a: Side, b: Side, max_days: int, lang: str = i18n.DEFAULT_UI) -> None:
    """Both charts over the same days (at most `max_days`), so their bars line up."""
    days = [d for d, _ in a.days + b.days]
    start, end = (min(days), max(days)) if days else (None, None)
    for i, side in enumerate((a, b)):
        series = side.series = _series(side.days, max_days, start, end)
        side.chart = bar_chart_svg(series, per_day_title(lang, side.name), f"compare-{i}", lang)


@router.get("/compare", response_class=HTMLResponse)
def compare_page(
    request: Request, store: StoreDep, a: CompareName = None, b: CompareName = None, kind: CompareKind = None
) -> Response:
    a, b, kind = blank_to_none(a), blank_to_none(b), kind or None
    context: dict[str, Any] = {"a": a or "", "b": b or "", "kind": kind or "", "sides": []}
    if a is None and b is None:
        return render(request, "compare.html", context)  # the form alone
    if a is None or b is None:
        raise HTTPException(422, "give both 'a' and 'b': two outlets or two entities to compare")
    left = compare_side(store, a, kind)
    right = compare_side(store, b, kind or left.kind)
    draw_sides(left, right, store.settings.room_chart_days, i18n.ui_lang(request))
    context["sides"] = [left, right]
    return render(request, "compare.html", context)
