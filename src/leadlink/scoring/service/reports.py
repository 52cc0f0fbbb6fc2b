"""The reports behind `leadlink report`: account scorecard, stage volumes and moves, MQA list.

Each returns plain rows (dicts with the column names as keys), which the CLI prints as a table or
writes as CSV.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from leadlink.lifecycle.status_types import AccountStatus, ContactStatus
from leadlink.scoring.service.statuses import stage_volumes
from leadlink.store.db import SessionFactory
from leadlink.store.models import AccountRow
from leadlink.store.models.scoring import AccountScoreRow, ScoringRunRow, StatusChangeRow

Row = dict[str, Any]
SCORECARD_COLUMNS = (
    "account_id",
    "name",
    "status",
    "score",
    "people",
    "engaged",
    "share_engaged",
    "engagement",
    "trend",
    "target_lists",
)
STAGE_COLUMNS = ("object", "status", "count", "change", "moved_in", "moved_out")
MQA_COLUMNS = ("account_id", "name", "score", "threshold", "status", "trend", "reason")


def engagement_level(score: float, threshold: float) -> str:
    """high (at or above the MQA threshold), medium (half way), low (some), none."""
    if score >= threshold:
        return "high"
    if score >= threshold / 2:
        return "medium"
    return "low" if score > 0 else "none"


def scorecard_rows(factory: SessionFactory, *, limit: int | None = None) -> list[Row]:
    """Accounts by score: people associated, share engaged, engagement level, trend, status."""
    query = (
        select(AccountScoreRow, AccountRow.name, AccountRow.status)
        .join(AccountRow, AccountRow.id == AccountScoreRow.account_id)
        .order_by(AccountScoreRow.score.desc(), AccountScoreRow.account_id)
        .limit(limit)
    )
    rows = []
    with factory() as session:
        for score, name, status in session.execute(query):
            rows.append(
                {
                    "account_id": score.account_id,
                    "name": name,
                    "status": status or "",
                    "score": round(score.score, 1),
                    "people": score.known_people,
                    "engaged": score.engaged_people,
                    "share_engaged": f"{score.breadth:.0%}",
                    "engagement": engagement_level(score.score, score.account_threshold),
                    "trend": score.trend,
                    "target_lists": ", ".join(score.target_lists),
                }
            )
    return rows


def _status_runs(session: Session) -> list[ScoringRunRow]:
    query = (
        select(ScoringRunRow)
        .where(ScoringRunRow.kind == "status", ScoringRunRow.status == "done")
        .order_by(ScoringRunRow.id.desc())
        .limit(2)
    )
    return list(session.scalars(query))


def stage_rows(factory: SessionFactory) -> list[Row]:
    """Volume per status now, its change since the previous run, and the last run's moves."""
    with factory() as session:
        now = stage_volumes(session)
        runs = _status_runs(session)
        moves: Counter[tuple[str, str, str]] = Counter()
        if runs:
            query = (
                select(
                    StatusChangeRow.object_type,
                    StatusChangeRow.from_status,
                    StatusChangeRow.to_status,
                    func.count(),
                )
                .where(StatusChangeRow.run_id == runs[0].id)
                .group_by(
                    StatusChangeRow.object_type,
                    StatusChangeRow.from_status,
                    StatusChangeRow.to_status,
                )
            )
            for kind, old, new, n in session.execute(query):
                moves[(kind, "out", old or "")] += n
                moves[(kind, "in", new)] += n
    previous = runs[1].stage_volumes if len(runs) > 1 else {}
    rows = []
    for kind, statuses in (("account", AccountStatus), ("contact", ContactStatus)):
        counts, before = now.get(f"{kind}s", {}), previous.get(f"{kind}s", {})
        names = [s.value for s in statuses] + [s for s in counts if s not in _ALL]
        for status in names:
            count = counts.get(status, 0)
            rows.append(
                {
                    "object": kind,
                    "status": status,
                    "count": count,
                    "change": count - before.get(status, 0) if previous else "",
                    "moved_in": moves[(kind, "in", status)],
                    "moved_out": moves[(kind, "out", status)],
                }
            )
    return rows


_ALL = {s.value for s in AccountStatus} | {s.value for s in ContactStatus}


def mqa_rows(factory: SessionFactory, *, limit: int | None = None) -> list[Row]:
    """Marketing Qualified Accounts, by score: score at its threshold or status 3 Qualified."""
    query = (
        select(AccountScoreRow, AccountRow.name, AccountRow.status)
        .join(AccountRow, AccountRow.id == AccountScoreRow.account_id)
        .where(AccountScoreRow.qualified | (AccountRow.status == AccountStatus.QUALIFIED.value))
        .order_by(AccountScoreRow.score.desc(), AccountScoreRow.account_id)
        .limit(limit)
    )
    with factory() as session:
        found = list(session.execute(query))
        reasons = _latest_reasons(session, [s.account_id for s, _, _ in found])
    rows = []
    for score, name, status in found:
        why = [f"score {score.score:.1f} >= {score.account_threshold:g}"] if score.qualified else []
        if score.target_lists:
            why.append(f"target list {', '.join(score.target_lists)}")
        if status == AccountStatus.QUALIFIED.value and score.account_id in reasons:
            why.append(reasons[score.account_id])
        rows.append(
            {
                "account_id": score.account_id,
                "name": name,
                "score": round(score.score, 1),
                "threshold": score.account_threshold,
                "status": status or "",
                "trend": score.trend,
                "reason": "; ".join(why),
            }
        )
    return rows


def _latest_reasons(session: Session, ids: list[str]) -> dict[str, str]:
    reasons: dict[str, str] = {}
    for start in range(0, len(ids), 500):
        query = (
            select(StatusChangeRow.object_id, StatusChangeRow.reason)
            .where(
                StatusChangeRow.object_type == "account",
                StatusChangeRow.object_id.in_(ids[start : start + 500]),
            )
            .order_by(StatusChangeRow.id)
        )
        for object_id, reason in session.execute(query):
            reasons[object_id] = reason
    return reasons
