"""Tests that need other settings: `Settings` is frozen, so a test swaps the loaded value.

`override_settings(monkeypatch, max_page_bytes=1000)` builds `SETTINGS.with_flags(...)` and puts
it in place of the loaded value in `marsad.config` and in every loaded marsad module that imported
it (`from marsad.config import SETTINGS`); monkeypatch restores them after the test. Code given a
Settings value explicitly is not affected (that value is what it reads).
"""

from __future__ import annotations

import sys
from typing import Any

import pytest

from marsad import config
from marsad.config import Settings

__all__ = ["override_settings"]


def override_settings(monkeypatch: pytest.MonkeyPatch, **changes: Any) -> Settings:
    current = config.SETTINGS
    new = current.with_flags(**changes)
    for name, module in list(sys.modules.items()):
        if (name == "marsad" or name.startswith("marsad.")) and getattr(module, "SETTINGS", None) is current:
            monkeypatch.setattr(module, "SETTINGS", new)
    return new
