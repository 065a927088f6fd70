"""The one ingest road, end to end on real pages: every door gives one record, re-ingest and
worker counts change nothing, and a stub page gets no story but a reason."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

import marsad
from marsad.cli import app
from marsad.config import SETTINGS
from marsad.model import Article, IndexTerms
from marsad.serve.app import create_app
from marsad.store import SearchQuery, open_store
from marsad.store.terms import TermRule
from testpaths import export_rows

TOKEN = "road-test-token"


def test_the_same_page_through_cli_rest_and_python_is_one_article(tmp_path: Path, examples_dir: Path) -> None:
    page = examples_dir / "al-ufuq-water-talks.txt"
    db = tmp_path / "one.db"
    r = CliRunner().invoke(
        app, ["ingest", str(page), "--db", str(db), "--no-progress", "--no-enrich", "--json"]
    )
    assert r.exit_code == 0, r.output
    first = json.loads(r.stdout.strip().splitlines()[-1])
    assert first["stored"] == 1
    with TestClient(create_app(str(db), TOKEN)) as c:
        body = c.post(
            "/api/ingest",
            json={"text": page.read_text(encoding="utf-8")},
            headers={"Authorization": f"Bearer {TOKEN}"},
        ).json()
    assert body["present"] == 1 and body["stored"] == 0
    (tmp_path / "copy.txt").write_bytes(page.read_bytes())  # another path, same page
    again = marsad.ingest(tmp_path / "copy.txt", db=db)
    assert again.already_present == 1 and again.stored == 0
    store = open_store(db)
    try:
        assert store.stats().articles == 1
        assert body["results"][0]["id"] == next(store.iter_articles()).content_hash[:16]  # type: ignore[index]
    finally:
        store.close()


def test_workers_one_and_two_export_the_same_rows(tmp_path: Path, examples_dir: Path) -> None:
    runs = []
    for workers in (1, 2):
        db = tmp_path / f"w{workers}.db"
        s = marsad.ingest(examples_dir, db=db, workers=workers)
        assert s.quarantined == 0 and s.stored + s.duplicates == s.read
        runs.append(export_rows(db, tmp_path / f"w{workers}.jsonl"))
    assert runs[0] == runs[1]
    keys = {"id", "source_id", "url", "outlet", "published", "duplicate_of", "dup_kind", "story_id"}
    assert keys <= set(runs[0][0])
    # the Arabic reports of the water talks (several outlets) share a story
    ar = [r for r in runs[0] if r["language"] == "ar"]
    biggest = max({r["story_id"] for r in ar}, key=lambda s: sum(r["story_id"] == s for r in ar))
    members = [r for r in ar if r["story_id"] == biggest]
    assert biggest is not None and len(members) >= 3 and len({r["outlet"] for r in members}) >= 2


@pytest.mark.parametrize("text", ["انفجار قرب الحدود", "عنوان\n\n\n"])
def test_a_stub_page_gets_no_story_and_says_why(tmp_path: Path, text: str) -> None:
    db = tmp_path / "stub.db"
    (tmp_path / "stub.txt").write_text(text, encoding="utf-8")
    s = marsad.ingest(tmp_path / "stub.txt", db=db)
    assert s.read == 1
    store = open_store(db)
    try:
        if s.quarantined:  # an empty body is refused by extraction, with its reason
            assert store.list_quarantine()[0].reason
            return
        (a,) = list(store.iter_articles())
        assert a.story is None and a.story_note and ("short" in a.story_note or "no text" in a.story_note)
    finally:
        store.close()


@pytest.mark.shared
def test_workers_do_not_change_stories_on_real_articles(tmp_path: Path, shared_data: Path) -> None:
    """Two hundred real BBC/CNN/SkyNews articles of a few days: same rows with 1 or 2 workers."""
    records = []
    with (shared_data / "topics" / "ant2-dev.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            if d["time"][:10] in ("2018-04-13", "2018-04-14", "2018-04-15"):
                records.append({"id": d["id"], "url": d["url"], "title": d["title"], "published": d["time"],
                                "outlet": d["source"], "text": d["text"]})  # fmt: skip
    assert len(records) >= 50
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    runs = []
    for workers in (1, 2):
        db = tmp_path / f"r{workers}.db"
        marsad.ingest(feed, db=db, workers=workers)
        runs.append(export_rows(db, tmp_path / f"r{workers}.jsonl"))
    assert runs[0] == runs[1]
    multi = [s for s in {r["story_id"] for r in runs[0]} if sum(r["story_id"] == s for r in runs[0]) > 1]
    assert multi, "real coverage of three busy days forms at least one multi-article story"


def test_the_writer_copies_the_index_terms_the_workers_made(
    tmp_path: Path, examples_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On the ingest road the index step makes every article's search terms in the workers, under
    the store's term rule (ingest takes the store's settings when given none): the writer, here in
    this process, only copies them. The store's settings are not the loaded ones on purpose."""
    from marsad.read import expand_inputs
    from marsad.run.ingest import ingest
    from marsad.store import records
    from marsad.store.terms import article_terms, rule_id

    copied: list[str | None] = []
    made: list[str | None] = []

    def watched(a: Article, rule: TermRule) -> IndexTerms:
        mine = a.index_terms is not None and a.index_terms.rule == rule_id(rule)
        (copied if mine else made).append(a.title)
        return article_terms(a, rule)

    monkeypatch.setattr(records, "article_terms", watched)  # the writer's name; workers call their own
    store = open_store(tmp_path / "t.db", settings=SETTINGS.with_flags(search_min_stem=4))
    try:
        s = ingest(expand_inputs([str(examples_dir)]), store, workers=1)
        assert store.search(SearchQuery("المياه")).total > 0
    finally:
        store.close()
    assert s.stored > 0 and made == []
    assert len(copied) == s.stored + s.reprints


def test_the_models_load_before_the_fork_for_local_workers_only(
    tmp_path: Path, examples_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from functools import partial

    from marsad.run import ingest as ingest_module
    from marsad.run.local import ordered_map

    calls: list[bool] = []
    monkeypatch.setattr(ingest_module, "_preload", lambda enrich, corpus, settings: calls.append(enrich))
    pages = sorted(examples_dir.glob("*.txt"))[:3]
    store = open_store(tmp_path / "p.db")
    try:
        ingest_module.ingest([str(pages[0])], store, workers=1)  # the local executor: preloads
        assert calls == [False]
        ingest_module.ingest([str(pages[1])], store, workers=0)  # inline: no fork
        ingest_module.ingest(  # another executor (a Spark cluster's): its workers fork from no one here
            [str(pages[2])], store, workers=1, executor=partial(ordered_map, settings=SETTINGS)
        )
        assert calls == [False] and store.stats().articles == 3
    finally:
        store.close()


def test_preloading_loads_the_page_steps_models() -> None:
    """In a fresh interpreter (this one has loaded them already): `_preload` leaves the models the
    page steps read (line labeller, language detector, clitic lexicon, idf table) loaded."""
    code = textwrap.dedent(
        """
        from marsad.arabic.langid import _detector
        from marsad.arabic.tokens import _lexicon
        from marsad.config import SETTINGS
        from marsad.corpus.idf import idf_table
        from marsad.extract.labeller import load_tagger
        from marsad.run.ingest import _preload

        loaders = (load_tagger, _detector, _lexicon, idf_table)
        before = [f.cache_info().currsize for f in loaders]
        _preload(False, True, SETTINGS)
        print(before, [f.cache_info().currsize for f in loaders])
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert out.stdout.split("\n")[0] == "[0, 0, 0, 0] [1, 1, 1, 1]", out.stderr
