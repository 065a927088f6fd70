"""Offset-keeping folded text: match lexicons on normalised text, report spans in the original.

Cue and frame lexicons are matched on a folded form (no diacritics or tatweel, one alef, ya and
ha, lower case, Western digits) so that يُفترض matches يفترض. Folding deletes characters, so a
folded string carries, for every folded character, the index of the original character it came
from; a match in the folded text maps back to an exact span of the sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from marsad.arabic.normalize import fold_char as _fold_char

__all__ = ["Folded", "fold", "fold_text", "word_pattern"]


@dataclass(frozen=True, slots=True)
class Folded:
    """A folded string and, per folded character, the index of its source character."""

    text: str
    index: tuple[int, ...]
    length: int  # length of the original string

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a folded span [start, end) back to the original string."""
        if start >= len(self.index):
            return self.length, self.length
        o_start = self.index[start]
        o_end = self.index[end - 1] + 1 if end > start else o_start
        return o_start, o_end


def fold(text: str) -> Folded:
    """Fold `text`, keeping the map back to original offsets."""
    chars: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        out = _fold_char(ch)
        chars.append(out)
        index.extend([i] * len(out))
    return Folded("".join(chars), tuple(index), len(text))


def fold_text(text: str) -> str:
    """The folded form only (for lexicon entries)."""
    return "".join(_fold_char(ch) for ch in text)


def word_pattern(forms: list[str], *, prefixes: str = "", suffix: bool = False, suffixes: str = "") -> str:
    """A regex alternation of folded word forms at word boundaries.

    `prefixes` is a regex for proclitics allowed before the form (e.g. "(?:و|ف)?"), `suffixes` one for
    enclitics after it; a form ending in "*" may take any letters after it.
    """
    alts = []
    for f in sorted({fold_text(x) for x in forms}, key=len, reverse=True):
        if f.endswith("*"):
            alts.append(re.escape(f[:-1]) + r"\w*")
        else:
            alts.append(re.escape(f) + (r"\w*" if suffix else ""))
    return rf"(?<!\w){prefixes}(?:{'|'.join(alts)}){suffixes}(?!\w)"
