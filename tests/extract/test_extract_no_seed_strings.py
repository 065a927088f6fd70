"""The seed page is an acceptance case only: its specific names must not appear in extractor code."""

from __future__ import annotations

import importlib
from pathlib import Path

from testpaths import SEED_WORDS


def test_no_seed_words_in_extractor_code() -> None:
    package = importlib.import_module("marsad.extract")  # `marsad.extract` is also the API function
    src = Path(str(package.__file__)).parent
    for path in sorted(p for p in src.glob("*.py") if not p.name.startswith("html")):  # html*: another module
        text = path.read_text(encoding="utf-8")
        found = [w for w in SEED_WORDS if w in text]
        assert not found, f"{path.name} names {found}: rules must be general (data files hold general lists)"
