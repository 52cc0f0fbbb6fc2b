"""Behaviour scores: a weight per activity type, decayed exponentially with the activity's age,
and the person score (fit + behaviour) that contact qualification compares with its threshold.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from leadlink.scoring.activities import Activity
from leadlink.scoring.explain import Score, ScorePart
from leadlink.scoring.fit import AccountProfile, PersonProfile, fit_score
from leadlink.scoring.model import BehaviourModel, ScoringModel

SECONDS_PER_DAY = 86_400.0


def age_days(at: datetime, now: datetime) -> float:
    """Age of an event in days at `now` (events in the future count as age 0)."""
    return max(0.0, (now - at).total_seconds() / SECONDS_PER_DAY)


def decay(age: float, half_life: float) -> float:
    """Exponential decay factor: 1 at age 0, 1/2 after one half-life, 1/4 after two."""
    return float(0.5 ** (age / half_life))


def activity_points(activity: Activity, now: datetime, model: BehaviourModel) -> ScorePart:
    """What one activity adds to a behaviour score now, with the arithmetic shown."""
    weight = model.weights[activity.type]
    factor = decay(age_days(activity.at, now), model.half_life(activity.type))
    detail = f"{activity.at.date().isoformat()}, {weight:g} x {factor:.2f}"
    return ScorePart("behaviour", activity.type.phrase, weight * factor, detail)


def behaviour_score(activities: Iterable[Activity], now: datetime, model: BehaviourModel) -> Score:
    """The decayed behaviour score of one person's activities, capped at `max_points`."""
    return Score.of((activity_points(a, now, model) for a in activities), cap=model.max_points)


def behaviour_total(activities: Iterable[Activity], now: datetime, model: BehaviourModel) -> float:
    """The same total as `behaviour_score(...).total`, without building the explanation."""
    total = 0.0
    for a in activities:
        total += model.weights[a.type] * decay(age_days(a.at, now), model.half_life(a.type))
    if model.max_points is not None:
        total = min(total, model.max_points)
    return round(total, 2)


@dataclass(frozen=True, slots=True)
class PersonScore:
    """A lead's or contact's score: fit plus behaviour, each explained."""

    fit: Score
    behaviour: Score

    @property
    def total(self) -> float:
        """Fit plus behaviour."""
        return round(self.fit.total + self.behaviour.total, 2)

    def explain(self, *, limit: int = 8) -> list[str]:
        """Readable lines: the total, then what added what."""
        head = f"score {self.total:.1f} = fit {self.fit.total:.1f} + behaviour "
        return [head + f"{self.behaviour.total:.1f}", *self.fit.explain(),
                *self.behaviour.explain(limit=limit)]  # fmt: skip


def person_score(
    person: PersonProfile,
    account: AccountProfile | None,
    activities: Iterable[Activity],
    *,
    now: datetime,
    model: ScoringModel,
) -> PersonScore:
    """Score one person from their profile, their account and their activities."""
    return PersonScore(
        fit=fit_score(person, account, model.fit),
        behaviour=behaviour_score(activities, now, model.behaviour),
    )
