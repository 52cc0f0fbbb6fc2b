"""Engagement trend: this week's engagement against the average of the previous weeks.

Week 0 is the seven days up to `now`, week 1 the seven before, and so on. Engagement per week
is the undecayed sum of activity weights, so a quiet week reads as a drop, not as decay.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from enum import StrEnum

from leadlink.scoring.activities import Activity
from leadlink.scoring.behaviour import age_days
from leadlink.scoring.model import BehaviourModel, TrendModel

DAYS_PER_WEEK = 7


class Trend(StrEnum):
    """Direction of an account's engagement."""

    RISING = "rising"
    STEADY = "steady"
    COOLING = "cooling"


TREND_CODES: tuple[Trend, ...] = (Trend.STEADY, Trend.RISING, Trend.COOLING)


def week_index(at: datetime, now: datetime) -> int:
    """How many whole weeks before `now` the event happened (0 = this week)."""
    return int(age_days(at, now) // DAYS_PER_WEEK)


def weekly_history(
    activities: Iterable[Activity], now: datetime, weeks: int, model: BehaviourModel
) -> list[float]:
    """Weighted engagement per week, index 0 = this week, `weeks` entries."""
    history = [0.0] * weeks
    for a in activities:
        index = week_index(a.at, now)
        if index < weeks:
            history[index] += model.weights[a.type]
    return history


def classify_trend(history: Sequence[float], model: TrendModel) -> Trend:
    """Rising / steady / cooling: this week against the mean of the previous weeks."""
    this_week = history[0] if history else 0.0
    previous = list(history[1 : 1 + model.previous_weeks])
    previous += [0.0] * (model.previous_weeks - len(previous))
    baseline = sum(previous) / model.previous_weeks
    if baseline == 0.0:
        return Trend.RISING if this_week > 0 else Trend.STEADY
    ratio = this_week / baseline
    if ratio >= model.rising_ratio:
        return Trend.RISING
    if ratio <= model.cooling_ratio:
        return Trend.COOLING
    return Trend.STEADY


def describe_trend(history: Sequence[float], model: TrendModel) -> str:
    """One line: the trend and the numbers behind it."""
    previous = history[1 : 1 + model.previous_weeks]
    baseline = sum(previous) / model.previous_weeks if model.previous_weeks else 0.0
    trend = classify_trend(history, model)
    return f"{trend.value}: this week {history[0]:.0f} vs {baseline:.1f} a week before"
