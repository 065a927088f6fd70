"""Word tokens of a folded sentence, and the helpers that read them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from marsad.arabic.clitics import CONJUNCTIONS

__all__ = ["QUOTES", "Tok", "forms", "is_word", "tokenize"]

# Quotation marks as tokens: they open a quotation (a reporting verb's content) or a quoted name.
QUOTES = frozenset('"«»“”')

_TOKEN = re.compile(r"\w+(?:['’]\w+)?|[^\w\s]")


@dataclass(frozen=True, slots=True)
class Tok:
    text: str
    start: int  # offsets in the folded text
    end: int


def tokenize(folded: str) -> list[Tok]:
    return [Tok(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(folded)]


def forms(word: str) -> tuple[str, ...]:
    """The word and, when it carries the conjunction و/ف, the word without it."""
    if len(word) > 2 and word[0] in CONJUNCTIONS:
        return word, word[1:]
    return (word,)


def is_word(tok: Tok) -> bool:
    return tok.text[0].isalnum() or tok.text[0] == "_"
