"""View models for the pages: the article's blocks with entity links and claim marks (built from
offsets), a story's claims by source, an article's story and reprints, "recent" for the home page.

Kept apart from the routes so the offset arithmetic and escaping can be tested without a server.
Page text only reaches HTML through `markup.annotate` (escapes each piece) or template
autoescaping.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from markupsafe import Markup

from marsad.model import Article, Block, Claim, Entity, Event, Label, SourceRef
from marsad.serve.i18n import translate
from marsad.serve.markup import ClaimSpan, EventSpan, LinkSpan, annotate, text_html
from marsad.serve.params import CERTAINTY_LEVELS
from marsad.serve.plover import plover_name
from marsad.store.base import (
    ArticleSummary,
    Hit,
    SourceClaims,
    Store,
    StoryClaim,
    StoryFilter,
    StoryRecord,
    StorySummary,
)

__all__ = [
    "CERTAINTY_LABELS",
    "DUP_KIND_LABELS",
    "SOURCE_KIND_LABELS",
    "ArticleStoryView",
    "ArticleView",
    "BlockView",
    "ClaimView",
    "CopyView",
    "EntityView",
    "EventView",
    "MemberView",
    "SourceView",
    "StoryClaimView",
    "StoryView",
    "article_story",
    "build_article_view",
    "build_story_view",
    "canonical_ids",
    "certainty_order",
    "chain_text",
    "copy_views",
    "hit_reprints",
    "home_stories",
    "marked",
    "recent_since",
]

# How each body label is shown; chrome, blanks, bylines and related items have their own places.
BODY_LABELS = {
    Label.TITLE: "title",
    Label.LEDE: "lede",
    Label.HEADING: "heading",
    Label.PARAGRAPH: "paragraph",
    Label.DATELINE: "dateline",
    Label.CAPTION: "caption",
    Label.CREDIT: "credit",
}

# Vocabulary values → i18n keys (i18n.MESSAGES holds the words in each interface language).
CERTAINTY_LABELS = {level: f"certainty.{level}" for level in CERTAINTY_LEVELS}

SOURCE_KIND_LABELS = {
    kind: f"source.{kind}"
    for kind in ("outlet", "person", "officials", "anonymous", "document", "organization", "media", "writer")
}


def source_label(ref: SourceRef) -> str:
    """One link of a chain as plain text: name (Latin)."""
    return f"{ref.name} ({ref.latin})" if ref.latin and ref.latin != ref.name else ref.name


def chain_text(chain: list[SourceRef]) -> str:
    """The whole chain for a title attribute, nearest source first: "A ← B ← C"."""
    return " ← ".join(source_label(s) for s in chain) if chain else "بلا مصدر معلن · no stated source"


@dataclass(slots=True)
class ClaimView:
    anchor: str
    claim: Claim
    chain_title: str
    certainty_label: str


@dataclass(slots=True)
class EventView:
    event: Event
    name: str  # the PLOVER type's name in the interface language


@dataclass(slots=True)
class BlockView:
    kind: str
    html: Markup
    block: Block
    claims: list[ClaimView] = field(default_factory=list)


@dataclass(slots=True)
class EntityView:
    entity: Entity
    href_id: str  # canonical id for the link (the article's own id when the store knows no other)
    mentions: int


@dataclass(slots=True)
class ArticleView:
    title_html: Markup | None
    blocks: list[BlockView]
    claims: list[ClaimView]
    entities: list[EntityView]
    entity_names: dict[str, str]  # article entity id -> display name (for events and chains)
    entity_by_name: dict[str, str]  # entity name (either script) -> link id (event actors are names)
    events: list[EventView] = field(default_factory=list)
    sentences: int = 0  # sentences the claim layer read (every one is a claim, most asserted)


def canonical_ids(store: Store, article: Article) -> dict[str, str]:
    """Map the article's entity ids to the store's canonical ids (links must open real pages)."""
    out: dict[str, str] = {}
    for e in article.entities:
        found: list[str] = []
        for key in (e.id, e.latin, e.name):
            if key:
                found = store.resolve_entity(key)
                if found:
                    break
        out[e.id] = e.id if (not found or e.id in found) else found[0]
    return out


def _entity_title(e: Entity) -> str:
    kind = f" — {e.kind}" if e.kind else ""
    return f"{e.name} · {e.latin}{kind}" if e.latin else f"{e.name}{kind}"


# The claim layer gives every sentence a claim; one the outlet states in its own voice, unhedged
# ("asserted"), is the article itself, not a claim to weigh. Marking it too underlined every
# sentence of a page, so only attributed or hedged sentences are marked and listed.
UNMARKED_CERTAINTIES = frozenset({"asserted"})


def marked(claim: Claim) -> bool:
    """Whether a claim is marked in the text and listed (see UNMARKED_CERTAINTIES)."""
    return claim.certainty not in UNMARKED_CERTAINTIES


def _chain_label(chain: list[SourceRef], lang: str) -> str:
    return " ← ".join(source_label(s) for s in chain) if chain else translate(lang, "article.no_source")


def _claim_views(claims: list[Claim], lang: str) -> list[ClaimView]:
    out = []
    for i, c in enumerate(claims):
        if not marked(c):
            continue
        label = (
            translate(lang, f"certainty.{c.certainty}") if c.certainty in CERTAINTY_LABELS else c.certainty
        )
        out.append(ClaimView(f"claim-{i}", c, f"{label} — {_chain_label(c.source_chain, lang)}", label))
    return out


def _event_spans(article: Article, views: list[EventView]) -> dict[int, list[EventSpan]]:
    """Each event's trigger, found in its sentence inside its block (the model keeps no offsets)."""
    texts = {b.index: b.text for b in article.blocks}
    out: dict[int, list[EventSpan]] = defaultdict(list)
    for v in views:
        ev = v.event
        text = texts.get(ev.block, "")
        base = max(text.find(ev.text), 0) if ev.text else 0
        start = text.find(ev.trigger, base) if ev.trigger else -1
        if start >= 0:
            out[ev.block].append(EventSpan(start, start + len(ev.trigger), ev.type, f"{v.name} ({ev.type})"))
    return out


def build_article_view(article: Article, ids: dict[str, str], lang: str = "ar") -> ArticleView:
    """The article's blocks with entity links, marked claims and event triggers; labels in `lang`."""
    links: dict[int, list[LinkSpan]] = defaultdict(list)
    mention_counts: dict[str, int] = {}
    for e in article.entities:
        target = ids.get(e.id, e.id)
        title = _entity_title(e)
        mention_counts[e.id] = len(e.mentions)
        for m in e.mentions:
            links[m.block].append(LinkSpan(m.start, m.end, target, e.type, title))

    claim_views = _claim_views(article.claims, lang)
    by_block: dict[int, list[ClaimView]] = defaultdict(list)
    for cv in claim_views:
        by_block[cv.claim.block].append(cv)
    events = [EventView(ev, plover_name(ev.type, lang)) for ev in article.events]
    triggers = _event_spans(article, events)

    def render(b: Block) -> Markup:
        spans = [
            ClaimSpan(
                c.claim.start, c.claim.end, c.claim.certainty, c.chain_title, c.anchor, c.certainty_label
            )
            for c in by_block.get(b.index, [])
        ]
        return annotate(b.text, links.get(b.index, []), spans, triggers.get(b.index, []))

    # With images known, captions and credits are shown with them (Images section), not twice.
    skip = {Label.CAPTION, Label.CREDIT} if article.images else set()
    title_html: Markup | None = None
    blocks: list[BlockView] = []
    for b in article.blocks:
        kind = BODY_LABELS.get(b.label)
        if kind is None or b.label in skip:
            continue
        if kind == "title":
            if title_html is None:
                title_html = render(b)
            continue
        blocks.append(BlockView(kind, render(b), b, by_block.get(b.index, [])))
    if title_html is None and article.title:
        title_html = text_html(article.title)
    if article.lede and not any(v.kind == "lede" for v in blocks):
        lede = Block(-1, article.lede, Label.LEDE)
        blocks.insert(0, BlockView("lede", text_html(article.lede), lede))

    entities = sorted(
        (EntityView(e, ids.get(e.id, e.id), mention_counts[e.id]) for e in article.entities),
        key=lambda v: (-v.mentions, v.entity.name),
    )
    names = {e.id: e.name for e in article.entities}
    by_name: dict[str, str] = {}
    for e in article.entities:
        for n in (e.name, e.latin):
            if n:
                by_name.setdefault(n, ids.get(e.id, e.id))
    return ArticleView(title_html, blocks, claim_views, entities, names, by_name, events, len(article.claims))


# --- stories and reprints ----------------------------------------------------------------------

DUP_KIND_LABELS = {kind: f"dup.{kind}" for kind in ("exact", "near")}


def recent_since(store: Store, days: int | None = None) -> str | None:
    """The day `days` (default: the store's `room_recent_days`) before the newest dated article, or
    None when no article has a date."""
    newest = store.list_articles(offset=0, limit=1).items
    day = newest[0].published[:10] if newest and newest[0].published else None
    if day is None:
        return None
    try:
        return (
            date.fromisoformat(day)
            - timedelta(days=store.settings.room_recent_days if days is None else days)
        ).isoformat()
    except ValueError:
        return None


def home_stories(store: Store) -> list[StorySummary]:
    """The biggest recent stories: told by at least two articles, active in the last month."""
    filters = StoryFilter(since=recent_since(store), min_articles=store.settings.stories_min_articles)
    return store.stories(offset=0, limit=store.settings.search_landing_stories, filters=filters).stories


def chain_refs(chain: list[dict[str, Any]]) -> list[SourceRef]:
    """A stored chain (dicts, as `SourceRef.to_dict()`) back as source refs."""
    return [
        SourceRef(str(d.get("name") or ""), str(d.get("kind") or ""), d.get("latin"), d.get("entity"))
        for d in chain
    ]


@dataclass(slots=True)
class StoryClaimView:
    claim: StoryClaim
    chain_title: str
    article_title: str | None  # the member article's title, when it is on the page


@dataclass(slots=True)
class SourceView:
    """One source of a story: who says what, how sure (certainty counts in a fixed order)."""

    source: SourceClaims
    # (level, count); pages name a level with label("certainty", level), in the reader's language
    certainty: list[tuple[str, int]]
    claims: list[StoryClaimView]


@dataclass(slots=True)
class MemberView:
    article: ArticleSummary
    dup_kind: str | None  # how it copies its original ("exact", "near"), for a reprint


@dataclass(slots=True)
class StoryView:
    record: StoryRecord
    sources: list[SourceView]
    members: list[MemberView]
    peak: int  # the busiest day's count (the timeline's scale)
    undated: int  # members without a date, not on the timeline
    canonical: int  # members that are not reprints


def certainty_order(counts: dict[str, int]) -> list[tuple[str, int]]:
    """(level, count) in the fixed certainty order (surest first), unknown levels last."""
    known = [(k, counts[k]) for k in CERTAINTY_LEVELS if counts.get(k)]
    other = [(k, n) for k, n in sorted(counts.items()) if k not in CERTAINTY_LABELS and n]
    return known + other


def build_story_view(record: StoryRecord) -> StoryView:
    titles = {a.id: a.title for a in record.articles}
    sources = [
        SourceView(
            source=src,
            certainty=certainty_order(src.certainty),
            claims=[
                StoryClaimView(
                    claim=c,
                    chain_title=chain_text(chain_refs(c.chain)),
                    article_title=titles.get(c.article),
                )
                for c in src.claims
            ],
        )
        for src in record.sources
    ]
    members = [MemberView(a, (a.dup_kind or "") if a.duplicate_of else None) for a in record.articles]
    dated = sum(n for _, n in record.timeline)
    return StoryView(
        record=record,
        sources=sources,
        members=members,
        peak=max((n for _, n in record.timeline), default=0),
        undated=max(0, record.article_count - dated),
        canonical=sum(1 for a in record.articles if a.duplicate_of is None),
    )


@dataclass(slots=True)
class ArticleStoryView:
    """The article page's view of its story: the story and a few of its other articles."""

    id: str
    title: str | None
    article_count: int
    outlets: int
    first_seen: str | None
    last_seen: str | None
    others: list[ArticleSummary]


def article_story(store: Store, article_id: str, story_id: str | None) -> ArticleStoryView | None:
    if not story_id:
        return None
    record = store.story(story_id, detail=False)
    if record is None:
        return None
    others = [a for a in record.articles if a.id != article_id and a.duplicate_of is None]
    return ArticleStoryView(
        record.id, record.title, record.article_count, len(record.outlets), record.first_seen,
        record.last_seen, others[:store.settings.story_siblings],
    )  # fmt: skip


@dataclass(slots=True)
class CopyView:
    """Another copy of the article: the original (for a reprint) or one of its reprints."""

    article: ArticleSummary
    label: str  # an i18n key ("dup.exact", "dup.original")


def copy_views(copies: list[ArticleSummary]) -> list[CopyView]:
    return [
        CopyView(
            c,
            DUP_KIND_LABELS.get(c.dup_kind or "", "dup.exact") if c.duplicate_of else "dup.original",
        )
        for c in copies
    ]


def hit_reprints(store: Store, hits: list[Hit]) -> dict[str, list[CopyView]]:
    """The reprints of each hit that has some (search shows one canonical article per text)."""
    return {h.id: copy_views(store.reprints(h.id)) for h in hits if h.reprints > 0}
