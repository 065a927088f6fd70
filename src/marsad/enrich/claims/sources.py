"""Source phrases: where a cited source's noun phrase ends, what kind of source it is, which entity."""

from __future__ import annotations

from dataclasses import dataclass

from marsad.enrich.claims.fold import Folded
from marsad.enrich.claims.lexicon import ClaimLexicon, countries
from marsad.enrich.claims.tokens import Tok, forms, is_word
from marsad.model import Entity, SourceRef

__all__ = ["EntitySpan", "make_source", "take_np", "take_np_back"]

MAX_NP = 8  # a source phrase longer than this is almost always a clause, not a name
_OUTLET_HINTS = ("outlet", "news", "agency", "newspaper", "media", "broadcaster", "channel")


@dataclass(frozen=True, slots=True)
class EntitySpan:
    """An entity mention inside the sentence, in the sentence's original offsets."""

    start: int
    end: int
    entity: Entity


def _is_verb(text: str, lex: ClaimLexicon) -> bool:
    return any(f in lex.verb_class or f in lex.relay_verbs for f in forms(text))


def take_np(toks: list[Tok], i: int, lex: ClaimLexicon, *, first_start: int | None = None) -> tuple[int, int]:
    """Token range [i, j) of the noun phrase that starts at token i (empty when none)."""
    j = i
    while j < len(toks) and j - i < MAX_NP:
        t = toks[j]
        if not is_word(t) and not (t.text == "-" and j > i):
            break
        if j == i and first_start is not None and t.start < first_start:
            j += 1  # a frame ending inside this token ("لمسؤولين"): the rest of it starts the phrase
            continue
        if t.text in lex.np_stops or (j > i and _is_verb(t.text, lex)):
            break
        if j > i and t.text in lex.heads["document"] and toks[i].text not in lex.heads["document"]:
            break  # "نشر مسؤولون أمريكيون معلومات…": the document is what they published
        j += 1
    return i, j


def take_np_back(toks: list[Tok], i: int, lex: ClaimLexicon) -> tuple[int, int]:
    """Token range of a subject phrase ending just before token i (SVO order)."""
    j = i
    while j > 0 and i - j < MAX_NP - 2:
        t = toks[j - 1]
        if not is_word(t) or t.text in lex.np_stops or _is_verb(t.text, lex):
            break
        j -= 1
    return j, i


def _kind_of_words(words: list[str], lex: ClaimLexicon) -> str | None:
    for w in words:
        for f in forms(w):
            for kind in ("outlet", "media", "anonymous", "officials", "document", "organization", "person"):
                if f in lex.heads[kind]:
                    return kind
    return None


def _entity_kind(e: Entity) -> str:
    if e.type == "PERSON":
        return "person"
    if e.type == "LOCATION":
        return "state"
    if any(h in (e.kind or "").lower() for h in _OUTLET_HINTS):
        return "outlet"
    return "organization"


def make_source(
    sentence: str,
    folded: Folded,
    toks: list[Tok],
    rng: tuple[int, int],
    ents: list[EntitySpan],
    lex: ClaimLexicon,
    *,
    first_start: int | None = None,
) -> tuple[SourceRef, tuple[int, int]] | None:
    """Build the SourceRef for token range `rng`; returns it with its span in the sentence."""
    i, j = rng
    if j <= i:
        return None
    f_start = max(toks[i].start, first_start or 0)
    f_start = min(f_start, toks[i].end - 1)
    start, end = folded.span(f_start, toks[j - 1].end)
    name = sentence[start:end].strip(" ،,:\"'«»")
    if not name:
        return None
    folded_np = folded.text[f_start : toks[j - 1].end]
    words = [folded.text[f_start : toks[i].end]] + [t.text for t in toks[i + 1 : j]]
    linked = [e for e in ents if e.start < end and e.end > start]
    entity = min(linked, key=lambda e: e.start).entity if linked else None
    head_kind = _kind_of_words(words[:1], lex)
    kind = head_kind or (_entity_kind(entity) if entity else None) or _kind_of_words(words[1:], lex)
    if kind is None:
        kind = "state" if folded_np in countries() else "person"
    if lex.anonymous_markers.search(folded_np) or (kind == "anonymous"):
        kind = "anonymous"
    latin = entity.latin if entity else countries().get(folded_np)
    return SourceRef(name, kind, latin, entity.id if entity else None), (start, end)
