"""`leadlink demo`: generate a realistic demo CRM, run the whole pipeline, show the result."""

from __future__ import annotations

import csv
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

console = Console()


def register(app: typer.Typer) -> None:
    """Add the `demo` command."""
    app.command("demo")(demo)


def demo(
    folder: Path = typer.Option(Path("demo"), "--dir", help="where the demo CRM and results go"),
    accounts: int = typer.Option(2_000, "--accounts"),
    leads: int = typer.Option(10_000, "--leads"),
    seed: int = typer.Option(42, "--seed"),
) -> None:
    """Generate a demo CRM, match its leads to accounts, and show what happened and why."""
    from leadlink.matching.service import match_files
    from leadlink.synth.service import generate_crm

    data = folder / "crm"
    console.rule("[bold]leadlink demo")
    console.print(f"1. Generating a demo CRM: {accounts:,} accounts, {leads:,} leads -> {data}/")
    generate_crm(accounts=accounts, leads=leads, out_dir=data, seed=seed, crm=True)
    matches = folder / "matches.csv"
    console.print("2. Matching every lead to its account (leadlink match) ...")
    summary = match_files(
        accounts_path=data / "accounts.csv", leads_path=data / "leads.csv", out_path=matches
    )
    d, n = summary.decisions, max(summary.leads, 1)
    console.print(
        f"   {d['matched']:,} matched ({d['matched'] / n:.1%}), {d['review']:,} to review "
        f"({d['review'] / n:.1%}), {d['unmatched']:,} unmatched in {summary.total_seconds:.1f} s"
    )
    _show_quality(data / "truth.csv", matches)
    _show_examples(data, matches)
    _store_pipeline(folder, data)
    console.rule("What to try next")
    console.print(
        f"  leadlink match --accounts {data}/accounts.csv --leads {data}/leads.csv "
        f"--out my-matches.csv\n"
        f"  leadlink evaluate --truth {data}/truth.csv --matches {matches}\n"
        "  leadlink generate --accounts 20000 --leads 100000 --out bigger/\n"
        "  make test"
    )


def _show_quality(truth: Path, matches: Path) -> None:
    from leadlink.matching.evaluate import MatchRow, evaluate

    with truth.open(encoding="utf-8") as fh:
        labels = {r["lead_id"]: r["account_id"] for r in csv.DictReader(fh)}
    with matches.open(encoding="utf-8") as fh:
        rows = {
            r["lead_id"]: MatchRow(r["account_id"], r["decision"], float(r["confidence"]))
            for r in csv.DictReader(fh)
        }
    report = evaluate(labels, rows)
    console.print(
        f"3. Against the generator's truth: precision {report.precision:.3f}, recall "
        f"{report.recall:.3f}, wrong links on no-account leads {report.wrong_on_no_match}"
    )


def _show_examples(data: Path, matches: Path) -> None:
    with (data / "leads.csv").open(encoding="utf-8") as fh:
        company = {
            r["id"]: (r["company"], r["email"].partition("@")[2]) for r in csv.DictReader(fh)
        }
    with (data / "accounts.csv").open(encoding="utf-8") as fh:
        names = {r["id"]: r["name"] for r in csv.DictReader(fh)}
    table = Table(title="A few decisions and their reasons", show_lines=True)
    for col in ("lead typed", "e-mail domain", "decision", "account", "conf.", "reason"):
        table.add_column(col, overflow="fold")
    shown: dict[str, int] = {}
    with matches.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if shown.get(row["decision"], 0) >= 2:
                continue
            shown[row["decision"]] = shown.get(row["decision"], 0) + 1
            typed, domain = company.get(row["lead_id"], ("", ""))
            table.add_row(
                typed,
                domain,
                row["decision"],
                names.get(row["account_id"], ""),
                row["confidence"],
                row["reason"],
            )
            if sum(shown.values()) >= 6:
                break
    console.print(table)


def _store_pipeline(folder: Path, data: Path) -> None:
    """Import into the embedded SQLite store and run the pipeline, when the store is installed."""
    import importlib

    try:
        pipeline = importlib.import_module("leadlink.pipeline.demo")
    except ImportError:
        return
    pipeline.demo_pipeline(
        db_url=f"sqlite:///{folder / 'leadlink.db'}", data_dir=data, console=console
    )
