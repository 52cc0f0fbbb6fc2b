"""`leadlink export leads`: the update file a CRM loader takes (Id + enriched/converted fields).

Only leads whose exported values changed since the last export are written, unless `all_rows`.
The file is written atomically before the export is recorded, so a crash can only cause rows to
be sent again, never lost.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Row, and_, or_, select

from leadlink.io.csvio import write_csv
from leadlink.lifecycle.enrich import EnrichConfig, load_enrich_config, values_hash
from leadlink.store.db import SessionFactory
from leadlink.store.models import (
    ConversionRow,
    ExportRow,
    LeadDuplicateRow,
    LeadEnrichmentRow,
    LeadExportRow,
    LeadRow,
    LinkRow,
    table_of,
)
from leadlink.store.upsert import upsert

FORMATS: tuple[str, ...] = ("csv", "salesforce", "hubspot")
EXTRA_FIELDS: tuple[str, ...] = (
    "match_decision", "match_confidence", "match_reason", "duplicate_contact_id", "converted",
    "converted_contact_id", "conversion_rule",
)  # fmt: skip
CHUNK_SIZE = 5000
_WRITE_CHUNK = 5000


@dataclass(frozen=True, slots=True)
class ExportSummary:
    """What an export wrote."""

    export_id: int
    format: str
    path: str
    rows: int
    all_rows: bool


def column_names(fmt: str, fields: tuple[str, ...]) -> list[str]:
    """Header of the export file in a CRM's naming (Salesforce custom fields, HubSpot props)."""
    if fmt == "salesforce":
        return ["Id"] + [f"LeadLink_{f.title()}__c" for f in fields]
    if fmt == "hubspot":
        return ["Record ID"] + [f"leadlink_{f}" for f in fields]
    if fmt == "csv":
        return ["lead_id", *fields]
    raise ValueError(f"unknown export format {fmt!r}; expected one of {', '.join(FORMATS)}")


def _rows(factory: SessionFactory) -> Iterator[list[Row[Any]]]:
    conv = and_(ConversionRow.lead_id == LeadRow.id, ConversionRow.undone_at.is_(None))
    cols = [
        LeadRow.id, LeadEnrichmentRow.values, LinkRow.decision, LinkRow.confidence,
        LinkRow.reason, LeadDuplicateRow.contact_id.label("dup_contact"),
        ConversionRow.contact_id.label("conv_contact"), ConversionRow.rule.label("conv_rule"),
        LeadExportRow.exported_hash,
    ]  # fmt: skip
    last = ""
    while True:
        query = (
            select(*cols)
            .select_from(LeadRow)
            .outerjoin(
                LinkRow, and_(LinkRow.lead_id == LeadRow.id, LinkRow.superseded_at.is_(None))
            )
            .outerjoin(LeadEnrichmentRow, LeadEnrichmentRow.lead_id == LeadRow.id)
            .outerjoin(LeadDuplicateRow, LeadDuplicateRow.lead_id == LeadRow.id)
            .outerjoin(ConversionRow, conv)
            .outerjoin(LeadExportRow, LeadExportRow.lead_id == LeadRow.id)
            .where(
                LeadRow.id > last,
                or_(
                    LeadEnrichmentRow.lead_id.is_not(None),
                    LeadDuplicateRow.lead_id.is_not(None),
                    ConversionRow.id.is_not(None),
                    LeadExportRow.lead_id.is_not(None),
                ),
            )
            .order_by(LeadRow.id)
            .limit(CHUNK_SIZE)
        )
        with factory() as session:
            rows: list[Row[Any]] = list(session.execute(query))
        if not rows:
            return
        yield rows
        last = rows[-1].id


def _values(r: Row[Any], config: EnrichConfig) -> list[str]:
    enriched = r.values or {}
    out = [str(enriched.get(name, "")) for name in config.names]
    out += [
        r.decision or "",
        f"{r.confidence:.3f}" if r.confidence is not None else "",
        r.reason or "",
        r.dup_contact or "",
        "true" if r.conv_contact else "false",
        r.conv_contact or "",
        r.conv_rule or "",
    ]
    return out


def export_leads(
    factory: SessionFactory,
    path: str | Path,
    *,
    fmt: str = "csv",
    all_rows: bool = False,
    enrich_config: EnrichConfig | None = None,
) -> ExportSummary:
    """Write the lead update file; returns what was written."""
    config = enrich_config or load_enrich_config()
    fields = config.names + EXTRA_FIELDS
    header = column_names(fmt, fields)
    sent: list[tuple[str, str]] = []

    def lines() -> Iterator[list[str]]:
        for rows in _rows(factory):
            for r in rows:
                values = _values(r, config)
                digest = values_hash(dict(zip(fields, values, strict=True)))
                if all_rows or digest != r.exported_hash:
                    sent.append((r.id, digest))
                    yield [r.id, *values]

    count = write_csv(path, header, lines())
    with factory() as session, session.begin():
        record = ExportRow(format=fmt, path=str(path), all_rows=all_rows, rows=count)
        session.add(record)
        session.flush()
        conn = session.connection()
        table = table_of(LeadExportRow)
        for start in range(0, len(sent), _WRITE_CHUNK):
            batch = [
                {"lead_id": lead, "export_id": record.id, "exported_hash": digest}
                for lead, digest in sent[start : start + _WRITE_CHUNK]
            ]
            upsert(conn, table, batch, ["lead_id"], only_if_changed=False)
        return ExportSummary(record.id, fmt, str(path), count, all_rows)
