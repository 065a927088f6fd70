"""Certainty of a claim from cue words, with the scope rules a flat word list cannot express.

Levels, strongest doubt first: denied > claimed > possible > probable > reported > asserted.
A sentence with several cues takes the strongest doubt ("على الأرجح … وقد يحصل" is possible).
Cues inside a source phrase ("مصادر لم تحددها") describe the source, not the claim, and are skipped.
"""

from __future__ import annotations

from marsad.arabic.morphology import imperfect_after_qad
from marsad.config import Settings
from marsad.enrich.claims.fold import Folded
from marsad.enrich.claims.lexicon import ClaimLexicon
from marsad.enrich.claims.tokens import Tok, forms, is_word

__all__ = ["LEVELS", "judge"]

LEVELS = ("denied", "claimed", "possible", "probable", "reported", "asserted")
_RANK = {lvl: n for n, lvl in enumerate(LEVELS)}
_EN_AUX = frozenset({"did", "does", "do", "has", "have", "had", "will", "would"})
_MONTH_CONTEXT = frozenset({"in", "of", "since", "until", "early", "late", "mid", "last", "next", "this"})


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= pos < e for s, e in spans)


def _governed(toks: list[Tok], pos: int, lex: ClaimLexicon) -> bool:
    """A hedge right after a relative pronoun qualifies a noun ("التي ربما تظنها"), and one right
    after a negation is impossibility ("لا يمكن"): neither makes the sentence's claim uncertain."""
    k = _tok_index(toks, pos)
    if k == 0:
        return False
    prev = toks[k - 1].text
    return prev in lex.relative_pronouns or any(f in lex.modal_negators for f in forms(prev))


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
) -> tuple[str, list[str]]:
    """Return (certainty, cues as written) for one sentence.

    `skip` are folded spans (source phrases) whose cues do not count; `frame_class` is the class of
    the reporting verb (report | deny | claim | hint) or None for the outlet's own voice;
    `content_from` is the folded offset where the reported content starts (for negation scope).
    Negation counts within `settings.claims_negation_window` words of the content.
    The frame sets the starting level; every cue found lowers it to the least certain level seen.
    """
    found = _lexicon_cues(sentence, folded, toks, lex, skip)
    found += _qad_cues(toks, lex, skip) + _clause_hedges(folded.text, toks, lex, skip)
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
_FRAME_LEVEL = {"report": "reported", "deny": "denied", "claim": "claimed", "hint": "possible"}
_Cue = tuple[str, int, int]  # level, folded start, folded end


def _lexicon_cues(
    sentence: str, folded: Folded, toks: list[Tok], lex: ClaimLexicon, skip: list[tuple[int, int]]
) -> list[_Cue]:
    """Hedge and certainty words of the cue lexicon, outside source phrases and not governed."""
    found: list[_Cue] = []
    for level, pat in lex.cues.items():
        for m in pat.finditer(folded.text):
            if _inside(m.start(), skip):
                continue
            if m.group().strip() == "may" and _is_month_may(sentence, folded, toks, m.start(), m.end()):
                continue
            if level in ("possible", "probable") and _governed(toks, m.start(), lex):
                continue
            found.append((level, m.start(), m.end()))
    return found


def _is_month_may(sentence: str, folded: Folded, toks: list[Tok], start: int, end: int) -> bool:
    """ "May" the month (in May, May 5, capitalised), not the modal."""
    k = _tok_index(toks, start)
    prev = toks[k - 1].text if k > 0 else ""
    nxt = toks[k + 1].text if k + 1 < len(toks) else ""
    return prev in _MONTH_CONTEXT or nxt[:1].isdigit() or sentence[folded.span(start, end)[0]] == "M"


def _qad_cues(toks: list[Tok], lex: ClaimLexicon, skip: list[tuple[int, int]]) -> list[_Cue]:
    """قد before a present-tense verb: "may" (before a past verb it is "has", no hedge)."""
    return [
        ("possible", t.start, toks[k + 1].end)
        for k, t in enumerate(toks[:-1])
        if t.text in lex.qad
        and not _inside(t.start, skip)
        and imperfect_after_qad(toks[k + 1].text, lex.qad_past_t)
        and not _governed(toks, t.start, lex)
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
