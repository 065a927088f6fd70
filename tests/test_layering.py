"""The shape of the road, checked: stages import only what comes before them.

- corpus/ never imports store/ (the store implements the corpus's `CorpusIndex`, not the reverse),
- run/ never builds store rows (`store.records`) and never names a backend: executors only
  decide where page steps run,
- nothing outside store/ imports a backend module.
"""

from __future__ import annotations

import ast
from pathlib import Path

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
