"""The typed document model: the only objects that steps exchange.

A page travels as one `Article`. `read/` creates it with `page` filled in; `extract/` fills the
article fields and `blocks`; `arabic/` (the normalise step) adds `sentences`; `enrich/` adds
`entities`, `claims` and `events`; `corpus/` sets `content_hash`, `duplicate_of` and `story`.
A step that cannot handle a document sets `rejected` and later steps pass it through untouched,
so every input ends up stored or quarantined with a reason.

`to_dict()` is the JSON contract documented in docs/schema.md; `Article.from_dict()` reads it
back (the store and the API use both).
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from typing import Any, TypeVar

__all__ = [
    "MAIN_TEXT_LABELS",
    "SCHEMA_VERSION",
    "Article",
    "Block",
    "Byline",
    "Claim",
    "DateMention",
    "Entity",
    "Event",
    "Fingerprint",
    "Given",
    "Image",
    "IndexTerms",
    "Label",
    "Mention",
    "Page",
    "Rejection",
    "Related",
    "Sentence",
    "Source",
    "SourceRef",
    "Story",
    "When",
]

SCHEMA_VERSION = "1.0"
_T = TypeVar("_T")


class Label(enum.StrEnum):
    """What a line (text dump) or block (HTML) of a page is."""

    TITLE = "title"
    LEDE = "lede"
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    CAPTION = "caption"
    CREDIT = "credit"
    BYLINE = "byline"
    DATELINE = "dateline"
    RELATED_HEADER = "related_header"
    RELATED_ITEM = "related_item"
    CHROME = "chrome"
    BLANK = "blank"


MAIN_TEXT_LABELS = frozenset({Label.TITLE, Label.LEDE, Label.HEADING, Label.PARAGRAPH})


@dataclass(slots=True)
class Source:
    """Where a page came from."""

    path: str | None = None
    url: str | None = None
    format: str | None = None  # text | html | jsonl | warc | wet
    record: int | None = None  # position inside a container (JSONL line, WARC record), 0-based
    encoding: str | None = None
    id: str | None = None  # the input's own id for the page (a JSONL record's "id"): source_id
    record_id: str | None = None  # WARC-Record-ID
    offset: int | None = None  # byte offset of the record inside its (possibly compressed) file

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "url": self.url,
            "format": self.format,
            "record": self.record,
            "encoding": self.encoding,
            "id": self.id,
            "record_id": self.record_id,
            "offset": self.offset,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Source:
        return _from_dict(cls, d)


@dataclass(slots=True)
class Page:
    """Decoded input: a text dump (`text`) or an HTML document (`html`), never both empty."""

    source: Source
    text: str | None = None
    html: str | None = None
    fetched: str | None = None  # ISO date of the crawl when the container says (WARC-Date)
    given: Given | None = None  # metadata the container states about the page (JSONL fields)


@dataclass(slots=True)
class Given:
    """What an input record states about its page besides the content (JSONL `title`,
    `published`, `outlet`). Stated metadata wins over what extraction finds in the page: the
    crawler or archive that wrote it knew the page's context."""

    title: str | None = None
    published: str | None = None  # ISO date or datetime, validated by the reader
    outlet: str | None = None


@dataclass(slots=True)
class Block:
    """One labelled line or block, in page order. Offsets of mentions and claims refer to `text`."""

    index: int
    text: str
    label: Label
    line: int | None = None  # 1-based line in a text dump
    reason: str | None = None  # why a chrome line was dropped
    language: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "line": self.line,
            "label": self.label.value,
            "text": self.text,
            "reason": self.reason,
            "language": self.language,
        }


@dataclass(slots=True)
class Byline:
    raw: str
    outlet: str | None = None
    person: str | None = None
    outlet_latin: str | None = None
    line: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "raw": self.raw,
            "outlet": self.outlet,
            "outlet_latin": self.outlet_latin,
            "person": self.person,
            "line": self.line,
        }


@dataclass(slots=True)
class Image:
    caption: str | None = None
    photographer: str | None = None
    agency: str | None = None
    copyright: str | None = None
    url: str | None = None
    lines: list[int] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "caption": self.caption,
            "photographer": self.photographer,
            "agency": self.agency,
            "copyright": self.copyright,
            "url": self.url,
            "lines": list(self.lines),
        }


@dataclass(slots=True)
class Related:
    text: str
    url: str | None = None
    line: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "url": self.url, "line": self.line}


@dataclass(slots=True)
class DateMention:
    """A date expression in the text. `date` is ISO only when it could be resolved without guessing."""

    text: str
    kind: str  # absolute | hijri | weekday | relative
    date: str | None = None
    block: int | None = None
    start: int | None = None
    end: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "kind": self.kind,
            "date": self.date,
            "block": self.block,
            "start": self.start,
            "end": self.end,
        }


@dataclass(slots=True)
class Sentence:
    text: str
    block: int
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "block": self.block, "start": self.start, "end": self.end}


@dataclass(slots=True)
class Mention:
    text: str
    start: int
    end: int
    block: int
    role: bool = False  # a role phrase (الرئيس الروسي) linked to the entity, not its name

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "block": self.block,
            "role": self.role,
        }


@dataclass(slots=True)
class Entity:
    id: str
    type: str  # PERSON | LOCATION | ORGANIZATION | MISC
    name: str  # canonical Arabic (or original-script) name
    latin: str | None = None
    kind: str | None = None  # e.g. "news outlet", "country", "city"
    mentions: list[Mention] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "name": self.name,
            "latin": self.latin,
            "kind": self.kind,
            "mentions": [m.to_dict() for m in self.mentions],
            "roles": list(self.roles),
        }


@dataclass(slots=True)
class SourceRef:
    """One link of a claim's source chain."""

    name: str
    kind: str  # outlet | person | officials | anonymous | document | organization | media | writer
    latin: str | None = None
    entity: str | None = None  # Entity.id when the source is a known entity

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "latin": self.latin, "kind": self.kind, "entity": self.entity}


@dataclass(slots=True)
class Claim:
    text: str
    block: int
    start: int
    end: int
    certainty: str  # asserted | reported | probable | possible | claimed | denied
    source_chain: list[SourceRef] = field(default_factory=list)
    cues: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "block": self.block,
            "start": self.start,
            "end": self.end,
            "certainty": self.certainty,
            "source_chain": [s.to_dict() for s in self.source_chain],
            "cues": list(self.cues),
        }


@dataclass(slots=True)
class When:
    text: str
    date: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "date": self.date}


@dataclass(slots=True)
class Event:
    type: str  # PLOVER type, e.g. CONSULT
    text: str
    trigger: str
    block: int
    mode: str | None = None
    actors: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    location: str | None = None
    when: When | None = None
    certainty: str = "asserted"

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "mode": self.mode,
            "actors": list(self.actors),
            "targets": list(self.targets),
            "location": self.location,
            "when": self.when.to_dict() if self.when else None,
            "certainty": self.certainty,
            "trigger": self.trigger,
            "text": self.text,
            "block": self.block,
        }


@dataclass(slots=True)
class Fingerprint:
    """What the corpus step compares, computed per page (in parallel) by `corpus.fingerprint`.

    Not part of the JSON contract: like `page`, it is derived and not stored in the article JSON.
    """

    text_hash: str  # sha256 of the normalised main text: the same article under other chrome
    minhash: bytes  # MinHash signature (uint32 per permutation) of the text's shingles
    shingles: int  # size of the shingle set (to estimate containment from Jaccard)
    words: int  # content words in the main text
    terms: dict[str, float] = field(default_factory=dict)  # top tf-idf terms, L2-normalised
    entities: list[str] = field(default_factory=list)  # canonical entity keys (when enriched)
    day: str | None = None  # YYYY-MM-DD the article reports on (published, else dates in text)
    # LSH band keys of `minhash` (`corpus.near.band_keys`) for `lsh` = (bands, rows per band): made
    # where the page steps run; a corpus step banding otherwise computes its own.
    bands: list[int] = field(default_factory=list)
    lsh: tuple[int, int] = (0, 0)


@dataclass(slots=True)
class IndexTerms:
    """An article's search index terms, made by the index step (`marsad.store.terms.index_step`)
    where the page steps run, so the one writer only copies them into the store.

    `title` and `body` hold one line per word (the words of the title, then of the searched body
    text), each line the word's terms (`store.terms.analyses`) sorted and space-separated; terms
    never contain a space or a line break. `rule` names the term rule they were made with
    (`store.terms.rule_id`): a store whose rule differs makes them again from the text.
    Not part of the JSON contract: derived, like `fingerprint`.
    """

    rule: str
    title: str
    body: str


@dataclass(slots=True)
class Story:
    """One event's coverage across outlets and days, as the corpus step keeps it.

    `terms` is the centroid the next article is compared with: the members' summed tf-idf
    weights, cut to the strongest terms. `entities` counts member articles per canonical entity
    key. A story merged into another keeps its id and points to the survivor (`merged_into`).
    """

    id: str
    title: str | None
    first_seen: str | None
    last_seen: str | None
    article_count: int = 0
    terms: dict[str, float] = field(default_factory=dict)
    entities: dict[str, int] = field(default_factory=dict)
    merged_into: str | None = None
    title_score: float = 0.0  # similarity of the title's article to the centroid when chosen


@dataclass(slots=True)
class Rejection:
    """Why a document was quarantined, and by which step."""

    step: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        return {"step": self.step, "reason": self.reason}


@dataclass(slots=True)
class Article:
    """A page on its way to becoming knowledge. Steps fill fields; none is a free-form dict."""

    source: Source
    page: Page | None = None
    language: str | None = None
    title: str | None = None
    byline: Byline | None = None
    published: str | None = None
    updated: str | None = None
    lede: str | None = None
    site_name: str | None = None
    canonical_url: str | None = None
    description: str | None = None
    blocks: list[Block] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    related: list[Related] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    outlet: str | None = None  # who published it: stated, byline, site name, else the URL's host
    fetched: str | None = None  # when the page was crawled (WARC-Date), ISO
    content_hash: str | None = None  # of the page as read: the article's identity
    text_hash: str | None = None  # of the normalised main text: exact duplicates across pages
    duplicate_of: str | None = None  # id of the canonical article this one reprints
    dup_kind: str | None = None  # exact | near (None when canonical)
    story: str | None = None  # story id
    story_note: str | None = None  # why the article has no story (too short, no text)
    fingerprint: Fingerprint | None = None
    index_terms: IndexTerms | None = None  # search terms made by the index step (else by the writer)
    rejected: Rejection | None = None
    steps: list[str] = field(default_factory=list)  # names of the steps that ran, in order

    # Views over `blocks`: the body structure is stored once.
    def with_label(self, label: Label) -> list[Block]:
        return [b for b in self.blocks if b.label is label]

    @property
    def headings(self) -> list[Block]:
        return self.with_label(Label.HEADING)

    @property
    def paragraphs(self) -> list[Block]:
        return self.with_label(Label.PARAGRAPH)

    @property
    def chrome(self) -> list[Block]:
        """Dropped blocks with their reason: chrome lines and related-articles headers."""
        return [b for b in self.blocks if b.label in (Label.CHROME, Label.RELATED_HEADER)]

    @property
    def outlet_name(self) -> str | None:
        """The outlet to show and store: `outlet` (resolved by extraction), else — for articles
        kept before outlets were resolved — the byline's outlet, else the site name."""
        return self.outlet or (self.byline.outlet if self.byline else None) or self.site_name

    @property
    def body_text(self) -> str:
        """Main text as a reader sees it: title, lede, headings and paragraphs in order."""
        parts = [self.title or ""] if self.title else []
        parts += [b.text for b in self.blocks if b.label in MAIN_TEXT_LABELS and b.label is not Label.TITLE]
        return "\n\n".join(p for p in parts if p)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA_VERSION,
            "source": self.source.to_dict(),
            "language": self.language,
            "title": self.title,
            "byline": self.byline.to_dict() if self.byline else None,
            "published": self.published,
            "updated": self.updated,
            "lede": self.lede,
            "site_name": self.site_name,
            "canonical_url": self.canonical_url,
            "description": self.description,
            "headings": [{"text": b.text, "line": b.line, "block": b.index} for b in self.headings],
            "paragraphs": [{"text": b.text, "line": b.line, "block": b.index} for b in self.paragraphs],
            "images": [i.to_dict() for i in self.images],
            "related": [r.to_dict() for r in self.related],
            "chrome": [
                {"line": b.line, "text": b.text, "reason": b.reason, "block": b.index} for b in self.chrome
            ],
            "blocks": [b.to_dict() for b in self.blocks],
            "dates": [d.to_dict() for d in self.dates],
            "sentences": [s.to_dict() for s in self.sentences],
            "entities": [e.to_dict() for e in self.entities],
            "claims": [c.to_dict() for c in self.claims],
            "events": [e.to_dict() for e in self.events],
            "outlet": self.outlet,
            "fetched": self.fetched,
            "content_hash": self.content_hash,
            "text_hash": self.text_hash,
            "duplicate_of": self.duplicate_of,
            "dup_kind": self.dup_kind,
            "story": self.story,
            "story_note": self.story_note,
            "rejected": self.rejected.to_dict() if self.rejected else None,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Article:
        """Rebuild an article from `to_dict()` output (the page itself is not kept; the views
        `headings`, `paragraphs` and `chrome` are derived from `blocks` and not read)."""
        return _from_dict(
            cls,
            {"source": {}, **d},
            source=lambda x: Source.from_dict(x or {}),
            byline=_optional(Byline),
            blocks=_many(Block, label=Label),
            images=_many(Image, lines=_list),
            related=_many(Related),
            dates=_many(DateMention),
            sentences=_many(Sentence),
            entities=_many(Entity, mentions=_many(Mention, role=bool), roles=_list),
            claims=_many(Claim, source_chain=_many(SourceRef), cues=_list),
            events=_many(Event, actors=_list, targets=_list, when=_optional(When)),
            rejected=_optional(Rejection),
        )


# Reading `to_dict()` output back, by keyword: a field the dict lacks takes its default (JSON
# written before the field existed), a required one missing raises; `convert` rebuilds nested
# objects. Keys that name no field (the derived views, "schema") are ignored.
_Converter = Callable[[Any], Any]


def _from_dict(cls: type[_T], d: Mapping[str, Any], **convert: _Converter) -> _T:
    kwargs: dict[str, Any] = {}
    for f in fields(cls):  # type: ignore[arg-type]  # every caller passes a dataclass
        if f.name in d:
            value = d[f.name]
            kwargs[f.name] = convert[f.name](value) if f.name in convert else value
    return cls(**kwargs)


def _list(x: Any) -> list[Any]:
    return list(x or [])


def _optional(cls: type[_T], **convert: _Converter) -> Callable[[Any], _T | None]:
    return lambda x: _from_dict(cls, x, **convert) if x else None


def _many(cls: type[_T], **convert: _Converter) -> Callable[[Any], list[_T]]:
    return lambda xs: [_from_dict(cls, x, **convert) for x in xs or []]
