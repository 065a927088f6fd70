"""Tests that need other settings: `Settings` is frozen, so a test swaps the loaded value.

`override_settings(monkeypatch, max_page_bytes=1000)` builds `SETTINGS.with_flags(...)` and puts
it in place of the loaded value in `marsad.config` (for code that imports it when called) and in
every loaded marsad module that holds a Settings as `SETTINGS`; monkeypatch restores them after the
test. A module first imported during such a test took the test's value: `restore_loaded_settings`
(run after every test by tests/conftest.py) gives it the loaded one back. Code given a Settings
value explicitly is not affected (that value is what it reads): a store reads the value it was
opened with, so `override_store_settings(monkeypatch, store, list_total_cap=1)` changes an open
store's.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest

from marsad import config
from marsad.config import Settings

__all__ = ["override_app_settings", "override_settings", "override_store_settings", "restore_loaded_settings"]


def _holders() -> Iterator[ModuleType]:
    for name, module in list(sys.modules.items()):
        if (name == "marsad" or name.startswith("marsad.")) and isinstance(
            getattr(module, "SETTINGS", None), Settings
        ):
            yield module


def override_settings(monkeypatch: pytest.MonkeyPatch, **changes: Any) -> Settings:
    new = config.SETTINGS.with_flags(**changes)
    for module in _holders():
        monkeypatch.setattr(module, "SETTINGS", new)
    return new


def override_store_settings(monkeypatch: pytest.MonkeyPatch, store: Any, **changes: Any) -> Settings:
    """An open store's settings changed (and its index-term rule with them), until the test ends."""
    from marsad.store.terms import term_rule

    new = store.settings.with_flags(**changes)
    monkeypatch.setattr(store, "settings", new)
    if hasattr(store, "term_rule"):
        monkeypatch.setattr(store, "term_rule", term_rule(new))
    return new


def override_app_settings(monkeypatch: pytest.MonkeyPatch, app: Any, **changes: Any) -> Settings:
    """A built app's settings changed until the test ends: what handlers read
    (`app.state.settings`) and what its store pool opens stores with. The pool keeps no idle store
    meanwhile (each is closed when given back), so every request opens one with the new value."""
    new = app.state.settings.with_flags(**changes)
    monkeypatch.setitem(app.state._state, "settings", new)  # starlette State keeps its attributes there
    pool = app.state.stores
    monkeypatch.setattr(pool, "settings", new)
    monkeypatch.setattr(pool, "_idle", [])
    monkeypatch.setattr(pool, "max_idle", 0)
    return new


def restore_loaded_settings() -> None:
    for module in _holders():
        if module.SETTINGS is not config.SETTINGS:
            module.SETTINGS = config.SETTINGS
