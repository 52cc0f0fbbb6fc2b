"""Import CRM files into the store: upsert by id in chunked transactions, bad rows to rejects.

Importing the same file twice changes nothing: a row whose content hash is unchanged is skipped.
Each chunk is its own transaction, so an interrupted import keeps what it wrote and a rerun
finishes the rest.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Table, select

from leadlink.io.csvio import RowError, iter_records, write_rejects
from leadlink.store.db import SessionFactory
from leadlink.store.models import (
    AccountRow,
    ActivityRow,
    CampaignMemberRow,
    CampaignRow,
    ContactRow,
    ContractRow,
    ConversionRow,
    LeadRow,
    OpportunityRow,
    UserRow,
    utcnow,
)
from leadlink.store.rows import CONVERTERS, BadValue, Row, content_hash
from leadlink.store.upsert import bulk_upsert, one_of, upsert

CHUNK_SIZE = 5000
KINDS: tuple[str, ...] = tuple(CONVERTERS)
_TABLES: dict[str, Any] = {
    "accounts": AccountRow,
    "leads": LeadRow,
    "contacts": ContactRow,
    "opportunities": OpportunityRow,
    "contracts": ContractRow,
    "activities": ActivityRow,
    "campaign_members": CampaignMemberRow,
    "users": UserRow,
}
_MEMBER_KEY = ("campaign_id", "person_type", "person_id")


@dataclass(slots=True)
class ImportSummary:
    """What an import did: rows read, inserted, updated, unchanged and rejected."""

    kind: str
    path: str
    read: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    seconds: float = 0.0
    errors: list[RowError] = field(default_factory=list)


def normalize_kind(kind: str) -> str:
    """`campaign-members` -> `campaign_members`; raises ValueError for an unknown kind."""
    name = kind.strip().lower().replace("-", "_")
    if name not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}")
    return name


def import_file(
    session_factory: SessionFactory,
    kind: str,
    path: str | Path,
    *,
    rejects_path: str | Path | None = None,
    chunk_size: int = CHUNK_SIZE,
    progress: Callable[[int], None] | None = None,
) -> ImportSummary:
    """Upsert every good row of `path` (a `kind` file) and write bad rows to `rejects_path`.

    Raises `leadlink.io.csvio.CsvFileError` when the file cannot be used at all.
    """
    kind = normalize_kind(kind)
    started = time.perf_counter()
    summary = ImportSummary(kind=kind, path=str(path))
    errors = summary.errors
    convert = CONVERTERS[kind]
    redirect = (
        _converted_leads(session_factory) if kind in ("activities", "campaign_members") else {}
    )
    batch: list[Row] = []
    for line, raw in iter_records(path, kind, errors):
        summary.read += 1
        try:
            row = convert(raw)
        except BadValue as exc:
            errors.append(RowError(str(path), line, exc.column, str(exc)))
            continue
        row["content_hash"] = content_hash(row)
        if redirect and row["person_type"] == "lead" and row["person_id"] in redirect:
            row["person_id"], row["person_type"] = redirect[row["person_id"]], "contact"
        batch.append(row)
        if len(batch) >= chunk_size:
            _flush(session_factory, kind, batch, summary)
            batch = []
            if progress:
                progress(summary.read)
    _flush(session_factory, kind, batch, summary)
    if progress:
        progress(summary.read)
    summary.rejected = sum(1 for e in errors if e.row > 0)
    if rejects_path is not None:
        write_rejects(rejects_path, errors)
    summary.seconds = time.perf_counter() - started
    return summary


def _converted_leads(factory: SessionFactory) -> dict[str, str]:
    """Lead id -> contact id of active conversions: re-imported events follow the contact."""
    with factory() as session:
        rows = session.execute(
            select(ConversionRow.lead_id, ConversionRow.contact_id).where(
                ConversionRow.undone_at.is_(None)
            )
        )
        return {lead: contact for lead, contact in rows}


def _flush(factory: SessionFactory, kind: str, batch: list[Row], summary: ImportSummary) -> None:
    """Write one chunk in one transaction: new and changed rows only."""
    if not batch:
        return
    table: Table = _TABLES[kind].__table__
    with factory() as session, session.begin():
        conn = session.connection()
        if kind == "campaign_members":
            batch = _campaigns_first(conn, batch)
            keys: Sequence[str] = _MEMBER_KEY
        else:
            keys = ("id",)
        unique = {tuple(r[k] for k in keys): r for r in batch}  # last row of a key wins
        existing = _existing_hashes(conn, table, keys, list(unique.values()))
        now = utcnow()
        writes: list[Row] = []
        for key, row in unique.items():
            old = existing.get(key)
            if old == row["content_hash"]:
                summary.unchanged += 1
                continue
            summary.inserted += old is None
            summary.updated += old is not None
            row["updated_at"] = now
            writes.append(row)
        bulk_upsert(conn, table, writes, keys)


def _existing_hashes(
    conn: Connection, table: Table, keys: Sequence[str], rows: list[Row]
) -> dict[tuple[Any, ...], str]:
    """Content hashes already stored for the rows of a chunk, by key."""
    probe = "id" if keys == ("id",) else "person_id"
    values = list({r[probe] for r in rows})
    cols = [table.c[k] for k in keys]
    query = select(*cols, table.c.content_hash).where(one_of(conn, table.c[probe], values))
    if probe == "person_id":  # lets the (person_type, person_id) index serve the probe
        query = query.where(table.c.person_type.in_(sorted({r["person_type"] for r in rows})))
    return {tuple(r[:-1]): r[-1] for r in conn.execute(query)}


def _campaigns_first(conn: Connection, batch: list[Row]) -> list[Row]:
    """Upsert the campaigns a chunk of members names; returns the member rows without names."""
    campaigns: dict[str, Row] = {}
    members: list[Row] = []
    for row in batch:
        name = row.pop("campaign_name", "")
        known = campaigns.get(row["campaign_id"])
        if known is None or (name and not known["name"]):
            campaigns[row["campaign_id"]] = {"id": row["campaign_id"], "name": name}
        members.append(row)
    table: Table = CampaignRow.__table__  # type: ignore[assignment]
    now = utcnow()
    rows = [{**c, "content_hash": content_hash(c), "updated_at": now} for c in campaigns.values()]
    existing = _existing_hashes(conn, table, ("id",), rows)
    upsert(conn, table, [r for r in rows if existing.get((r["id"],)) != r["content_hash"]], ["id"])
    return members


#: The order a CRM directory is imported in (people before the events that name them).
DIRECTORY_ORDER: tuple[str, ...] = (
    "users", "accounts", "contacts", "opportunities", "contracts", "leads", "activities",
    "campaign_members",
)  # fmt: skip


def import_directory(
    session_factory: SessionFactory,
    directory: str | Path,
    *,
    progress: Callable[[str, int], None] | None = None,
) -> list[ImportSummary]:
    """Import every `<kind>.csv` found in `directory` (e.g. `leadlink generate --crm` output).

    Bad rows of each file go to `<kind>.rejects.csv` next to it when there are any.
    """
    folder = Path(directory)
    summaries: list[ImportSummary] = []
    for kind in DIRECTORY_ORDER:
        path = folder / f"{kind}.csv"
        if not path.is_file():
            continue

        def report(done: int, kind: str = kind) -> None:
            if progress:
                progress(kind, done)

        summary = import_file(session_factory, kind, path, progress=report)
        if summary.errors:
            write_rejects(folder / f"{kind}.rejects.csv", summary.errors)
        summaries.append(summary)
    return summaries
