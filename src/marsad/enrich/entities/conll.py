"""CoNLL reading and conlleval-style scoring (exact spans, micro and per type)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

__all__ = ["Score", "read_conll", "score", "spans"]


def read_conll(lines: Iterable[str]) -> list[list[list[str]]]:
    """Sentences of rows; a row is the whitespace-split columns of one line (first = token).

    A blank line ends a sentence; `-DOCSTART-` lines are skipped. Stray control characters in a
    token are kept (the tagger copes); a line of only whitespace counts as blank.
    """
    sents: list[list[list[str]]] = []
    cur: list[list[str]] = []
    for raw in lines:
        line = raw.rstrip("\r\n")
        cols = line.split()
        if not cols:
            if cur:
                sents.append(cur)
                cur = []
            continue
        if cols[0] == "-DOCSTART-":
            continue
        cur.append(cols)
    if cur:
        sents.append(cur)
    return sents


def spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """(start, end exclusive, type) chunks as conlleval reads BIO: an I- after another type opens one."""
    out: list[tuple[int, int, str]] = []
    start, typ = -1, ""
    for i, t in enumerate([*tags, "O"]):
        prefix, _, ty = t.partition("-")
        begins = prefix == "B" or (prefix == "I" and ty != typ)
        if start >= 0 and (prefix == "O" or begins):
            out.append((start, i, typ))
            start, typ = -1, ""
        if prefix in ("B", "I") and begins:
            start, typ = i, ty
    return out


@dataclass(slots=True)
class Score:
    tp: dict[str, int] = field(default_factory=dict)
    fp: dict[str, int] = field(default_factory=dict)
    fn: dict[str, int] = field(default_factory=dict)

    @staticmethod
    def _f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def micro(self) -> tuple[float, float, float]:
        return self._f1(sum(self.tp.values()), sum(self.fp.values()), sum(self.fn.values()))

    def per_type(self) -> dict[str, tuple[float, float, float]]:
        types = sorted(set(self.tp) | set(self.fp) | set(self.fn))
        return {t: self._f1(self.tp.get(t, 0), self.fp.get(t, 0), self.fn.get(t, 0)) for t in types}

    def as_dict(self) -> dict[str, float | dict[str, float]]:
        p, r, f = self.micro()
        return {
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(f, 4),
            "per_type_f1": {t: round(v[2], 4) for t, v in self.per_type().items()},
        }


def score(gold: list[list[str]], pred: list[list[str]]) -> Score:
    """Exact-span scores over sentences of gold and predicted BIO tags."""
    s = Score()
    for g, p in zip(gold, pred, strict=True):
        gs, ps = set(spans(g)), set(spans(p))
        for _, _, t in gs & ps:
            s.tp[t] = s.tp.get(t, 0) + 1
        for _, _, t in ps - gs:
            s.fp[t] = s.fp.get(t, 0) + 1
        for _, _, t in gs - ps:
            s.fn[t] = s.fn.get(t, 0) + 1
    return s
