"""cli_common: the one-line error and the --db check every reading command uses."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer

from marsad.cli_common import existing_store, fail


def test_fail_prints_one_line_and_returns_the_exit(capsys: pytest.CaptureFixture[str]) -> None:
    exit_ = fail("no such thing", code=2)
    assert isinstance(exit_, typer.Exit) and exit_.exit_code == 2
    assert capsys.readouterr().err == "marsad: error: no such thing\n"


def test_a_missing_store_is_refused_and_not_created(tmp_path: Path) -> None:
    missing = tmp_path / "nope.db"
    with pytest.raises(typer.Exit):
        existing_store(str(missing))
    assert not missing.exists()


def test_an_existing_store_opens(tmp_path: Path) -> None:
    from marsad.store import open_store

    path = tmp_path / "m.db"
    open_store(str(path)).close()
    store = existing_store(str(path))
    try:
        assert store.stats().articles == 0
    finally:
        store.close()
