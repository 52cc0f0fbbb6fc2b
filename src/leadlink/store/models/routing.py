"""Routing tables (filled by the routing capability, with its own Alembic migration).

`routing_decisions` keeps every routing of a lead (the current one has no `superseded_at`) with
the rules evaluated, the inputs snapshot, the owner and the time; `routing_pool_states` keeps
round-robin fairness across restarts; `routing_user_status` holds what the CRM's user file does
not: out of office and working hours.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, text
from sqlalchemy.orm import Mapped, mapped_column

from leadlink.store.models.base import Base, utcnow


class RoutingDecisionRow(Base):
    """One routing of a lead: who got it, by which rule, why, and every rule evaluated."""

    __tablename__ = "routing_decisions"
    __table_args__ = (
        Index(
            "uq_routing_decisions_current",
            "lead_id",
            unique=True,
            sqlite_where=text("superseded_at IS NULL"),
            postgresql_where=text("superseded_at IS NULL"),
        ),
        Index("ix_routing_decisions_owner", "owner"),
        # which leads need routing is answered from this index alone (not from the large rows)
        Index(
            "ix_routing_decisions_current_link",
            "lead_id",
            "link_id",
            sqlite_where=text("superseded_at IS NULL"),
            postgresql_where=text("superseded_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    lead_id: Mapped[str] = mapped_column(ForeignKey("leads.id"), index=True)
    link_id: Mapped[int | None] = mapped_column(default=None)  # the link routed on
    owner: Mapped[str] = mapped_column()
    owner_type: Mapped[str] = mapped_column(default="user")  # user | queue
    rule_id: Mapped[str] = mapped_column(default="")
    reason: Mapped[str] = mapped_column(default="")
    territory: Mapped[list[str]] = mapped_column(JSON, default=list)
    rules_evaluated: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    notifications: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    inputs: Mapped[dict[str, Any]] = mapped_column(default=dict)
    rules_version: Mapped[str] = mapped_column(default="")
    run_id: Mapped[int | None] = mapped_column(default=None)
    routed_at: Mapped[datetime] = mapped_column(default=utcnow)
    superseded_at: Mapped[datetime | None] = mapped_column(default=None)


class PoolStateRow(Base):
    """The state of one round-robin pool (smooth-WRR credits, totals, today's tallies)."""

    __tablename__ = "routing_pool_states"

    pool_id: Mapped[str] = mapped_column(primary_key=True)
    state: Mapped[dict[str, Any]] = mapped_column(default=dict)
    version: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class UserStatusRow(Base):
    """A user's availability for routing: out of office and working hours (local clock)."""

    __tablename__ = "routing_user_status"

    user_id: Mapped[str] = mapped_column(primary_key=True)
    out_of_office: Mapped[bool] = mapped_column(default=False)
    work_start: Mapped[int | None] = mapped_column(default=None)  # local hour, inclusive
    work_end: Mapped[int | None] = mapped_column(default=None)  # local hour, exclusive
    work_days: Mapped[str] = mapped_column(default="0,1,2,3,4")  # Monday = 0
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
