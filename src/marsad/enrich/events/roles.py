"""Participants of an event: who acts, on whom, where — from mentions around the trigger.

Arabic news puts the subject after the verb (VSO: "هاجمت القوات المدينة") as often as before it
(SVO: "القوات هاجمت"); the rules look after the trigger first, then before it, inside the clause
(punctuation bounds a clause), and fall back to the sentence's first participant.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from marsad.arabic.clitics import NOUN_PROCLITICS
from marsad.arabic.words import GROUP_STOPS, MODIFIER_ENDINGS, NUMBER_WORDS
from marsad.enrich.claims.fold import fold_text
from marsad.enrich.claims.lexicon import country_names
from marsad.enrich.claims.sources import EntitySpan
from marsad.enrich.claims.tokens import Tok, forms, is_word
from marsad.enrich.events.lexicon import EventLexicon

__all__ = ["Participant", "Roles", "assign_roles", "participants"]


@dataclass(frozen=True, slots=True)
class Participant:
    start: int  # token range in the sentence
    end: int
    name: str
    type: str  # PERSON | LOCATION | ORGANIZATION | MISC | GROUP


@dataclass(slots=True)
class Roles:
    actors: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    location: str | None = None


def _tok_range(toks: list[Tok], f_start: int, f_end: int) -> tuple[int, int]:
    a = next((n for n, t in enumerate(toks) if t.end > f_start), len(toks))
    b = next((n for n, t in enumerate(toks) if t.start >= f_end), len(toks))
    return a, max(a + 1, b)


@lru_cache(maxsize=1)
def _country_first_words() -> frozenset[str]:
    return frozenset(name.split()[0] for name in country_names())


def participants(
    toks: list[Tok],
    to_folded: list[tuple[int, int]],
    ents: list[EntitySpan],
    lex: EventLexicon,
    original: Callable[[int, int], str],
) -> list[Participant]:
    """Entity mentions (by token range) or, where entities are absent, countries and group nouns.

    `to_folded` are the entity spans already mapped to folded offsets, parallel to `ents`;
    `original(a, b)` gives the sentence text of tokens [a, b) as written.
    """
    out: list[Participant] = []
    taken: set[int] = set()
    for e, (fs, fe) in zip(ents, to_folded, strict=True):
        a, b = _tok_range(toks, fs, fe)
        if a >= len(toks) or toks[a].start >= fe:
            continue  # the mention covers no token (a control character, say): no participant
        if taken.intersection(range(a, b)):
            continue
        out.append(Participant(a, b, e.entity.name, e.entity.type))
        taken.update(range(a, b))
    names = country_names()
    firsts = _country_first_words()
    n = 0
    while n < len(toks):
        hit = None
        word = toks[n].text
        # Cheap test first: most words start no country name and are no group noun.
        stripped = [(pre, word[len(pre) :]) for pre in ("", *NOUN_PROCLITICS) if word.startswith(pre)]
        stripped = [(pre, w) for pre, w in stripped if len(w) >= 2 and w in firsts]
        is_head = any(f in lex.actor_heads for f in forms(word))
        if n not in taken and (stripped or is_head) and is_word(toks[n]):
            for size in (3, 2, 1):
                if n + size > len(toks) or taken.intersection(range(n, n + size)):
                    continue
                if not all(is_word(t) for t in toks[n : n + size]):
                    continue
                rest = [t.text for t in toks[n + 1 : n + size]]
                key = next((" ".join([w, *rest]) for _, w in stripped if " ".join([w, *rest]) in names), None)
                if key is not None:
                    hit = Participant(n, n + size, names[key], "LOCATION")
                elif is_head and _group_span(toks, n, size):
                    hit = Participant(n, n + size, original(n, n + size), "GROUP")
                if hit:
                    break
        if hit:
            out.append(hit)
            taken.update(range(hit.start, hit.end))
            n = hit.end
        else:
            n += 1
    return sorted(out, key=lambda p: p.start)


_NUMBERS = frozenset(fold_text(w) for w in NUMBER_WORDS)


def _modifier(word: str) -> bool:
    """Does the word read as a modifier of a group noun: a definite genitive or adjective ("قوات
    الأمن", "الجيش الوطني") or an indefinite nisba/plural adjective ("مجموعة مسلحة")?"""
    return word.startswith("ال") or word.endswith(MODIFIER_ENDINGS) or word[:1].isupper()


def _group_span(toks: list[Tok], n: int, size: int) -> bool:
    """A group noun with up to two modifiers ("مجموعة مسلحة", "قوات الأمن"); the caller tries
    sizes from 3 down, and a bare group noun always stands."""
    if size == 1:
        return True
    inner = toks[n + 1 : n + size]
    return all(
        is_word(t) and t.text not in GROUP_STOPS and t.text not in _NUMBERS and _modifier(t.text)
        for t in inner
    )


def _after_prep(toks: list[Tok], p: Participant, preps: frozenset[str]) -> bool:
    """Is the participant governed by a preposition (separate, or glued as ب/ل)?"""
    first = toks[p.start].text
    if p.start > 0 and toks[p.start - 1].text in preps:
        return True
    return (
        first[:1] in ("ب", "ل")
        and bool(first[1:])
        and first not in preps
        and p.type == "LOCATION"
        and len(first) > 3
    )


def _chained(
    after: list[Participant], k_end: int, toks: list[Tok], lex: EventLexicon, vso_gap: int
) -> list[Participant]:
    """Participants that follow the trigger closely, each within `vso_gap` words (Settings.events_vso_gap) of the one before
    ("اجتماع الوزيرين X وY", "بين الرئيسين X و Y"), not ones further on in the clause, nor a place or
    topic ("مشاورات جنيف حول اليمن")."""
    out: list[Participant] = []
    edge = k_end
    for p in after:
        if p.start - edge > vso_gap:
            break
        prev = toks[p.start - 1].text if p.start > 0 else ""
        if prev in lex.topic_preps or prev in lex.location_preps:
            break
        out.append(p)
        edge = p.end
    return out


def assign_roles(
    toks: list[Tok],
    k: int,
    k_end: int,
    role: str,
    pos: str,
    parts: list[Participant],
    clause: tuple[int, int],
    lex: EventLexicon,
    mode: str | None,
    vso_gap: int,
) -> Roles:
    """Actors, targets and location for a trigger spanning tokens [k, k_end).

    `clause` is the token range the participants may come from (the caller ends it at the next
    trigger, so one event does not take another's participants).
    """
    c0, c1 = clause
    after = [p for p in parts if k_end <= p.start < c1]
    before = [p for p in parts if c0 <= p.start and p.end <= k]
    first_in_sentence = [p for p in parts if p.end <= k][:1]
    roles = Roles()
    location = _location(after, toks, lex, mode)
    rest = [p for p in after if p is not location]
    if role == "joint":
        people = before + _chained(rest, k_end, toks, lex, vso_gap)
        if len(people) < 2:
            people = [p for p in first_in_sentence if p not in people] + people
        roles.actors = [p.name for p in people]
    elif role == "nominal_target":
        near = _chained(rest, k_end, toks, lex, vso_gap)[:2]
        if len(near) == 2 and _after_prep(toks, near[1], lex.target_preps):
            roles.actors, roles.targets = [near[0].name], [near[1].name]  # "اجتياح الجيش للمدينة"
        else:
            roles.targets = [p.name for p in near[:1]]
    else:
        subject = _subject(toks, k_end, pos, rest, before, first_in_sentence, lex, mode, vso_gap)
        if subject is not None:
            roles.actors = [subject.name]
        # Travel has a destination (the location), not a target.
        roles.targets = [] if mode == "travel" else [p.name for p in rest if p is not subject][:2]
    roles.location = location.name if location else None
    # A participant is never its own target.
    roles.targets = [t for t in dict.fromkeys(roles.targets) if t not in roles.actors]
    roles.actors = list(dict.fromkeys(roles.actors))
    return roles


def _location(
    after: list[Participant], toks: list[Tok], lex: EventLexicon, mode: str | None
) -> Participant | None:
    """The place after the trigger introduced by a locative preposition; for travel, any place."""
    for p in after:
        if p.type == "LOCATION" and p.start > 0 and toks[p.start - 1].text in lex.location_preps:
            return p
    if mode == "travel":
        return next((p for p in after if p.type == "LOCATION"), None)
    return None


def _subject(
    toks: list[Tok],
    k_end: int,
    pos: str,
    rest: list[Participant],
    before: list[Participant],
    first_in_sentence: list[Participant],
    lex: EventLexicon,
    mode: str | None,
    vso_gap: int,
) -> Participant | None:
    """Who does it: the participant right after the trigger (VSO), else the nearest one before
    it, else the sentence's first; a traveller may come later ("غادرت طائرة تقل الوزير…")."""
    # A verb's subject may follow a particle or two; a noun's agent is its immediate genitive
    # ("زيارة الرئيس"), not a noun further on ("المساعدات من الحكومة الفرنسية").
    gap = vso_gap if pos == "verb" else 0
    if rest and rest[0].start - k_end <= gap and not _after_prep(toks, rest[0], lex.target_preps):
        return rest[0]
    if before:
        return before[-1]
    if first_in_sentence:
        return first_in_sentence[0]
    if mode == "travel" and rest:
        return rest[0]
    return None
