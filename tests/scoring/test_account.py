"""Account scores: engaged people, breadth, intensity, recency, ICP; target-list thresholds."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from leadlink.scoring.account import intensity_points, score_account
from leadlink.scoring.activities import Activity, ActivityType
from leadlink.scoring.fit import AccountProfile
from leadlink.scoring.model import ScoringModel, TargetList, load_scoring_model
from leadlink.scoring.targets import thresholds_for
from leadlink.scoring.trend import Trend

NOW = datetime(2026, 11, 22, tzinfo=UTC)
MODEL = load_scoring_model()
A = MODEL.account
PLAIN = AccountProfile(id="a1")


def act(person: str, kind: ActivityType, days: float) -> Activity:
    return Activity(person, "a1", kind, NOW - timedelta(days=days))


def test_no_activity_scores_only_icp() -> None:
    s = score_account(PLAIN, [], known_people=4, now=NOW, model=MODEL)
    assert s.total == 0 and s.engaged_people == 0 and s.last_activity is None
    assert s.trend is Trend.STEADY


def test_components_follow_their_formulas() -> None:
    acts = [
        act("p1", ActivityType.DEMO_REQUEST, 0),
        act("p2", ActivityType.EMAIL_OPEN, 0),
        act("p3", ActivityType.FORM_FILL, 200),
    ]
    s = score_account(PLAIN, acts, known_people=10, now=NOW, model=MODEL)
    assert s.engaged_people == 2  # p3 outside the 90-day window
    assert s.score.component("engaged_people") == 2 * A.points_per_engaged_person
    assert s.score.component("breadth") == pytest.approx(A.breadth_points * 0.2)
    intensity = 60 + 1 + 20 * 0.5 ** (200 / 30)
    assert s.intensity == pytest.approx(intensity)
    assert s.score.component("intensity") == pytest.approx(intensity_points(intensity, A))
    assert s.score.component("recency") == pytest.approx(A.recency_points)
    assert s.total == pytest.approx(sum(p.points for p in s.score.parts), abs=0.01)


def test_engaged_people_are_capped_at_a_buying_group_and_breadth_at_one() -> None:
    acts = [act(f"p{i}", ActivityType.PAGE_VISIT, 1) for i in range(12)]
    s = score_account(PLAIN, acts, known_people=3, now=NOW, model=MODEL)
    assert s.score.component("engaged_people") == A.points_per_engaged_person * A.engaged_people_cap
    assert s.breadth == 1.0 and s.score.component("breadth") == A.breadth_points


def test_intensity_saturates_at_half_then_toward_the_maximum() -> None:
    assert intensity_points(0, A) == 0
    assert intensity_points(A.intensity_half_saturation, A) == pytest.approx(A.intensity_points / 2)
    assert intensity_points(1e9, A) == pytest.approx(A.intensity_points)


def test_recency_halves_per_half_life() -> None:
    s = score_account(
        PLAIN,
        [act("p", ActivityType.EMAIL_OPEN, A.recency_half_life_days)],
        known_people=1,
        now=NOW,
        model=MODEL,
    )
    assert s.score.component("recency") == pytest.approx(A.recency_points / 2)


def test_explanation_names_every_component() -> None:
    s = score_account(
        PLAIN, [act("p", ActivityType.FORM_FILL, 1)], known_people=2, now=NOW, model=MODEL
    )
    text = "\n".join(s.explain())
    for word in ("engaged", "known people", "decayed engagement", "last activity", "threshold"):
        assert word in text


def with_lists(*lists: TargetList) -> ScoringModel:
    return MODEL.model_copy(update={"target_lists": list(lists)})


STATIC = TargetList(
    name="Strategic", kind="static", account_ids=["a1"], contact_threshold=50, account_threshold=30
)
ICP = TargetList(
    name="ICP", kind="icp_rule", min_icp_points=10, contact_threshold=70, account_threshold=45
)


@pytest.mark.parametrize(
    ("account", "icp", "contact", "account_t", "lists"),
    [
        ("a1", 0, 50, 30, ("Strategic",)),
        ("a2", 0, 100, 60, ()),
        ("a2", 12, 70, 45, ("ICP",)),
        ("a1", 12, 50, 30, ("Strategic", "ICP")),
    ],
)
def test_target_lists_lower_thresholds(
    account: str, icp: float, contact: float, account_t: float, lists: tuple[str, ...]
) -> None:
    t = thresholds_for(account, icp, with_lists(STATIC, ICP))
    assert (t.contact, t.account, t.lists) == (contact, account_t, lists)
    assert ("target list" in t.reason) is bool(lists)


def test_a_target_account_qualifies_at_its_lower_threshold() -> None:
    acts = [act(f"p{i}", ActivityType.WEBINAR_ATTENDANCE, 2) for i in range(3)]
    plain = score_account(
        AccountProfile(id="a9"), acts, known_people=5, now=NOW, model=with_lists(STATIC)
    )
    target = score_account(PLAIN, acts, known_people=5, now=NOW, model=with_lists(STATIC))
    assert plain.total == target.total
    assert 30 <= target.total < 60
    assert target.qualified and not plain.qualified
