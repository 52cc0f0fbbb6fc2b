"""What the pipeline derives and records: runs, enrichment, duplicates, conversions, exports."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column

from leadlink.store.models.base import Base, utcnow


class RunRow(Base):
    """One pipeline run (or import / conversion batch) with its counts and input fingerprints."""

    __tablename__ = "runs"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(default="run")  # run | import | convert | export
    status: Mapped[str] = mapped_column(default="running")  # running | done | failed | abandoned
    full: Mapped[bool] = mapped_column(default=False)
    settings_version: Mapped[str] = mapped_column(default="")
    fingerprints: Mapped[dict[str, Any]] = mapped_column(default=dict)
    counts: Mapped[dict[str, Any]] = mapped_column(default=dict)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(default=None)


class LeadEnrichmentRow(Base):
    """The A2L values computed for a lead from its linked account (empty when unlinked)."""

    __tablename__ = "lead_enrichments"

    lead_id: Mapped[str] = mapped_column(ForeignKey("leads.id"), primary_key=True)
    link_id: Mapped[int | None] = mapped_column(default=None)
    account_id: Mapped[str | None] = mapped_column(default=None, index=True)
    lead_hash: Mapped[str] = mapped_column(String(40), default="")
    values: Mapped[dict[str, Any]] = mapped_column(default=dict)
    values_hash: Mapped[str] = mapped_column(String(40), default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class LeadDuplicateRow(Base):
    """A lead that is already a contact: tied to that contact, with the rule that found it."""

    __tablename__ = "lead_duplicates"

    lead_id: Mapped[str] = mapped_column(ForeignKey("leads.id"), primary_key=True)
    contact_id: Mapped[str] = mapped_column(index=True)
    rule: Mapped[str] = mapped_column()  # same_email | same_name_at_account
    reason: Mapped[str] = mapped_column(default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class ConversionRow(Base):
    """A lead converted into a contact, with what is needed to undo it."""

    __tablename__ = "conversions"
    __table_args__ = (
        Index(
            "uq_conversions_active",
            "lead_id",
            unique=True,
            sqlite_where=text("undone_at IS NULL"),
            postgresql_where=text("undone_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    lead_id: Mapped[str] = mapped_column(ForeignKey("leads.id"), index=True)
    contact_id: Mapped[str] = mapped_column()
    account_id: Mapped[str] = mapped_column()
    created_contact: Mapped[bool] = mapped_column(default=True)
    rule: Mapped[str] = mapped_column(default="")
    reason: Mapped[str] = mapped_column(default="")
    undo: Mapped[dict[str, Any]] = mapped_column(default=dict)  # moved activity/member ids
    converted_by: Mapped[str] = mapped_column(default="")
    converted_at: Mapped[datetime] = mapped_column(default=utcnow)
    undone_at: Mapped[datetime | None] = mapped_column(default=None)
    undone_by: Mapped[str] = mapped_column(default="")
    inputs: Mapped[dict[str, Any] | None] = mapped_column(default=None)  # the facts the rule saw


class ExportRow(Base):
    """One export file written for a CRM loader."""

    __tablename__ = "exports"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    format: Mapped[str] = mapped_column()
    path: Mapped[str] = mapped_column(default="")
    all_rows: Mapped[bool] = mapped_column(default=False)
    rows: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class LeadExportRow(Base):
    """The hash of what was last exported for a lead, so the next export sends only changes."""

    __tablename__ = "lead_exports"

    lead_id: Mapped[str] = mapped_column(ForeignKey("leads.id"), primary_key=True)
    export_id: Mapped[int] = mapped_column(ForeignKey("exports.id"))
    exported_hash: Mapped[str] = mapped_column(String(40))
