"""Scoring tables (filled by the scoring capability, with its own Alembic migration).

`status_changes` is the status history of contacts and accounts (every change with its rule,
reason and evidence; the status columns on `contacts` and `accounts` hold the current one);
`account_scores` and `person_scores` hold the latest scores with their explanations;
`account_engagement_weeks` the weekly engagement history behind trends; `target_list_members`
which accounts the target lists held at the last rescoring; `scoring_runs` each rescoring or
status run with its counts (the "moved since the last run" of the stage report).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Index
from sqlalchemy.orm import Mapped, mapped_column

from leadlink.store.models.base import Base, utcnow


class ScoringRunRow(Base):
    """One `leadlink score` run (rescoring, then statuses) with its counts."""

    __tablename__ = "scoring_runs"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(default="score")  # score | status
    status: Mapped[str] = mapped_column(default="running")  # running | done | failed
    counts: Mapped[dict[str, Any]] = mapped_column(default=dict)
    stage_volumes: Mapped[dict[str, Any]] = mapped_column(default=dict)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(default=None)


class StatusChangeRow(Base):
    """One status change of a contact or an account, made by the state machine."""

    __tablename__ = "status_changes"
    __table_args__ = (
        Index("ix_status_changes_object", "object_type", "object_id", "at"),
        Index("ix_status_changes_run", "run_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    object_type: Mapped[str] = mapped_column()  # contact | account
    object_id: Mapped[str] = mapped_column()
    from_status: Mapped[str | None] = mapped_column(default=None)
    to_status: Mapped[str] = mapped_column()
    event: Mapped[str] = mapped_column(default="")
    rule: Mapped[str] = mapped_column(default="")
    reason: Mapped[str] = mapped_column(default="")
    evidence: Mapped[dict[str, Any]] = mapped_column(default=dict)
    actor: Mapped[str | None] = mapped_column(default=None)
    run_id: Mapped[int | None] = mapped_column(default=None)
    at: Mapped[datetime] = mapped_column(default=utcnow)


class AccountScoreRow(Base):
    """The latest score of an account: components, engagement figures, trend, thresholds."""

    __tablename__ = "account_scores"

    account_id: Mapped[str] = mapped_column(primary_key=True)
    score: Mapped[float] = mapped_column(default=0.0, index=True)
    components: Mapped[dict[str, Any]] = mapped_column(default=dict)
    engaged_people: Mapped[int] = mapped_column(default=0)
    known_people: Mapped[int] = mapped_column(default=0)
    breadth: Mapped[float] = mapped_column(default=0.0)
    intensity: Mapped[float] = mapped_column(default=0.0)
    last_activity_at: Mapped[datetime | None] = mapped_column(default=None)
    trend: Mapped[str] = mapped_column(default="steady")
    contact_threshold: Mapped[float] = mapped_column(default=100.0)
    account_threshold: Mapped[float] = mapped_column(default=60.0)
    target_lists: Mapped[list[str]] = mapped_column(JSON, default=list)
    qualified: Mapped[bool] = mapped_column(default=False)
    run_id: Mapped[int | None] = mapped_column(default=None)
    scored_at: Mapped[datetime] = mapped_column(default=utcnow)


class PersonScoreRow(Base):
    """The latest score of a lead or contact: fit, behaviour and what added what."""

    __tablename__ = "person_scores"

    person_type: Mapped[str] = mapped_column(primary_key=True)  # lead | contact
    person_id: Mapped[str] = mapped_column(primary_key=True)
    account_id: Mapped[str | None] = mapped_column(default=None, index=True)
    fit: Mapped[float] = mapped_column(default=0.0)
    behaviour: Mapped[float] = mapped_column(default=0.0)
    total: Mapped[float] = mapped_column(default=0.0)
    explanation: Mapped[list[str]] = mapped_column(JSON, default=list)
    scored_at: Mapped[datetime] = mapped_column(default=utcnow)


class AccountEngagementWeekRow(Base):
    """Weighted engagement of an account in one week (the history behind its trend)."""

    __tablename__ = "account_engagement_weeks"

    account_id: Mapped[str] = mapped_column(primary_key=True)
    week_start: Mapped[date] = mapped_column(primary_key=True)
    points: Mapped[float] = mapped_column(default=0.0)


class TargetListMemberRow(Base):
    """An account on a target list (static, or by ICP rule) at the last rescoring."""

    __tablename__ = "target_list_members"

    list_name: Mapped[str] = mapped_column(primary_key=True)
    account_id: Mapped[str] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(default="static")  # static | icp_rule
    added_at: Mapped[datetime] = mapped_column(default=utcnow)
