"""The reading room: server-rendered, right-to-left HTML pages over the store.

Pages work without JavaScript; static/marsad.js only adds a source-chain popover and remembers
the article page's layer switches. Labels come from serve/i18n.py in one language at a time
(`?ui=ar|en`, kept in a cookie by `render`). Templates are
rendered with autoescape on, and `finalize` turns bidi controls in any printed string into
visible markers, so page text can neither inject markup nor reorder the text around it.
"""

from __future__ import annotations

import calendar
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode, urlsplit

import jinja2
from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from marsad.serve import i18n
from marsad.serve.api import StoreDep, search_query
from marsad.serve.charts import day_chart
from marsad.serve.markup import (
    CERTAINTY_SYMBOLS,
    article_path,
    entity_path,
    neutralise_bidi,
    outlet_path,
    safe_href,
    snippet_html,
    story_path,
)
from marsad.serve.params import (
    STORIES_MIN_ARTICLES,
    ArticleId,
    EntityId,
    EntityQ,
    MinArticlesQ,
    NameQ,
    Offset,
    OutletQ,
    SinceQ,
    StoryId,
    UntilQ,
    blank_to_none,
)
from marsad.serve.views import (
    CERTAINTY_LABELS,
    DUP_KIND_LABELS,
    SOURCE_KIND_LABELS,
    article_story,
    build_article_view,
    build_story_view,
    canonical_ids,
    chain_text,
    copy_views,
    hit_reprints,
    home_stories,
)
from marsad.store.base import FacetCount, SearchQuery, SearchResult, Store, StoryFilter
from marsad.store.query import QueryError, Sort

__all__ = ["FEED_FORMATS", "feed_urls", "render_error", "router"]

# Every page refuses an unknown interface language (?ui=xx) with a 400 naming the accepted ones.
router = APIRouter(include_in_schema=False, dependencies=[Depends(i18n.check_ui)])

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"

# Labels are i18n keys: the templates show them with t(…) in the reader's language.
FACET_LABELS = {name: f"facet.{name}" for name in ("outlet", "entity", "date", "language")}
FILTER_NAMES = ("entity", "outlet", "since", "until", "lang", "certainty", "event_type")
FILTER_LABELS = {name: f"filter.{name}" for name in FILTER_NAMES}
# The search form's order choices (query language, issue 13.3), as i18n keys.
SORT_LABELS = {sort: f"sort.{sort.value}" for sort in Sort}


def _finalize(value: Any) -> Any:
    """Applied to every `{{ … }}`: None prints nothing; bidi controls in strings become visible."""
    if value is None:
        return ""
    if isinstance(value, str) and not isinstance(value, Markup):
        return neutralise_bidi(value)
    return value


def make_env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,  # every template, whatever its extension
        finalize=_finalize,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["href"] = safe_href
    env.filters["entity_url"] = entity_path
    env.filters["article_url"] = article_path
    env.filters["story_url"] = story_path
    env.filters["day"] = lambda s: (s or "")[:10]
    env.globals["certainty_labels"] = CERTAINTY_LABELS
    env.globals["source_kinds"] = SOURCE_KIND_LABELS
    env.globals["dup_kinds"] = DUP_KIND_LABELS
    env.globals["chain_text"] = chain_text
    # --- room (issue 13.1/13.4): outlet links, SVG charts from counts a page already holds ---
    env.filters["outlet_url"] = outlet_path
    env.globals["day_chart"] = day_chart
    env.globals["certainty_symbols"] = CERTAINTY_SYMBOLS
    i18n.install(env)
    return env


templates = Jinja2Templates(env=make_env())


def render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    s = request.app.state.settings  # the app's (create_app): chart length, lists shown open
    context = {"chart_days": s.room_chart_days, "list_open_max": s.page_list_open_max, **context}
    response = templates.TemplateResponse(request, name, context, status_code=status)
    i18n.remember_ui(request, response)
    return response


def render_error(request: Request, status: int, message: str) -> Response:
    return render(request, "error.html", {"status": status, "message": message}, status)


def _url(path: str, params: dict[str, Any]) -> str:
    clean = {k: v for k, v in params.items() if v not in (None, "") and not (k == "offset" and v == 0)}
    return f"{path}?{urlencode(clean)}" if clean else path


# --- i18na (issue 13.7): a search's feed and exports (serve/feeds.py), linked from its pages ---
FEED_FORMATS = ("atom", "csv", "jsonl")


def feed_urls(query_string: str) -> dict[str, str]:
    """/search.atom, .csv and .jsonl with a search's parameters ("" for every article)."""
    tail = f"?{query_string}" if query_string else ""
    return {fmt: f"/search.{fmt}{tail}" for fmt in FEED_FORMATS}


def _month_range(value: str) -> tuple[str, str]:
    """A YYYY-MM facet value as an inclusive since/until pair."""
    try:
        year, month = int(value[:4]), int(value[5:7])
        last = calendar.monthrange(year, month)[1]
    except (ValueError, calendar.IllegalMonthError):
        return value, value
    return f"{value[:7]}-01", f"{value[:7]}-{last:02d}"


def _split_label(label: str) -> tuple[str, str | None]:
    """ "روسيا (Russia)" → ("روسيا", "Russia"): each script in its own isolate, or the
    parentheses land on the wrong side when a line wraps."""
    if label.endswith(")") and " (" in label:
        name, _, latin = label[:-1].rpartition(" (")
        if name and latin:
            return name, latin
    return label, None


def _params(query: SearchQuery) -> dict[str, Any]:
    return {
        "q": query.text,
        "entity": query.entity,
        "outlet": query.outlet,
        "since": query.since,
        "until": query.until,
        "lang": query.lang,
        "certainty": query.certainty,
        "event_type": query.event_type,
        "sort": None if query.sort is Sort.relevance else query.sort.value,
    }


def _facet_links(query: SearchQuery, facets: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Each facet value with the URL that adds it as a filter (and whether it is active)."""
    base = _params(query)
    out: dict[str, list[dict[str, Any]]] = {}
    for name, counts in facets.items():
        rows = []
        for f in counts:
            if name == "date":
                since, until = _month_range(f.value)
                changes = {"since": since, "until": until}
                active = query.since == since and query.until == until
            else:
                key = "lang" if name == "language" else name
                changes = {key: f.value}
                active = base.get(key) == f.value
            label, latin = _split_label(f.label) if name == "entity" else (f.label, None)
            rows.append(
                {
                    "label": label,
                    "latin": latin,
                    "count": f.count,
                    "active": active,
                    "url": _url("/search", {**base, **changes}),
                }
            )
        out[name] = rows
    return out


# Moved from / (issue 13.1): the home page is the stories now; serve/room.py redirects /?q=… here.
@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request, store: StoreDep, query: Annotated[SearchQuery, Depends(search_query)]
) -> Response:
    try:
        result = store.search(query)
        facets = store.facets(query)
    except QueryError as exc:
        # The form comes back with the query as typed and what is wrong with it (and where).
        return render(request, "search.html", _search_context(query, None, {}, store, str(exc)), 400)
    return render(request, "search.html", _search_context(query, result, facets, store, None))


def _search_context(
    query: SearchQuery,
    result: SearchResult | None,
    facets: dict[str, list[FacetCount]],
    store: Store,
    error: str | None,
) -> dict[str, Any]:
    total = result.total if result is not None else 0
    base = _params(query)
    # An entity filter holds an id; show the name the entity facet gives it.
    entity_names = {f.value: f.label for f in facets.get("entity", [])}
    chips = [
        {
            "name": FILTER_LABELS[k],
            "value": entity_names.get(base[k], base[k]) if k == "entity" else base[k],
            "url": _url("/search", {**base, k: None}),
        }
        for k in FILTER_NAMES
        if base.get(k)
    ]
    prev_url = (
        _url("/search", {**base, "offset": max(0, query.offset - query.limit), "limit": query.limit})
        if query.offset > 0
        else None
    )
    next_url = (
        _url("/search", {**base, "offset": query.offset + query.limit, "limit": query.limit})
        if query.offset + query.limit < total
        else None
    )
    found = result.hits if result is not None else []
    copies = hit_reprints(store, found)
    hits = [{"hit": h, "snippet": snippet_html(h.snippet), "reprints": copies.get(h.id, [])} for h in found]
    # The home page (no query, no filter) opens with the biggest recent stories.
    landing = not query.text and not chips and query.offset == 0
    return {
        "query": query,
        "total": total,
        "hits": hits,
        "chips": chips,
        "facets": _facet_links(query, facets),
        "facet_labels": FACET_LABELS,
        "prev_url": prev_url,
        "next_url": next_url,
        "top_stories": home_stories(store) if landing and error is None else [],
        "query_error": error,
        "sort_labels": SORT_LABELS,
        # The same search as a feed and downloads (no paging: an export starts at the first hit).
        "feed_urls": feed_urls(urlsplit(_url("/", base)).query),
    }


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: ArticleId, store: StoreDep) -> Response:
    article = store.get(article_id)
    if article is None:
        return render_error(request, 404, f"no article with id {article_id!r}")
    ids = canonical_ids(store, article)
    view = build_article_view(article, ids, i18n.ui_lang(request))
    outlet = article.outlet_name
    source_url = safe_href(article.canonical_url) or safe_href(article.source.url)
    return render(
        request,
        "article.html",
        {
            "id": article_id,
            "a": article,
            "view": view,
            "outlet": outlet,
            "ids": ids,
            "source_url": source_url,
            "source_host": urlsplit(source_url).hostname if source_url else None,
            "story": article_story(store, article_id, article.story),
            "copies": copy_views(store.reprints(article_id)),
        },
    )


@router.get("/stories", response_class=HTMLResponse)
def stories_page(
    request: Request,
    store: StoreDep,
    since: SinceQ = None,
    until: UntilQ = None,
    entity: EntityQ = None,
    outlet: OutletQ = None,
    min_articles: MinArticlesQ = STORIES_MIN_ARTICLES,
    offset: Offset = 0,
) -> Response:
    params: dict[str, Any] = {
        "since": blank_to_none(since),
        "until": blank_to_none(until),
        "entity": blank_to_none(entity),
        "outlet": blank_to_none(outlet),
    }
    limit = store.settings.stories_per_page
    listing = store.stories(
        offset=offset, limit=limit, filters=StoryFilter(**params, min_articles=min_articles)
    )
    # Links keep the filters; the default least size is left out of them.
    keep = {
        **params,
        "min_articles": None if min_articles == store.settings.stories_min_articles else min_articles,
    }
    return render(
        request,
        "stories.html",
        {
            "stories": listing.stories,
            "total": listing.total,
            "filters": params,
            "min_articles": min_articles,
            "prev_url": _url("/stories", {**keep, "offset": max(0, offset - limit)}) if offset else None,
            "next_url": (
                _url("/stories", {**keep, "offset": offset + limit})
                if offset + limit < listing.total
                else None
            ),
        },
    )


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, story_id: StoryId, store: StoreDep) -> Response:
    record = store.story(story_id)
    if record is None:
        return render_error(request, 404, f"no story with id {story_id!r}")
    if record.id != story_id:
        # A story merged into another: the survivor's page is the story's page now.
        return RedirectResponse(story_path(record.id), status_code=303)
    return render(request, "story.html", {"view": build_story_view(record), "s": record})


@router.get("/entities", response_class=HTMLResponse)
def entities_page(
    request: Request,
    store: StoreDep,
    q: NameQ = None,
    offset: Offset = 0,
) -> Response:
    limit = store.settings.entities_per_page
    items = store.entities(offset=offset, limit=limit + 1, q=blank_to_none(q))
    more = len(items) > limit
    return render(
        request,
        "entities.html",
        {
            "q": q or "",
            "items": items[:limit],
            # Trending entities (issue 13.4) head the first page of the full list.
            "trending": (
                store.trending(store.settings.room_trending_days, store.settings.room_trending_limit)
                if not offset and not q
                else []
            ),
            "trending_days": store.settings.room_trending_days,
            "prev_url": _url("/entities", {"q": q, "offset": max(0, offset - limit)}) if offset else None,
            "next_url": _url("/entities", {"q": q, "offset": offset + limit}) if more else None,
        },
    )


@router.get("/entities/{entity_id}", response_class=HTMLResponse)
def entity_page(request: Request, entity_id: EntityId, store: StoreDep) -> Response:
    record = store.entity(entity_id)
    if record is None:
        # A name or an article-local id: send the reader to the canonical page when there is one.
        found = store.resolve_entity(entity_id)
        if found and found[0] != entity_id:
            return RedirectResponse(entity_path(found[0]), status_code=303)
        return render_error(request, 404, f"no entity with id {entity_id!r}")
    articles = store.search(SearchQuery(entity=record.id, limit=20))
    peak = max((c for _, c in record.timeline), default=0)
    undated = max(0, record.articles - sum(c for _, c in record.timeline))
    return render(
        request,
        "entity.html",
        {
            "e": record,
            "articles": articles,
            "peak": peak,
            "undated": undated,
            "days": store.entity_days(record.id),  # room (issue 13.4): the per-day chart
            "articles_url": _url("/search", {"entity": record.id}),
        },
    )
