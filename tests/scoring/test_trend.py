"""Engagement trend: this week against the mean of the previous three, and weekly buckets."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from leadlink.scoring.activities import Activity, ActivityType
from leadlink.scoring.model import load_scoring_model
from leadlink.scoring.trend import Trend, classify_trend, describe_trend, weekly_history

NOW = datetime(2026, 11, 22, tzinfo=UTC)
MODEL = load_scoring_model()


@pytest.mark.parametrize(
    ("history", "trend"),
    [
        ([10, 4, 4, 4], Trend.RISING),
        ([5, 4, 4, 4], Trend.RISING),  # 1.25 exactly
        ([4.9, 4, 4, 4], Trend.STEADY),
        ([4, 4, 4, 4], Trend.STEADY),
        ([3.1, 4, 4, 4], Trend.STEADY),
        ([3, 4, 4, 4], Trend.COOLING),  # 0.75 exactly
        ([0, 4, 4, 4], Trend.COOLING),
        ([0, 0, 0, 12], Trend.COOLING),  # mean of previous three is 4
        ([1, 0, 0, 0], Trend.RISING),
        ([0, 0, 0, 0], Trend.STEADY),
        ([6, 0, 0, 12, 99], Trend.RISING),  # week 4 is not in the baseline
        ([], Trend.STEADY),
    ],
)
def test_classify_trend(history: list[float], trend: Trend) -> None:
    assert classify_trend(history, MODEL.trend) is trend


def test_weekly_history_buckets_by_whole_weeks_back_from_now() -> None:
    def at(days: float) -> Activity:
        return Activity("p", "a", ActivityType.FORM_FILL, NOW - timedelta(days=days))

    acts = [at(0), at(6.99), at(7), at(13.5), at(27.9), at(28), at(400), at(-1)]
    history = weekly_history(acts, NOW, 4, MODEL.behaviour)
    w = MODEL.behaviour.weights[ActivityType.FORM_FILL]
    assert history == [3 * w, 2 * w, 0.0, w]
    assert describe_trend(history, MODEL.trend).startswith("rising: this week 60 vs 20.0")
