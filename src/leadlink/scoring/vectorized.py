"""Vectorised rescoring: millions of activities grouped by account with numpy, no Python loop.

Activities arrive as parallel arrays (account index, person index, type code, epoch seconds).
The arithmetic is the same as `scoring.account.score_account` (tests hold them equal), so the
explained per-account score and the bulk rescoring never disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
import numpy.typing as npt

from leadlink.scoring.activities import ACTIVITY_TYPES, Activity
from leadlink.scoring.behaviour import SECONDS_PER_DAY
from leadlink.scoring.fit import AccountProfile, icp_score
from leadlink.scoring.model import BehaviourModel, ScoringModel, TrendModel
from leadlink.scoring.trend import TREND_CODES, Trend

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
COMPONENTS: tuple[str, ...] = ("engaged_people", "breadth", "intensity", "recency", "icp")


@dataclass(frozen=True, slots=True)
class ActivityArrays:
    """Activities as parallel arrays; `account` and `person` are dense 0-based indexes."""

    account: npt.NDArray[np.integer]
    person: npt.NDArray[np.integer]
    type_code: npt.NDArray[np.integer]
    ts: npt.NDArray[np.floating] | npt.NDArray[np.integer]

    def __len__(self) -> int:
        return int(self.account.shape[0])

    @classmethod
    def from_activities(
        cls, activities: Sequence[Activity], accounts: dict[str, int], people: dict[str, int]
    ) -> ActivityArrays:
        """Arrays from activity records, given the account and person index maps."""
        return cls(
            account=np.array([accounts[a.account_id] for a in activities], dtype=np.int64),
            person=np.array([people[a.person_id] for a in activities], dtype=np.int64),
            type_code=np.array([a.type.code for a in activities], dtype=np.int8),
            ts=np.array([a.at.timestamp() for a in activities], dtype=np.float64),
        )


@dataclass(slots=True)
class AccountScoreArrays:
    """Per-account results, index-aligned with the account index of the input arrays."""

    engaged_people: IntArray
    known_people: IntArray
    intensity: FloatArray
    last_ts: FloatArray
    weekly: FloatArray
    trend: npt.NDArray[np.int8]
    components: dict[str, FloatArray] = field(default_factory=dict)
    total: FloatArray = field(default_factory=lambda: np.zeros(0))

    def trend_of(self, index: int) -> Trend:
        """The trend of one account."""
        return TREND_CODES[int(self.trend[index])]


def type_tables(model: BehaviourModel) -> tuple[FloatArray, FloatArray]:
    """Weight and half-life (days) per activity type code."""
    weights = np.array([model.weights[t] for t in ACTIVITY_TYPES], dtype=np.float64)
    half_lives = np.array([model.half_life(t) for t in ACTIVITY_TYPES], dtype=np.float64)
    return weights, half_lives


def decayed_points(arrays: ActivityArrays, now: datetime, model: BehaviourModel) -> FloatArray:
    """Each activity's weight decayed by its age (the behaviour arithmetic, vectorised)."""
    weights, half_lives = type_tables(model)
    age = np.maximum(now.timestamp() - arrays.ts.astype(np.float64), 0.0) / SECONDS_PER_DAY
    codes = arrays.type_code
    result: FloatArray = weights[codes] * np.exp2(-age / half_lives[codes])
    return result


def behaviour_by_person(
    arrays: ActivityArrays, n_people: int, now: datetime, model: BehaviourModel
) -> FloatArray:
    """Behaviour score per person index, capped like `behaviour_score`."""
    sums = np.bincount(
        arrays.person, weights=decayed_points(arrays, now, model), minlength=n_people
    )
    capped = np.minimum(sums, model.max_points) if model.max_points is not None else sums
    return np.asarray(capped, dtype=np.float64)


def classify_trends(weekly: FloatArray, model: TrendModel) -> npt.NDArray[np.int8]:
    """Trend codes (index into TREND_CODES) from weekly history rows, as `classify_trend`."""
    this_week = weekly[:, 0]
    baseline = weekly[:, 1 : 1 + model.previous_weeks].sum(axis=1) / model.previous_weeks
    codes = np.zeros(weekly.shape[0], dtype=np.int8)
    rising, cooling = TREND_CODES.index(Trend.RISING), TREND_CODES.index(Trend.COOLING)
    zero = baseline == 0.0
    codes[zero & (this_week > 0)] = rising
    safe = np.where(zero, 1.0, baseline)
    ratio = this_week / safe
    codes[~zero & (ratio >= model.rising_ratio)] = rising
    codes[~zero & (ratio <= model.cooling_ratio)] = cooling
    return codes


def _engaged_people(arrays: ActivityArrays, n_accounts: int, since: float) -> IntArray:
    """Distinct people with an activity since `since`, per account.

    When every person index belongs to one account (the usual case) this is two bincounts;
    otherwise (account, person) pairs are sorted and de-duplicated.
    """
    recent = arrays.ts >= since
    account = arrays.account[recent].astype(np.int64)
    person = arrays.person[recent].astype(np.int64)
    if not len(person):
        return np.zeros(n_accounts, dtype=np.int64)
    span = int(person.max()) + 1
    home = np.full(span, -1, dtype=np.int64)
    home[person] = account
    if bool((home[person] == account).all()):
        seen = np.bincount(person, minlength=span) > 0
        return np.bincount(home[seen], minlength=n_accounts).astype(np.int64)
    keys = np.sort(account * span + person)
    first = np.empty(len(keys), dtype=bool)
    first[0] = True
    np.not_equal(keys[1:], keys[:-1], out=first[1:])
    return np.bincount(keys[first] // span, minlength=n_accounts).astype(np.int64)


def _weekly(arrays: ActivityArrays, n: int, now: datetime, model: ScoringModel) -> FloatArray:
    weeks = model.trend.history_weeks
    weights, _ = type_tables(model.behaviour)
    age = np.maximum(now.timestamp() - arrays.ts.astype(np.float64), 0.0) / SECONDS_PER_DAY
    week = (age // 7).astype(np.int64)
    keep = week < weeks
    slots = arrays.account[keep].astype(np.int64) * weeks + week[keep]
    counts = np.bincount(slots, weights=weights[arrays.type_code[keep]], minlength=n * weeks)
    return np.asarray(counts, dtype=np.float64).reshape(n, weeks)


def score_accounts_arrays(
    arrays: ActivityArrays,
    *,
    n_accounts: int,
    known_people: npt.NDArray[np.integer],
    icp_points: FloatArray,
    now: datetime,
    model: ScoringModel,
) -> AccountScoreArrays:
    """Score every account at once; results are index-aligned with the account index."""
    acc = model.account
    now_ts = now.timestamp()
    intensity = np.asarray(
        np.bincount(arrays.account, weights=decayed_points(arrays, now, model.behaviour),
                    minlength=n_accounts),
        dtype=np.float64,
    )  # fmt: skip
    last = np.full(n_accounts, -np.inf)
    np.maximum.at(last, arrays.account, arrays.ts.astype(np.float64))
    engaged = _engaged_people(
        arrays, n_accounts, now_ts - acc.engaged_within_days * SECONDS_PER_DAY
    )
    known = np.asarray(known_people, dtype=np.int64)
    weekly = _weekly(arrays, n_accounts, now, model)
    has_last = np.isfinite(last)
    recency_age = np.maximum(now_ts - np.where(has_last, last, now_ts), 0.0) / SECONDS_PER_DAY
    components = {
        "engaged_people": acc.points_per_engaged_person
        * np.minimum(engaged, acc.engaged_people_cap).astype(np.float64),
        "breadth": acc.breadth_points * engaged / np.maximum(np.maximum(known, engaged), 1),
        "intensity": acc.intensity_points
        * (1.0 - np.exp2(-intensity / acc.intensity_half_saturation)),
        "recency": np.where(
            has_last, acc.recency_points * np.exp2(-recency_age / acc.recency_half_life_days), 0.0
        ),
        "icp": np.asarray(icp_points, dtype=np.float64),
    }
    total = np.round(sum(components.values(), np.zeros(n_accounts)), 2)
    return AccountScoreArrays(
        engaged_people=engaged,
        known_people=known,
        intensity=intensity,
        last_ts=np.where(has_last, last, np.nan),
        weekly=weekly,
        trend=classify_trends(weekly, model.trend),
        components=components,
        total=total,
    )


def icp_points_array(profiles: Sequence[AccountProfile], model: ScoringModel) -> FloatArray:
    """ICP points per account (capped), index-aligned with `profiles`."""
    cap = model.account.icp_max_points
    return np.array([icp_score(p, model.icp, cap).total for p in profiles], dtype=np.float64)
