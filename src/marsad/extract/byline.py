"""Bylines: "بقلم: X", "كتب X", "By X", "Par X", "Von X" → outlet and/or person.

An author is an outlet when it is a known outlet (data/outlets.json), carries an outlet cue word
(وكالة، صحيفة، قناة، موقع، News, Press, Agency, Redaktion…; data/cues.*.json), or matches the
page's site name when the caller knows it. "X - Reuters" / "X (AFP)" give both.
"""

from __future__ import annotations

import re

from marsad.extract.lexicon import fold, lexicon
from marsad.model import Byline

__all__ = ["is_outlet", "outlet_latin", "parse_byline"]

_SEP = re.compile(r"\s*(?:[|,،/]|\s[-–—]\s|\bو\s|\band\b|\bund\b|\bet\b)\s*")
_PAREN = re.compile(r"\(([^()]{1,40})\)\s*$")
_TRAIL_DATE = re.compile(r"\s*(?:[|,،-]\s*)?(?:\d|(?:on|le|am|في)\s+\d).*$")


def is_outlet(name: str, site_name: str | None = None) -> bool:
    """Whether `name` names a news organisation rather than a person."""
    lex = lexicon()
    f = fold(name)
    if not f:
        return False
    if f in lex.outlets:
        return True
    if site_name and (f == fold(site_name) or fold(site_name) in f):
        return True
    if lex.outlet_cue.search(f):
        return True
    # "example.com", "Example.de" — a domain is an outlet.
    return re.search(r"\w\.(?:com|net|org|de|fr|uk|info|news|ma|tn|dz|eg|sa|ae|qa|lb|jo)\b", f) is not None


def parse_byline(text: str, site_name: str | None = None, *, max_words: int) -> Byline | None:
    """Parse a byline line; None when the line does not start with a byline cue or is longer than
    `max_words` words (Settings.byline_max_words)."""
    raw = text.strip()
    lex = lexicon()
    folded_full = fold(raw)
    if len(raw.split()) > max_words:
        return None
    m = lex.byline_prefix.match(folded_full)
    if m is None:
        return None
    # Cut the cue off the original text: skip as many words as the folded cue has, then ":".
    cue_words = len(m.group(0).split())
    words = raw.lstrip(" :-–—|").split()
    rest = " ".join(words[cue_words:])
    # The cue word may carry the colon itself ("بقلم:").
    rest = re.sub(r"^[\s:：\-–—|]+", "", rest)
    rest = _TRAIL_DATE.sub("", rest).strip(" .:-–—|,")
    if not rest:
        return None
    outlet: str | None = None
    person: str | None = None
    pm = _PAREN.search(rest)
    if pm and is_outlet(pm.group(1), site_name):
        outlet = pm.group(1).strip()
        rest = rest[: pm.start()].strip()
    parts = [p for p in _SEP.split(rest) if p and p.strip()]
    for part in parts:
        part = part.strip(" .:-–—")
        if not part:
            continue
        if is_outlet(part, site_name):
            outlet = outlet or part
        elif person is None and _looks_like_name(part):
            person = part
    if outlet is None and person is None:
        return None
    return Byline(
        raw=raw, outlet=outlet, person=person, outlet_latin=outlet_latin(outlet) if outlet else None
    )


def outlet_latin(outlet: str) -> str | None:
    """The Latin name of an outlet: its own name when written in Latin script, else the data's."""
    if outlet.isascii():
        return outlet
    return lexicon().outlet_latin.get(fold(outlet))


def _looks_like_name(s: str) -> bool:
    """A person's name: one to five words, no sentence punctuation, not all digits."""
    w = s.split()
    return 1 <= len(w) <= 5 and not any(c in s for c in ".!?؟") and not s.isdigit()
