"""`leadlink match`: link the leads of a CSV file to the accounts of another."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

from leadlink.io.csvio import CsvFileError, write_rejects
from leadlink.matching.service import match_files
from leadlink.matching.settings import SettingsError

err = Console(stderr=True)


def register(app: typer.Typer) -> None:
    """Add the `match` command."""
    app.command("match")(match)
    app.command("train")(train)


def match(
    accounts: Path = typer.Option(
        ..., "--accounts", help="accounts.csv (canonical, SF or HubSpot)"
    ),
    leads: Path = typer.Option(..., "--leads", help="leads.csv"),
    out: Path = typer.Option(..., "--out", help="where to write matches.csv"),
    config: Path | None = typer.Option(None, "--config", help="settings YAML (defaults shipped)"),
    workers: int | None = typer.Option(None, "--workers", help="processes (default: all cores)"),
    rejects: Path | None = typer.Option(None, "--rejects", help="write bad rows to this CSV"),
) -> None:
    """Link every lead to the one right account, or send it to review, or leave it unmatched."""
    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task("matching", total=None)

        def report(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        try:
            summary = match_files(
                accounts_path=accounts,
                leads_path=leads,
                out_path=out,
                settings_path=config,
                workers=workers,
                progress=report,
            )
        except (CsvFileError, SettingsError, FileNotFoundError) as exc:
            err.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(2) from exc
    for problem in summary.errors[:10]:
        where = f"{problem.file}:{problem.row}" + (
            f" column {problem.column}" if problem.column else ""
        )
        err.print(f"[yellow]skipped[/yellow] {where}: {problem.message}")
    if len(summary.errors) > 10:
        err.print(f"[yellow]... and {len(summary.errors) - 10} more row problems[/yellow]")
    if rejects and summary.errors:
        write_rejects(rejects, summary.errors)
    d = summary.decisions
    n = max(summary.leads, 1)
    err.print(
        f"{summary.leads:,} leads against {summary.accounts:,} accounts: "
        f"[green]{d['matched']:,} matched[/green] ({d['matched'] / n:.1%}), "
        f"[yellow]{d['review']:,} review[/yellow] ({d['review'] / n:.1%}), "
        f"{d['unmatched']:,} unmatched ({d['unmatched'] / n:.1%}) "
        f"in {summary.total_seconds:.1f} s (index {summary.index_seconds:.1f} s, "
        f"matching {summary.match_seconds:.1f} s); settings {summary.settings_version}"
    )


def train(
    accounts: Path = typer.Option(..., "--accounts", help="accounts.csv"),
    leads: Path = typer.Option(..., "--leads", help="leads.csv"),
    out: Path = typer.Option(..., "--out", help="where to write the trained settings YAML"),
    truth: Path | None = typer.Option(None, "--truth", help="truth.csv; without it, EM"),
    config: Path | None = typer.Option(None, "--config", help="starting settings"),
    limit: int = typer.Option(50_000, "--limit", help="use at most this many leads"),
) -> None:
    """Estimate the match weights from labelled leads (or with EM) and write a settings file."""
    from itertools import islice

    from leadlink.io.csvio import iter_records, read_accounts, read_leads
    from leadlink.matching.engine import Matcher
    from leadlink.matching.settings import load_settings
    from leadlink.matching.train import train_em, train_supervised

    errors: list = []
    matcher = Matcher.build(read_accounts(accounts, errors), load_settings(config))
    sample = list(islice(read_leads(leads, errors), limit))
    if truth is not None:
        labels = {
            row["lead_id"]: row.get("account_id", "")
            for _, row in iter_records(truth, "truth", errors)
        }
        settings, table = train_supervised(matcher, sample, labels)
        err.print(
            f"{table.leads:,} leads, {len(table):,} candidate pairs, "
            f"{table.missed:,} true accounts not among the candidates"
        )
    else:
        settings, table = train_em(matcher, sample)
        err.print(f"EM over {table.leads:,} leads and {len(table):,} candidate pairs")
    out.write_text(settings.to_yaml(), encoding="utf-8")
    err.print(f"wrote {out} (settings {settings.version})")
