"""CLI of routing: `leadlink route [--dry-run]` and `leadlink why LEAD_ID` (parse, call, print)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from leadlink.routing.rules import RulesError, load_rules
from leadlink.routing.service.batch import RouteSummary, route_leads, route_one
from leadlink.routing.service.story import LeadNotFound, LeadStory, lead_story
from leadlink.store.db import open_store

console = Console()
err = Console(stderr=True)

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="Database URL (default $LEADLINK_DB or sqlite:///leadlink.db)."),
]


def register(app: typer.Typer) -> None:
    """Add `route` and `why` to the leadlink CLI."""
    app.command("route")(route_command)
    app.command("why")(why_command)
    app.command("availability")(availability_command)


def route_command(
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would change and why; write nothing.")
    ] = False,
    rules: Annotated[
        Path | None, typer.Option("--rules", help="Routing rules YAML (default: shipped rules).")
    ] = None,
    everything: Annotated[
        bool, typer.Option("--all", help="Re-route every lead, not only new or re-matched ones.")
    ] = False,
    show: Annotated[int, typer.Option("--show", help="How many changes to list.")] = 20,
    db: DbOption = None,
) -> None:
    """Route leads to owners, queues or round-robin pools by the routing rules."""
    try:
        rule_set = load_rules(rules)
    except RulesError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None
    factory = open_store(db)
    columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    with Progress(*columns, console=err, transient=True) as progress:
        task = progress.add_task("routing leads", total=None)

        def update(done: int) -> None:
            progress.update(task, description=f"routing leads: {done:,} looked at")

        summary = route_leads(
            factory, dry_run=dry_run, rules=rule_set, everything=everything, progress=update
        )
    _print_summary(summary, show)


def _print_summary(summary: RouteSummary, show: int) -> None:
    if summary.unknown_users:
        names = ", ".join(summary.unknown_users[:10])
        more = (
            f" and {len(summary.unknown_users) - 10} more"
            if len(summary.unknown_users) > 10
            else ""
        )
        err.print(
            f"[yellow]the rules name users who are not in the user directory "
            f"(they get no leads): {names}{more}[/yellow]"
        )
    verb = "would route" if summary.dry_run else "routed"
    console.print(
        f"{verb} {summary.routed:,} of {summary.seen:,} leads; "
        f"{summary.changed:,} {'would change' if summary.dry_run else 'changed'} owner"
    )
    if summary.by_rule:
        table = Table("rule", "leads", title="by rule")
        for rule_id, n in summary.by_rule.most_common():
            table.add_row(rule_id, f"{n:,}")
        console.print(table)
    if summary.changes and show > 0:
        table = Table("lead", "from", "to", "why", title="changes")
        for change in summary.changes[:show]:
            table.add_row(change.lead_id, change.old_owner or "-", change.new_owner, change.reason)
        console.print(table)
        if len(summary.changes) > show:
            console.print(f"... and {len(summary.changes) - show:,} more (--show N)")
    if summary.dry_run:
        console.print("[yellow]dry run: nothing was written[/yellow]")


def why_command(
    lead_id: Annotated[str, typer.Argument(help="The lead's id.")],
    rules: Annotated[
        Path | None,
        typer.Option("--rules", help="Rules to preview an unrouted lead (default: shipped)."),
    ] = None,
    db: DbOption = None,
) -> None:
    """Tell the whole story of a lead: match and runner-up, enrichment, routing, status."""
    factory = open_store(db)
    try:
        story = lead_story(factory, lead_id)
    except LeadNotFound:
        err.print(f"[red]no lead with id {lead_id!r} in the store[/red]")
        raise typer.Exit(1) from None
    preview: list[str] = []
    if not story.routes:  # not routed yet: show where the rules would send it, writing nothing
        try:
            decision = route_one(factory, lead_id, dry_run=True, rules=load_rules(rules))
        except RulesError as exc:
            err.print(f"[red]{exc}[/red]")
            raise typer.Exit(2) from None
        preview = ["  not routed yet; `leadlink route` would do this:"]
        preview += [f"    {line}" for line in decision.explain()]
    for line in story_lines(story, preview):
        console.print(line, highlight=False)


def story_lines(story: LeadStory, preview: list[str] | None = None) -> list[str]:
    """The story as printable lines (rich markup)."""
    lines = [f"[bold]Lead {story.lead_id}[/bold]: {story.company or '-'} ({story.country or '-'})"]
    lines.append("[bold]Match[/bold]")
    if not story.links:
        lines.append("  not matched yet")
    for link in story.links:
        mark = "now" if link.current else "was"
        account = f"{link.account_id} {link.account_name}".strip() or "no account"
        by = f" by {link.decided_by}" if link.decided_by else ""
        lines.append(
            f"  {mark}: {link.decision} -> {account} (confidence {link.confidence:.2f}, "
            f"{link.source}{by}, {link.at:%Y-%m-%d %H:%M})"
        )
        if link.reason:
            lines.append(f"    because {link.reason}")
        if link.runner_up_id:
            lines.append(
                f"    runner-up {link.runner_up_id} {link.runner_up_name} "
                f"({link.runner_up_confidence:.2f})"
            )
    lines.append("[bold]Enrichment[/bold]")
    lines += [f"  {k}: {v}" for k, v in sorted(story.enrichment.items())] or ["  none"]
    lines.append("[bold]Routing[/bold]")
    if not story.routes:
        lines += preview or ["  not routed yet"]
    for route in story.routes:
        mark = "now" if route.current else "was"
        lines.append(
            f"  {mark}: {route.owner_type} {route.owner} by rule {route.rule_id} "
            f"({route.at:%Y-%m-%d %H:%M})"
        )
        if route.current:
            for i, step in enumerate(route.rules_evaluated, 1):
                lines.append(f"    {i}. {step['label']}: {step['outcome']} - {step['detail']}")
            lines += [f"    notified {n['user']}: {n['message']}" for n in route.notifications]
        lines.append(f"    => {route.reason}")
    lines.append("[bold]Status[/bold]")
    lines.append(f"  lead status in the CRM: {story.crm_status or '-'}")
    if story.account_status:
        lines.append(f"  account status: {story.account_status}")
    if story.open_review:
        lines.append(f"  waiting for review: {story.open_review}")
    if story.duplicate_of:
        lines.append(f"  already a contact: {story.duplicate_of}")
    if story.converted_to:
        lines.append(f"  converted to contact {story.converted_to}")
    return lines


def availability_command(
    user_id: Annotated[str, typer.Argument(help="The user's id, as in users.csv.")],
    away: Annotated[
        bool | None,
        typer.Option("--away/--back", help="Out of office (round robin skips them) or back."),
    ] = None,
    hours: Annotated[
        str | None,
        typer.Option("--hours", help="Local working hours START-END, e.g. 8-18; 'any' for none."),
    ] = None,
    days: Annotated[
        str | None, typer.Option("--days", help="Working days 0-6 (Monday = 0), e.g. 0,1,2,3,4.")
    ] = None,
    db: DbOption = None,
) -> None:
    """Set a user's availability for routing: out of office, working hours and days."""
    from leadlink.routing.service.users import set_user_status

    try:
        kwargs: dict[str, object] = {"out_of_office": away}
        if hours is not None:
            kwargs["working_hours"] = None if hours == "any" else _hour_pair(hours)
        if days is not None:
            kwargs["working_days"] = tuple(int(d) for d in days.split(",") if d.strip())
        set_user_status(open_store(db), user_id, **kwargs)  # type: ignore[arg-type]
    except ValueError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None
    console.print(f"availability of {user_id} updated")


def _hour_pair(text: str) -> tuple[int, int]:
    start, sep, end = text.partition("-")
    if not sep:
        raise ValueError(f"--hours takes START-END, e.g. 8-18, not {text!r}")
    return int(start), int(end)
