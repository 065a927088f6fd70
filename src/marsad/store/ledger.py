"""The ingest ledger (both backends): one row per input record saying where it ended.

An input is named once in `ledger_inputs` (a file's resolved path, '-', a page's URL) and its
records are rows of `ingest_ledger` keyed (input, record): a store of millions of records pays a
few bytes of key per row, not the path again. Rows are written by `SQLStore.write`, inside the
transaction that writes the articles, quarantine entries and progress they account for, so
after any crash the ledger says exactly what was committed.

Re-ingesting a record updates its row (upsert on the key). A record whose page is stored already
is a `duplicate` — unless its row already names that very article, in which case it keeps the
outcome it had (the run that stored it said `stored`; a re-run must not turn that into
`duplicate`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from marsad.store.base import OUTCOMES, LedgerCounts, LedgerEntry, StoreParts

__all__ = ["LedgerTables", "input_key"]


_UPSERT = (
    "INSERT INTO ingest_ledger (input, record, outcome, article, reason) VALUES (?, ?, ?, ?, ?)"
    " ON CONFLICT (input, record) DO UPDATE SET"
    " outcome = CASE WHEN ingest_ledger.article = excluded.article THEN ingest_ledger.outcome"
    " ELSE excluded.outcome END,"
    " article = excluded.article, reason = excluded.reason"
)


def input_key(name: str) -> bytes:
    """The fixed-size unique key of an input name (a URL may be longer than a B-tree entry may)."""
    return hashlib.sha256(name.encode("utf-8", "surrogatepass")).digest()[:16]


class LedgerTables(StoreParts):
    """Writing and reading the ledger; `SQLStore` inherits this and supplies `_exec`."""

    def _execmany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        raise NotImplementedError

    def _input_id(self, name: str) -> int | None:
        row = self._exec("SELECT id FROM ledger_inputs WHERE key = ?", (input_key(name),)).fetchone()
        return int(row[0]) if row else None

    def _input_ids(self, names: Iterable[str]) -> dict[str, int]:
        """Ids of these input names, naming the new ones (inside the caller's transaction)."""
        out: dict[str, int] = {}
        for name in set(names):
            found = self._input_id(name)
            if found is None:
                # DO NOTHING: another writer may name the same input at the same moment.
                self._exec(
                    "INSERT INTO ledger_inputs (key, name) VALUES (?, ?) ON CONFLICT (key) DO NOTHING",
                    (input_key(name), name),
                )
                found = self._input_id(name)
            assert found is not None
            out[name] = found
        return out

    def _write_ledger(self, entries: Sequence[LedgerEntry]) -> None:
        if not entries:
            return
        ids = self._input_ids(e.input for e in entries)
        self._execmany(_UPSERT, [(ids[e.input], e.record, e.outcome, e.article, e.reason) for e in entries])

    def _ledger_where(self, outcome: str | None, input: str | None) -> tuple[list[str], list[Any]] | None:
        where: list[str] = []
        params: list[Any] = []
        if outcome is not None:
            if outcome not in OUTCOMES:
                raise ValueError(f"unknown outcome {outcome!r}: one of {', '.join(OUTCOMES)}")
            where.append("l.outcome = ?")
            params.append(outcome)
        if input is not None:
            iid = self._input_id(input)
            if iid is None:
                return None  # an input never ingested has no entries
            where.append("l.input = ?")
            params.append(iid)
        return where, params

    def ledger(
        self, *, outcome: str | None = None, input: str | None = None, limit: int | None = None
    ) -> Iterator[LedgerEntry]:
        flt = self._ledger_where(outcome, input)
        if flt is None:
            return
        where, params = flt
        left = limit
        after: tuple[int, int] | None = None
        while left is None or left > 0:
            # Keyset pages along the primary key: no long-lived cursor, constant memory.
            cond = [*where, "(l.input, l.record) > (?, ?)"] if after else where
            page = (
                min(self.settings.ledger_page_rows, left)
                if left is not None
                else self.settings.ledger_page_rows
            )
            rows = self._exec(
                "SELECT l.input, l.record, i.name, l.outcome, l.article, l.reason FROM ingest_ledger l"
                " JOIN ledger_inputs i ON i.id = l.input"
                f"{' WHERE ' + ' AND '.join(cond) if cond else ''} ORDER BY l.input, l.record LIMIT ?",
                [*params, *(after or ()), page],
            ).fetchall()
            for _iid, record, name, out, article, reason in rows:
                yield LedgerEntry(str(name), int(record), out, article, reason)
            if len(rows) < page:
                return
            after = (int(rows[-1][0]), int(rows[-1][1]))
            if left is not None:
                left -= len(rows)

    def ledger_counts(self, *, input: str | None = None) -> LedgerCounts:
        flt = self._ledger_where(None, input)
        if flt is None:
            return LedgerCounts(0, 0, 0, 0, 0)
        where, params = flt
        cond = f" WHERE {' AND '.join(where)}" if where else ""
        per = {
            str(o): int(n)
            for o, n in self._exec(
                f"SELECT l.outcome, count(*) FROM ingest_ledger l{cond} GROUP BY l.outcome", params
            )
        }
        inputs = int(
            self._exec(
                f"SELECT count(*) FROM (SELECT DISTINCT l.input FROM ingest_ledger l{cond}) x", params
            ).fetchone()[0]
        )
        qcond = " AND ".join(["l.outcome = 'quarantined'", *where])
        reasons = {
            str(r): int(n)
            for r, n in self._exec(
                f"SELECT l.reason, count(*) AS n FROM ingest_ledger l WHERE {qcond}"
                " GROUP BY l.reason ORDER BY n DESC, l.reason",
                params,
            )
        }
        return LedgerCounts(
            inputs=inputs,
            records=sum(per.values()),
            stored=per.get("stored", 0),
            duplicate=per.get("duplicate", 0),
            quarantined=per.get("quarantined", 0),
            by_reason=reasons,
        )
