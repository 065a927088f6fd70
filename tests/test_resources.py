"""Artifacts are found in MARSAD_MODELS, the package or the repository's models/ folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from marsad.errors import ModelError
from marsad.resources import find_model


def test_env_folder_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "x.bin").write_bytes(b"1")
    monkeypatch.setenv("MARSAD_MODELS", str(tmp_path))
    assert find_model("x.bin") == tmp_path / "x.bin"


def test_missing_model_says_where_it_looked() -> None:
    with pytest.raises(ModelError, match=r"not found .*models/README\.md"):
        find_model("no-such-model.bin")
