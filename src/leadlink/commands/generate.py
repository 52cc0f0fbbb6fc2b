"""`leadlink generate`: write a realistic synthetic CRM (accounts, leads, truth, CRM extras)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from leadlink.synth.model import REFERENCE_DATE
from leadlink.synth.service import generate_crm


def register(app: typer.Typer) -> None:
    """Add the `generate` command to the CLI."""

    @app.command("generate")
    def generate_command(
        accounts: Annotated[int, typer.Option(min=1, help="Number of accounts")] = 1_000,
        leads: Annotated[int, typer.Option(min=0, help="Number of leads")] = 5_000,
        out: Annotated[Path, typer.Option(help="Directory to write the CSV files to")] = Path(
            "synthetic"
        ),
        seed: Annotated[int, typer.Option(help="Random seed (same seed, same files)")] = 0,
        crm: Annotated[
            bool, typer.Option("--crm/--no-crm", help="Also write users, contacts, activities...")
        ] = True,
        reference_date: Annotated[
            str, typer.Option(help="'Today' for dates and activity windows (YYYY-MM-DD)")
        ] = REFERENCE_DATE.isoformat(),
        workers: Annotated[int, typer.Option(min=1, help="Worker processes")] = 2,
    ) -> None:
        """Generate accounts.csv, leads.csv and truth.csv (and CRM files) in the CSV contract."""
        err = Console(stderr=True)
        try:
            ref = date.fromisoformat(reference_date)
        except ValueError:
            err.print(f"[red]error:[/red] --reference-date {reference_date!r} is not YYYY-MM-DD")
            raise typer.Exit(2) from None
        columns = (TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn())
        with Progress(*columns, console=err, transient=True) as bar:
            task = bar.add_task("generating", total=None)

            def progress(message: str) -> None:
                """Show the generator's current phase on the progress line."""
                bar.update(task, description=message)

            try:
                summary = generate_crm(
                    accounts=accounts,
                    leads=leads,
                    out_dir=out,
                    seed=seed,
                    crm=crm,
                    reference_date=ref,
                    workers=workers,
                    progress=progress,
                )
            except ValueError as exc:
                err.print(f"[red]error:[/red] {exc}")
                raise typer.Exit(2) from None
        typer.echo(summary.line())
