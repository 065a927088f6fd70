"""Settings come from defaults, then a TOML file, then MARSAD_* environment variables."""

from __future__ import annotations

from pathlib import Path

import pytest

from marsad.config import Settings


def test_defaults_toml_and_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert Settings().max_page_bytes == 20_000_000
    cfg = tmp_path / "marsad.toml"
    cfg.write_text("max_page_bytes = 1000\npage_timeout_s = 2.5\n")
    s = Settings.load(cfg)
    assert (s.max_page_bytes, s.page_timeout_s) == (1000, 2.5)
    monkeypatch.setenv("MARSAD_MAX_PAGE_BYTES", "77")
    assert Settings.load(cfg).max_page_bytes == 77
