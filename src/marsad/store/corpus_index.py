"""The corpus index over the store's tables: how the corpus step sees every stored article.

`SQLStore` inherits this, so both backends answer the corpus step's lookups (`CorpusIndex`) with
the same SQL. Lookups run inside the writer's open transaction and see its uncommitted rows: an
article and its reprint in one batch meet exactly as they would in two runs.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from marsad.corpus.index import StoredFingerprint, day_bounds
from marsad.corpus.near import NearCandidate
from marsad.model import Story
from marsad.store.base import StoreParts

__all__ = ["CorpusTables", "story_from_row"]

STORY_COLUMNS = "id, title, first_seen, last_seen, article_count, terms, entities, merged_into, title_score"


def story_from_row(r: Sequence[Any]) -> Story:
    return Story(
        id=str(r[0]),
        title=r[1],
        first_seen=r[2],
        last_seen=r[3],
        article_count=int(r[4]),
        terms=json.loads(r[5]),
        entities=json.loads(r[6]),
        merged_into=r[7],
        title_score=float(r[8]),
    )


class CorpusTables(StoreParts):
    """`CorpusIndex` over corpus_prints, lsh_bands, stories, story_terms and story_merges."""

    def _execmany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        raise NotImplementedError

    def _now(self) -> str:
        raise NotImplementedError

    # --- lookups --------------------------------------------------------------------------
    def exact(self, text_hash: str) -> str | None:
        row = self._exec(
            "SELECT coalesce(duplicate_of, id) FROM articles WHERE text_hash = ? ORDER BY rowid LIMIT 1",
            (text_hash,),
        ).fetchone()
        return str(row[0]) if row else None

    def near_candidates(self, bands: list[int]) -> list[NearCandidate]:
        if not bands:
            return []
        marks = ", ".join("?" for _ in bands)
        rows = self._exec(
            "SELECT a.rowid, a.id, a.duplicate_of, p.minhash, p.shingles FROM articles a"
            " JOIN corpus_prints p ON p.article = a.rowid"
            f" WHERE a.rowid IN (SELECT article FROM lsh_bands WHERE key IN ({marks}))"
            " ORDER BY a.rowid LIMIT ?",
            [*bands, self.settings.near_max_candidates],
        ).fetchall()
        return [NearCandidate(str(r[1]), str(r[2] or r[1]), bytes(r[3]), int(r[4])) for r in rows]

    def _story(self, story_id: str) -> Story | None:
        seen = set()
        while story_id not in seen:
            seen.add(story_id)
            row = self._exec(f"SELECT {STORY_COLUMNS} FROM stories WHERE id = ?", (story_id,)).fetchone()
            if row is None:
                return None
            story = story_from_row(row)
            if story.merged_into is None:
                return story
            story_id = story.merged_into
        return None

    def story_of(self, article_id: str) -> Story | None:
        row = self._exec("SELECT story FROM articles WHERE id = ?", (article_id,)).fetchone()
        return self._story(str(row[0])) if row and row[0] else None

    def story_candidates(self, terms: list[str], day: str | None, window: int, limit: int) -> list[Story]:
        if not terms:
            return []
        marks = ", ".join("?" for _ in terms)
        bounds = day_bounds(day, window)
        # The index rows carry each story's last day: a dated article walks only the stories
        # seen since `window` days before it (dated ones: '' sorts first and is skipped).
        cond, params = ("", list(terms)) if bounds is None else (" AND last_seen >= ?", [*terms, bounds[0]])
        ranked = self._exec(
            f"SELECT story, count(*) AS shared FROM story_terms WHERE term IN ({marks}){cond}"
            " GROUP BY story ORDER BY shared DESC, story LIMIT ?",
            [*params, limit + self.settings.story_candidate_slack],
        ).fetchall()
        if not ranked:
            return []
        seqs = [int(r[0]) for r in ranked]
        rows = {
            int(r[0]): r[1:]
            for r in self._exec(
                f"SELECT seq, {STORY_COLUMNS} FROM stories WHERE seq IN ({', '.join('?' for _ in seqs)})",
                seqs,
            )
        }
        out = []
        for seq in seqs:  # most shared terms first, then oldest
            r = rows.get(seq)
            if r is None:
                continue
            story = story_from_row(r)
            if story.merged_into is not None:
                continue
            if bounds is not None and story.first_seen is not None and story.first_seen > bounds[1]:
                continue
            out.append(story)
            if len(out) == limit:
                break
        return out

    # --- writes (inside the writer's transaction) -----------------------------------------
    _written: tuple[str, int] | None = None  # (id, rowid) of the article the writer just inserted

    def save(self, fp: StoredFingerprint) -> None:
        if fp.minhash is None:
            return
        if self._written is not None and self._written[0] == fp.id:
            rowid = self._written[1]
        else:
            row = self._exec("SELECT rowid FROM articles WHERE id = ?", (fp.id,)).fetchone()
            if row is None:
                return
            rowid = int(row[0])
        self._exec(
            "INSERT INTO corpus_prints (article, minhash, shingles) VALUES (?, ?, ?) ON CONFLICT (article) DO NOTHING",
            (rowid, fp.minhash, fp.shingles),
        )
        self._execmany(
            "INSERT INTO lsh_bands (key, article) VALUES (?, ?) ON CONFLICT (key, article) DO NOTHING",
            [(b, rowid) for b in sorted(set(fp.bands))],
        )

    def save_story(self, story: Story, index_terms: list[str]) -> None:
        values = (
            story.title, story.title_score, story.first_seen, story.last_seen, story.article_count,
            json.dumps(story.terms, ensure_ascii=False, sort_keys=True),
            json.dumps(story.entities, ensure_ascii=False, sort_keys=True), story.merged_into,
            json.dumps(index_terms, ensure_ascii=False),
        )  # fmt: skip
        old = self._exec(
            "SELECT seq, last_seen, index_terms FROM stories WHERE id = ?", (story.id,)
        ).fetchone()
        if old is not None:
            seq = int(old[0])
            self._execmany(
                "DELETE FROM story_terms WHERE term = ? AND last_seen = ? AND story = ?",
                [(t, old[1] or "", seq) for t in json.loads(old[2])],
            )
            self._exec(
                "UPDATE stories SET title = ?, title_score = ?, first_seen = ?, last_seen = ?, article_count = ?,"
                " terms = ?, entities = ?, merged_into = ?, index_terms = ? WHERE seq = ?",
                (*values, seq),
            )
        else:
            seq = int(
                self._exec(
                    "INSERT INTO stories (id, title, title_score, first_seen, last_seen, article_count, terms,"
                    " entities, merged_into, index_terms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING seq",
                    (story.id, *values),
                ).fetchone()[0]
            )
        if story.merged_into is None:
            self._execmany(
                "INSERT INTO story_terms (term, last_seen, story) VALUES (?, ?, ?)"
                " ON CONFLICT (term, last_seen, story) DO NOTHING",
                [(t, story.last_seen or "", seq) for t in index_terms],
            )

    def merge_story(self, merged: str, into: str, by_article: str) -> None:
        old = self._exec("SELECT seq, last_seen, index_terms FROM stories WHERE id = ?", (merged,)).fetchone()
        if old is not None:
            self._execmany(
                "DELETE FROM story_terms WHERE term = ? AND last_seen = ? AND story = ?",
                [(t, old[1] or "", int(old[0])) for t in json.loads(old[2])],
            )
        # Stories merged into `merged` earlier keep pointing at it: readers follow the chain.
        self._exec("UPDATE stories SET merged_into = ?, index_terms = '[]' WHERE id = ?", (into, merged))
        self._exec("UPDATE articles SET story = ? WHERE story = ?", (into, merged))
        self._exec(
            "INSERT INTO story_merges (story, into_story, article, at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (story) DO NOTHING",
            (merged, into, by_article, self._now()),
        )
