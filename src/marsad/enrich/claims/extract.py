"""Claims: one per sentence, with its source chain and certainty.

A sentence is the outlet's own assertion unless an attribution frame is found:
  * "according to" frames: وفقا لـ X، بحسب X، حسبما ذكرت X، according to X;
  * a reporting verb with its subject after it (VSO: "وقال الوزير إن") or before it (SVO: "X said");
  * a relay inside the phrase: "ذكرت X نقلاً عن Y", "نقلت X عن Y"، "X, citing Y" → chain [X, Y];
  * a publishing frame: "نشر X معلومات مفادها أن";
  * a reporting verb with no subject ("وأضافت"، "وتابع"، "زاعماً أن") continues the last chain or, for a
    participle, takes the sentence's subject (its first entity or country).
"""

from __future__ import annotations

from dataclasses import dataclass

from marsad.config import Settings
from marsad.enrich.claims.analysis import UNKNOWN_SPEAKER, Analysis
from marsad.enrich.claims.certainty import judge
from marsad.enrich.claims.fold import Folded, fold
from marsad.enrich.claims.learnt import decisions, refine
from marsad.enrich.claims.lexicon import ClaimLexicon, countries, lexicon
from marsad.enrich.claims.sources import EntitySpan, head_of, make_source, take_np, take_np_back
from marsad.enrich.claims.tokens import QUOTES, Tok, forms, is_word, tokenize
from marsad.model import Claim, SourceRef

__all__ = ["UNKNOWN_SPEAKER", "Analysis", "analyse_sentence", "claim_of"]


@dataclass(slots=True)
class _Frame:
    pos: int  # token index of the frame word
    cls: str  # report | deny | claim | hint
    cue: str | None
    np: tuple[int, int]  # token range of the first source
    first_start: int | None = None
    content_from: int | None = None  # folded offset where the reported content starts
    pronoun: bool = False  # verb without a subject: continuation or participle
    according: bool = False  # "وفقاً لـ X" / "according to X" rather than a verb


# After a reporting verb with no subject these open its content: a colon, a comma, or a quotation
# ("وأضاف "منعت جهودنا…"": certainty-guideline, attribution frames).
_CONTENT_OPENERS = frozenset({":", ",", "،"}) | QUOTES


def _verb_class(word: str, lex: ClaimLexicon) -> str | None:
    for f in forms(word):
        if f in lex.verb_class:
            return lex.verb_class[f]
    return None


def _place_verb(word: str, lex: ClaimLexicon) -> bool:
    return any(f in lex.place_verbs for f in forms(word))


def _speech_verb(word: str, lex: ClaimLexicon) -> bool:
    """A reporting verb, or a verb of where something was said ("جاء/ورد في")."""
    return _verb_class(word, lex) is not None or _place_verb(word, lex)


def _content_after(toks: list[Tok], k: int, lex: ClaimLexicon) -> int | None:
    """Folded offset of the first word after the complementizer that follows token k."""
    for n in range(k, min(k + 14, len(toks))):
        if toks[n].text in lex.complementizers and n + 1 < len(toks):
            return toks[n + 1].start
    return None


def _frames(text: str, toks: list[Tok], lex: ClaimLexicon, s: Settings) -> list[_Frame]:
    """Every reporting frame of a sentence: "according to" frames, place frames ("جاء في X"),
    then reporting verbs, in that order."""
    return [*_according_frames(text, toks, lex, s), *_place_frames(toks, lex, s), *_verb_frames(toks, lex, s)]


def _according_frames(text: str, toks: list[Tok], lex: ClaimLexicon, s: Settings) -> list[_Frame]:
    """ "According to X" frames (حسب، وفقا لـ، على ما أوردت X) and their sources."""
    out: list[_Frame] = []
    starts = {t.start: n for n, t in enumerate(toks)}
    for m in lex.according.finditer(text):
        k = starts.get(m.start())
        if k is None:
            continue
        end = m.end()
        n = next((x for x, t in enumerate(toks) if t.end > end), len(toks))
        if n < len(toks) and text[end : toks[n].end].strip() in ("ما", "لما"):
            n += 1  # "وفق ما ذكرته X" / "وفقا لما نشرته X": the relative's verb follows
            verb_next = True
        else:
            verb_next = n < len(toks) and toks[n].start >= end and _speech_verb(toks[n].text, lex)
        if not verb_next and any(f in lex.according_needs_verb for f in forms(" ".join(m.group().split()))):
            continue  # "على ما يبدو" is a hedge; "على ما أوردت X" is a frame
        if verb_next and n < len(toks):
            # "حسبما ذكرت X": the source follows the verb; "وفق ما جاء في X": and the preposition.
            place = _place_verb(toks[n].text, lex)
            n += 1 + int(place and n + 1 < len(toks) and toks[n + 1].text == "في")
            end = toks[n].start if n < len(toks) else end
        if n < len(toks) and toks[n].text in lex.pronoun_sources:
            out.append(_Frame(k, "report", None, (n, n), pronoun=True))  # "على حد تعبيره"
            continue
        np = take_np(toks, n, lex, s, first_start=end)
        if np[1] > np[0]:
            out.append(_Frame(k, "report", None, np, first_start=end, according=True))
    return out


def _verb_frames(toks: list[Tok], lex: ClaimLexicon, s: Settings) -> list[_Frame]:
    """Frames of reporting, belief, relay and publishing verbs, with their speakers."""
    out: list[_Frame] = []
    for k, t in enumerate(toks):
        cls = _verb_class(t.text, lex)
        relay_verb = any(f in lex.relay_verbs for f in forms(t.text))
        publish = any(f in lex.publish_verbs for f in forms(t.text)) and any(
            x.text in lex.publish_links for x in toks[k + 1 :]
        )
        if cls is None and not relay_verb and not publish:
            continue
        if k > 0 and toks[k - 1].text in ("حسبما", "حسب", "ما", "as"):
            continue  # already read as an "according to" frame
        if k > 0 and toks[k - 1].text in lex.frame_blockers and not _reported_in_relative(toks, k, lex, s):
            continue  # a relative clause's or a negated verb: "التي أشارت فيها", "لم تذكر هويته"
        cls = cls or "report"
        cue = t.text if cls != "report" else None
        # English puts the speaker before the verb ("Officials said the…"); read forward only when
        # nothing stands before it ("said the minister" follows a quote).
        latin_verb = t.text.isascii()
        back_first = take_np_back(toks, k, lex, s) if latin_verb else (k, k)
        np = back_first if back_first[1] > back_first[0] else take_np(toks, k + 1, lex, s)
        content = _content_after(toks, k + 1, lex)
        quoted = any(toks[x].text in (":", '"', "«") for x in range(k + 1, min(k + 16, len(toks))))
        if any(f in lex.needs_content for f in forms(t.text)) and content is None and not quoted:
            continue  # "أضاف مليون دولار": add, not say
        if np[1] - np[0] == 1 and toks[np[0]].text in lex.pronoun_sources:
            # "He added that…", "وقال هو إن": the speaker is the one named before.
            out.append(_Frame(k, cls, cue, (k, k), content_from=content, pronoun=True))
            continue
        if np[1] > np[0]:
            out.append(_Frame(k, cls, cue, np, content_from=content))
            continue
        back = take_np_back(toks, k, lex, s)
        opens = back[0] == 0 or not is_word(toks[back[0] - 1]) or toks[back[0] - 1].text in lex.np_stops
        # A singular belief verb with no subject after it is the impersonal passive ("12 فردا يُعتقد
        # أنهم…"): the noun before it is what is believed, not who believes; a plural one is active.
        passive = cls == "belief" and not t.text.endswith("ون")
        if back[1] > back[0] and opens and not passive:
            out.append(_Frame(k, cls, cue, back, content_from=content))
        elif any(f in lex.impersonal for f in forms(t.text)):
            continue  # "يذكر أن" / "يشار إلى أن": the outlet's own aside
        elif content is not None or (k + 1 < len(toks) and toks[k + 1].text in _CONTENT_OPENERS):
            out.append(_Frame(k, cls, cue, (k, k), content_from=content, pronoun=True))
    return out


_SAID_IN = ("document", "outlet", "media")  # what "جاء في X أن" names: a text or who published it


def _reported_in_relative(toks: list[Tok], k: int, lex: ClaimLexicon, s: Settings) -> bool:
    """A reporting verb right after a relative pronoun with its own named subject and content
    clause reports ("الفتاة التي قالت الشرطة إنها…"، "غولن، الذي تقول أنقرة إنه…"); with no subject
    of its own it describes the noun ("التي أشارت فيها") and is no frame."""
    if toks[k - 1].text not in lex.relative_pronouns or toks[k - 1].text in lex.free_relatives:
        return False
    np = take_np(toks, k + 1, lex, s)
    return np[1] > np[0] and np[1] < len(toks) and toks[np[1]].text in lex.complementizers


_ADDRESSEES = ("outlet", "media")  # "في تصريح لوكالة X / لمراسل": to whom it was said, not by whom


def _speech_noun_author(toks: list[Tok], lex: ClaimLexicon, s: Settings) -> tuple[int, int] | None:
    """The author named by "في <statement noun> [adjective] لـ X" ("في تغريدة للعفاسي"، "في مقابلة
    حصرية لدين"), or None; X an outlet, medium or correspondent is the addressee ("في تصريح لوكالة
    تونس افريقيا للأنباء"، "لمراسلة الجوهرة"), and names no author."""
    for n in range(len(toks) - 2):
        if "في" not in forms(toks[n].text) or not any(
            f in lex.speech_nouns for f in _nouns(toks[n + 1].text)
        ):
            continue
        for x in (n + 2, n + 3):
            word = toks[x].text if x < len(toks) else ""
            if len(word) > 2 and word[0] == "ل":
                if any(head_of(word[1:], lex, kind) for kind in _ADDRESSEES) or word in lex.np_stops:
                    return None
                # The name keeps its fused preposition, as the gold writes it ("للعفاسي").
                np = take_np(toks, x, lex, s, first_start=toks[x].start)
                return np if np[1] > np[0] else None
    return None


def _nouns(word: str) -> tuple[str, ...]:
    """The word with and without the article (speech nouns are listed indefinite)."""
    return (word, word[2:]) if word.startswith("ال") else (word,)


def _place_frames(toks: list[Tok], lex: ClaimLexicon, s: Settings) -> list[_Frame]:
    """ "وجاء في بيان للأمم المتحدة أن…", "ورد في تقرير الصحيفة: …": a document, outlet or medium
    after "جاء/ورد في" is the source when a content clause, colon or quotation follows ("جاء في
    المرتبة الأولى" names no source; "وفق ما جاء في X" is read as an "according to" frame)."""
    out: list[_Frame] = []
    for k in range(len(toks) - 2):
        if not _place_verb(toks[k].text, lex) or toks[k + 1].text != "في":
            continue
        if k > 0 and toks[k - 1].text in ("ما", "لما", "حسبما"):
            continue
        np = take_np(toks, k + 2, lex, s)
        if np[1] <= np[0] or not any(head_of(toks[np[0]].text, lex, kind) for kind in _SAID_IN):
            continue
        content = _content_after(toks, np[1], lex)
        if content is not None or (np[1] < len(toks) and toks[np[1]].text in _CONTENT_OPENERS):
            out.append(_Frame(k, "report", None, np, content_from=content))
    return out


def _relay(
    toks: list[Tok], frame: _Frame, lex: ClaimLexicon, text: str, s: Settings
) -> tuple[int, int] | None:
    """The second source of "X نقلاً عن Y" / "نقلت X عن Y" / "X, citing Y", if any."""
    j = frame.np[1]
    while j < len(toks) and toks[j].text in (",", "،"):
        j += 1
    if j >= len(toks):
        return None
    m = lex.relay.match(text, toks[j].start)
    if m:
        n = next((x for x, t in enumerate(toks) if t.start >= m.end()), len(toks))
        return take_np(toks, n, lex, s)
    relay_verb = any(f in lex.relay_verbs for f in forms(toks[frame.pos].text))
    if relay_verb and toks[j].text == "عن":
        return take_np(toks, j + 1, lex, s)
    return None


def _subject(
    sentence: str, folded: Folded, toks: list[Tok], k: int, ents: list[EntitySpan]
) -> SourceRef | None:
    """The sentence's subject for a participle such as "زاعماً": first entity or country before it."""
    limit = folded.span(toks[k].start, toks[k].end)[0]
    before = [e for e in ents if e.end <= limit]
    if before:
        e = min(before, key=lambda x: x.start).entity
        kind = {"PERSON": "person", "LOCATION": "state"}.get(e.type, "organization")
        return SourceRef(e.name, kind, e.latin, e.id)
    names = countries()
    for a in range(k):
        for b in (a + 2, a + 1):
            if b <= k and is_word(toks[a]):
                key = " ".join(t.text for t in toks[a:b])
                for cand in (key, key[1:] if key[:1] in "وفلب" else key):
                    if cand in names:
                        s, e2 = folded.span(toks[a].start, toks[b - 1].end)
                        name = sentence[s:e2]
                        if cand != key:
                            name = name[1:]
                        return SourceRef(name, "state", names[cand], None)
    return None


def _continues_quotation(toks: list[Tok]) -> bool:
    """A sentence with no frame whose quotation marks do not pair up, with the odd mark closing
    it or opening it, goes on with (or opens) a quotation that spans sentences: "… لإنهاء ترتيبات
    شؤون الحجاج.."" closes what an earlier sentence's speaker began (certainty-guideline, quoted
    continuations). An odd mark inside the sentence is more often a typo in a quoted name."""
    marks = [n for n, t in enumerate(toks) if t.text in QUOTES]
    opening, closing = (sum(toks[n].text == q for n in marks) for q in ("«", "»"))
    if (len(marks) - opening - closing) % 2 == 0 and opening == closing:
        return False  # the marks pair up
    edge = marks and (marks[0] == 0 or all(not is_word(t) for t in toks[marks[-1] + 1 :]))
    return bool(edge)


_RELAYERS = frozenset({"outlet", "media"})


def _order_trailing_source(chain: list[SourceRef]) -> None:
    """ "The ministry denied …, according to state media": the outlet heard it from the media, who
    report the ministry — so the media come first. When the first source is itself a medium
    ("ذكرت الشبكة … وفقاً لمصادر") the trailing source is that medium's own and stays last."""
    if len(chain) >= 2 and chain[-1].kind in _RELAYERS and chain[0].kind not in _RELAYERS:
        chain.insert(0, chain.pop())


def analyse_sentence(
    sentence: str,
    ents: list[EntitySpan],
    previous: list[SourceRef] | None,
    settings: Settings,
    lex: ClaimLexicon | None = None,
    learnt: str | None = None,
) -> Analysis:
    """Attribution and certainty of one sentence; `previous` is the chain of the sentence before.

    `learnt` names the decisions the learnt classifier takes (default `settings.claims_learnt`;
    "none" gives the rules alone); the chain and phrase limits come from `settings`."""
    s = settings
    lex = lex or lexicon()
    folded = fold(sentence)
    toks = tokenize(folded.text)
    frames = sorted(_frames(folded.text, toks, lex, s), key=lambda f: f.pos)
    chain = _Chain(sentence, folded, toks, ents, lex, s)
    frame = next((f for f in frames if not f.pronoun), None) or (frames[0] if frames else None)
    if frame is None and _continues_quotation(toks):
        frame = _Frame(0, "report", None, (0, 0), pronoun=True)  # the quotation's speaker goes on
    author = _speech_noun_author(toks, lex, s) if frame is not None and frame.pronoun else None
    if frame is not None and author is not None:
        # "جاء ذلك في تغريدة للعفاسي… حيث قال": the statement's author is the speaker.
        frame = _Frame(frame.pos, frame.cls, frame.cue, author, content_from=frame.content_from)
    continued = False
    if frame is not None and not frame.pronoun:
        chain.from_frames(frame, frames)
    elif frame is not None:
        continued = chain.for_pronoun(frame, previous)
    certainty, cues = judge(
        sentence,
        folded,
        toks,
        lex,
        s,
        skip=chain.fspans,
        frame_class=frame.cls if frame is not None and (chain.refs or frame.cls != "report") else None,
        frame_cue=sentence[slice(*folded.span(toks[frame.pos].start, toks[frame.pos].end))]
        if frame
        else None,
        content_from=frame.content_from if frame else None,
        names=[(e.start, e.end) for e in ents if not e.role],
    )
    an = Analysis(certainty, chain.refs, cues, chain.spans, continued)
    # --- issue 11: the learnt classifier takes the decisions where it beat the rules on dev ---
    return refine(folded, toks, lex, an, decisions(s.claims_learnt if learnt is None else learnt))


class _Chain:
    """A sentence's source chain as it is built: the sources, their sentence spans, and their
    folded spans (whose cue words then do not count toward the claim's certainty)."""

    def __init__(
        self,
        sentence: str,
        folded: Folded,
        toks: list[Tok],
        ents: list[EntitySpan],
        lex: ClaimLexicon,
        s: Settings,
    ) -> None:
        self.sentence, self.folded, self.toks, self.ents, self.lex = sentence, folded, toks, ents, lex
        self.max_chain = s.claims_max_chain
        self.s = s
        self.refs: list[SourceRef] = []
        self.spans: list[tuple[int, int]] = []
        self.fspans: list[tuple[int, int]] = []

    def add(self, rng: tuple[int, int], first_start: int | None = None) -> tuple[int, int] | None:
        got = make_source(
            self.sentence, self.folded, self.toks, rng, self.ents, self.lex, first_start=first_start
        )
        if got is None:
            return None
        self.refs.append(got[0])
        self.spans.append(got[1])
        i, j = got[2]
        self.fspans.append((self.toks[i].start, self.toks[j - 1].end))
        return got[2]

    def from_frames(self, frame: _Frame, frames: list[_Frame]) -> None:
        """The named source of the main frame, the outlet it relays, then later frames' sources."""
        rng = self.add(frame.np, frame.first_start)
        if rng is None:
            return
        frame.np = rng
        rel = _relay(self.toks, frame, self.lex, self.folded.text, self.s)
        if rel is not None and rel[1] > rel[0]:
            self.add(rel)
        # A later frame is the first source's own source: "ذكرت X أن … وفقا لما ذكرته Y",
        # "قال الباحثون إن بيانات … تشير إلى أن".
        for later in frames:
            if len(self.refs) >= self.max_chain:
                break
            after_first = (
                not later.pronoun
                and later.cls == "report"
                and later.pos > frame.np[1]
                and later.np[0] > frame.np[1]
            )
            if not after_first or any(a <= self.toks[later.np[0]].start < b for a, b in self.fspans):
                continue
            if self.add(later.np, later.first_start) and later.according:
                _order_trailing_source(self.refs)

    def for_pronoun(self, frame: _Frame, previous: list[SourceRef] | None) -> bool:
        """A frame with no named speaker ("وأضاف أن…"): the subject before it, else the previous
        sentence's chain (returns True: continued), else an unknown speaker."""
        subj = (
            _subject(self.sentence, self.folded, self.toks, frame.pos, self.ents) if frame.pos > 1 else None
        )
        if subj is not None:
            self.refs = [subj]
            return False
        if previous:
            self.refs = list(previous)
            return True
        # Reported, by whom unknown (a fresh object: SourceRefs are mutable and a later step may
        # fill one in).
        self.refs = [SourceRef(UNKNOWN_SPEAKER.name, UNKNOWN_SPEAKER.kind)]
        return False


def claim_of(text: str, block: int, start: int, an: Analysis) -> Claim:
    return Claim(text, block, start, start + len(text), an.certainty, list(an.chain), list(an.cues))
