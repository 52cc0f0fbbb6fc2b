"""CLI of the persistent side: import, run, review, convert, export (thin: parse, call, print)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from leadlink.store.db import SessionFactory, open_store

if TYPE_CHECKING:
    from leadlink.pipeline.review import DecisionResult

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
def progress_bar(label: str, total: int | None) -> Iterator[Callable[..., None]]:
    """A rich progress bar on stderr; yields a callback taking the items done (and a total)."""
    columns = (
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=err, transient=False) as progress:
        task = progress.add_task(label, total=total)

        def update(done: int, new_total: int | None = None) -> None:
            if new_total is not None:
                progress.update(task, total=new_total)
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
    app.command("run")(run_command)
    app.command("convert")(convert_command)
    review = typer.Typer(help="Decide on review items: list, accept, reject, assign.")
    review.command("list")(review_list)
    review.command("accept")(review_accept)
    review.command("reject")(review_reject)
    review.command("assign")(review_assign)
    app.add_typer(review, name="review")
    export = typer.Typer(help="Write update files for a CRM loader.")
    export.command("leads")(export_leads_command)
    app.add_typer(export, name="export")


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


def run_command(
    db: DbOption = None,
    full: Annotated[bool, typer.Option("--full", help="Match every lead again.")] = False,
    settings: Annotated[
        Path | None, typer.Option("--settings", help="Matching settings YAML.")
    ] = None,
    fields: Annotated[Path | None, typer.Option("--fields", help="Enrichment fields YAML.")] = None,
    route: Annotated[
        bool, typer.Option("--route/--no-route", help="Route the leads after enrichment.")
    ] = True,
) -> None:
    """Match new or changed leads, honour review decisions, enrich (A2L), flag duplicates, route."""
    from leadlink.lifecycle.enrich import load_enrich_config
    from leadlink.matching import load_settings
    from leadlink.pipeline import run

    factory = store_for(db)
    match_settings = load_settings(settings) if settings else None
    config = load_enrich_config(fields)
    from leadlink.pipeline.lock import RunInProgress

    try:
        with progress_bar("match", None) as update:
            summary = run(
                factory,
                full=full,
                settings=match_settings,
                enrich_config=config,
                progress=lambda _stage, done, total: update(done, total),
            )
    except RunInProgress as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from None
    console.print(
        f"run {summary.run_id}: {summary.considered:,} leads matched "
        f"({summary.matched:,} matched, {summary.review:,} review, {summary.unmatched:,} "
        f"unmatched, {summary.pinned:,} kept by people's decisions); "
        f"{summary.links_written:,} links written, {summary.enriched:,} leads enriched, "
        f"{summary.duplicates_flagged:,} duplicates flagged ({summary.seconds:.1f}s)"
    )
    if route:
        from leadlink.routing.service.batch import route_leads

        routed = route_leads(factory, dry_run=False, count=False)  # prints no count
        rules = ", ".join(f"{rule} {n:,}" for rule, n in routed.by_rule.most_common(5))
        console.print(f"routed {routed.routed:,} leads ({rules})")


def review_list(
    db: DbOption = None,
    limit: Annotated[int, typer.Option("--limit", help="How many items to show.")] = 50,
) -> None:
    """List open review items (most confident first)."""
    from rich.table import Table

    from leadlink.pipeline.review import list_reviews

    items = list_reviews(store_for(db), limit=limit)
    table = Table("item", "lead", "company", "candidate", "confidence", "reason")
    for i in items:
        candidate = f"{i.account_id} {i.account_name}".strip()
        table.add_row(
            str(i.item_id), i.lead_id, i.company, candidate, f"{i.confidence:.2f}", i.reason
        )
    console.print(table if items else "no open review items")


def _decide(action: Callable[[], DecisionResult]) -> None:
    from leadlink.pipeline.review import ReviewError

    try:
        r = action()
    except ReviewError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from None
    what = {"confirmed": "linked (confirmed)", "never_match": "never to be linked to",
            "manual": "linked (manual)"}[r.kind]  # fmt: skip
    console.print(f"decision {r.decision_id}: lead {r.lead_id} {what} {r.account_id}")


def review_accept(
    item: Annotated[int, typer.Argument(help="Review item id.")],
    db: DbOption = None,
    by: ByOption = None,
) -> None:
    """Accept the candidate: link the lead to it (kept by later runs)."""
    from leadlink.pipeline.review import accept

    _decide(lambda: accept(store_for(db), item, by=by))


def review_reject(
    item: Annotated[int, typer.Argument(help="Review item id.")],
    db: DbOption = None,
    by: ByOption = None,
) -> None:
    """Reject the candidate: never link this lead to that account."""
    from leadlink.pipeline.review import reject

    _decide(lambda: reject(store_for(db), item, by=by))


def review_assign(
    lead: Annotated[str, typer.Argument(help="Lead id.")],
    account: Annotated[str, typer.Argument(help="Account id.")],
    db: DbOption = None,
    by: ByOption = None,
) -> None:
    """Link a lead to the account you choose (a manual match later runs keep)."""
    from leadlink.pipeline.review import assign

    _decide(lambda: assign(store_for(db), lead, account, by=by))


def convert_command(
    db: DbOption = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="List, convert nothing.")] = False,
    undo_id: Annotated[int | None, typer.Option("--undo", help="Undo conversion ID.")] = None,
    rules: Annotated[Path | None, typer.Option("--rules", help="Conversion rules YAML.")] = None,
    by: ByOption = None,
) -> None:
    """Convert linked leads into contacts by rule (or undo a conversion)."""
    from leadlink.lifecycle.conversion import load_rules
    from leadlink.pipeline.convert import convert, undo
    from leadlink.pipeline.review import ReviewError

    factory = store_for(db)
    if undo_id is not None:
        try:
            row = undo(factory, undo_id, by=by)
        except ReviewError as exc:
            err.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(1) from None
        console.print(f"conversion {row.id} undone: lead {row.lead_id} is a lead again")
        return
    summary = convert(factory, dry_run=dry_run, rules=load_rules(rules), by=by)
    for p in summary.plans:
        target = f"new contact {p.contact_id}" if p.creates_contact else f"contact {p.contact_id}"
        console.print(f"{p.lead_id} -> {target} on {p.account_id}: {p.reason}")
    verb = "would convert" if dry_run else "converted"
    console.print(f"{verb} {len(summary.plans):,} leads")


def export_leads_command(
    out: Annotated[Path, typer.Option("--out", help="The file to write.")],
    db: DbOption = None,
    fmt: Annotated[str, typer.Option("--format", help="salesforce, hubspot or csv.")] = "csv",
    all_rows: Annotated[bool, typer.Option("--all", help="Every lead, not only changes.")] = False,
) -> None:
    """Write the lead update file (Id + enriched and converted fields)."""
    from leadlink.pipeline.export import FORMATS, export_leads

    if fmt not in FORMATS:
        raise typer.BadParameter(f"--format must be one of {', '.join(FORMATS)}")
    summary = export_leads(store_for(db), out, fmt=fmt, all_rows=all_rows)
    console.print(f"export {summary.export_id}: {summary.rows:,} leads written to {summary.path}")
