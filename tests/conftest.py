"""Shared fixtures. Tests that need ../shared/data skip with a reason when it is absent."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from settings_override import restore_loaded_settings
from testpaths import EXAMPLES, SHARED_DATA


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The ../shared/data folder, or a skip when this clone has none (a user's clone)."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"needs ../shared/data (not found at {SHARED_DATA})")
    return SHARED_DATA


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    return EXAMPLES


@pytest.fixture(autouse=True)
def _loaded_settings_after_each_test() -> Iterator[None]:
    """A module first imported while a test swapped the settings keeps the loaded value after it
    (tests/settings_override.py), so no later test runs on another test's settings."""
    yield
    restore_loaded_settings()


@pytest.fixture
def ctrl_c_delivered() -> Iterator[None]:
    """Ctrl-C reaches this process and the processes it starts, as in a terminal. A test run
    started in the background by a non-interactive shell inherits SIGINT *ignored* (and passes
    that on through exec), so the interruption tests would see nothing arrive."""
    import signal

    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
