"""The committed train / dev / sealed split of ../shared/data/ner: by document, complete, disjoint,
and the one `models/ner_split.py` defines from the data."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "models"))

from ner_split import FILES, SPLIT_FILE, define, folds, load_split, sentences


@pytest.mark.shared
def test_split_is_by_document_complete_and_reproducible(shared_data: Path) -> None:
    data = shared_data / "ner"
    assert define(data) == json.loads(SPLIT_FILE.read_text(encoding="utf-8"))
    parts = load_split(data)
    docs = [set(p) for p in parts.values()]
    assert not (docs[0] & docs[1] or docs[0] & docs[2] or docs[1] & docs[2])
    total = sum(len(sentences(p)) for p in parts.values())
    spec = json.loads(SPLIT_FILE.read_text(encoding="utf-8"))
    assert total == sum(spec["files"][f]["sentences"] for f in FILES)
    for part in ("dev", "sealed"):
        for corpus in ("anercorp", "aqmar"):
            assert len(sentences(parts[part], corpus)) >= 150
    # Five folds: each train document held out exactly once.
    held = [set(h) for _, h in folds(parts["train"])]
    assert sum(len(h) for h in held) == len(parts["train"]) == len(set().union(*held))


@pytest.mark.shared
def test_changed_data_is_refused(shared_data: Path, tmp_path: Path) -> None:
    for f in FILES:
        (tmp_path / f).write_bytes((shared_data / "ner" / f).read_bytes())
    with (tmp_path / FILES[0]).open("a", encoding="utf-8") as out:
        out.write("\nكلمة O\n")
    with pytest.raises(SystemExit, match="differs"):
        load_split(tmp_path)
