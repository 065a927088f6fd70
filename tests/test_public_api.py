"""The public API is what the docs say (issue 14): `marsad.__all__` and the CLI's commands
against docs/api.md, the REST routes against the route table of docs/serve.md. Both sides are
read, so a route added by a router shows up here until its table row is written."""

from __future__ import annotations

import re
from pathlib import Path

import typer.main

import marsad
from marsad.cli import app as cli_app

DOCS = Path(__file__).resolve().parents[1] / "docs"


def _table_first_column(markdown: str, heading: str) -> list[str]:
    """The first cell of every row of the first table under `heading` (## level)."""
    section = markdown.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("|")]
    return [r.split("|")[1].strip() for r in rows[2:]]


def _code_spans(cell: str) -> list[str]:
    return re.findall(r"`([^`]+)`", cell)


def test_python_names_are_the_documented_ones() -> None:
    text = (DOCS / "api.md").read_text(encoding="utf-8")
    documented = {
        span for cell in _table_first_column(text, "Python (`import marsad`)") for span in _code_spans(cell)
    }
    assert documented == set(marsad.__all__)
    assert all(hasattr(marsad, name) for name in marsad.__all__)


def test_cli_commands_are_the_documented_ones() -> None:
    text = (DOCS / "api.md").read_text(encoding="utf-8")
    documented = {
        span for cell in _table_first_column(text, "CLI (`marsad <command>`)") for span in _code_spans(cell)
    }
    commands = typer.main.get_command(cli_app).commands  # type: ignore[attr-defined]
    assert documented == set(commands)


def _shape(path: str) -> str:
    """The path with its parameters' names dropped (the table writes `{id}`, the app `{story_id}`)."""
    return re.sub(r"\{[^}]*\}", "{}", path.split("?", 1)[0])


def _documented_routes() -> set[tuple[str, str]]:
    """(method, path) of each row of docs/serve.md's route table (before its first ## heading)."""
    text = (DOCS / "serve.md").read_text(encoding="utf-8").split("\n## ", 1)[0]
    rows = [line for line in text.splitlines() if line.startswith("| `") or line.startswith("| POST")]
    out: set[tuple[str, str]] = set()
    for row in rows:
        for span in _code_spans(row.split("|")[1]):
            method, _, path = span.rpartition(" ")
            out.add((method or "GET", _shape(path)))
    return out


def _app_routes() -> set[tuple[str, str]]:
    """(method, path) of every route the app answers (HEAD aside), static files excluded."""
    from marsad.serve.app import create_app

    app = create_app(":memory:", "token")
    out: set[tuple[str, str]] = set()
    for route in app.routes:
        contexts = getattr(route, "effective_route_contexts", None)
        entries = contexts() if callable(contexts) else contexts or [route]
        for entry in entries:
            methods = getattr(entry, "methods", None)
            if methods is None:  # a Mount: /static serves the package's files, not a documented route
                continue
            out.update((m, _shape(entry.path)) for m in methods if m != "HEAD")
    return out


def test_rest_routes_are_the_documented_ones() -> None:
    documented = _documented_routes()
    assert ("POST", "/api/ingest") in documented and ("GET", "/api/search") in documented
    assert _app_routes() == documented
