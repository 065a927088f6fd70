"""The model path resolver and the rule-only fallback."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from marsad.errors import ModelError
from marsad.extract import labeller, models


def test_missing_model_raises_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(models, "_PACKAGE_MODELS", tmp_path / "a")
    monkeypatch.setattr(models, "_REPO_MODELS", tmp_path / "b")
    monkeypatch.delenv("MARSAD_MODELS", raising=False)
    with pytest.raises(ModelError, match="not found"):
        models.model_path("nothing.crfsuite")


def test_env_folder_is_looked_in_first(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "x.bin").write_bytes(b"1")
    monkeypatch.setenv("MARSAD_MODELS", str(tmp_path))
    assert models.model_path("x.bin") == tmp_path / "x.bin"


def test_labeller_falls_back_to_rules_with_a_warning(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(models, "_PACKAGE_MODELS", tmp_path / "a")
    monkeypatch.setattr(models, "_REPO_MODELS", tmp_path / "b")
    monkeypatch.delenv("MARSAD_MODELS", raising=False)
    labeller.load_tagger.cache_clear()
    try:
        with caplog.at_level(logging.WARNING, logger="marsad.extract.labeller"):
            assert labeller.load_tagger() is None
        assert "rule-only fallback" in caplog.text
        blocks = labeller.label_lines(
            ["Menu", "", "A title for the page here", "", "A long sentence " * 5 + "."]
        )
        assert len(blocks) == 5
    finally:
        labeller.load_tagger.cache_clear()


def test_committed_model_loads_once() -> None:
    labeller.load_tagger.cache_clear()
    t = labeller.load_tagger()
    assert t is not None, "models/dump_labeller.crfsuite should be committed"
    assert labeller.load_tagger() is t
