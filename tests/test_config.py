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


def test_with_flags_returns_a_new_value_and_refuses_bad_flags() -> None:
    from marsad.errors import InputError

    base = Settings()
    changed = base.with_flags(ner_model="/models/x", page_timeout_s="3", story_window_days=5)
    assert (changed.ner_model, changed.page_timeout_s, changed.story_window_days) == ("/models/x", 3.0, 5)
    assert (base.ner_model, base.page_timeout_s) == ("neural", 20.0)  # the original is untouched
    with pytest.raises(InputError, match="unknown setting 'no_such'"):
        base.with_flags(no_such=1)
    with pytest.raises(InputError, match="'max_blocks': 'many' must be int"):
        base.with_flags(max_blocks="many")


def test_a_bool_setting_reads_false_from_a_string() -> None:
    """MARSAD_EVENTS_GROWN_LEXICON=false must turn the setting off (bool("false") is True)."""
    from marsad.errors import InputError

    for word, want in (("false", False), ("0", False), ("No", False), ("true", True), ("1", True)):
        assert Settings().with_flags(events_grown_lexicon=word).events_grown_lexicon is want
    with pytest.raises(InputError, match="must be bool"):
        Settings().with_flags(events_grown_lexicon="maybe")


def test_settings_are_frozen_and_nothing_in_src_assigns_them() -> None:
    """A changed value is a new one: no field is assigned, in src/ or anywhere at run time."""
    import dataclasses
    import re

    with pytest.raises(dataclasses.FrozenInstanceError):
        Settings().max_blocks = 3  # type: ignore[misc]
    src = Path(__file__).resolve().parents[1] / "src" / "marsad"
    assign = re.compile(r"\bSETTINGS\s*=|\bSETTINGS\.\w+\s*=[^=]|setattr\(\s*(config\.)?SETTINGS\b")
    found = [
        f"{p.relative_to(src)}:{n}"
        for p in src.rglob("*.py")
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if assign.search(line) and p.name != "config.py"
    ]
    assert not found


def test_the_pipeline_is_built_from_the_settings_it_is_given() -> None:
    from marsad.pipeline import MapStep
    from marsad.steps import default_steps

    fast = Settings().with_flags(page_timeout_s=1.5)
    extract = default_steps(settings=fast)[0]
    assert isinstance(extract, MapStep) and extract.timeout_s == 1.5
    assert (
        isinstance(default_steps()[0], MapStep)
        and default_steps()[0].timeout_s == Settings.load().page_timeout_s
    )


def test_the_dump_labellers_variables_still_map_onto_its_thresholds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The labeller read MARSAD_DUMP_* itself; the same names are now fields read in one place."""
    monkeypatch.setenv("MARSAD_DUMP_MAIN_MARGINAL", "0.5")
    monkeypatch.setenv("MARSAD_DUMP_CLUSTER_GAP", "3")
    s = Settings.load(tmp_path / "none.toml")
    assert (s.dump_main_marginal, s.dump_cluster_gap) == (0.5, 3)
    assert Settings().dump_main_marginal == 0.35
