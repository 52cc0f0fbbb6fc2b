"""Vectorised rescoring agrees with the explained per-account scoring on random data."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leadlink.scoring.account import score_account
from leadlink.scoring.activities import ACTIVITY_TYPES, Activity
from leadlink.scoring.behaviour import behaviour_score
from leadlink.scoring.fit import AccountProfile, account_profile
from leadlink.scoring.model import load_scoring_model
from leadlink.scoring.trend import TREND_CODES, classify_trend
from leadlink.scoring.vectorized import (
    ActivityArrays,
    behaviour_by_person,
    classify_trends,
    icp_points_array,
    score_accounts_arrays,
)

NOW = datetime(2026, 11, 22, 8, 30, tzinfo=UTC)
MODEL = load_scoring_model()


def random_activities(seed: int, n: int, shared_people: bool) -> list[Activity]:
    rng = random.Random(seed)
    acts = []
    for _ in range(n):
        account = rng.randrange(6)
        person = rng.randrange(30) if shared_people else account * 10 + rng.randrange(5)
        acts.append(
            Activity(
                f"p{person}",
                f"a{account}",
                rng.choice(ACTIVITY_TYPES),
                NOW - timedelta(days=rng.uniform(-2, 150)),
            )
        )
    return acts


@pytest.mark.parametrize("shared_people", [False, True])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_vectorised_scores_equal_the_explained_scores(seed: int, shared_people: bool) -> None:
    acts = random_activities(seed, 400, shared_people)
    accounts = {f"a{i}": i for i in range(8)}  # a6, a7 never active
    people = {f"p{i}": i for i in range(60)}
    profiles = [
        account_profile(a, {"industry": "saas" if i % 2 else "retail", "employees": str(100 * i)})
        for a, i in accounts.items()
    ]
    known = np.array([3, 5, 8, 2, 6, 4, 1, 0])
    arrays = ActivityArrays.from_activities(acts, accounts, people)
    result = score_accounts_arrays(
        arrays,
        n_accounts=8,
        known_people=known,
        icp_points=icp_points_array(profiles, MODEL),
        now=NOW,
        model=MODEL,
    )
    for profile, i in zip(profiles, range(8), strict=True):
        mine = [a for a in acts if a.account_id == profile.id]
        pure = score_account(profile, mine, known_people=int(known[i]), now=NOW, model=MODEL)
        assert result.total[i] == pytest.approx(pure.total, abs=0.011)
        assert result.engaged_people[i] == pure.engaged_people
        assert result.intensity[i] == pytest.approx(pure.intensity)
        assert list(result.weekly[i]) == pytest.approx(list(pure.weekly))
        assert result.trend_of(i) is pure.trend
        for name in ("engaged_people", "breadth", "intensity", "recency"):
            assert result.components[name][i] == pytest.approx(pure.score.component(name))


def test_behaviour_by_person_equals_behaviour_score() -> None:
    acts = random_activities(9, 300, False)
    people = {f"p{i}": i for i in range(60)}
    arrays = ActivityArrays.from_activities(acts, {f"a{i}": i for i in range(6)}, people)
    scores = behaviour_by_person(arrays, 60, NOW, MODEL.behaviour)
    for pid, i in people.items():
        mine = [a for a in acts if a.person_id == pid]
        assert scores[i] == pytest.approx(
            behaviour_score(mine, NOW, MODEL.behaviour).total, abs=0.01
        )


@settings(max_examples=60)
@given(st.lists(st.lists(st.floats(0, 50), min_size=4, max_size=4), min_size=1, max_size=20))
def test_vectorised_trends_equal_classify_trend(rows: list[list[float]]) -> None:
    codes = classify_trends(np.array(rows, dtype=np.float64), MODEL.trend)
    assert [TREND_CODES[c] for c in codes] == [classify_trend(r, MODEL.trend) for r in rows]


def test_empty_input() -> None:
    empty = ActivityArrays(
        np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.int8), np.zeros(0)
    )
    result = score_accounts_arrays(
        empty,
        n_accounts=3,
        known_people=np.zeros(3, np.int64),
        icp_points=np.array([0.0, 5.0, 0.0]),
        now=NOW,
        model=MODEL,
    )
    assert list(result.total) == [0.0, 5.0, 0.0]
    assert np.isnan(result.last_ts).all()
    assert icp_points_array([AccountProfile(id="x")], MODEL).tolist() == [0.0]
