"""The shape of the road, checked: stages import only what comes before them.

- corpus/ never imports store/ (the store implements the corpus's `CorpusIndex`, not the reverse),
- run/ never builds store rows (`store.records`) and never names a backend: executors only
  decide where page steps run,
- nothing outside store/ imports a backend module,
- the pipeline and the store never import the front ends (serve/, the CLI): rules both share
  (the date forms) live below them.
"""

from __future__ import annotations

import ast
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

SRC = Path(__file__).resolve().parents[1] / "src" / "marsad"


def _imports(folder: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for path in sorted((SRC / folder).rglob("*.py")) if folder else sorted(SRC.rglob("*.py")):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module)
            elif isinstance(node, ast.Import):
                names.update(a.name for a in node.names)
        out[str(path.relative_to(SRC))] = names
    return out


def test_corpus_does_not_import_the_store() -> None:
    bad = {
        f: sorted(n for n in names if n.startswith("marsad.store")) for f, names in _imports("corpus").items()
    }
    assert not {f: n for f, n in bad.items() if n}


def test_the_road_and_the_store_do_not_import_the_front_ends() -> None:
    front = ("marsad.serve", "marsad.cli", "marsad.curate_cli")
    bad = {
        f: sorted(n for n in names if n.startswith(front))
        for folder in ("store", "run", "corpus", "enrich", "extract", "arabic", "read")
        for f, names in _imports(folder).items()
    }
    assert not {f: n for f, n in bad.items() if n}


def test_run_builds_no_rows_and_names_no_backend() -> None:
    for f, names in _imports("run").items():
        assert not any(
            n.startswith(("marsad.store.records", "marsad.store.sqlite", "marsad.store.postgres"))
            for n in names
        ), f
        text = (SRC / f).read_text(encoding="utf-8")
        assert ".backend" not in text and '"sqlite"' not in text and '"postgresql"' not in text, f


def test_only_the_store_opens_backend_modules() -> None:
    for f, names in _imports("").items():
        if f.startswith("store/"):
            continue
        assert not any(n in ("marsad.store.sqlite", "marsad.store.postgres") for n in names), f


def _shape_report() -> ModuleType:
    """scripts/shape_report.py, the one home of the import-graph and fallback scans."""
    path = SRC.parents[1] / "scripts" / "shape_report.py"
    spec = importlib.util.spec_from_file_location("shape_report", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["shape_report"] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


def test_no_import_cycle_and_no_fallback_around_project_modules() -> None:
    """Issue 14: the store protocol imports no backend (open_store lives in store/open.py), and
    no `except ImportError` hides a broken project module behind a fallback."""
    report = _shape_report().build_report(SRC, with_duplicates=False)
    assert report.modules > 100
    assert report.cycles == []
    assert report.import_error_fallbacks == []


def test_every_module_with_public_names_has_all() -> None:
    assert _shape_report().build_report(SRC, with_duplicates=False).missing_all == []


def test_at_most_five_long_functions() -> None:
    """Issue 14's target: at most 5 functions over 60 lines in src/ (scripts/shape_report.py)."""
    long = _shape_report().build_report(SRC, with_duplicates=False).long_functions
    assert len(long) <= 5, long


def test_no_tuning_constant_outside_config() -> None:
    """Issue 14: thresholds, caps, sizes and windows are `Settings` fields. What stays a module
    constant is a fact (`Final` + `# fact:`)."""
    report = _shape_report().build_report(SRC, with_duplicates=False)
    assert report.tuning_constants == []
    assert "marsad.run.spark.MIN_JAVA" in report.facts


def test_the_fact_rule_needs_final_and_a_fact_comment(tmp_path: Path) -> None:
    """The rule scripts/shape_report.py states: a number is a fact only when annotated `Final`
    with a `# fact:` comment on its line; a value read from the environment is tuning too."""
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "m.py").write_text(
        "import os\n"
        "from typing import Final\n"
        '__all__ = ["A"]\n'
        "A: Final = 17  # fact: a format's field size\n"
        "B: Final = 40\n"
        "C = 0.5  # fact: a comment alone is not enough\n"
        'D = float(os.environ.get("X", "0.3"))\n'
        "E: Final[int] = 2  # fact: typed Final counts\n",
        encoding="utf-8",
    )
    report = _shape_report().build_report(pkg, with_duplicates=False)
    assert report.facts == ["pkg.m.A", "pkg.m.E"]
    assert report.tuning_constants == ["pkg.m.B", "pkg.m.C", "pkg.m.D"]


# Issue 14: one Settings value flows from the entry points down; only these read the loaded value.
ENTRY_POINTS = {
    "marsad.api": "the Python API (marsad.extract, extract_many, ingest)",
    "marsad.cli": "the CLI",
    "marsad.cli_common": "the CLI's shared helpers (the store a command opens)",
    "marsad.steps": "default_steps / default_pipeline",
    "marsad.store.open": "open_store",
    "marsad.run.ingest": "the ingest road's entry functions (ingest, process, start_workers)",
    "marsad.serve.app": "the app factory (create_app)",
    "marsad.serve.server": "the server runner (uvicorn's options, app_from_env)",
    "marsad.arabic.evaluate": "a `python -m` evaluation tool",
    # Not an entry point: the route declarations' bounds, which FastAPI and pydantic read when the
    # routes are declared (import time), before any app factory runs. See serve/params.py.
    "marsad.serve.params": "route declarations (validators, OpenAPI schema) built at import",
}


def test_only_entry_points_read_the_global_settings() -> None:
    """Library modules read `settings.x` from a value passed to them (constructor or argument);
    only the modules named above may import `SETTINGS` (scripts/shape_report.py's rule)."""
    readers = set(_shape_report().build_report(SRC, with_duplicates=False).settings_readers)
    assert readers - set(ENTRY_POINTS) == set()
    assert "marsad.api" in readers  # the rule sees what it is meant to see


def test_the_settings_rule_sees_every_way_of_reading_the_global(tmp_path: Path) -> None:
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "a.py").write_text("from marsad.config import SETTINGS\n", encoding="utf-8")
    (pkg / "b.py").write_text("def f():\n    from ..config import SETTINGS\n", encoding="utf-8")
    (pkg / "c.py").write_text("from marsad import config\nX = config.SETTINGS.max_blocks\n", encoding="utf-8")
    (pkg / "d.py").write_text(
        "from marsad.config import Settings\ndef f(settings: Settings) -> int:\n    return settings.max_blocks\n",
        encoding="utf-8",
    )
    assert _shape_report().build_report(pkg, with_duplicates=False).settings_readers == [
        "pkg.a",
        "pkg.b",
        "pkg.c",
    ]


def test_no_settings_default_evaluated_at_import() -> None:
    """`settings: Settings = SETTINGS` (or `= SETTINGS.x`) is bound when the module is imported,
    so a test's swapped value (tests/settings_override.py) never reaches it: entry points take
    `settings: Settings | None = None` and read the loaded value when called."""
    bad = []
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                defaults = [*node.args.defaults, *(d for d in node.args.kw_defaults if d is not None)]
                if any(isinstance(n, ast.Name) and n.id == "SETTINGS" for d in defaults for n in ast.walk(d)):
                    bad.append(f"{path.relative_to(SRC)}:{node.name}")
    assert bad == []
