"""`marsad` command line. Each command is a thin layer over the Python API and the store.

Errors are printed as one line (`marsad: error: …`) with a non-zero exit, never a traceback.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from marsad.errors import MarsadError

app = typer.Typer(
    name="marsad",
    help="Arabic-first news monitoring: pages → clean articles → entities, claims, events → search.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class OutFormat(StrEnum):
    json = "json"
    jsonl = "jsonl"
    markdown = "markdown"
    text = "text"


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print a one-line error and return the exit to raise."""
    sys.stderr.write(f"marsad: error: {message}\n")
    return typer.Exit(code)


@app.command()
def extract(
    paths: Annotated[list[str], typer.Argument(help="Files, directories or '-' for stdin.")],
    format: Annotated[OutFormat, typer.Option("--format", "-f", help="Output format.")] = OutFormat.json,
    enrich: Annotated[bool, typer.Option(help="Add entities, claims and events.")] = False,
    url: Annotated[str | None, typer.Option(help="URL of the page, when reading one page.")] = None,
) -> None:
    """Extract the article of each page. One page → one JSON object; several → JSONL."""
    from marsad.api import extract_many
    from marsad.output import rejected_record, render
    from marsad.read import expand_inputs

    inputs = expand_inputs(paths)
    articles = list(extract_many(inputs, enrich=enrich, url=url))
    if not articles:
        raise fail("no page found in the input")
    if len(articles) == 1:
        a = articles[0]
        if a.rejected is not None:
            raise fail(f"{a.source.path or '-'}: {a.rejected.reason}")
        fmt = format.value
        sys.stdout.write(render(a, fmt) + ("\n" if fmt in ("json", "jsonl") else ""))
        return
    failed = 0
    fmt = "jsonl" if format in (OutFormat.json, OutFormat.jsonl) else format.value
    for a in articles:
        if a.rejected is not None:
            failed += 1
            if fmt == "jsonl":
                sys.stdout.write(json.dumps(rejected_record(a), ensure_ascii=False) + "\n")
            sys.stderr.write(f"marsad: quarantined: {a.source.path or '-'}: {a.rejected.reason}\n")
            continue
        sys.stdout.write(render(a, fmt) + "\n")
    if failed == len(articles):
        raise typer.Exit(1)


@app.command()
def summary(
    paths: Annotated[list[str], typer.Argument(help="Files, directories or '-' for stdin.")],
    enrich: Annotated[bool, typer.Option(help="Also count entities, claims and events.")] = False,
) -> None:
    """A readable table of what Marsad makes of each page (the demo's first step)."""
    from rich.console import Console
    from rich.table import Table

    from marsad.api import extract_many
    from marsad.read import expand_inputs

    table = Table(title="Marsad — pages → articles", show_lines=False)
    for col in ("page", "lang", "title", "byline", "published", "¶", "h", "img", "rel", "chrome"):
        table.add_column(col, overflow="fold")
    if enrich:
        for col in ("ent", "claims", "events"):
            table.add_column(col)
    quarantined = 0
    for a in extract_many(expand_inputs(paths), enrich=enrich):
        name = Path(a.source.path or "-").name + (
            f"#{a.source.record}" if a.source.record is not None else ""
        )
        if a.rejected is not None:
            quarantined += 1
            table.add_row(name, "", f"[red]quarantined: {a.rejected.reason}[/red]", *[""] * 7)
            continue
        by = a.byline.outlet or a.byline.person or a.byline.raw if a.byline else ""
        row = [
            name,
            a.language or "?",
            (a.title or "")[:70],
            by or "",
            a.published or "—",
            str(len(a.paragraphs)),
            str(len(a.headings)),
            str(len(a.images)),
            str(len(a.related)),
            str(len(a.chrome)),
        ]
        if enrich:
            row += [str(len(a.entities)), str(len(a.claims)), str(len(a.events))]
        table.add_row(*row)
    Console().print(table)
    if quarantined:
        sys.stderr.write(f"marsad: {quarantined} page(s) quarantined\n")


# --- further commands (tag, ingest, search, serve, export, quarantine) are registered below ---


def main() -> None:
    try:
        app()
    except MarsadError as exc:
        sys.stderr.write(f"marsad: error: {exc}\n")
        sys.exit(2)
    except KeyboardInterrupt:
        sys.stderr.write("marsad: interrupted\n")
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)


if __name__ == "__main__":
    main()
