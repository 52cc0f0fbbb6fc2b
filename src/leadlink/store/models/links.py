"""Lead-to-account links with their history, review items and people's decisions.

A link row is never updated except to stamp `superseded_at`: a new decision writes a new row, so
the history of every lead's links is kept. At most one row per lead is current (not superseded).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, text
from sqlalchemy.orm import Mapped, mapped_column

from leadlink.store.models.base import Base, utcnow

#: Link decisions that mean "this lead belongs to this account" (enrich and convert these).
LINKED_DECISIONS: tuple[str, ...] = ("matched", "confirmed", "manual")
#: Link decisions a person made; the pipeline keeps them and does not re-match the lead.
PINNED_DECISIONS: tuple[str, ...] = ("confirmed", "manual")


class LinkRow(Base):
    """One decision about a lead's account: matched, review, unmatched, confirmed or manual."""

    __tablename__ = "lead_account_links"
    __table_args__ = (
        Index(
            "uq_lead_account_links_current",
            "lead_id",
            unique=True,
            sqlite_where=text("superseded_at IS NULL"),
            postgresql_where=text("superseded_at IS NULL"),
        ),
        Index("ix_lead_account_links_account", "account_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    lead_id: Mapped[str] = mapped_column(ForeignKey("leads.id"), index=True)
    account_id: Mapped[str | None] = mapped_column(ForeignKey("accounts.id"), default=None)
    decision: Mapped[str] = mapped_column()
    confidence: Mapped[float] = mapped_column(default=0.0)
    reason: Mapped[str] = mapped_column(default="")
    rule: Mapped[str] = mapped_column(default="")
    runner_up_id: Mapped[str | None] = mapped_column(default=None)
    runner_up_confidence: Mapped[float] = mapped_column(default=0.0)
    settings_version: Mapped[str] = mapped_column(default="")
    source: Mapped[str] = mapped_column(default="matcher")  # matcher | review | manual
    decided_by: Mapped[str] = mapped_column(default="")
    run_id: Mapped[int | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    superseded_at: Mapped[datetime | None] = mapped_column(default=None)
    # what the decision saw: the lead's company fields (e-mail reduced to its domain), its hash
    inputs: Mapped[dict[str, Any] | None] = mapped_column(default=None)


class ReviewItemRow(Base):
    """A match a person should decide on; at most one open item per lead."""

    __tablename__ = "review_items"
    __table_args__ = (
        Index(
            "uq_review_items_open",
            "lead_id",
            unique=True,
            sqlite_where=text("status = 'open'"),
            postgresql_where=text("status = 'open'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    lead_id: Mapped[str] = mapped_column(ForeignKey("leads.id"), index=True)
    link_id: Mapped[int | None] = mapped_column(ForeignKey("lead_account_links.id"), default=None)
    account_id: Mapped[str | None] = mapped_column(default=None)  # the best candidate
    confidence: Mapped[float] = mapped_column(default=0.0)
    runner_up_id: Mapped[str | None] = mapped_column(default=None)
    reason: Mapped[str] = mapped_column(default="")
    status: Mapped[str] = mapped_column(
        default="open"
    )  # open|accepted|rejected|assigned|superseded
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(default=None)
    resolved_by: Mapped[str] = mapped_column(default="")


class ReviewDecisionRow(Base):
    """A person's decision: a confirmed match, a never-match pair or a manual match."""

    __tablename__ = "review_decisions"
    __table_args__ = (Index("ix_review_decisions_lead", "lead_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    lead_id: Mapped[str] = mapped_column(ForeignKey("leads.id"))
    account_id: Mapped[str] = mapped_column()
    kind: Mapped[str] = mapped_column()  # confirmed | never_match | manual
    review_item_id: Mapped[int | None] = mapped_column(default=None)
    decided_by: Mapped[str] = mapped_column(default="")
    decided_at: Mapped[datetime] = mapped_column(default=utcnow)
    note: Mapped[str] = mapped_column(default="")
