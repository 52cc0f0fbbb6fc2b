"""CLI of scoring and statuses: `score`, `status explain|set|rules`, `report scorecard|stages|mqa`.

Thin: parse arguments, call the service functions in leadlink.scoring.service, print.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from leadlink.lifecycle.account_status import AccountStatusMachine, mermaid_tree
from leadlink.lifecycle.contact_status import ContactStatusMachine
from leadlink.lifecycle.statemachine import TransitionNotAllowed
from leadlink.lifecycle.status_rules import StatusRules, StatusRulesError, load_status_rules
from leadlink.scoring.model import ScoringModel, ScoringModelError, load_scoring_model
from leadlink.store.db import open_store

console = Console()
err = Console(stderr=True)

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="Database URL (default $LEADLINK_DB or sqlite:///leadlink.db)."),
]
RulesOption = Annotated[
    Path | None, typer.Option("--rules", help="Status rules YAML (default: shipped rules).")
]
ModelOption = Annotated[
    Path | None, typer.Option("--model", help="Scoring model YAML (default: shipped model).")
]
NowOption = Annotated[
    str | None, typer.Option("--now", help="Score as of this ISO time (default: now, UTC).")
]
CsvOption = Annotated[Path | None, typer.Option("--csv", help="Also write the rows to this CSV.")]
LimitOption = Annotated[int, typer.Option("--limit", help="At most this many rows (0: all).")]

status_app = typer.Typer(help="Contact and account statuses: explain, set by a person, rules.")
report_app = typer.Typer(help="Reports: account scorecard, stage volumes, MQA list.")


def register(app: typer.Typer) -> None:
    """Add `score`, `status ...` and `report ...` to the leadlink CLI."""
    app.command("score")(score_command)
    app.add_typer(status_app, name="status")
    app.add_typer(report_app, name="report")


def _rules(path: Path | None) -> StatusRules:
    try:
        return load_status_rules(path)
    except StatusRulesError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None


def _model(path: Path | None) -> ScoringModel:
    try:
        return load_scoring_model(path)
    except ScoringModelError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None


def _now(text: str | None) -> datetime:
    if not text:
        return datetime.now(UTC)
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        err.print(f"[red]--now: not an ISO date or time: {text!r}[/red]")
        raise typer.Exit(2) from None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


@contextmanager
def _spinner(label: str) -> Iterator[Callable[[str], None]]:
    columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    with Progress(*columns, console=err, transient=True) as progress:
        task = progress.add_task(label, total=None)
        yield lambda msg: progress.update(task, description=f"{label}: {msg}")


def score_command(
    db: DbOption = None,
    model: ModelOption = None,
    rules: RulesOption = None,
    now: NowOption = None,
    no_statuses: Annotated[
        bool, typer.Option("--no-statuses", help="Rescore only; leave statuses as they are.")
    ] = False,
) -> None:
    """Rescore every account and person, then move contacts and accounts to their statuses."""
    from leadlink.scoring.service.rescore import rescore
    from leadlink.scoring.service.statuses import apply_statuses

    scoring_model, status_rules, at = _model(model), _rules(rules), _now(now)
    factory = open_store(db)
    with _spinner("scoring") as say:
        summary = rescore(factory, now=at, model=scoring_model, rules=status_rules, say=say)
    skipped = ", ".join(f"{v:,} {k}" for k, v in summary.skipped.items() if v) or "none"
    trends = ", ".join(f"{v:,} {k}" for k, v in sorted(summary.trends.items()))
    console.print(
        f"Scored {summary.accounts:,} accounts and {summary.people_scored:,} people "
        f"from {summary.activities:,} activities in {summary.seconds:.1f} s "
        f"(activities skipped: {skipped})."
    )
    console.print(f"MQAs (score at threshold): {summary.qualified:,}; trends: {trends}.")
    if no_statuses:
        return
    with _spinner("statuses") as say:
        result = apply_statuses(factory, now=at, model=scoring_model, rules=status_rules, say=say)
    console.print(
        f"Statuses: {result.contacts_changed:,} contacts and "
        f"{result.accounts_changed:,} accounts changed."
    )
    for label, moves in (("accounts", result.account_moves), ("contacts", result.contact_moves)):
        for move, n in sorted(moves.items(), key=lambda kv: -kv[1])[:12]:
            console.print(f"  {label}: {move}: {n:,}")


@status_app.command("explain")
def explain_command(
    account_id: Annotated[str, typer.Argument(help="The account's id.")],
    db: DbOption = None,
    rules: RulesOption = None,
    now: NowOption = None,
) -> None:
    """Print an account's status, why, and its contacts and opportunities behind it."""
    from leadlink.scoring.service.explain import AccountNotFound, explain_account

    status_rules, at = _rules(rules), _now(now)
    try:
        text = explain_account(open_store(db), account_id, now=at, rules=status_rules)
    except AccountNotFound:
        err.print(f"[red]no account with id {account_id!r}[/red]")
        raise typer.Exit(1) from None
    console.print(text, highlight=False, markup=False, soft_wrap=True)


@status_app.command("set")
def set_command(
    object_type: Annotated[str, typer.Argument(help="contact or account")],
    object_id: Annotated[str, typer.Argument(help="The contact's or account's id.")],
    event: Annotated[str, typer.Argument(help="e.g. work, nurture, disqualify, left_company.")],
    by: Annotated[str, typer.Option("--by", help="Who sets it (stored as the actor).")],
    note: Annotated[str, typer.Option("--note", help="Why, kept with the change.")] = "",
    db: DbOption = None,
    rules: RulesOption = None,
) -> None:
    """Set a status by a person, through the state machine (see `leadlink status rules`)."""
    from leadlink.scoring.service.manual import ObjectNotFound, set_status

    try:
        change = set_status(
            open_store(db), object_type, object_id, event, actor=by, note=note, rules=_rules(rules)
        )
    except ObjectNotFound:
        err.print(f"[red]no {object_type} with id {object_id!r}[/red]")
        raise typer.Exit(1) from None
    except (TransitionNotAllowed, ValueError) as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None
    old = change.from_status.value if change.from_status is not None else "(none)"
    console.print(f"{object_type} {object_id}: {old} -> {change.to_status.value} ({change.reason})")


@status_app.command("rules")
def rules_command(rules: RulesOption = None) -> None:
    """Print the contact and account transition tables and the account decision tree."""
    status_rules = _rules(rules)
    console.print("[bold]Contact transitions[/bold]")
    console.print(
        ContactStatusMachine(status_rules.contact).transition_table(), markup=False, soft_wrap=True
    )
    console.print("\n[bold]Account transitions[/bold]")
    account = AccountStatusMachine(status_rules.account)
    console.print(account.transition_table(), markup=False, soft_wrap=True)
    console.print("\n[bold]Account decision tree (mermaid)[/bold]")
    console.print(mermaid_tree(status_rules.account), markup=False, highlight=False)


def _emit(
    rows: Sequence[dict[str, Any]], columns: Sequence[str], title: str, path: Path | None
) -> None:
    table = Table(title=title)
    for column in columns:
        table.add_column(column.replace("_", " "))
    for row in rows:
        table.add_row(*(str(row.get(c, "")) for c in columns))
    console.print(table)
    if path is not None:
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(columns), extrasaction="ignore")
            writer.writeheader()
            writer.writerows(rows)
        err.print(f"wrote {len(rows):,} rows to {path}")


@report_app.command("scorecard")
def scorecard_command(
    db: DbOption = None, csv_path: CsvOption = None, limit: LimitOption = 50
) -> None:
    """Accounts by score: people associated, share engaged, engagement, trend, status."""
    from leadlink.scoring.service.reports import SCORECARD_COLUMNS, scorecard_rows

    rows = scorecard_rows(open_store(db), limit=limit or None)
    _emit(rows, SCORECARD_COLUMNS, "Account scorecard", csv_path)


@report_app.command("stages")
def stages_command(db: DbOption = None, csv_path: CsvOption = None) -> None:
    """Accounts and contacts per status, the change since the previous run and the moves."""
    from leadlink.scoring.service.reports import STAGE_COLUMNS, stage_rows

    _emit(stage_rows(open_store(db)), STAGE_COLUMNS, "Stage volumes", csv_path)


@report_app.command("mqa")
def mqa_command(db: DbOption = None, csv_path: CsvOption = None, limit: LimitOption = 50) -> None:
    """Marketing Qualified Accounts ordered by score, with the reason."""
    from leadlink.scoring.service.reports import MQA_COLUMNS, mqa_rows

    rows = mqa_rows(open_store(db), limit=limit or None)
    _emit(rows, MQA_COLUMNS, "Marketing Qualified Accounts", csv_path)
