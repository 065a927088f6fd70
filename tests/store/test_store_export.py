"""Export writes every article out and reads back losslessly, as JSONL and as Parquet."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest

from marsad.errors import StoreError
from marsad.model import Article, Block, Byline, Claim, Entity, Label, Mention, Source, SourceRef
from marsad.store import open_store
from marsad.store.export import export, read_export


def article(i: int) -> Article:
    text = f"قال بوتين <script>alert({i})</script> ‮ إن الزيارة {i} مهمة."
    return Article(
        source=Source(path=f"/in/{i}.txt", format="text"),
        title=f"عنوان {i}",
        published=f"2023-09-{i + 1:02d}",
        language="ar",
        byline=Byline("موسكو - وكالة", outlet="وكالة", outlet_latin="Agency"),
        blocks=[
            Block(0, f"عنوان {i}", Label.TITLE),
            Block(1, text, Label.PARAGRAPH),
            Block(2, "قائمة", Label.CHROME),
        ],
        entities=[Entity("e1", "PERSON", "بوتين", "Putin", mentions=[Mention("بوتين", 4, 9, 1)])],
        claims=[Claim(text, 1, 0, len(text), "reported", [SourceRef("وكالة", "outlet", "Agency")], ["قال"])],
    )


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_export_round_trip(tmp_path: Path, fmt: str) -> None:
    store = open_store(tmp_path / "db.sqlite")
    originals = [article(i) for i in range(5)]
    for a in originals:
        store.put(a)
    out = tmp_path / f"out.{fmt}"
    assert export(store, out, fmt) == 5
    back = read_export(out)
    assert [a.to_dict() for a in back] == [a.to_dict() for a in originals]
    if fmt == "parquet":
        table = pq.read_table(out)
        assert table.num_rows == 5 and "body" in table.column_names
        assert table.column("outlet").to_pylist() == ["وكالة"] * 5
    store.close()


def test_unknown_format(tmp_path: Path) -> None:
    store = open_store(tmp_path / "db.sqlite")
    with pytest.raises(StoreError, match="unknown export format"):
        export(store, tmp_path / "x", "csv")
    store.close()
