"""Certainty of a claim from cue words, with the scope rules a flat word list cannot express.

Levels, strongest doubt first: denied > claimed > possible > probable > reported > asserted.
A sentence with several cues takes the strongest doubt ("على الأرجح … وقد يحصل" is possible).
Cues inside a source phrase ("مصادر لم تحددها") describe the source, not the claim, and are skipped.
"""

from __future__ import annotations

from dataclasses import dataclass

from marsad.arabic.clitics import CONJUNCTIONS
from marsad.arabic.morphology import definite, imperfect_after_qad
from marsad.arabic.words import CLAUSE_PRONOUNS, POSSESSIVE_SUFFIXES
from marsad.config import Settings
from marsad.enrich.claims.fold import Folded
from marsad.enrich.claims.lexicon import ClaimLexicon, countries
from marsad.enrich.claims.tokens import Tok, forms, is_word

__all__ = ["LEVELS", "judge"]

LEVELS = ("denied", "claimed", "possible", "probable", "reported", "asserted")
_RANK = {lvl: n for n, lvl in enumerate(LEVELS)}
_EN_AUX = frozenset({"did", "does", "do", "has", "have", "had", "will", "would"})
_MONTH_CONTEXT = frozenset({"in", "of", "since", "until", "early", "late", "mid", "last", "next", "this"})


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= pos < e for s, e in spans)


def _governed(toks: list[Tok], pos: int, lex: ClaimLexicon, scope: _Scope) -> bool:
    """A hedge right after a relative pronoun qualifies a noun ("التي ربما تظنها"، "بما قد يشمل"),
    and one right after a negation is impossibility ("لا يمكن"), a copula between or not ("الذي كان
    من الممكن"، "لم يكن من الممكن"); a hedge that describes an indefinite noun ("عن اتفاق قد يهدئ")
    or sits in a feared content ("مخاوف من أن … قد تعود") is not the sentence's own doubt either."""
    k = _tok_index(toks, pos)
    if k == 0:
        return False
    prev = toks[k - 1].text
    if (prev in lex.relative_pronouns and prev not in lex.free_relatives) or any(
        f in lex.modal_negators for f in forms(prev)
    ):
        return True
    if toks[k].text == "علي":  # "على الأرجح"، "على ما يبدو": an adverb of the clause, no clause
        return False
    j = k - 2 if k >= 2 and toks[k - 1].text in lex.copulas else k - 1
    prev = toks[j].text
    before = toks[j - 1].text if j > 0 else ""
    # "، مما يرجح"، "وهو ما قد يساعد": ما standing for the whole clause before it, not a noun
    sentential = prev in lex.free_relatives and (not before[:1].isalnum() or before in CLAUSE_PRONOUNS)
    some = prev == "ما" and before.endswith("ا") and not definite(before)  # "شيئا ما": "something"
    relative = any(f in lex.relative_pronouns for f in forms(prev)) and not (sentential or some)
    if relative or (j < k - 1 and any(f in lex.modal_negators for f in forms(prev))):
        return True
    return _describes_indefinite(toks, k, lex, scope) or _feared(toks, k, lex)


def _describes_indefinite(toks: list[Tok], k: int, lex: ClaimLexicon, scope: _Scope) -> bool:
    """A hedge (with no conjunction of its own) right after an indefinite noun phrase that a
    preposition governs ("أمام هجمات قد يشنها"، "عن اتفاق قد يهدئ") or that is a counted or
    accusative object ("21 صاروخ يرجح أنها"، "خبيرا تونسيا يعتقد أنه"): an Arabic relative clause on
    an indefinite noun has no pronoun, and a hedge there describes the noun (guideline scope rule 3).
    A noun phrase after a complementizer, a pronoun or at the start is a subject ("إن إسرائيل قد
    تشن"، "إن دولا أخرى ربما تحذو": the subject of إن is accusative too). The phrase is at most `scope.np_words` words; a
    name (token indices in `scope.names`, from the entity step) is no indefinite noun ("في محافظة حماه يبدو أنها")."""
    if toks[k].text[0] in CONJUNCTIONS and len(toks[k].text) > 2 and toks[k].text not in lex.qad:
        return False
    if toks[k].text in lex.qad and toks[k].text != "قد":
        return False
    j, words, accusative = k - 1, 0, False
    while j >= 0 and words < scope.np_words and is_word(toks[j]):
        w = toks[j].text
        if w.isdigit():
            accusative = True  # a counted noun: "21 صاروخ"
            j -= 1
            continue
        if j in scope.names or _ends_phrase(w, lex):
            break
        accusative = accusative or (
            len(w) >= 4 and w.endswith("ا") and not w.endswith(("وا", *POSSESSIVE_SUFFIXES))
        )
        words += 1
        j -= 1
    if words == 0 or j < 0 or not is_word(toks[j]):
        return False
    if toks[j].text in lex.np_prepositions:
        return not (j > 0 and toks[j - 1].text in lex.comparatives)  # "أكثر من عشر ساعات قد تؤدي"
    return accusative and not any(f in lex.descriptive_stops for f in forms(toks[j].text))


def _ends_phrase(w: str, lex: ClaimLexicon) -> bool:
    """A word that is no part of an indefinite noun phrase: a particle, a definite or annexed noun, a
    country's name."""
    return (
        any(f in lex.descriptive_stops for f in forms(w))
        or w in lex.np_prepositions
        or definite(w)
        or w.endswith(POSSESSIVE_SUFFIXES)
        or w in countries()
    )


def _feared(toks: list[Tok], k: int, lex: ClaimLexicon) -> bool:
    """Inside an أن-clause a fear noun governs ("خشية المستثمرين من أن عقوبات … قد تكبح")."""
    for j in range(k - 1, max(k - 6, 0), -1):
        if toks[j].text in ("ان", "بان"):
            back = [t.text for t in toks[max(j - 3, 0) : j]]
            return any(w in lex.fear_nouns or w[1:] in lex.fear_nouns for w in back)
    return False


@dataclass(frozen=True, slots=True)
class _Scope:
    """What the descriptive-clause rule needs beside the tokens: the token indices inside entity
    names, and how many words an indefinite noun phrase may have going back."""

    names: frozenset[int]
    np_words: int


def _tok_index(toks: list[Tok], pos: int) -> int:
    for n, t in enumerate(toks):
        if t.end > pos:
            return n
    return len(toks)


def judge(
    sentence: str,
    folded: Folded,
    toks: list[Tok],
    lex: ClaimLexicon,
    settings: Settings,
    *,
    skip: list[tuple[int, int]],
    frame_class: str | None,
    frame_cue: str | None,
    content_from: int | None,
    names: list[tuple[int, int]] | None = None,
) -> tuple[str, list[str]]:
    """Return (certainty, cues as written) for one sentence.

    `skip` are folded spans (source phrases) whose cues do not count; `frame_class` is the class of
    the reporting verb (report | deny | claim | hint) or None for the outlet's own voice;
    `content_from` is the folded offset where the reported content starts (for negation scope).
    Negation counts within `settings.claims_negation_window` words of the content. `names` are the
    sentence's entity names (original offsets): a hedge after one is not in a descriptive clause.
    The frame sets the starting level; every cue found lowers it to the least certain level seen.
    """
    scope = _Scope(
        frozenset(n for n, t in enumerate(toks) if _overlaps(folded.span(t.start, t.end), names or [])),
        settings.claims_descriptive_np_words,
    )
    found = _lexicon_cues(sentence, folded, toks, lex, skip, scope)
    found += _qad_cues(toks, lex, skip, scope) + _clause_hedges(folded.text, toks, lex, skip)
    if content_from is not None:
        found += _negation(toks, lex, skip, content_from, settings.claims_negation_window)
    level = _FRAME_LEVEL.get(frame_class, "reported") if frame_class is not None else "asserted"
    cues: list[str] = [frame_cue] if frame_cue and level != "reported" else []
    for lvl, s, e in sorted(found, key=lambda x: x[1]):
        o_s, o_e = folded.span(s, e)
        cue = sentence[o_s:o_e].strip()
        if cue and cue not in cues:
            cues.append(cue)
        if _RANK[lvl] < _RANK[level]:
            level = lvl
    return level, cues


# The level a reporting frame gives its content before any cue inside it counts.
# A belief verb with a named holder ("تعتقد السلطات أن") is attributed at `probable`.
_FRAME_LEVEL = {
    "report": "reported",
    "belief": "probable",
    "deny": "denied",
    "claim": "claimed",
    "hint": "possible",
}
_Cue = tuple[str, int, int]  # level, folded start, folded end


def _overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(s < span[1] and e > span[0] for s, e in spans)


def _lexicon_cues(
    sentence: str,
    folded: Folded,
    toks: list[Tok],
    lex: ClaimLexicon,
    skip: list[tuple[int, int]],
    scope: _Scope,
) -> list[_Cue]:
    """Hedge and certainty words of the cue lexicon, outside source phrases and not governed."""
    found: list[_Cue] = []
    for level, pat in lex.cues.items():
        for m in pat.finditer(folded.text):
            if _inside(m.start(), skip):
                continue
            if m.group().strip() == "may" and _is_month_may(sentence, folded, toks, m.start(), m.end()):
                continue
            if level in ("possible", "probable") and _governed(toks, m.start(), lex, scope):
                continue
            found.append((level, m.start(), m.end()))
    return found


def _is_month_may(sentence: str, folded: Folded, toks: list[Tok], start: int, end: int) -> bool:
    """ "May" the month (in May, May 5, capitalised), not the modal."""
    k = _tok_index(toks, start)
    prev = toks[k - 1].text if k > 0 else ""
    nxt = toks[k + 1].text if k + 1 < len(toks) else ""
    return prev in _MONTH_CONTEXT or nxt[:1].isdigit() or sentence[folded.span(start, end)[0]] == "M"


def _qad_cues(toks: list[Tok], lex: ClaimLexicon, skip: list[tuple[int, int]], scope: _Scope) -> list[_Cue]:
    """قد before a present-tense verb: "may" (before a past verb it is "has", no hedge)."""
    return [
        ("possible", t.start, toks[k + 1].end)
        for k, t in enumerate(toks[:-1])
        if t.text in lex.qad
        and not _inside(t.start, skip)
        and imperfect_after_qad(toks[k + 1].text, lex.qad_past_t)
        and not _governed(toks, t.start, lex, scope)
    ]


def _clause_hedges(text: str, toks: list[Tok], lex: ClaimLexicon, skip: list[tuple[int, int]]) -> list[_Cue]:
    """Hedges that count only where they open a clause (after و/ف, at the start, after punctuation)."""
    found: list[_Cue] = []
    for m in lex.clause_hedges.finditer(text):
        k = _tok_index(toks, m.start())
        opens_clause = m.group()[0] in "وف" or k == 0 or not is_word(toks[k - 1])
        if opens_clause and not _inside(m.start(), skip):
            found.append(("possible", m.start(), m.end()))
    return found


def _negation(
    toks: list[Tok], lex: ClaimLexicon, skip: list[tuple[int, int]], content_from: int, window: int
) -> list[_Cue]:
    """The first negation within `window` words of where the reported content starts."""
    k0 = _tok_index(toks, content_from)
    for k in range(k0, min(k0 + window + 1, len(toks))):
        nxt = toks[k + 1].text if k + 1 < len(toks) else ""
        negated = any(f in lex.negation for f in forms(toks[k].text)) and nxt not in lex.negated_states
        negated = negated or (toks[k].text in _EN_AUX and nxt == "not")  # "did not", "will not"
        if negated and not _inside(toks[k].start, skip):
            return [("denied", toks[k].start, toks[k].end)]
    return []
