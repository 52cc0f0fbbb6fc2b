"""`rescore`: score every account and every active person from the store, and keep the results.

Activities are streamed into numpy arrays and scored with `scoring.vectorized` (the same
arithmetic as the explained per-account score); account scores, weekly engagement, person scores
and target list membership are then replaced in one transaction, so a failed run leaves the
previous scores in place.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
from sqlalchemy import delete

from leadlink.lifecycle.status_rules import StatusRules, load_status_rules
from leadlink.scoring.activities import ACTIVITY_TYPES
from leadlink.scoring.explain import Score, ScorePart
from leadlink.scoring.fit import fit_score
from leadlink.scoring.model import ScoringModel, load_scoring_model
from leadlink.scoring.service.activity_table import ActivityTable, read_activity_table
from leadlink.scoring.service.bulk import bulk_insert
from leadlink.scoring.service.loader import Crm, load_crm
from leadlink.scoring.targets import thresholds_for
from leadlink.scoring.vectorized import (
    AccountScoreArrays,
    ActivityArrays,
    decayed_points,
    icp_points_array,
    score_accounts_arrays,
)
from leadlink.store.db import SessionFactory
from leadlink.store.models.base import table_of
from leadlink.store.models.scoring import (
    AccountEngagementWeekRow,
    AccountScoreRow,
    PersonScoreRow,
    ScoringRunRow,
    TargetListMemberRow,
)

Say = Callable[[str], None]
BATCH = 10_000


@dataclass(slots=True)
class RescoreSummary:
    """What a rescoring did."""

    run_id: int
    accounts: int
    people_scored: int
    activities: int
    skipped: dict[str, int]
    qualified: int
    trends: dict[str, int]
    seconds: float
    target_members: dict[str, int] = field(default_factory=dict)


def _account_rows(
    crm: Crm,
    ids: list[str],
    result: AccountScoreArrays,
    icp: np.ndarray,
    model: ScoringModel,
    run_id: int,
    now: datetime,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    rows, members = [], []
    for i, account_id in enumerate(ids):
        thresholds = thresholds_for(account_id, float(icp[i]), model)
        last = result.last_ts[i]
        score = float(result.total[i])
        rows.append(
            {
                "account_id": account_id,
                "score": score,
                "components": {k: round(float(v[i]), 2) for k, v in result.components.items()},
                "engaged_people": int(result.engaged_people[i]),
                "known_people": int(result.known_people[i]),
                "breadth": float(
                    result.engaged_people[i]
                    / max(result.known_people[i], result.engaged_people[i], 1)
                ),
                "intensity": round(float(result.intensity[i]), 3),
                "last_activity_at": None if np.isnan(last) else datetime.fromtimestamp(last, UTC),
                "trend": result.trend_of(i).value,
                "contact_threshold": thresholds.contact,
                "account_threshold": thresholds.account,
                "target_lists": list(thresholds.lists),
                "qualified": score >= thresholds.account,
                "run_id": run_id,
                "scored_at": now,
            }
        )
        kinds = {t.name: t.kind for t in model.target_lists}
        members += [
            {"list_name": n, "account_id": account_id, "kind": kinds[n], "added_at": now}
            for n in thresholds.lists
        ]
    return rows, members


def _week_rows(ids: list[str], weekly: np.ndarray, now: datetime) -> list[dict[str, Any]]:
    rows = []
    nz_acc, nz_week = np.nonzero(weekly)
    for i, k in zip(nz_acc.tolist(), nz_week.tolist(), strict=True):
        start = (now - timedelta(days=7 * (k + 1))).date()
        rows.append({"account_id": ids[i], "week_start": start, "points": float(weekly[i, k])})
    return rows


def _person_rows(
    crm: Crm, table: ActivityTable, model: ScoringModel, now: datetime
) -> list[dict[str, Any]]:
    arrays = table.arrays
    n_people, n_types = len(table.people), len(ACTIVITY_TYPES)
    slots = arrays.person * n_types + arrays.type_code
    by_type = np.bincount(
        slots, weights=decayed_points(arrays, now, model.behaviour), minlength=n_people * n_types
    ).reshape(n_people, n_types)
    cap = model.behaviour.max_points
    fits: dict[tuple[Any, Any], Score] = {}
    rows = []
    active = np.flatnonzero(np.bincount(arrays.person, minlength=n_people) > 0).tolist()
    for i in active:
        key = table.people[i]
        person = crm.people.get(key)
        account = crm.accounts.get(person.account_id or "") if person else None
        fit = None
        if person is not None:
            cache_key = (person.profile, account.profile if account else None)
            fit = fits.get(cache_key)
            if fit is None:
                fit = fits[cache_key] = fit_score(person.profile, cache_key[1], model.fit)
        parts = [
            ScorePart("behaviour", ACTIVITY_TYPES[t].phrase, float(by_type[i, t]))
            for t in np.nonzero(by_type[i])[0].tolist()
        ]
        behaviour = sum(p.points for p in parts)
        behaviour = min(behaviour, cap) if cap is not None else behaviour
        fit_total = fit.total if fit else 0.0
        lines = [*(fit.explain() if fit else []), *(p.line() for p in parts)]
        rows.append(
            {
                "person_type": key[0],
                "person_id": key[1],
                "account_id": person.account_id if person else None,
                "fit": fit_total,
                "behaviour": round(behaviour, 2),
                "total": round(fit_total + behaviour, 2),
                "explanation": lines,
                "scored_at": now,
            }
        )
    return rows


def _insert(session: Any, model: type[Any], rows: list[dict[str, Any]]) -> None:
    bulk_insert(session, table_of(model), rows)


def rescore(
    factory: SessionFactory,
    *,
    now: datetime | None = None,
    model: ScoringModel | None = None,
    rules: StatusRules | None = None,
    say: Say | None = None,
) -> RescoreSummary:
    """Score every account and every person with activity; replace the stored scores."""
    started = time.perf_counter()
    now = now or datetime.now(UTC)
    model = model or load_scoring_model()
    rules = rules or load_status_rules()
    tell = say or (lambda _msg: None)
    tell("loading accounts and people")
    with factory() as session:
        crm = load_crm(session, rules.account.renewal)
    ids = list(crm.accounts)
    index = {a: i for i, a in enumerate(ids)}
    tell("reading activities")
    with factory() as session:
        table = read_activity_table(session, crm, index)
    arrays = table.arrays
    tell(f"scoring {len(ids):,} accounts from {len(arrays):,} activities")
    known_map = crm.known_people()
    icp = icp_points_array([crm.accounts[a].profile for a in ids], model)
    on_account = arrays.account >= 0
    account_arrays = ActivityArrays(
        arrays.account[on_account],
        arrays.person[on_account],
        arrays.type_code[on_account],
        arrays.ts[on_account],
    )
    result = score_accounts_arrays(
        account_arrays,
        n_accounts=len(ids),
        icp_points=icp,
        now=now,
        model=model,
        known_people=np.array([known_map.get(a, 0) for a in ids], dtype=np.int64),
    )
    tell("scoring people")
    person_rows = _person_rows(crm, table, model, now)
    tell("saving scores")
    with factory() as session, session.begin():
        run = ScoringRunRow(kind="score", started_at=now)
        session.add(run)
        session.flush()
        account_rows, members = _account_rows(crm, ids, result, icp, model, run.id, now)
        for stored in (
            AccountScoreRow,
            AccountEngagementWeekRow,
            PersonScoreRow,
            TargetListMemberRow,
        ):
            session.execute(delete(stored))
        _insert(session, AccountScoreRow, account_rows)
        _insert(session, AccountEngagementWeekRow, _week_rows(ids, result.weekly, now))
        _insert(session, PersonScoreRow, person_rows)
        _insert(session, TargetListMemberRow, members)
        summary = RescoreSummary(
            run_id=run.id,
            accounts=len(ids),
            people_scored=len(person_rows),
            activities=len(arrays),
            skipped={
                "unknown type": table.unknown_type,
                "no time": table.no_time,
                "no account": table.no_account,
            },
            qualified=sum(1 for r in account_rows if r["qualified"]),
            trends=dict(Counter(r["trend"] for r in account_rows)),
            seconds=round(time.perf_counter() - started, 2),
            target_members=dict(Counter(m["list_name"] for m in members)),
        )
        run.status, run.finished_at = "done", datetime.now(UTC)
        run.counts = {
            "accounts": summary.accounts,
            "people": summary.people_scored,
            "activities": summary.activities,
            "qualified": summary.qualified,
        }
    return summary
