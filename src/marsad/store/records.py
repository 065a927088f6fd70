"""Backend-neutral rows: what an `Article` becomes in the tables, computed once for every backend.

Canonical entities: an article's entity is merged with a stored one when they share a key —
(type, Latin name casefolded) or (type, Arabic name in search form). Two keys, because one article
may know the Latin name and another not; either key reaches the same canonical entity.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from marsad.arabic.normalize import search_form
from marsad.corpus.hashing import article_id, content_hash
from marsad.corpus.keys import entity_keys
from marsad.model import Article, Claim, Entity
from marsad.store.terms import SEARCHED_LABELS, TermRule, analyses, article_terms, tsvector_literal

__all__ = [
    "SEARCHED_LABELS",
    "ArticleRows",
    "EntityRows",
    "article_rows",
    "entity_keys",
    "name_forms",
    "new_entity_id",
]


def new_entity_id(type_: str, key: str) -> str:
    """A stable id for a new canonical entity: type letter + 12 hex digits of its first key."""
    return f"{(type_[:1] or 'x').lower()}{hashlib.sha1(key.encode('utf-8')).hexdigest()[:12]}"


def name_forms(e: Entity, rule: TermRule) -> set[str]:
    """Forms under which a filter can find the entity: names and mention texts, in search form."""
    forms = {search_form(e.name).strip()}
    if e.latin:
        forms.add(e.latin.strip().casefold())
    for m in e.mentions:
        if m.role:
            continue
        words = m.text.split()
        f = search_form(m.text).strip()
        forms.add(f)
        if len(words) == 1:  # a one-word mention with a clitic (وماكرون) also names the entity
            forms.update(analyses(m.text, rule))
    forms.discard("")
    return forms


@dataclass(slots=True)
class EntityRows:
    local_id: str
    type: str
    name: str
    latin: str | None
    kind: str | None
    keys: list[str]
    forms: set[str]
    mentions: list[tuple[int, int, int, str, bool]]  # block, start, end, text, role
    roles: list[str]


@dataclass(slots=True)
class ClaimRows:
    block: int
    start: int
    end: int
    text: str
    certainty: str
    cues: list[str]
    sources: list[dict[str, Any]]  # SourceRef.to_dict(), `entity` still article-local
    entities: list[str]  # article-local ids of entities mentioned inside the claim


@dataclass(slots=True)
class ArticleRows:
    id: str
    content_hash: str
    title: str | None
    published: str | None
    pub_day: str | None
    language: str | None
    outlet_name: str | None
    outlet_latin: str | None
    outlet_key: str | None
    url: str | None
    path: str | None
    record: int | None
    format: str | None
    story: str | None
    duplicate_of: str | None
    dup_kind: str | None
    story_note: str | None
    text_hash: str | None
    source_id: str | None
    fetched: str | None
    json: str
    # Index terms in the backend's form (see store.terms): FTS5 columns, or a tsvector literal.
    fts_title: str | None
    fts_body: str | None
    tsv: str | None
    blocks: list[
        tuple[int, str, int | None, str, str | None, str | None]
    ]  # idx, label, line, text, reason, lang
    entities: list[EntityRows] = field(default_factory=list)
    claims: list[ClaimRows] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)


def _outlet(a: Article) -> tuple[str | None, str | None]:
    by_name = a.byline.outlet if a.byline else None
    name = a.outlet_name
    # The byline's Latin name belongs to the outlet only when the byline names that outlet.
    latin = a.byline.outlet_latin if a.byline and (by_name == name or not name) else None
    if not name and latin:
        name = latin
    return name, latin


def outlet_key(name: str | None, latin: str | None) -> str | None:
    if latin and latin.strip():
        return "l|" + latin.strip().casefold()
    if name and name.strip():
        return "n|" + search_form(name).strip()
    return None


# Views that `Article.to_dict()` derives from `blocks` (and `from_dict` ignores): not stored twice.
_DERIVED = ("headings", "paragraphs", "chrome")


def _compact(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if k not in _DERIVED}


def article_rows(a: Article, rule: TermRule, backend: str = "sqlite") -> ArticleRows:
    """Everything the tables need from one article. Sets `a.content_hash` when it was missing.

    Called by the store writer (`SQLStore.write`), the one place where rows are made.
    """
    h = content_hash(a)
    a.content_hash = h
    oname, olatin = _outlet(a)
    rows = ArticleRows(
        id=article_id(h),
        content_hash=h,
        title=a.title,
        published=a.published,
        pub_day=a.published[:10] if a.published else None,
        language=a.language,
        outlet_name=oname,
        outlet_latin=olatin,
        outlet_key=outlet_key(oname, olatin),
        url=a.canonical_url or a.source.url,
        path=a.source.path,
        record=a.source.record,
        format=a.source.format,
        story=a.story,
        duplicate_of=a.duplicate_of,
        dup_kind=a.dup_kind,
        story_note=a.story_note,
        text_hash=a.text_hash,
        source_id=a.source.id,
        fetched=a.fetched,
        json=json.dumps(_compact(a.to_dict()), ensure_ascii=False),
        fts_title=None,
        fts_body=None,
        tsv=None,
        blocks=[(b.index, b.label.value, b.line, b.text, b.reason, b.language) for b in a.blocks],
    )
    # Made by the index step where the page steps ran; made here only under another term rule.
    terms = article_terms(a, rule)
    if backend == "postgresql":
        rows.tsv = tsvector_literal(terms.title, terms.body)
    else:
        rows.fts_title, rows.fts_body = terms.title.replace("\n", " "), terms.body.replace("\n", " ")
    rows.entities = [_entity_rows(e, rule) for e in a.entities]
    rows.claims = [_claim_rows(c, a.entities) for c in a.claims]
    rows.events = [ev.to_dict() for ev in a.events]
    return rows


def _entity_rows(e: Entity, rule: TermRule) -> EntityRows:
    """An entity with its lookup keys and name forms (what cross-script search matches)."""
    return EntityRows(
        local_id=e.id,
        type=e.type,
        name=e.name,
        latin=e.latin,
        kind=e.kind,
        keys=entity_keys(e.type, e.name, e.latin),
        forms=name_forms(e, rule),
        mentions=[(m.block, m.start, m.end, m.text, m.role) for m in e.mentions],
        roles=list(e.roles),
    )


def _claim_rows(c: Claim, entities: list[Entity]) -> ClaimRows:
    """A claim with the entities mentioned inside it (what "claims about X" looks up)."""
    inside = [
        e.id
        for e in entities
        if any(m.block == c.block and m.start >= c.start and m.end <= c.end for m in e.mentions)
    ]
    return ClaimRows(
        c.block,
        c.start,
        c.end,
        c.text,
        c.certainty,
        list(c.cues),
        [s.to_dict() for s in c.source_chain],
        inside,
    )
