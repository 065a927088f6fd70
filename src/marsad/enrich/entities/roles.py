"""Role phrases next to a person's name, by Arabic apposition (docs/annotation-guideline.md, "Role
phrases linked to a person").

A role phrase opens with a role head (an office, title, rank or occupation of
`data/role_heads.tsv`) and may go on with what Arabic puts after a head noun: definite words and
nisba adjectives (وزير الخارجية الأمريكي), an indefinite noun in construct with what follows it
(مدير مطار تشوك، مساعد وزير الداخلية), names of organisations and places (قائد ريال مدريد) and
prepositional phrases led by a joined ب/ل or by في (مديرة الاتصالات بالبيت الأبيض، المتحدثة باسم
الحكومة، المدير الفني لنادي …). It links to a person in three places:
  * right before the name: الرئيس الأمريكي دونالد ترامب;
  * before it, with a comma between: الرئيس السوري، بشار الأسد;
  * after it, behind a comma: جوزيه مورينيو، المدير الفني لنادي مانشستر يونايتد.
Stacked appositions all link (المتحدث باسم التحالف العقيد الركن تركي المالكي). A rank (الفريق،
اللواء) heads only its own short form (اللواء الركن): «نجم الفريق الملكي» is no rank. Honorifics
(السيد، الشيخ، الدكتور) are no role; one between a role and the name is stepped over.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

from marsad.arabic.clitics import ARTICLE, CONJUNCTIONS, proclitic_readings, strip_article
from marsad.arabic.morphology import definite
from marsad.arabic.words import RELATIVE_PRONOUNS
from marsad.config import Settings
from marsad.enrich.entities.text import key

__all__ = ["Head", "RoleLexicon", "RolePhrase", "head_of", "is_honorific", "person_roles", "role_lexicon"]

# Pronoun endings a head may carry (ناطقها الإعلامي، قائده الجنرال); the folded feminine ة (ه)
# is the first of them, so listing the masculine head covers مديرة and متحدثة too.
_HEAD_ENDINGS = ("", "ه", "ها", "هم", "ته", "تها", "تهم")
# Commas that join an apposition to a name.
COMMAS = frozenset({"،", ","})
# Free prepositions that may open a role's prepositional phrase (مدير الاتصالات في البيت الأبيض).
_PHRASE_PREPOSITIONS = frozenset({"في", "لدي"})


@dataclass(frozen=True, slots=True)
class RoleLexicon:
    """Role heads (folded, no article) by category, and the closed modifier classes."""

    heads: dict[str, str]
    rank_modifiers: frozenset[str]  # as written after a rank, article included (الركن، أول)
    modifiers: frozenset[str]
    not_heads: frozenset[str]  # a head plus an ending that is another word (محافظة: a province)


class Head(NamedTuple):
    """A role head word: its base form, category, the proclitic letters before it (للرئيس: 2),
    whether it carries the article and whether a pronoun ending (ناطقها) or the feminine ة, which
    folds to the same letter as the ending ه (مديرة، مديره), follows it."""

    base: str
    category: str
    cut: int
    article: bool
    ending: bool

    @property
    def definite(self) -> bool:
        """Definite by itself: an article, or an ending read as a pronoun (ناطقها الإعلامي)."""
        return self.article or self.ending


@dataclass(frozen=True, slots=True)
class RolePhrase:
    """Tokens [start, end) of a sentence; `cut` proclitic letters of the first token are not part of
    it (للرئيس → الرئيس); `head` is the head word's base form, `category` its class."""

    start: int
    end: int
    head: str
    category: str
    cut: int


@lru_cache(maxsize=1)
def role_lexicon() -> RoleLexicon:
    """Read data/role_heads.tsv once per process."""
    text = resources.files("marsad.enrich").joinpath("data/role_heads.tsv").read_text(encoding="utf-8")
    heads: dict[str, str] = {}
    sets: dict[str, set[str]] = {"rank_modifier": set(), "modifier": set(), "not_head": set()}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        word, cat = line.split("\t")[:2]
        if cat in sets:
            sets[cat].add(key(word))
        else:
            heads[key(word)] = cat
    return RoleLexicon(
        heads, frozenset(sets["rank_modifier"]), frozenset(sets["modifier"]), frozenset(sets["not_head"])
    )


def head_of(k: str, lex: RoleLexicon) -> Head | None:
    """The role head a folded word is, with the article, a joined و/ف or ب/ل and a pronoun ending
    allowed: للرئيس → رئيس (cut 2: لل), ناطقها → ناطق, والمديرة → مدير; None for other words."""
    for pre, stem in proclitic_readings(k):
        bare = strip_article(stem)
        if bare in lex.not_heads:
            return None
        for end in _HEAD_ENDINGS:
            if end and not bare.endswith(end):
                continue
            base = bare[: len(bare) - len(end)] if end else bare
            cat = lex.heads.get(base)
            if cat is not None and len(base) >= 3:
                # An article and a pronoun ending never go together (الرئيسها is no word); a
                # rank takes no ending (مقدمة is "front", not the rank مقدم).
                if (end not in ("", "ه") and bare != stem) or (end and cat == "rank"):
                    continue
                return Head(base, cat, len(pre), bare != stem or pre.endswith(ARTICLE), bool(end))
    return None


def is_honorific(word: str, lex: RoleLexicon | None = None) -> bool:
    """Whether a word as written is an honorific (السيد، الشيخ، المهندس): never a role, and
    stepped over between a role and the name it belongs to."""
    return _honorific_head(head_of(key(word), lex or role_lexicon()))


def _honorific_head(h: Head | None) -> bool:
    """An honorific as written: no preposition or article joined before it (للمهندس is no title)."""
    return h is not None and h.category == "honorific" and h.cut == 0


class _Sentence:
    """One sentence's folded tokens with what the grammar asks of each: head, name span, nisba."""

    def __init__(
        self,
        keys: Sequence[str],
        pre: Sequence[str],
        names: Sequence[tuple[int, int, str]],
        is_nisba: Callable[[str], bool],
        lex: RoleLexicon,
        settings: Settings,
    ) -> None:
        self.keys = keys
        self.max_phrase = settings.role_phrase_max_tokens
        self.max_honorifics = settings.role_max_honorifics
        # A joined و/ف as the tagger read it (وزير is no و + زير; والمواصلات is و + المواصلات).
        self.conj = [p[:1] in CONJUNCTIONS for p in pre]
        self.lex = lex
        self.is_nisba = is_nisba
        self.heads = [head_of(k, lex) for k in keys]
        self.person_at: dict[int, int] = {}  # token → start of the person name covering it
        self.name_end: dict[int, int] = {}  # start of a non-person name → its end
        for i, j, typ in names:
            for x in range(i, j):
                if typ == "PERS":
                    self.person_at[x] = i
            if typ != "PERS":
                self.name_end[i] = j

    def head(self, i: int) -> Head | None:
        h = self.heads[i]
        return h if h and h.category != "honorific" else None

    def honorific(self, i: int) -> bool:
        return _honorific_head(self.heads[i])

    def word(self, i: int) -> bool:
        k = self.keys[i]
        return bool(k) and k[0].isalpha() and i not in self.person_at

    def phrase_end(self, s: int) -> int | None:
        """End of the longest role phrase opening with the head at token s; None when that phrase
        is indefinite (مسؤول إسرائيلي، محامي + a name): a description, or a head in construct
        with the name that follows it (محامي ترامب is Trump's lawyer), never an apposition."""
        h = self.head(s)
        assert h is not None
        n = len(self.keys)
        if h.category == "rank":
            return self._rank_end(s) if h.definite else None
        j = s + 1
        # A definite head takes adjectives and definite words; an indefinite one is in construct
        # with what follows (وزير الخارجية، مساعد وزير) and is as definite as the noun it is
        # annexed to: None until that noun is read.
        prev = "head" if h.article else "construct"
        is_def: bool | None = True if h.definite else None
        end = j
        while j < n and j - s < self.max_phrase and self.word(j):
            k = self.keys[j]
            if j in self.name_end:  # an organisation or place: ريال مدريد، البيت الأبيض
                j = self.name_end[j]
                prev, end = "name", j
                is_def = True if is_def is None else is_def
                continue
            if k in RELATIVE_PRONOUNS or self.honorific(j):  # الشيخ before a name opens the name
                break
            if definite(k[1:] if self.conj[j] else k):
                if self._definite_ends(j, prev):
                    break
                if is_def is None:
                    is_def = not k.startswith(("بال", "لل"))  # وزيرة للشؤون: no annexation
                prev, j = "def", j + 1
                end = j
                continue
            part = self._indefinite_part(j, prev)
            if part is None:
                break
            prev, j = part[0], j + 1
            is_def = part[1] if is_def is None else is_def
            end = j if part[2] else end
        return end if is_def else None

    def _indefinite_part(self, j: int, prev: str) -> tuple[str, bool | None, bool] | None:
        """What the indefinite word at j adds to a phrase after a part of kind `prev`: its kind,
        the phrase's definiteness if still open (None: still open), whether the phrase may end
        after it; None when the phrase ends before it."""
        k = self.keys[j]
        if self.conj[j]:  # و + an indefinite word: a new clause or phrase
            return None
        followed = j + 1 < len(self.keys) and (definite(self.keys[j + 1]) or j + 1 in self.name_end)
        if k in _PHRASE_PREPOSITIONS:  # في + a definite word or a name
            return ("prep", False, False) if followed else None
        if k[0] in "بل" and len(k) >= 4 and prev != "prep":  # باسم، لنادي، لشؤون: a complement follows
            return "prep", False, False
        if self.is_nisba(k) or strip_article(k) in self.lex.modifiers:
            return "def", False, True
        # A head in construct (مساعد وزير، نائب رئيس), or an indefinite noun in construct after a
        # head (مدير مطار …) when a definite word or a name follows it.
        if prev in ("construct", "prep") and (self.head(j) is not None or followed):
            return "construct", None, True
        return None

    def _rank_end(self, s: int) -> int:
        """End of a rank's own short form (اللواء الركن، الفريق أول): at most two modifiers."""
        j = s + 1
        while j < len(self.keys) and j - s < 3 and self.keys[j] in self.lex.rank_modifiers:
            j += 1
        return j

    def _definite_ends(self, j: int, prev: str) -> bool:
        """Whether the definite word at j, after a phrase part of kind `prev`, ends the phrase."""
        hj = self.head(j)
        if self.conj[j]:  # والمواصلات joins a list; والوزير is another person
            return prev != "def" or hj is not None
        # A second definite head is a new apposition (المتحدث … العقيد); بال/لل open a complement.
        return (
            hj is not None and prev in ("head", "def", "name") and not self.keys[j].startswith(("بال", "لل"))
        )

    def phrase_before(self, at: int) -> RolePhrase | None:
        """The longest role phrase that ends right before token `at`."""
        for s in range(max(0, at - self.max_phrase), at):
            h = self.head(s)
            if h is not None and self.phrase_end(s) == at:
                return RolePhrase(s, at, h.base, h.category, h.cut)
        return None

    def phrases_before_name(self, name: int) -> list[RolePhrase]:
        """Stacked appositions before a name: right before it or with a comma, honorifics stepped over."""
        at = name
        while at > 0 and name - at < self.max_honorifics and self.honorific(at - 1):
            at -= 1
        out: list[RolePhrase] = []
        while at > 0:
            comma = self.keys[at - 1] in COMMAS
            p = self.phrase_before(at - 1 if comma else at)
            if p is None:
                break
            out.append(p)
            at = p.start
        return out

    def phrase_after_name(self, name_end: int) -> RolePhrase | None:
        """A role behind «name ،», unless it runs into another person's name (whose role it is)."""
        s = name_end + 1
        if name_end >= len(self.keys) or self.keys[name_end] not in COMMAS or s >= len(self.keys):
            return None
        h = self.head(s)
        if h is None or h.cut:  # والرئيس، للرئيس: a new item or a complement, no apposition
            return None
        e = self.phrase_end(s)
        if e is None or e in self.person_at or (e < len(self.keys) and self.honorific(e)):
            return None
        return RolePhrase(s, e, h.base, h.category, 0)


def person_roles(
    keys: Sequence[str],
    pre: Sequence[str],
    names: Sequence[tuple[int, int, str]],
    is_nisba: Callable[[str], bool],
    settings: Settings,
    lex: RoleLexicon | None = None,
) -> dict[int, list[RolePhrase]]:
    """Role phrases of each person name in one sentence, keyed by the name's first token.

    `keys` are the sentence's folded tokens, `pre` the proclitics the tagger read on each; `names`
    its entity mentions (token start, end, type: PERS for persons); `is_nisba` tells a folded word
    that is a country adjective (الأمريكي); `settings` bounds a phrase's reach.
    A name led by و (وبشار الأسد) is a new list item: the role before it is another person's.
    """
    lex = lex or role_lexicon()
    sent = _Sentence(keys, pre, names, is_nisba, lex, settings)
    out: dict[int, list[RolePhrase]] = {}
    for i, j, typ in names:
        if typ != "PERS":
            continue
        phrases = [] if sent.conj[i] else sent.phrases_before_name(i)
        after = sent.phrase_after_name(j)
        if after is not None:
            phrases = [*phrases, after]
        if phrases:
            out[i] = phrases
    return out
