"""The seed page through the CLI, checked by ../shared/tools/check-seed exactly as a user runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def check_seed(shared_data: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    tool = shared_data.parent / "tools" / "check-seed"
    if not tool.is_file():
        pytest.skip(f"needs {tool}")
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    return subprocess.run(
        [sys.executable, str(tool), *extra], capture_output=True, text=True, timeout=600, env=env, check=False
    )


def test_seed_article_fields(shared_data: Path) -> None:
    r = check_seed(shared_data)
    assert r.returncode == 0, r.stdout + r.stderr


def test_seed_enriched(shared_data: Path) -> None:
    r = check_seed(shared_data, "--enrich")
    assert r.returncode == 0, r.stdout + r.stderr
