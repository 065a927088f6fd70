"""`marsad tag`: CoNLL in, `token TAG` out with the same sentence breaks."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from marsad.cli import app

runner = CliRunner()


def _sentences(out: str) -> list[list[str]]:
    return [blk.splitlines() for blk in out.strip("\n").split("\n\n")]


def test_tag_round_trips_conll(tmp_path: Path) -> None:
    src = tmp_path / "in.conll"
    src.write_text("قال O x\nالرئيس O\nماكرون B-PERS\n\n\nفي O\nباريس B-LOC\n", encoding="utf-8")
    r = runner.invoke(app, ["tag", str(src), "--input-format", "conll"])
    assert r.exit_code == 0, r.output
    sents = _sentences(r.stdout)
    assert [[ln.split(" ")[0] for ln in s] for s in sents] == [["قال", "الرئيس", "ماكرون"], ["في", "باريس"]]
    tags = [ln.split(" ")[1] for s in sents for ln in s]
    assert all(t == "O" or t[:2] in ("B-", "I-") for t in tags)
    assert sents[1][1] == "باريس B-LOC"


def test_tag_reads_stdin_and_text() -> None:
    r = runner.invoke(app, ["tag", "-"], input="موسكو\n")
    assert r.exit_code == 0 and r.stdout.startswith("موسكو ")
    r = runner.invoke(app, ["tag", "-", "--input-format", "text"], input="زار ماكرون باريس.\n\nثم عاد\n")
    assert r.exit_code == 0
    assert [len(s) for s in _sentences(r.stdout)] == [4, 2]


def test_tag_empty_and_missing_input(tmp_path: Path) -> None:
    r = runner.invoke(app, ["tag", "-"], input="")
    assert r.exit_code == 0 and r.stdout == ""
    r = runner.invoke(app, ["tag", str(tmp_path / "nope.conll")])
    assert r.exit_code != 0
    bad = tmp_path / "bad.conll"
    bad.write_bytes(b"\xff\xfe\x00bad")
    r = runner.invoke(app, ["tag", str(bad)])
    assert r.exit_code != 0
