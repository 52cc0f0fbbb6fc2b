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
    db = f"--db sqlite:///{folder / 'leadlink.db'}"
    console.print(
        f"  leadlink review list {db}          # what a person should decide\n"
        f"  leadlink why LEAD_ID {db}          # the whole story of one lead\n"
        f"  leadlink status explain ACCOUNT_ID {db}\n"
        f"  leadlink report mqa {db}           # Marketing Qualified Accounts\n"
        f"  leadlink route --dry-run {db}      # what a rule change would move\n"
        f"  leadlink evaluate --truth {data}/truth.csv --matches {matches}\n"
        "  leadlink generate --accounts 20000 --leads 100000 --out bigger/"
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
            if shown.get(row["decision"], 0) >= 1:
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
            if sum(shown.values()) >= 3:
                break
    console.print(table)


def _store_pipeline(folder: Path, data: Path) -> None:
    """Import the demo CRM into the embedded SQLite store and run the whole pipeline on it."""
    from datetime import UTC, datetime, time

    from leadlink.pipeline.convert import convert
    from leadlink.pipeline.run import run
    from leadlink.pipeline.summary import summarize
    from leadlink.routing.service.batch import route_leads
    from leadlink.scoring.service.rescore import rescore
    from leadlink.scoring.service.statuses import apply_statuses
    from leadlink.store.db import open_store
    from leadlink.store.importer import import_directory
    from leadlink.synth.model import REFERENCE_DATE

    db = folder / "leadlink.db"
    factory = open_store(f"sqlite:///{db}")
    now = datetime.combine(REFERENCE_DATE, time(18), tzinfo=UTC)
    console.print(f"4. Importing the CRM into the embedded SQLite store {db} ...")
    imported = import_directory(factory, data)
    console.print("   " + ", ".join(f"{s.kind} {s.read:,}" for s in imported))
    console.print("5. leadlink run: match, honour review decisions, enrich (A2L), flag duplicates")
    ran = run(factory)
    console.print(
        f"   {ran.considered:,} leads: {ran.matched:,} matched, {ran.review:,} to review, "
        f"{ran.unmatched:,} unmatched; {ran.enriched:,} enriched, "
        f"{ran.duplicates_flagged:,} duplicates of contacts flagged ({ran.seconds:.1f} s)"
    )
    routed = route_leads(factory, dry_run=False, now=now)
    rules = ", ".join(f"{rule} {n:,}" for rule, n in routed.by_rule.most_common(4))
    console.print(f"6. leadlink route: {routed.routed:,} leads routed ({rules})")
    converted = convert(factory, by="demo")
    console.print(f"7. leadlink convert: {len(converted.conversion_ids):,} leads became contacts")
    scored = rescore(factory, now=now)
    statuses = apply_statuses(factory, now=now)
    trends = ", ".join(f"{k} {v:,}" for k, v in sorted(scored.trends.items()))
    console.print(
        f"8. leadlink score: {scored.accounts:,} accounts and {scored.people_scored:,} people "
        f"from {scored.activities:,} activities; trends: {trends}"
    )
    console.print(
        f"   statuses: {statuses.contacts_changed:,} contacts and "
        f"{statuses.accounts_changed:,} accounts moved"
    )
    _show_stages(statuses.stage_volumes.get("accounts", {}))
    _show_summary(summarize(factory))


def _show_stages(volumes: dict[str, int]) -> None:
    if volumes:
        line = ", ".join(f"{stage}: {n:,}" for stage, n in sorted(volumes.items()))
        console.print(f"   accounts by status: {line}")


def _show_summary(summary: object) -> None:
    table = Table(title="Top accounts by linked leads")
    for col in ("account", "name", "leads"):
        table.add_column(col)
    for top in getattr(summary, "top_accounts", [])[:8]:
        table.add_row(top.account_id, top.name, f"{top.leads:,}")
    console.print(table)
