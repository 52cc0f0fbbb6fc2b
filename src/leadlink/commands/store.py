"""CLI of the persistent side: import, run, review, convert, export (thin: parse, call, print)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from leadlink.store.db import SessionFactory, open_store

console = Console()
err = Console(stderr=True)

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="Database URL (default $LEADLINK_DB or sqlite:///leadlink.db)."),
]
ByOption = Annotated[
    str | None, typer.Option("--by", help="Who decides (default $USER); stored with it.")
]


def store_for(db: str | None) -> SessionFactory:
    """Open (and migrate) the store the command works on."""
    return open_store(db)


@contextmanager
def progress_bar(label: str, total: int | None) -> Iterator[Callable[[int], None]]:
    """A rich progress bar on stderr; yields a callback taking the number of items done."""
    columns = (
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=err, transient=False) as progress:
        task = progress.add_task(label, total=total)

        def update(done: int) -> None:
            progress.update(task, completed=done)

        yield update


def count_lines(path: Path) -> int | None:
    """Data rows in a CSV file, estimated by counting newlines (for the progress bar's total)."""
    try:
        with path.open("rb") as handle:
            lines = sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))
    except OSError:
        return None
    return max(lines - 1, 0)


def register(app: typer.Typer) -> None:
    """Add the store commands (import, run, review, convert, export) to the leadlink CLI."""
    app.command("import")(import_command)


def import_command(
    kind: Annotated[
        str,
        typer.Argument(
            help="accounts|leads|contacts|opportunities|contracts|activities|campaign-members|users"
        ),
    ],
    file: Annotated[Path, typer.Argument(help="The CSV file (canonical, Salesforce or HubSpot).")],
    db: DbOption = None,
    rejects: Annotated[
        Path | None,
        typer.Option("--rejects", help="Where to write bad rows (default FILE.rejects.csv)."),
    ] = None,
) -> None:
    """Import a CRM file: upsert by id (importing twice changes nothing), bad rows to rejects."""
    from leadlink.io.csvio import CsvFileError, write_rejects
    from leadlink.store.importer import import_file, normalize_kind

    try:
        name = normalize_kind(kind)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    factory = store_for(db)
    try:
        with progress_bar(f"import {name}", count_lines(file)) as update:
            summary = import_file(factory, name, file, rejects_path=rejects, progress=update)
    except CsvFileError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None
    console.print(
        f"{name}: {summary.read:,} read, {summary.inserted:,} inserted, "
        f"{summary.updated:,} updated, {summary.unchanged:,} unchanged, "
        f"{summary.rejected:,} rejected ({summary.seconds:.1f}s)"
    )
    if summary.errors:
        rejects_path = rejects or file.with_name(file.stem + ".rejects.csv")
        if rejects is None:
            write_rejects(rejects_path, summary.errors)
        console.print(f"rejected rows (row number and reason) written to {rejects_path}")
