"""Behaviour scores: weights, exponential decay by half-life, the cap, and the explanation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from leadlink.scoring.activities import Activity, ActivityType
from leadlink.scoring.behaviour import behaviour_score, decay, person_score
from leadlink.scoring.fit import PersonProfile
from leadlink.scoring.model import load_scoring_model

NOW = datetime(2026, 11, 22, tzinfo=UTC)
MODEL = load_scoring_model()
B = MODEL.behaviour


def act(kind: ActivityType, days: float) -> Activity:
    return Activity("p1", "a1", kind, NOW - timedelta(days=days))


@pytest.mark.parametrize(
    ("age", "half_life", "factor"),
    [(0, 30, 1.0), (30, 30, 0.5), (60, 30, 0.25), (15, 30, 2**-0.5), (7, 14, 2**-0.5)],
)
def test_decay(age: float, half_life: float, factor: float) -> None:
    assert decay(age, half_life) == pytest.approx(factor)


@given(a=st.floats(0, 1000), b=st.floats(0, 1000), h=st.floats(0.5, 365))
def test_decay_never_grows_with_age_and_halves_per_half_life(a: float, b: float, h: float) -> None:
    young, old = sorted((a, b))
    assert decay(old, h) <= decay(young, h) <= 1.0
    assert decay(young + h, h) == pytest.approx(decay(young, h) / 2)


def test_each_activity_adds_its_decayed_weight() -> None:
    demo = act(ActivityType.DEMO_REQUEST, 30)  # half-life 30 -> half of 60
    visit = act(ActivityType.PAGE_VISIT, 14)  # override 14 -> half of 2
    score = behaviour_score([demo, visit], NOW, B)
    assert score.total == pytest.approx(30 + 1)
    by_label = {p.label: p.points for p in score.parts}
    assert by_label == pytest.approx({"requested a demo": 30.0, "visited a page": 1.0})
    assert "60 x 0.50" in score.parts[0].detail


def test_future_activity_counts_as_today() -> None:
    assert behaviour_score([act(ActivityType.FORM_FILL, -3)], NOW, B).total == 20


def test_cap_is_applied_and_explained() -> None:
    score = behaviour_score([act(ActivityType.DEMO_REQUEST, 0)] * 5, NOW, B)
    assert score.total == B.max_points and "capped" in score.note


def test_person_score_is_fit_plus_behaviour_with_explanation() -> None:
    ps = person_score(
        PersonProfile("VP Marketing", "", "US"),
        None,
        [act(ActivityType.DEMO_REQUEST, 0)],
        now=NOW,
        model=MODEL,
    )
    assert ps.total == pytest.approx(ps.fit.total + ps.behaviour.total)
    assert ps.behaviour.total == 60
    lines = ps.explain()
    assert lines[0].startswith(f"score {ps.total:.1f}")
    assert any("requested a demo" in line for line in lines)
