"""`leadlink evaluate`: score a matches.csv against a truth.csv and show the worst mistakes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from leadlink.io.csvio import CsvFileError, RowError
from leadlink.io.results import read_matches, read_truth
from leadlink.matching.evaluate import EvaluationReport, evaluate

_SHOWN_ERRORS = 5


def register(app: typer.Typer) -> None:
    """Add the `evaluate` command to the CLI."""

    @app.command("evaluate")
    def evaluate_command(
        truth: Annotated[Path, typer.Option(help="truth.csv: lead_id,account_id")],
        matches: Annotated[Path, typer.Option(help="matches.csv written by `leadlink match`")],
        worst: Annotated[int, typer.Option(min=0, help="How many worst mistakes to list")] = 10,
        as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead")] = False,
    ) -> None:
        """Precision, recall, F1, review rate and the worst mistakes of a match run."""
        err = Console(stderr=True)
        errors: list[RowError] = []
        try:
            report = evaluate(read_truth(truth, errors), read_matches(matches, errors), worst=worst)
        except CsvFileError as exc:
            err.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(2) from None
        _print_row_errors(err, errors)
        if as_json:
            typer.echo(json.dumps(report.to_dict(), indent=2))
        else:
            print_report(Console(), report)


def _print_row_errors(err: Console, errors: list[RowError]) -> None:
    if not errors:
        return
    err.print(f"[yellow]{len(errors)} row(s) skipped or flagged:[/yellow]")
    for e in errors[:_SHOWN_ERRORS]:
        err.print(f"  {e.file}:{e.row} {e.column} {e.message}", markup=False)


def print_report(console: Console, report: EvaluationReport) -> None:
    """Two rich tables: the metrics, then the worst mistakes."""
    metrics = Table(title="Evaluation", show_header=True)
    metrics.add_column("metric")
    metrics.add_column("value", justify="right")
    metrics.add_column("detail")
    r = report
    metrics.add_row("precision", f"{r.precision:.3f}", f"{r.true_positives} right of {r.matched}")
    metrics.add_row("recall", f"{r.recall:.3f}", f"{r.with_account} leads with an account")
    metrics.add_row("F1", f"{r.f1:.3f}", "")
    metrics.add_row("review rate", f"{r.review_rate:.3f}", f"{r.review} of {r.leads}")
    metrics.add_row("unmatched rate", f"{r.unmatched_rate:.3f}", f"{r.unmatched} of {r.leads}")
    metrics.add_row(
        "wrong links on no-match leads",
        f"{r.wrong_on_no_match_rate:.3f}",
        f"{r.wrong_on_no_match} of {r.no_account}",
    )
    if r.not_in_truth:
        metrics.add_row("not in truth (ignored)", str(r.not_in_truth), "")
    console.print(metrics)
    _print_calibration(console, r)
    if not r.mistakes:
        return
    worst = Table(title="Worst mistakes", show_header=True)
    for column in ("kind", "lead", "predicted", "true", "decision", "confidence", "reason"):
        worst.add_column(column, justify="right" if column == "confidence" else "left")
    for m in r.mistakes:
        cells = (m.kind, m.lead_id, m.predicted or "-", m.true or "(none)", m.decision)
        worst.add_row(*(Text(c) for c in (*cells, f"{m.confidence:.2f}", m.reason)))
    console.print(worst)


def _print_calibration(console: Console, report: EvaluationReport) -> None:
    """Confidence bands against the share right: is `confidence` a probability on this data?"""
    bands = [b for b in report.calibration if b.leads]
    if not bands:
        return
    table = Table(title="Calibration (best account, matched or review)", show_header=True)
    for column in ("confidence", "leads", "mean confidence", "share right"):
        table.add_column(column, justify="left" if column == "confidence" else "right")
    for b in bands:
        table.add_row(
            f"{b.low:.2f}-{b.high:.2f}",
            str(b.leads),
            f"{b.mean_confidence:.3f}",
            f"{b.share_right:.3f}",
        )
    console.print(table)
