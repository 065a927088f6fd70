"""A resolved query (store.query) as each backend's full-text syntax, and the SQL around it.

SQLite's index holds every analysis of a word as its own token (store.terms.join_terms), so FTS5
positions are not word positions and an FTS5 phrase cannot say "these words, next to each
other". Its expression is therefore *relaxed* — a phrase becomes all of its words — and SQLite
checks phrases exactly with `query.matches` over the article's words (`PHRASE_CHECK`).
PostgreSQL's tsvector gives all analyses of a word one position, so `<->` is exact there.

Index terms are word characters only (store.terms), so quoting them keeps FTS5 and tsquery
syntax (NEAR, *, :, -, !) out of user input.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from marsad.store.query import And, Node, Not, Or, Phrase, Prefix, Sort, Term, matches
from marsad.store.terms import TermRule, word_terms

__all__ = [
    "PHRASE_CHECK",
    "SORT_ORDERS",
    "claim_event_conditions",
    "cover",
    "fts5_expression",
    "has_phrase",
    "node_json",
    "phrase_check",
    "snippet_groups",
    "tsquery_expression",
]

# Newest / oldest first; undated articles last either way, arrival order breaks ties.
SORT_ORDERS = {
    Sort.date: "a.pub_day DESC NULLS LAST, a.rowid DESC",
    Sort.date_asc: "a.pub_day ASC NULLS LAST, a.rowid ASC",
}
# The SQLite function that checks a query with phrases over (title, body text, query JSON).
PHRASE_CHECK = "marsad_query_matches"


@dataclass(frozen=True, slots=True)
class _Syntax:
    """How a dialect writes a term, a prefix, "any of" and "next to"."""

    term: str
    prefix: str
    any_sep: str
    phrase_sep: str


_FTS5 = _Syntax('"{}"', '"{}" *', " OR ", " AND ")  # relaxed: a phrase is all of its words
_TSQUERY = _Syntax("'{}'", "'{}':*", " | ", " <-> ")


def _leaf(node: Term | Prefix | Phrase, syn: _Syntax) -> str:
    """A term, prefix or phrase in a dialect's syntax."""
    if isinstance(node, Phrase):
        return "(" + syn.phrase_sep.join(_leaf(Term("", a), syn) for a in node.alts) + ")"
    form = syn.term if isinstance(node, Term) else syn.prefix
    return "(" + syn.any_sep.join(form.format(t) for t in sorted(node.alts)) + ")"


def fts5_expression(node: Node) -> str | None:
    """The relaxed FTS5 expression (a superset of the matches); None: no full-text condition."""
    if isinstance(node, Term | Prefix | Phrase):
        return _leaf(node, _FTS5)
    if isinstance(node, Not):
        # A phrase cannot be subtracted in relaxed form: the exact check does it.
        return None if has_phrase(node.child) else fts5_expression(node.child)
    if isinstance(node, Or):
        sides = [fts5_expression(c) for c in node.children]
        return None if any(s is None for s in sides) else "(" + " OR ".join(s for s in sides if s) + ")"
    keep = [e for c in node.children if not isinstance(c, Not) and (e := fts5_expression(c))]
    drop = [e for c in node.children if isinstance(c, Not) and (e := fts5_expression(c))]
    if not keep:
        return None
    out = "(" + " AND ".join(keep) + ")"
    return f"({out} NOT ({' OR '.join(drop)}))" if drop else out


def tsquery_expression(node: Node) -> str:
    """The exact tsquery (input syntax) of a resolved query."""
    if isinstance(node, Term | Prefix | Phrase):
        return _leaf(node, _TSQUERY)
    if isinstance(node, Not):
        return "!" + tsquery_expression(node.child)
    sep = " & " if isinstance(node, And) else " | "
    return "(" + sep.join(tsquery_expression(c) for c in node.children) + ")"


def has_phrase(node: Node) -> bool:
    if isinstance(node, Phrase):
        return True
    if isinstance(node, Not):
        return has_phrase(node.child)
    if isinstance(node, And | Or):
        return any(has_phrase(c) for c in node.children)
    return False


def cover(node: Node) -> list[frozenset[str]] | None:
    """Groups of terms every match holds one of (for the backends' match-count estimate);
    None when a prefix leaves the terms unknown."""
    if isinstance(node, Term):
        return [node.alts]
    if isinstance(node, Phrase):
        return list(node.alts)
    if isinstance(node, Prefix | Not):
        return None
    parts = [cover(c) for c in node.children if not isinstance(c, Not)]
    if isinstance(node, And):
        known = [g for p in parts if p for g in p]
        return known or None
    if any(p is None for p in parts):
        return None
    # Either side: the union of each side's smallest group.
    return [frozenset().union(*(min(p, key=len) for p in parts if p))]


def snippet_groups(node: Node) -> list[frozenset[str]]:
    """The groups a snippet marks: every word looked for, excluded ones not."""
    if isinstance(node, Term):
        return [node.alts]
    if isinstance(node, Phrase):
        return list(node.alts)
    if isinstance(node, And | Or):
        return [g for c in node.children for g in snippet_groups(c)]
    return []


# --- the exact check SQLite runs for phrases ------------------------------------------------------
def node_json(node: Node) -> str:
    """A resolved query as JSON, the parameter `phrase_check` reads back."""
    return json.dumps(_to_obj(node), ensure_ascii=False)


def _to_obj(node: Node) -> Any:
    if isinstance(node, Term):
        return ["t", sorted(node.alts)]
    if isinstance(node, Prefix):
        return ["p", sorted(node.alts)]
    if isinstance(node, Phrase):
        return ["q", [sorted(a) for a in node.alts]]
    if isinstance(node, Not):
        return ["n", _to_obj(node.child)]
    return ["a" if isinstance(node, And) else "o", [_to_obj(c) for c in node.children]]


def _from_obj(obj: Any) -> Node:
    kind, arg = obj
    if kind == "t":
        return Term("", frozenset(arg))
    if kind == "p":
        return Prefix("", frozenset(arg))
    if kind == "q":
        return Phrase((), tuple(frozenset(a) for a in arg))
    if kind == "n":
        return Not(_from_obj(arg))
    children = tuple(_from_obj(c) for c in arg)
    return And(children) if kind == "a" else Or(children)


_decoded: dict[str, Node] = {}


def phrase_check(title: str | None, body: str | None, query: str, *, rule: TermRule) -> int:
    """1 when the article (title, then searched blocks) matches the query: SQLite's function
    (registered per store with the store's term rule)."""
    node = _decoded.get(query)
    if node is None:
        if len(_decoded) > 256:
            _decoded.clear()
        node = _decoded[query] = _from_obj(json.loads(query))
    # Title then body, one sequence: as PostgreSQL's tsvector numbers positions.
    words = word_terms(title or "", rule) + word_terms(body or "", rule)
    return int(matches(node, words))


def claim_event_conditions(certainty: str | None, event_type: str | None) -> tuple[list[str], list[Any]]:
    """WHERE conditions on `a` for "has a claim of this certainty" and "has an event of this type"."""
    where: list[str] = []
    params: list[Any] = []
    if certainty:
        where.append("a.rowid IN (SELECT article FROM claims WHERE certainty = ?)")
        params.append(certainty.strip().lower())
    if event_type:
        where.append("a.rowid IN (SELECT article FROM events WHERE type = ?)")
        params.append(event_type.strip().upper())
    return where, params
