"""`marsad` command line. Each command is a thin layer over the Python API and the store.

Errors are printed as one line (`marsad: error: …`) with a non-zero exit, never a traceback.
"""

from __future__ import annotations

import json
import os
import sys
import time
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from marsad.cli_common import DbOption, SearchFormat, existing_store, fail
from marsad.config import SETTINGS
from marsad.curate_cli import curate_app
from marsad.errors import MarsadError
from marsad.store.query import Sort

if TYPE_CHECKING:
    from collections.abc import Callable

    from rich.progress import Progress

    from marsad.config import Settings
    from marsad.run.ingest import IngestSummary
    from marsad.run.local import Executor
    from marsad.store.base import LedgerCounts, LedgerEntry

# The command line is `app` (its commands are its interface, docs/README); `main` runs it.
__all__ = ["app", "main"]

app = typer.Typer(
    name="marsad",
    help="Arabic-first news monitoring: pages → clean articles → entities, claims, events → search.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(show: bool) -> None:
    if show:
        from importlib.metadata import version

        sys.stdout.write(f"marsad {version('marsad')}\n")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option("--version", "-V", callback=_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    """Arabic-first news monitoring: pages → clean articles → entities, claims, events → search."""


class OutFormat(StrEnum):
    json = "json"
    jsonl = "jsonl"
    markdown = "markdown"
    text = "text"


@app.command()
def extract(
    paths: Annotated[list[str], typer.Argument(help="Files, directories or '-' for stdin.")],
    format: Annotated[OutFormat, typer.Option("--format", "-f", help="Output format.")] = OutFormat.json,
    enrich: Annotated[bool, typer.Option(help="Add entities, claims and events.")] = False,
    url: Annotated[str | None, typer.Option(help="URL of the page, when reading one page.")] = None,
    ner_model: Annotated[
        Path | None,
        typer.Option(
            "--ner-model",
            help="NER model for --enrich: neural (default), crf, or a local directory (CRF, ONNX, transformers).",
        ),
    ] = None,
) -> None:
    """Extract the article of each page. One page → one JSON object; several → JSONL."""
    from marsad.api import extract_many
    from marsad.output import rejected_record, render
    from marsad.read import expand_inputs

    settings = _with_ner_model(ner_model) if ner_model is not None else None
    inputs = [p if p == "-" else Path(p) for p in expand_inputs(paths)]
    articles = list(extract_many(inputs, enrich=enrich, url=url, settings=settings))
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
    inputs = [p if p == "-" else Path(p) for p in expand_inputs(paths)]
    for a in extract_many(inputs, enrich=enrich):
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


@app.command()
def serve(
    db: Annotated[
        str | None, typer.Option("--db", help="Store URL or SQLite path (default ./marsad.db).")
    ] = None,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    token: Annotated[
        str | None,
        typer.Option(
            help="Bearer token that allows POST /api/ingest; without it the API is read-only.",
            envvar="MARSAD_TOKEN",
        ),
    ] = None,
    workers: Annotated[
        int, typer.Option(min=1, help="Server processes (one core each; docs/benchmarks.md 'API load').")
    ] = 1,
) -> None:
    """Serve the reading room (RTL web UI) and the REST API (/api, docs at /docs)."""
    from marsad.serve.app import create_app
    from marsad.serve.server import run

    existing_store(db).close()  # a misspelt --db is an error, not an empty new store to serve
    _port_free(host, port)
    application = create_app(db, token)
    shown = f"[{host}]" if ":" in host else host
    sys.stdout.write(f"Marsad: http://{shown}:{port}/  (API docs: http://{shown}:{port}/docs)\n")
    if token is None:
        sys.stdout.write("Marsad: read-only API (pass --token to allow POST /api/ingest)\n")
    sys.stdout.flush()
    run(application, host, port, workers)


def _port_free(host: str, port: int) -> None:
    """Fail before printing a URL when the port is taken (uvicorn would log and exit later)."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as e:
        raise fail(f"cannot listen on {host}:{port}: {e}") from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
        try:
            probe.bind(address)
        except OSError as e:
            raise fail(f"cannot listen on {host}:{port}: {e.strerror or e}") from None


def _date_option(value: str | None) -> str | None:
    """--since/--until: the forms the API accepts (date_forms, one rule), refused clearly."""
    from marsad.date_forms import filter_date_error

    if value is None:
        return None
    error = filter_date_error(value)
    if error is not None:
        raise typer.BadParameter(error)
    return value or None


# --- store: ingest, search, export, quarantine (issue 5, part A) ---------------------------
def _print_ingest_summary(summary: IngestSummary, elapsed: float) -> None:
    err = sys.stderr
    rate = summary.read / elapsed if elapsed > 0 else 0.0
    err.write(
        f"inputs: {summary.inputs} ({summary.inputs_unchanged} unchanged since an earlier ingest)\n"
        f"records: {summary.read}  stored: {summary.stored}  reprints: {summary.reprints}"
        f"  already present: {summary.already_present}"
        f"  quarantined: {summary.quarantined}  ({elapsed:.1f} s, {rate:.1f} pages/s)\n"
    )
    if summary.resumed:
        err.write(f"resumed: {summary.resumed} records were committed by an interrupted run\n")
    for reason, count in summary.reasons.most_common(10):
        err.write(f"  quarantined {count} × {reason}\n")
    if len(summary.reasons) > 10:
        err.write("  … see `marsad quarantine` for all\n")
    if summary.error is not None:
        err.write(f"stopped early ({summary.error}): the counts above are what was committed\n")


class IngestEngine(StrEnum):
    local = "local"
    spark = "spark"


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, directories, globs, JSONL/WARC, '-'.")],
    db: DbOption = None,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, help="Extraction processes.")] = 1,
    enrich: Annotated[bool, typer.Option(help="Add entities, claims and events.")] = True,
    progress: Annotated[bool, typer.Option(help="Show a progress bar.")] = True,
    json_summary: Annotated[
        bool,
        typer.Option(
            "--json",
            help="End stdout with the summary as one JSON line {inputs, records, stored, duplicates,"
            " quarantined, by_reason, …}, also after an error or Ctrl-C.",
        ),
    ] = False,
    engine: Annotated[
        IngestEngine,
        typer.Option(help="Where the page steps run: local processes or Spark (marsad[spark], Java 17+)."),
    ] = IngestEngine.local,
    master: Annotated[
        str | None,
        typer.Option(
            help="Spark master for --engine spark: local[N], spark://host:7077 … (default: local[N] with N = --workers > 1, else local[*])."
        ),
    ] = None,
) -> None:
    """Extract and store every page: idempotent (by content hash), resumable, parallel.

    Every record gets an entry in the store's ledger (`marsad ledger`): stored, duplicate or
    quarantined. The summary counts what was committed, so records = stored + duplicates +
    quarantined even when the run stops on an error or Ctrl-C (exit 130).
    """
    import time

    from marsad.run.ingest import IngestSummary

    summary = IngestSummary()
    t0 = time.perf_counter()
    try:
        _ingest(summary, paths, db, workers, enrich, progress, engine, master)
    except KeyboardInterrupt:
        summary.error = summary.error or "interrupted"
        sys.stderr.write("marsad: interrupted\n")
        raise typer.Exit(130) from None
    except MarsadError as exc:
        summary.error = summary.error or str(exc)
        raise fail(str(exc), 2) from None
    except typer.Exit:
        raise
    except BaseException as exc:
        summary.error = summary.error or f"{type(exc).__name__}: {exc}"
        raise
    finally:
        # Always, whatever stopped the run: what a script reads to check where every page went.
        if summary.inputs:  # the run began (an error before it has said what it was)
            _print_ingest_summary(summary, time.perf_counter() - t0)
        if json_summary:
            sys.stdout.write(json.dumps(summary.to_dict(), ensure_ascii=False) + "\n")
            sys.stdout.flush()
    if summary.read and summary.quarantined == summary.read:
        raise typer.Exit(1)


def _ingest(
    summary: IngestSummary,
    paths: list[str],
    db: str | None,
    workers: int,
    enrich: bool,
    progress: bool,
    engine: IngestEngine,
    master: str | None,
) -> None:
    """`marsad ingest` without its reporting: fills `summary`."""
    from marsad.read import expand_inputs
    from marsad.run.ingest import ingest as run_ingest
    from marsad.store import open_store

    def stop(message: str) -> typer.Exit:
        summary.error = message
        return fail(message)

    if master is not None and engine is not IngestEngine.spark:
        raise stop("--master needs --engine spark")
    inputs = expand_inputs(paths)
    if not inputs:
        raise stop("no input found")
    settings = SETTINGS  # the loaded value (this module's, read now: tests may swap it)
    executor = _executor(engine, master, workers, stop, settings)
    store = open_store(db, settings=settings)
    sizes = _input_sizes(inputs)
    bar = _progress_bar(progress)
    started = time.monotonic()
    try:
        with bar:
            # The bar measures bytes of the input files (records have no known total until read):
            # finished inputs count whole, the current one up to its last record's file offset.
            task = bar.add_task(
                "ingest", total=sum(sizes) or None, records=0, rate="-", stored=0, quarantined=0
            )

            def on_record(s: IngestSummary) -> None:
                i = s.current_input
                done = sum(sizes[:i]) + min(s.position or 0, sizes[i]) if i >= 0 else 0
                rate = s.seen / max(time.monotonic() - started, 1e-9)
                bar.update(task, completed=done, records=s.seen, rate=f"{rate:,.0f}", stored=s.stored,
                           quarantined=s.quarantined)  # fmt: skip

            run_ingest(
                inputs, store, workers=workers, enrich=enrich, on_record=on_record, executor=executor,
                summary=summary, settings=settings,
            )  # fmt: skip
            bar.update(task, completed=sum(sizes), records=summary.read, stored=summary.stored,
                       quarantined=summary.quarantined)  # fmt: skip
    finally:
        store.close()


def _executor(
    engine: IngestEngine,
    master: str | None,
    workers: int,
    stop: Callable[[str], typer.Exit],
    settings: Settings,
) -> Executor:
    """Local worker processes, or a started Spark session (`stop` turns a failure into the exit)."""
    from marsad.run.local import LocalExecutor

    if engine is not IngestEngine.spark:
        return LocalExecutor(settings)
    from marsad.run import spark

    reason = spark.spark_unavailable()
    if reason is not None:
        raise stop(reason)
    cluster = spark.spark_executor(
        master or (f"local[{workers}]" if workers > 1 else "local[*]"), settings=settings
    )
    try:
        cluster.session()  # start Spark (~10 s locally) before the store is touched
    except MarsadError as exc:
        raise stop(str(exc)) from None
    return cluster


def _progress_bar(shown: bool) -> Progress:
    """The ingest bar: records, rate, stored and quarantined counts over the input bytes."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    return Progress(
        TextColumn("[bold]ingest"),
        BarColumn(bar_width=12),
        TextColumn("{task.fields[records]} records {task.fields[rate]}/s"),
        TextColumn("{task.fields[stored]} stored {task.fields[quarantined]} quarantined"),
        TimeElapsedColumn(),
        TimeRemainingColumn(compact=True),
        disable=not shown,
        transient=False,
        console=None,
    )


def _input_sizes(inputs: list[str]) -> list[int]:
    """Bytes of each input file (0 for stdin and what cannot be measured): the progress bar's scale."""
    sizes: list[int] = []
    for path in inputs:
        try:
            sizes.append(0 if path == "-" else os.path.getsize(path))
        except OSError:
            sizes.append(0)
    return sizes


class LedgerFormat(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"


class LedgerOutcome(StrEnum):
    stored = "stored"
    duplicate = "duplicate"
    quarantined = "quarantined"


@app.command()
def ledger(
    db: DbOption = None,
    format: Annotated[LedgerFormat, typer.Option("--format", "-f")] = LedgerFormat.table,
    outcome: Annotated[LedgerOutcome | None, typer.Option(help="Only entries with this outcome.")] = None,
    input: Annotated[
        str | None, typer.Option("--input", help="Only the records of this input (a path or URL).")
    ] = None,
    limit: Annotated[
        int | None,
        typer.Option(min=1, help=f"At most this many entries (table: {SETTINGS.cli_ledger_rows})."),
    ] = None,
) -> None:
    """Where every ingested record ended: stored, duplicate (a reprint, or a page stored before)
    or quarantined (with the step and reason). One entry per (input, record), whatever the runs."""
    from marsad.run.ingest import input_name

    store = existing_store(db)
    try:
        name = input_name(input) if input is not None and Path(input).exists() else input
        counts = store.ledger_counts(input=name)
        show = outcome.value if outcome is not None else None
        out = sys.stdout
        if format is LedgerFormat.jsonl:
            for e in store.ledger(outcome=show, input=name, limit=limit):
                out.write(json.dumps(e.to_dict(), ensure_ascii=False) + "\n")
            return
        if format is LedgerFormat.json:
            # Streamed, so a ledger of millions of entries needs no more memory than one.
            out.write('{"counts": ' + json.dumps(counts.to_dict(), ensure_ascii=False) + ', "entries": [')
            for i, e in enumerate(store.ledger(outcome=show, input=name, limit=limit)):
                out.write(("," if i else "") + "\n " + json.dumps(e.to_dict(), ensure_ascii=False))
            out.write("\n]}\n")
            return
        rows = list(store.ledger(outcome=show, input=name, limit=limit or SETTINGS.cli_ledger_rows))
    finally:
        store.close()
    _print_ledger_table(rows, counts)


def _print_ledger_table(rows: list[LedgerEntry], counts: LedgerCounts) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from marsad.serve.markup import neutralise_bidi

    title = (
        f"{counts.records} records from {counts.inputs} inputs: {counts.stored} stored,"
        f" {counts.duplicate} duplicate, {counts.quarantined} quarantined"
    )
    table = Table(title=title, show_lines=False)
    table.add_column("input", overflow="fold", ratio=2)
    table.add_column("record", justify="right", no_wrap=True)
    table.add_column("outcome", no_wrap=True)
    table.add_column("article / reason", overflow="fold", ratio=2)
    for e in rows:
        detail = e.article or e.reason or ""
        table.add_row(Text(e.input), str(e.record), e.outcome, Text(neutralise_bidi(detail)))
    console = Console()
    console.print(table)
    for reason, n in list(counts.by_reason.items())[:10]:
        console.print(Text(f"  quarantined {n} × {neutralise_bidi(reason)}"))
    if len(rows) < counts.records:
        sys.stderr.write(f"showing {len(rows)} entries: --limit N, --outcome or --format jsonl for more\n")


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Words to find (any spelling, clitics, diacritics).")] = "",
    entity: Annotated[str | None, typer.Option(help="Only articles naming this entity (any script).")] = None,
    outlet: Annotated[str | None, typer.Option(help="Only articles from this outlet.")] = None,
    since: Annotated[
        str | None, typer.Option(callback=_date_option, help="Published on or after (YYYY-MM-DD or YYYY-MM).")
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(callback=_date_option, help="Published on or before (YYYY-MM-DD or YYYY-MM)."),
    ] = None,
    lang: Annotated[str | None, typer.Option(help="Article language, e.g. ar.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 10,
    offset: Annotated[int, typer.Option(min=0)] = 0,
    format: Annotated[SearchFormat, typer.Option("--format", "-f")] = SearchFormat.json,
    db: DbOption = None,
    sort: Annotated[
        Sort, typer.Option(help="relevance (bm25), date (newest first) or date_asc (oldest first).")
    ] = Sort.relevance,
) -> None:
    """Search the store; bm25-ranked hits with highlighted snippets.

    The query takes "exact phrases", OR, -excluded words, prefix*, and outlet: entity: since:
    until: lang: filters (docs/serve.md, "Query language"); a malformed one exits 2 with a message.
    """
    import html

    from marsad.store import SearchQuery
    from marsad.store.query import QueryError

    store = existing_store(db)
    try:
        result = store.search(SearchQuery(query, entity, outlet, since, until, lang, offset, limit, sort))
    except QueryError as exc:
        raise fail(f"bad query: {exc}", 2) from None
    finally:
        store.close()
    if format is SearchFormat.json:
        sys.stdout.write(json.dumps([h.to_dict() for h in result.hits], ensure_ascii=False, indent=1) + "\n")
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(title=f"{result.total} articles", show_lines=False)
    # Ids and days are never folded or cut: a reader copies an id into `marsad export`/the API.
    table.add_column("score", no_wrap=True)
    table.add_column("id", no_wrap=True, min_width=max((len(h.id) for h in result.hits), default=2))
    table.add_column("published", no_wrap=True, min_width=10)
    for col in ("outlet", "title", "snippet"):
        table.add_column(col, ratio=1)
    for h in result.hits:
        plain = html.unescape(h.snippet.replace("<mark>", "«").replace("</mark>", "»"))
        table.add_row(
            f"{h.score:.3f}", h.id, (h.published or "")[:10], h.outlet or "", Text(h.title or ""), Text(plain)
        )
    Console().print(table)


@app.command()
def stories(
    since: Annotated[
        str | None, typer.Option(callback=_date_option, help="Active on or after (YYYY-MM-DD or YYYY-MM).")
    ] = None,
    until: Annotated[
        str | None, typer.Option(callback=_date_option, help="Active on or before (YYYY-MM-DD or YYYY-MM).")
    ] = None,
    entity: Annotated[str | None, typer.Option(help="Only stories naming this entity (any script).")] = None,
    outlet: Annotated[str | None, typer.Option(help="Only stories this outlet covered.")] = None,
    min_articles: Annotated[
        int, typer.Option("--min-articles", min=1, help="Only stories told by at least this many articles.")
    ] = 1,
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 20,
    offset: Annotated[int, typer.Option(min=0)] = 0,
    format: Annotated[SearchFormat, typer.Option("--format", "-f")] = SearchFormat.table,
    db: DbOption = None,
) -> None:
    """List stories (one event across outlets and days), biggest first, then most recent."""
    from marsad.store.base import StoryFilter

    store = existing_store(db)
    try:
        listing = store.stories(
            offset=offset,
            limit=limit,
            filters=StoryFilter(since, until, entity, outlet, min_articles),
        )
    finally:
        store.close()
    if format is SearchFormat.json:
        sys.stdout.write(json.dumps(listing.to_dict(), ensure_ascii=False, indent=1) + "\n")
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from marsad.serve.markup import neutralise_bidi

    table = Table(title=f"{listing.total} stor{'y' if listing.total == 1 else 'ies'}", show_lines=False)
    table.add_column("id", no_wrap=True, min_width=max((len(st.id) for st in listing.stories), default=2))
    table.add_column("n", justify="right", no_wrap=True)
    table.add_column("days", min_width=10)
    table.add_column("outlets", ratio=1)
    table.add_column("title", ratio=2)
    for st in listing.stories:
        days = " – ".join(dict.fromkeys(d for d in (st.first_seen, st.last_seen) if d))
        # Page text in a terminal: bidi controls are shown as markers, not obeyed (as on the pages).
        table.add_row(
            st.id,
            str(st.article_count),
            days,
            Text(neutralise_bidi("، ".join(st.outlets))),
            Text(neutralise_bidi(st.title or "")),
        )
    Console().print(table)


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    parquet = "parquet"


@app.command()
def export(
    out: Annotated[
        Path, typer.Option("--out", "-o", help="File to write (jsonl); dataset directory (parquet).")
    ],
    format: Annotated[ExportFormat, typer.Option("--format", "-f")] = ExportFormat.jsonl,
    db: DbOption = None,
) -> None:
    """Write every stored article out as JSONL or Parquet (full article JSON, read back losslessly).

    Parquet is a dataset directory partitioned by published month and outlet, with entities,
    claims and events as typed structs (docs/schema-parquet.md); an earlier export there is replaced.
    """
    from marsad.errors import StoreError
    from marsad.store.export import export as run_export

    store = existing_store(db)
    try:
        n = run_export(store, out, format.value)
    except StoreError as e:
        raise fail(str(e)) from e
    finally:
        store.close()
    sys.stderr.write(f"exported {n} articles to {out}\n")


@app.command()
def quarantine(
    db: DbOption = None,
    retry: Annotated[bool, typer.Option("--retry", help="Run the quarantined inputs again.")] = False,
    clear: Annotated[list[int] | None, typer.Option("--clear", help="Forget an entry (repeatable).")] = None,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1)] = 1,
    enrich: Annotated[bool, typer.Option(help="Enrich on retry.")] = True,
    format: Annotated[SearchFormat, typer.Option("--format", "-f")] = SearchFormat.table,
) -> None:
    """List the inputs that could not become articles (step and reason); retry or clear them."""
    from marsad.run.ingest import retry_quarantine

    store = existing_store(db)
    try:
        for qid in clear or []:
            if not store.clear_quarantine(qid):
                sys.stderr.write(f"marsad: no quarantine entry {qid}\n")
        if retry:
            summary, cleared = retry_quarantine(store, workers=workers, enrich=enrich)
            sys.stderr.write(
                f"retried {summary.read} records: {cleared} entries now pass"
                f" ({summary.stored} stored, {summary.already_present} already present),"
                f" {summary.quarantined} still quarantined\n"
            )
        items = store.list_quarantine()
    finally:
        store.close()
    if format is SearchFormat.json:
        sys.stdout.write(json.dumps([q.to_dict() for q in items], ensure_ascii=False, indent=1) + "\n")
        return
    for q in items:
        where = q.path or q.url or "-"
        if q.record is not None:
            where += f"#{q.record}"
        sys.stdout.write(f"{q.id}\t{where}\t{q.step}\t{q.reason}\n")
    sys.stderr.write(f"{len(items)} quarantined\n")


class TagInput(StrEnum):
    conll = "conll"
    text = "text"


@app.command()
def tag(
    path: Annotated[str, typer.Argument(help="CoNLL file (first column = tokens) or '-' for stdin.")],
    input_format: Annotated[
        TagInput,
        typer.Option(
            "--input-format",
            help="conll: token per line, blank line between sentences; text: a sentence per line.",
        ),
    ] = TagInput.conll,
    model: Annotated[
        Path | None,
        typer.Option("--model", help="Directory holding ner.crfsuite (default: the bundled model)."),
    ] = None,
    ner_model: Annotated[
        Path | None,
        typer.Option(
            "--ner-model",
            help="neural (the default tagger), crf, or a local model directory (CRF, ONNX, transformers).",
        ),
    ] = None,
) -> None:
    """Tag tokens with PERS/LOC/ORG/MISC (BIO): prints `token TAG` per line, sentences as in the input."""
    from marsad.enrich.entities.tagger import Tagger, tag_conll, tag_text

    if path == "-":
        lines = sys.stdin.read().splitlines()
    else:
        p = Path(path)
        if not p.is_file():
            raise fail(f"{path}: no such file")
        try:
            lines = p.read_text(encoding="utf-8").splitlines()
        except UnicodeDecodeError:
            raise fail(f"{path}: not UTF-8 text") from None
    from marsad.config import SETTINGS
    from marsad.enrich.entities.transformer import load_ner_tagger

    if ner_model is not None:
        tagger = load_ner_tagger(str(ner_model))
    else:
        tagger = Tagger(model) if model else load_ner_tagger(SETTINGS.ner_model)
    run = tag_conll if input_format is TagInput.conll else tag_text
    out = sys.stdout
    for line in run(lines, tagger, SETTINGS.ner_max_sentence):
        out.write(line + "\n")


def _with_ner_model(path: Path) -> Settings:
    """The settings with `--ner-model` (a new value: the loaded SETTINGS stay as they are); the
    model is loaded now so that a bad path fails at once."""
    from marsad.config import SETTINGS
    from marsad.enrich.entities.transformer import load_ner_tagger

    load_ner_tagger(str(path))
    return SETTINGS.with_flags(ner_model=str(path))


# --- further commands (tag, ingest, search, serve, export, quarantine) are registered below ---

app.add_typer(curate_app, name="curate")


def main() -> None:
    try:
        app(prog_name="marsad")
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
