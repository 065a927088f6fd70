"""The search query language analysts know: phrases, OR, exclusion, prefixes and field filters.

    ميركل -أردوغان                     every word, minus articles that have the excluded one
    "الرئيس الفرنسي"  «الرئيس الفرنسي»   the words next to each other, in this order
    ميركل OR أردوغان                   either side (OR binds looser than the implicit AND)
    (ميركل OR أردوغان) اجتماع          parentheses group
    اقتصا*                              any word starting with these letters
    outlet:الجزيرة  entity:Merkel  since:2023-09  until:2023-09-30  lang:ar   filters
    -outlet:CNN  -entity:أردوغان         filters may be negated

`parse(text, settings)` gives a typed `Query` (the full-text expression and the field filters) or raises
`QueryError(message, position)`; it raises nothing else on any text. Words are not normalised
here: `resolve` gives every Term, Phrase word and Prefix the index terms it stands for, through
`store.terms.analyses` (the one Arabic search normalisation), so a phrase or an exclusion meets
clitic and letter-form variants exactly as plain words do. The SQL backends compile a resolved
expression (store.query_compile); `matches` evaluates one over an article's words and is the
reference of what every operator means.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from enum import StrEnum

from marsad.config import Settings
from marsad.date_forms import filter_date_error
from marsad.errors import MarsadError
from marsad.store.terms import TermRule, analyses, term_rule, word_spans

__all__ = [
    "FIELD_NAMES",
    "And",
    "Field",
    "Node",
    "Not",
    "Or",
    "Phrase",
    "Prefix",
    "Query",
    "QueryError",
    "Sort",
    "Term",
    "matches",
    "parse",
    "resolve",
]


class QueryError(MarsadError):
    """A malformed query. `position` is the 0-based character offset the message is about."""

    code = "QUERY"

    def __init__(self, message: str, position: int) -> None:
        super().__init__(f"{message} (at character {position + 1})")
        self.message = message
        self.position = position


class Sort(StrEnum):
    """Result order: relevance (bm25 / ts_rank_cd), newest first, oldest first."""

    relevance = "relevance"
    date = "date"
    date_asc = "date_asc"


# --- the AST --------------------------------------------------------------------------------
# `alts` hold the index terms a node stands for; parse leaves them empty, `resolve` fills them.
@dataclass(frozen=True, slots=True)
class Term:
    word: str
    alts: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Phrase:
    words: tuple[str, ...]
    alts: tuple[frozenset[str], ...] = ()


@dataclass(frozen=True, slots=True)
class Prefix:
    stem: str
    alts: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Not:
    child: Node


@dataclass(frozen=True, slots=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    children: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Field:
    """A filter: `name` is one of FIELD_NAMES (aliases already mapped), `negated` for -name:."""

    name: str
    value: str
    negated: bool = False


Node = Term | Phrase | Prefix | Not | And | Or


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed query: the full-text expression (None: filters only) and the field filters."""

    expr: Node | None
    fields: tuple[Field, ...] = field(default=())

    @property
    def plain_words(self) -> list[str] | None:
        """The words when the expression is only words (the plain search path), else None."""
        e = self.expr
        if isinstance(e, Term):
            return [e.word]
        if isinstance(e, And) and all(isinstance(c, Term) for c in e.children):
            return [c.word for c in e.children if isinstance(c, Term)]
        return None


# Field names as typed (Latin and Arabic) → the filter they set.
FIELD_NAMES: dict[str, str] = {
    "outlet": "outlet",
    "entity": "entity",
    "since": "since",
    "until": "until",
    "lang": "lang",
    "مصدر": "outlet",
    "المصدر": "outlet",
    "كيان": "entity",
    "الكيان": "entity",
    "منذ": "since",
    "حتى": "until",
    "لغة": "lang",
    "اللغة": "lang",
}
# Only these may be negated: "not from this outlet / not naming this entity" make sense, a negated
# date bound is just the other bound.
_NEGATABLE = {"outlet", "entity"}
_KEYWORDS = {"OR", "AND", "NOT"}
# Phrase quotes: ASCII, Arabic guillemets and typographic quotes (what Arabic keyboards produce).
_QUOTES = {'"': '"', "«": "»", "“": "”"}
_STOP = set(_QUOTES) | set(_QUOTES.values()) | {"(", ")"}


# --- tokens -------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Tok:
    kind: str  # word | phrase | field | open | close | or | and | not | minus
    text: str
    pos: int
    value: str = ""  # a field's value


def _read_quoted(text: str, i: int) -> tuple[str, int]:
    """The text inside the quote opening at `i`, and the index after its closing quote."""
    close = _QUOTES[text[i]]
    end = text.find(close, i + 1)
    if end < 0:
        raise QueryError(f"unbalanced quote: {text[i]} is never closed with {close}", i)
    return text[i + 1 : end], end + 1


def _read_word(text: str, i: int) -> int:
    j = i
    while j < len(text) and not text[j].isspace() and text[j] not in _STOP:
        j += 1
    return j


def _field_token(text: str, i: int, j: int) -> tuple[_Tok, int] | None:
    """A `name:value` token starting at `i` (word read up to `j`), or None when not a field."""
    word = text[i:j]
    name, colon, value = word.partition(":")
    if not colon:
        return None
    if name not in FIELD_NAMES:
        if name.isascii() and name.isalpha() and value:
            known = ", ".join(k for k in FIELD_NAMES if k.isascii())
            raise QueryError(f"unknown field {name + ':'!r}; known fields: {known}", i)
        return None  # قال: or 10:30 — a word with a colon in it
    if not value and j < len(text) and text[j] in _QUOTES:
        value, j = _read_quoted(text, j)
    if not value.strip():
        raise QueryError(f"{name}: needs a value, e.g. {name}:…", i)
    return _Tok("field", name, i, value.strip()), j


def _tokens(text: str) -> Iterator[_Tok]:
    i = 0
    while i < len(text):
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch in _QUOTES:
            inner, end = _read_quoted(text, i)
            yield _Tok("phrase", inner, i)
            i = end
        elif ch in "»”":
            raise QueryError(f"unbalanced quote: {ch} closes nothing", i)
        elif ch in "()":
            yield _Tok("open" if ch == "(" else "close", ch, i)
            i += 1
        elif ch == "-" and (i + 1 >= len(text) or text[i + 1].isspace()):
            raise QueryError("a lone '-' excludes nothing: write -word (no space)", i)
        elif ch == "-":
            yield _Tok("minus", ch, i)
            i += 1
        else:
            j = _read_word(text, i)
            word = text[i:j]
            if word in _KEYWORDS:
                yield _Tok(word.lower(), word, i)
            else:
                found = _field_token(text, i, j)
                yield found[0] if found else _Tok("word", word, i)
                if found:
                    j = found[1]
            i = j


# --- the parser ---------------------------------------------------------------------------------
class _Parser:
    def __init__(self, text: str, settings: Settings) -> None:
        self.text = text
        self.limits = settings  # query_max_depth, query_max_terms, query_min_prefix
        self.rule = term_rule(settings)
        self.toks = list(_tokens(text))
        self.i = 0
        self.fields: list[Field] = []
        self.count = 0

    def peek(self) -> _Tok | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def end_pos(self) -> int:
        return len(self.text.rstrip())

    def parse(self) -> Query:
        expr = self.or_expr(0, top=True)
        tok = self.peek()
        if tok is not None:  # only a ')' can stop or_expr early
            raise QueryError("')' has no matching '('", tok.pos)
        return Query(expr, tuple(self.fields))

    def or_expr(self, depth: int, top: bool = False) -> Node | None:
        first = self.peek()
        if first is not None and first.kind == "or":
            raise QueryError("OR needs something to look for before it", first.pos)
        n_fields = len(self.fields)
        sides = [self.and_expr(depth, top)]
        while (tok := self.peek()) is not None and tok.kind == "or":
            self.i += 1
            nxt = self.peek()
            if nxt is None or nxt.kind in ("or", "close", "and"):
                raise QueryError("OR needs something to look for after it", tok.pos)
            if len(self.fields) != n_fields:
                raise QueryError("a field filter applies to the whole query, not to one side of OR", tok.pos)
            sides.append(self.and_expr(depth, False))
            if sides[-1] is None:
                raise QueryError("OR needs something to look for after it", tok.pos)
        if len(sides) == 1:
            return sides[0]
        if sides[0] is None:
            raise QueryError("OR needs something to look for before it", _tok_pos(first))
        return Or(tuple(s for s in sides if s is not None))

    def and_expr(self, depth: int, top: bool) -> Node | None:
        items: list[Node] = []
        start = self.peek()
        n_fields = len(self.fields)
        while (tok := self.peek()) is not None and tok.kind not in ("or", "close"):
            if tok.kind == "and":
                self.i += 1
                nxt = self.peek()
                if (
                    (not items and len(self.fields) == n_fields)
                    or nxt is None
                    or nxt.kind in ("or", "close", "and")
                ):
                    raise QueryError("AND needs something to look for on both sides", tok.pos)
                continue
            node = self.unary(depth, top)
            # (a b) c and covid-19 x are one AND: flat, so words alone stay plain search.
            items.extend(node.children if isinstance(node, And) else [node] if node is not None else [])
        if items and all(isinstance(n, Not) for n in items):
            # FTS5 and tsquery subtract from what is found; "every article but" is not a search.
            raise QueryError(
                "an exclusion needs a word to find beside it, e.g. ماكرون -ترامب", _tok_pos(start)
            )
        if not items:
            return None
        return items[0] if len(items) == 1 else And(tuple(items))

    def unary(self, depth: int, top: bool) -> Node | None:
        tok = self.toks[self.i]
        if depth > self.limits.query_max_depth:
            raise QueryError(f"the query nests deeper than {self.limits.query_max_depth} levels", tok.pos)
        if tok.kind in ("minus", "not"):
            self.i += 1
            nxt = self.peek()
            if nxt is None or nxt.kind in ("or", "close", "and"):
                raise QueryError(f"{tok.text!r} must be followed by what to exclude", tok.pos)
            if nxt.kind in ("minus", "not"):
                raise QueryError("an exclusion cannot be excluded again", nxt.pos)
            if nxt.kind == "field":
                self.i += 1
                self.add_field(nxt, negated=True, top=top)
                return None
            child = self.unary(depth + 1, top)
            return Not(child) if child is not None else None
        self.i += 1
        return self.primary(tok, depth, top)

    def primary(self, tok: _Tok, depth: int, top: bool) -> Node | None:
        if tok.kind == "open":
            inner = self.or_expr(depth + 1)
            close = self.peek()
            if close is None or close.kind != "close":
                raise QueryError("'(' is never closed with ')'", tok.pos)
            self.i += 1
            if inner is None:
                raise QueryError("empty parentheses: put words inside ( )", tok.pos)
            return inner
        if tok.kind == "field":
            self.add_field(tok, negated=False, top=top)
            return None
        if tok.kind == "phrase":
            return self.phrase(tok)
        return self.word(tok)

    def add_field(self, tok: _Tok, *, negated: bool, top: bool) -> None:
        name = FIELD_NAMES[tok.text]
        if not top:
            raise QueryError("a field filter applies to the whole query: put it outside OR and ( )", tok.pos)
        if negated and name not in _NEGATABLE:
            raise QueryError(f"{tok.text}: cannot be excluded (only outlet: and entity: can)", tok.pos)
        if name in ("since", "until") and (reason := filter_date_error(tok.value)) is not None:
            raise QueryError(f"{tok.text}: {reason}", tok.pos)
        self.fields.append(Field(name, tok.value, negated))
        self.counted(tok)

    def counted(self, tok: _Tok, n: int = 1) -> None:
        self.count += n
        if self.count > self.limits.query_max_terms:
            raise QueryError(
                f"the query has more than {self.limits.query_max_terms} words and operators", tok.pos
            )

    def phrase(self, tok: _Tok) -> Node:
        words = _words(tok.text, self.rule)
        if not words:
            raise QueryError("empty quotes: put the words of the phrase inside them", tok.pos)
        self.counted(tok, len(words))
        return Term(words[0]) if len(words) == 1 else Phrase(words)

    def word(self, tok: _Tok) -> Node | None:
        text = tok.text
        if text.endswith("*"):
            return self.prefix(tok)
        words = _words(text, self.rule)
        if not words:
            return None  # punctuation only: nothing to look for (as in plain search)
        self.counted(tok, len(words))
        # covid-19, U.S.: the word's pieces, each required (as plain search splits them).
        return Term(words[0]) if len(words) == 1 else And(tuple(Term(w) for w in words))

    def prefix(self, tok: _Tok) -> Node:
        words = [w for _, _, w in word_spans(tok.text)]
        if not words:
            raise QueryError("'*' needs letters before it, e.g. اقتصا*", tok.pos)
        if len(words) > 1 or not tok.text.rstrip("*").endswith(words[0]):
            raise QueryError(f"a prefix is one word followed by '*': {tok.text!r}", tok.pos)
        if not _prefix_alts(words[0], self.rule, self.limits.query_min_prefix):
            raise QueryError(
                f"the prefix {tok.text!r} is too short: give at least {self.limits.query_min_prefix} letters",
                tok.pos,
            )
        self.counted(tok)
        return Prefix(words[0])


def _words(text: str, rule: TermRule) -> tuple[str, ...]:
    """The searchable words of a token: a word of marks or tatweel only has no index term."""
    return tuple(w for _, _, w in word_spans(text) if analyses(w, rule))


def _tok_pos(tok: _Tok | None) -> int:
    return tok.pos if tok is not None else 0


def parse(text: str, settings: Settings) -> Query:
    """The query in `text`; QueryError (with the character position) when it is malformed (its
    size limits and index terms from `settings`).

    Blank text is an empty query (no expression, no filter): the caller lists articles.
    """
    if not text.strip():
        return Query(None)
    if "\x00" in text:
        raise QueryError("the query contains a NUL character", text.index("\x00"))
    q = _Parser(text, settings).parse()
    if q.expr is None and not q.fields:
        pos = len(text) - len(text.lstrip())
        raise QueryError("nothing to search for: the query has no word, only punctuation or operators", pos)
    return q


# --- resolving words to index terms ---------------------------------------------------------------
def _prefix_alts(stem: str, rule: TermRule, min_prefix: int) -> frozenset[str]:
    return frozenset(a for a in analyses(stem, rule) if len(a) >= min_prefix)


def resolve(node: Node, settings: Settings, expand: Callable[[str], set[str]] | None = None) -> Node:
    """`node` with the index terms of each word filled in (`alts`, by `settings`' term rule);
    `expand` adds other-script spellings to plain terms (Macron → ماكرون) as plain search does."""
    rule = term_rule(settings)
    if isinstance(node, Term):
        alts = analyses(node.word, rule)
        if expand is not None and alts:
            alts = alts.union(*(analyses(x, rule) for x in expand(node.word)))
        return replace(node, alts=alts)
    if isinstance(node, Phrase):
        return replace(node, alts=tuple(analyses(w, rule) for w in node.words))
    if isinstance(node, Prefix):
        return replace(node, alts=_prefix_alts(node.stem, rule, settings.query_min_prefix))
    if isinstance(node, Not):
        return Not(resolve(node.child, settings, expand))
    return type(node)(tuple(resolve(c, settings, expand) for c in node.children))


# --- the reference evaluator ----------------------------------------------------------------------
def matches(node: Node, words: list[frozenset[str]]) -> bool:
    """Whether an article whose words (title then body) have these analyses matches `node`
    (resolved). SQLite checks phrases with it; tests use it as the meaning of each operator."""
    if isinstance(node, Term):
        return any(node.alts & w for w in words)
    if isinstance(node, Prefix):
        return any(t.startswith(p) for w in words for t in w for p in node.alts)
    if isinstance(node, Phrase):
        n = len(node.alts)
        return any(all(node.alts[k] & words[i + k] for k in range(n)) for i in range(len(words) - n + 1))
    if isinstance(node, Not):
        return not matches(node.child, words)
    if isinstance(node, And):
        return all(matches(c, words) for c in node.children)
    return any(matches(c, words) for c in node.children)
