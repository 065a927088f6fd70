"""Events of one sentence: trigger words (verbs and nouns) typed by PLOVER, with their participants."""

from __future__ import annotations

from collections.abc import Callable

from marsad.arabic.words import TOWARD
from marsad.enrich.claims.fold import Folded, fold
from marsad.enrich.claims.sources import EntitySpan
from marsad.enrich.claims.tokens import Tok, tokenize
from marsad.enrich.events.lexicon import EventLexicon, Trigger, event_lexicon, lexicon_matches
from marsad.enrich.events.roles import Participant, Roles, assign_roles, participants
from marsad.enrich.events.tagger import Match, Retrigger
from marsad.model import Event, When

__all__ = ["TimeSpan", "events_in_sentence"]

_CLAUSE_BREAKS = frozenset(
    {",", "،", ";", "؛", ":", ".", "!", "?", "؟", '"', "«", "»", "(", ")", "-", "–", "—"}
)

TimeSpan = tuple[int, int, When]  # sentence offsets of a date expression, and its value


def _clause(toks: list[Tok], k: int) -> tuple[int, int]:
    a = k
    while a > 0 and toks[a - 1].text not in _CLAUSE_BREAKS:
        a -= 1
    b = k
    while b < len(toks) and toks[b].text not in _CLAUSE_BREAKS:
        b += 1
    return a, b


_TOWARD = TOWARD | {"to", "for"}  # the Arabic words from arabic/words.py


def _heads_somewhere(toks: list[Tok], k_end: int) -> bool:
    """Is a destination ("إلى X", "to X") named within three words after a travel verb? A number
    after إلى is an amount, not a place ("تصل إلى 10 مليارات")."""
    return any(
        t.text in _TOWARD and not (k + 1 < len(toks) and any(c.isdigit() for c in toks[k + 1].text))
        for k, t in enumerate(toks[k_end : k_end + 3], start=k_end)
    )


def _fill(event: Event, roles: Roles) -> None:
    """ "غادر الوفد … متوجها إلى القاهرة": two triggers of one event in a row; the second fills what
    the first lacked."""
    event.actors = event.actors or roles.actors
    event.targets = [t for t in dict.fromkeys(event.targets + roles.targets) if t not in event.actors]
    event.location = event.location or roles.location


def events_in_sentence(
    sentence: str,
    block: int,
    ents: list[EntitySpan],
    *,
    certainty: str = "asserted",
    skip: list[tuple[int, int]] | None = None,
    vso_gap: int,
    times: list[TimeSpan] | None = None,
    lex: EventLexicon | None = None,
    tagger: Retrigger | None = None,
) -> list[Event]:
    """Events in `sentence`; `skip`: source phrases, no participant; `vso_gap`: Settings.events_vso_gap;
    `tagger`: how the learnt trigger tagger changes the lexicon's triggers (`TriggerTagger.using`)."""
    lex = lex or event_lexicon()
    folded, toks, matches = _found(sentence, lex, tagger)
    if not toks:
        return []
    skip, skip_f = _source_spans(folded, skip or [], matches)
    parts = _participants(sentence, folded, toks, ents, skip, skip_f, lex)
    out: list[Event] = []
    seen: set[tuple[str, str | None, tuple[str, ...]]] = set()
    prev_kind: tuple[str, str | None] | None = None
    for fs, fe, trig in matches:
        if any(a <= fs < b for a, b in skip_f):
            continue
        kind_now = (trig.type, trig.mode)
        kind_before, prev_kind = prev_kind, kind_now
        k = next((n for n, t in enumerate(toks) if t.end > fs), len(toks) - 1)
        k_end = next((n for n, t in enumerate(toks) if t.start >= fe), len(toks))
        bound = _reach(toks, clause := _clause(toks, k), fe, trig, matches)
        roles = assign_roles(toks, k, k_end, trig.role, trig.pos, parts, bound, lex, trig.mode, vso_gap)
        if trig.mode == "travel" and roles.location is None and not _heads_somewhere(toks, k_end):
            continue  # "وصلت العلاقات إلى…" needs a place; "وصل" without a destination is no journey
        key = (trig.type, trig.mode, tuple(roles.actors))
        if key in seen:
            continue  # "لقاء … اللقاء": one event per sentence for the same participants
        seen.add(key)
        last = out[-1] if out else None
        if last is not None and (last.type, last.mode) == kind_now and kind_before == kind_now:
            _fill(last, roles)
            continue
        os_, oe = folded.span(fs, fe)
        c_start, c_end = folded.span(toks[clause[0]].start, toks[clause[1] - 1].end)
        out.append(
            Event(
                type=trig.type,
                text=sentence,
                trigger=sentence[os_:oe],
                block=block,
                mode=trig.mode,
                actors=roles.actors,
                targets=roles.targets,
                location=roles.location,
                when=_when(times or [], c_start, c_end, oe),
                certainty=certainty,
            )
        )
    return out


def _found(
    sentence: str, lex: EventLexicon, tagger: Retrigger | None
) -> tuple[Folded, list[Tok], list[Match]]:
    """The folded sentence, its tokens and the triggers found in it (the lexicon's, then the tagger's say)."""
    folded = fold(sentence)
    matches = lexicon_matches(folded.text, lex)
    return folded, tokenize(folded.text), tagger(folded.text, matches) if tagger else matches


def _source_spans(
    folded: Folded, skip: list[tuple[int, int]], matches: list[tuple[int, int, Trigger]]
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The source phrases in original and in folded offsets, each ending before an event noun inside
    it: "أعلنت الشرطة القبض على…" — the claims layer may read "الشرطة القبض" as the source, but
    القبض is what was announced."""
    to_f = _to_folded(folded)
    cut = []
    for s, t in skip:
        a, b = to_f(s), to_f(max(s, t - 1)) + 1
        cut.append((a, min((fs for fs, _, tr in matches if tr.pos == "noun" and a < fs < b), default=b)))
    return [folded.span(a, b) for a, b in cut if b > a], cut


def _to_folded(folded: Folded) -> Callable[[int], int]:
    """Original offset → folded offset (the next kept character when the original one was dropped)."""
    orig_to_fold = {o: f for f, o in reversed(list(enumerate(folded.index)))}

    def to_f(pos: int) -> int:
        while pos < folded.length and pos not in orig_to_fold:
            pos += 1
        return orig_to_fold.get(pos, len(folded.text))

    return to_f


def _participants(
    sentence: str,
    folded: Folded,
    toks: list[Tok],
    ents: list[EntitySpan],
    skip: list[tuple[int, int]],
    skip_f: list[tuple[int, int]],
    lex: EventLexicon,
) -> list[Participant]:
    """Who may take part: entities and group nouns of the sentence, none inside a source phrase."""
    to_f = _to_folded(folded)
    usable = [e for e in ents if not any(s < e.end and e.start < t for s, t in skip)]
    spans = [(to_f(e.start), to_f(e.end - 1) + 1) for e in usable]

    def original(a: int, b: int) -> str:
        s, e = folded.span(toks[a].start, toks[b - 1].end)
        return sentence[s:e]

    parts = participants(toks, spans, usable, lex, original)
    return [p for p in parts if not any(a <= toks[p.start].start < b for a, b in skip_f)]


def _reach(
    toks: list[Tok], clause: tuple[int, int], fe: int, trig: Trigger, matches: list[tuple[int, int, Trigger]]
) -> tuple[int, int]:
    """Tokens a trigger's roles may come from: its clause, cut at the next trigger of another kind
    ("غادر … متوجها إلى" is one event; "التقى … وأعلن" two)."""
    other = {m[0] for m in matches if (m[2].type, m[2].mode) != (trig.type, trig.mode)}
    nxt = next((n for n, t in enumerate(toks) if t.start >= fe and t.start in other), None)
    return clause[0], min(clause[1], nxt) if nxt is not None else clause[1]


def _when(times: list[TimeSpan], c_start: int, c_end: int, trigger_end: int) -> When | None:
    """A time after the trigger belongs to it ("يعقد خلال هذا الشهر"); one before it only when
    none follows ("مساء الأحد غادر"). Only times inside the trigger's clause count."""
    in_clause = [(ts, w) for ts, te, w in times if ts >= c_start and te <= c_end]
    later = [w for ts, w in in_clause if ts >= trigger_end]
    return later[0] if later else (in_clause[-1][1] if in_clause else None)
