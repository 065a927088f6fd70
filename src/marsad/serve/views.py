"""View models for the article page: blocks with entity links and claim marks, built from offsets.

Kept apart from the routes so the offset arithmetic and escaping can be tested without a server.
Page text only reaches HTML through `markup.annotate` (escapes each piece) or template
autoescaping.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from markupsafe import Markup

from marsad.model import Article, Block, Claim, Entity, Label, SourceRef
from marsad.serve.markup import ClaimSpan, LinkSpan, annotate, text_html
from marsad.store.base import Store

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

CERTAINTY_LABELS = {
    "asserted": "مؤكَّد · asserted",
    "reported": "منقول · reported",
    "probable": "مرجَّح · probable",
    "possible": "محتمل · possible",
    "claimed": "مزعوم · claimed",
    "denied": "منفي · denied",
}

SOURCE_KIND_LABELS = {
    "outlet": "وسيلة إعلام · outlet",
    "person": "شخص · person",
    "officials": "مسؤولون · officials",
    "anonymous": "مصدر مجهول · anonymous",
    "document": "وثيقة · document",
    "organization": "منظمة · organization",
    "media": "إعلام · media",
    "writer": "كاتب · writer",
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


def build_article_view(article: Article, ids: dict[str, str]) -> ArticleView:
    links: dict[int, list[LinkSpan]] = defaultdict(list)
    mention_counts: dict[str, int] = {}
    for e in article.entities:
        target = ids.get(e.id, e.id)
        title = _entity_title(e)
        mention_counts[e.id] = len(e.mentions)
        for m in e.mentions:
            links[m.block].append(LinkSpan(m.start, m.end, target, e.type, title))

    claim_views: list[ClaimView] = []
    by_block: dict[int, list[ClaimView]] = defaultdict(list)
    for i, c in enumerate(article.claims):
        cv = ClaimView(
            anchor=f"claim-{i}",
            claim=c,
            chain_title=f"{CERTAINTY_LABELS.get(c.certainty, c.certainty)} — {chain_text(c.source_chain)}",
            certainty_label=CERTAINTY_LABELS.get(c.certainty, c.certainty),
        )
        claim_views.append(cv)
        by_block[c.block].append(cv)

    def render(b: Block) -> Markup:
        spans = [
            ClaimSpan(cv.claim.start, cv.claim.end, cv.claim.certainty, cv.chain_title, cv.anchor)
            for cv in by_block.get(b.index, [])
        ]
        return annotate(b.text, links.get(b.index, []), spans)

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
    return ArticleView(title_html, blocks, claim_views, entities, names, by_name)
