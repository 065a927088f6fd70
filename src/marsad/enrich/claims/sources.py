"""Source phrases: where a cited source's noun phrase ends, what kind of source it is, which entity."""

from __future__ import annotations

from dataclasses import dataclass

from marsad.arabic.clitics import ARTICLE_FORMS
from marsad.arabic.words import DISCOURSE_OPENERS
from marsad.config import Settings
from marsad.enrich.claims.fold import Folded
from marsad.enrich.claims.lexicon import ClaimLexicon, countries, nationalities
from marsad.enrich.claims.tokens import QUOTES, Tok, forms, is_word
from marsad.enrich.entities.roles import is_honorific
from marsad.model import Entity, SourceRef

__all__ = ["EntitySpan", "head_of", "make_source", "take_np", "take_np_back"]

_OUTLET_HINTS = ("outlet", "news", "agency", "newspaper", "media", "broadcaster", "channel")


@dataclass(frozen=True, slots=True)
class EntitySpan:
    """An entity mention inside the sentence, in the sentence's original offsets."""

    start: int
    end: int
    entity: Entity
    role: bool = False  # a role phrase linked to the entity (المهندس، وزير الخارجية), not its name


def _is_verb(text: str, lex: ClaimLexicon) -> bool:
    return any(f in lex.verb_class or f in lex.relay_verbs for f in forms(text))


def take_np(
    toks: list[Tok], i: int, lex: ClaimLexicon, settings: Settings, *, first_start: int | None = None
) -> tuple[int, int]:
    """Token range [i, j) of the noun phrase that starts at token i (empty when none), at most
    `settings.claims_max_source_words` words."""
    j = i
    while j < len(toks) and j - i < settings.claims_max_source_words:
        t = toks[j]
        if t.text in QUOTES and _quoted_name(toks, j, i, lex, settings):
            j += 1  # a name in quotation marks: بحسب "رويترز"، وكالة "فرانس برس"
            continue
        if not is_word(t) and not (t.text == "-" and j > i):
            break
        if j == i and first_start is not None and t.start < first_start:
            j += 1  # a frame ending inside this token ("لمسؤولين"): the rest of it starts the phrase
            continue
        opens_with_document = j == i and head_of(t.text, lex, "document")
        if (t.text in lex.np_stops and not opens_with_document) or (j > i and _is_verb(t.text, lex)):
            break  # a document noun that opens the phrase is the source: "قال بيان صادر عن…"
        if j > i and t.text in lex.heads["document"] and toks[i].text not in lex.heads["document"]:
            break  # "نشر مسؤولون أمريكيون معلومات…": the document is what they published
        j += 1
    return i, j


def _quoted_name(toks: list[Tok], j: int, i: int, lex: ClaimLexicon, settings: Settings) -> bool:
    """Whether the quotation mark at token j belongs to a quoted name in the phrase that starts at
    token i: it opens the phrase or follows an outlet, media or organisation head ("وكالة "…"") and
    closes within `settings.claims_quoted_name_words` words, or it closes such a name (a quotation
    is no name)."""
    quotes_before = sum(toks[x].text in QUOTES for x in range(i, j))
    if quotes_before % 2:
        return True  # the closing mark of a name opened in this phrase
    named_head = j > i and any(head_of(toks[j - 1].text, lex, k) for k in ("outlet", "media", "organization"))
    if j != i and not named_head:
        return False
    inside = toks[j + 1 : j + 2 + settings.claims_quoted_name_words]
    close = next((n for n, t in enumerate(inside) if t.text in QUOTES), None)
    return close is not None and close > 0 and all(is_word(t) for t in inside[:close])


_OPENERS = DISCOURSE_OPENERS | {"but", "and", "meanwhile"}  # the Arabic openers from arabic/words.py


def take_np_back(toks: list[Tok], i: int, lex: ClaimLexicon, settings: Settings) -> tuple[int, int]:
    """Token range of a subject phrase ending just before token i (SVO order).

    "X، المتحدث باسم…، قال": when a comma stands right before the verb, the subject is the phrase
    that opens the sentence, before its first comma (the part between is an apposition).
    """
    if i > 0 and toks[i - 1].text in (",", "،"):
        a = 0
        while a < i and toks[a].text in _OPENERS:
            a += 1
        b = a
        while (
            b < i
            and is_word(toks[b])
            and toks[b].text not in lex.np_stops
            and not _is_verb(toks[b].text, lex)
        ):
            b += 1
        if b < i and toks[b].text in (",", "،") and 0 < b - a <= settings.claims_max_source_words - 2:
            return a, b
        return i, i
    j = i
    while j > 0 and i - j < settings.claims_max_source_words - 2:
        t = toks[j - 1]
        if not is_word(t) or t.text in lex.np_stops or _is_verb(t.text, lex):
            break
        j -= 1
    return j, i


def _bare(word: str) -> tuple[str, ...]:
    """The word, without و/ف, and without the article ال/لل/بال (heads are listed indefinite)."""
    out = list(forms(word))
    for f in list(out):
        for art in ARTICLE_FORMS:
            if f.startswith(art) and len(f) - len(art) >= 2:
                out.append(f[len(art) :])
    return tuple(out)


def head_of(word: str, lex: ClaimLexicon, kind: str) -> bool:
    """Whether the word (with or without و/ف and the article) is a head noun of that source kind."""
    return any(f in lex.heads[kind] for f in _bare(word))


def _kind_of_words(words: list[str], lex: ClaimLexicon) -> str | None:
    for w in words:
        for f in _bare(w):
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


_GROUP_NOUN = {"officials": "officials", "media": "media", "anonymous": "sources"}


def _adjective(word: str, nxt: str | None) -> tuple[str | None, int]:
    """English adjective for a nisba word (and the word after it), with how many words it used."""
    stems, suffixes = nationalities()
    bare = word[2:] if word.startswith("ال") else word
    if (bare + "=",) in stems:
        return stems[(bare + "=",)], 1
    for suf in sorted(suffixes, key=len, reverse=True):
        if not bare.endswith(suf) or len(bare) == len(suf):
            continue
        stem = bare[: -len(suf)]
        if nxt is not None:
            nb = nxt[2:] if nxt.startswith("ال") else nxt
            for suf2 in suffixes:
                if nb.endswith(suf2) and (stem, nb[: -len(suf2)]) in stems:
                    return stems[(stem, nb[: -len(suf2)])], 2
        if (stem,) in stems:
            return stems[(stem,)], 1
    return None, 1


def _group_latin(words: list[str], kind: str) -> str | None:
    """ "مسؤولين أمريكيين" -> "US officials"; "مصادر حكومية مصرية لم تحددها" ->
    "unnamed Egyptian government sources". None when the phrase carries no adjective."""
    noun = _GROUP_NOUN.get(kind)
    if noun is None:
        return None
    names: list[str] = []
    plain: list[str] = []
    n = 1
    while n < len(words):
        adj, used = _adjective(words[n], words[n + 1] if n + 1 < len(words) else None)
        if adj:
            (plain if adj.islower() else names).append(adj)
        n += used
    if not names and not plain:
        return None
    prefix = "unnamed " if kind == "anonymous" else ""
    return prefix + " ".join(names + plain + [noun])


def make_source(
    sentence: str,
    folded: Folded,
    toks: list[Tok],
    rng: tuple[int, int],
    ents: list[EntitySpan],
    lex: ClaimLexicon,
    *,
    first_start: int | None = None,
) -> tuple[SourceRef, tuple[int, int], tuple[int, int]] | None:
    """Build the SourceRef for token range `rng`.

    Returns it with its span in the sentence and its (possibly shortened) token range: a person's
    name ends the phrase ("وأكد فلان التزام الحكومة…" is the person, not the object after it).
    """
    i, j = rng
    if j <= i:
        return None
    f_start = max(toks[i].start, first_start or 0)
    f_start = min(f_start, toks[i].end - 1)
    j, start, end, linked = _extent(sentence, folded, toks, i, j, f_start, ents)
    name = sentence[start:end].strip(" ،,:\"'«»-")
    raw_end = sentence[start:end].rstrip(" ،,:-")
    if sum(name.count(q) for q in QUOTES) % 2 and raw_end[-1:] in QUOTES:
        name += raw_end[-1]  # keep the mark that closes a quoted name: وكالة "فرانس برس"
    if not name:
        return None
    folded_np = folded.text[f_start : toks[j - 1].end]
    words = [folded.text[f_start : toks[i].end]] + [t.text for t in toks[i + 1 : j]]
    if folded_np.isascii():
        words.reverse()  # an English noun phrase ends with its head ("government sources")
    entity = None
    if linked:
        persons = [e for e in linked if e.entity.type == "PERSON"]
        entity = (persons or sorted(linked, key=lambda e: e.start))[0].entity
    kind = _source_kind(words, folded_np, entity, lex)
    # A group ("مسؤولين أمريكيين") may link to its country's entity; its Latin form names the group.
    latin = _group_latin(words, kind) or (entity.latin if entity else countries().get(folded_np))
    return SourceRef(name, kind, latin, entity.id if entity else None), (start, end), (i, j)


def _extent(
    sentence: str, folded: Folded, toks: list[Tok], i: int, j: int, f_start: int, ents: list[EntitySpan]
) -> tuple[int, int, int, list[EntitySpan]]:
    """(token end, sentence start, sentence end, linked entities) of the source phrase: cut after a
    person's name inside it, or stretched to a person named in apposition after it."""
    start, end = folded.span(f_start, toks[j - 1].end)
    linked = [e for e in ents if e.start < end and e.end > start]
    # The cut goes after the person's name; after a role phrase only when no name is in the phrase
    # ("المهندس فلان الفلاني إن…" keeps the name, the title before it is a role of the same person).
    persons = [e for e in linked if e.entity.type == "PERSON" and e.end < end]
    person = next((e for e in persons if not e.role), persons[0] if persons else None)
    if person is not None:
        cut = next(
            (n for n in range(i, j) if folded.span(toks[n].start, toks[n].end)[1] >= person.end), j - 1
        )
        j = cut + 1
        start, end = folded.span(f_start, toks[j - 1].end)
        linked = [e for e in linked if e.start < end]
    # "المتحدث باسم الرئاسة، ديميتري بيسكوف، …": a person named in the apposition is the source;
    # so is the name right after a role phrase of the same person, honorifics between them
    # stepped over as the role grammar does ("مدير الميناء المهندس فلان").
    roles_of = {e.entity.id for e in linked if e.role}
    appos = next(
        (
            e
            for e in ents
            if e.entity.type == "PERSON"
            and end < e.start
            and _apposed(sentence[end : e.start], same_person=e.entity.id in roles_of and not e.role)
        ),
        None,
    )
    if appos is not None:
        end = appos.end
        linked = [appos]
        j = next(
            (n for n in range(j, len(toks)) if folded.span(toks[n].start, toks[n].end)[0] >= end), len(toks)
        )
    return j, start, end, linked


def _apposed(gap: str, *, same_person: bool) -> bool:
    """Whether a name after a source phrase, `gap` between them, is in apposition to it: behind a
    comma, or right after a role phrase of the same person (honorifics between them allowed)."""
    words = gap.split()
    if words in (["،"], [","]):
        return True
    return same_person and all(is_honorific(w) for w in words)


def _source_kind(words: list[str], folded_np: str, entity: Entity | None, lex: ClaimLexicon) -> str:
    """What kind of source the phrase names: its head word's kind first, a named person always."""
    head_kind = _kind_of_words(words[:1], lex)
    if entity is not None and entity.type == "PERSON":
        kind: str | None = "person"  # a named person, whatever title comes first
    else:
        kind = head_kind or (_entity_kind(entity) if entity else None) or _kind_of_words(words[1:], lex)
    if kind is None:
        kind = "state" if folded_np in countries() else "person"
    if lex.anonymous_markers.search(folded_np):
        kind = "anonymous"
    return kind
