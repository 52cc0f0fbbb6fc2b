"""Account scores: more than the sum of people's scores.

An account's score adds up five explained components: how many people engaged (up to a buying
group), breadth (the share of the account's known people who engaged), intensity (decayed
engagement, saturating), recency (halving with time since the last activity) and ICP fit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from leadlink.scoring.activities import Activity
from leadlink.scoring.behaviour import activity_points, age_days, decay
from leadlink.scoring.explain import Score, ScorePart
from leadlink.scoring.fit import AccountProfile, icp_score
from leadlink.scoring.model import AccountModel, ScoringModel
from leadlink.scoring.targets import Thresholds, thresholds_for
from leadlink.scoring.trend import Trend, classify_trend, describe_trend, weekly_history


@dataclass(frozen=True, slots=True)
class AccountScore:
    """An account's score with its components, engagement figures, trend and thresholds."""

    account_id: str
    score: Score
    engaged_people: int
    known_people: int
    intensity: float
    last_activity: datetime | None
    trend: Trend
    weekly: tuple[float, ...]
    thresholds: Thresholds
    trend_note: str = ""

    @property
    def total(self) -> float:
        """The account score."""
        return self.score.total

    @property
    def breadth(self) -> float:
        """Share of the account's known people who engaged (0..1)."""
        return self.engaged_people / max(self.known_people, self.engaged_people, 1)

    @property
    def qualified(self) -> bool:
        """Whether the score reaches the account's (target-aware) threshold: an MQA."""
        return self.total >= self.thresholds.account

    def explain(self) -> list[str]:
        """Readable lines: score, threshold, trend, then the components."""
        head = f"account score {self.total:.1f} (threshold {self.thresholds.account:g}"
        return [
            head + f"; {self.thresholds.reason})",
            f"trend {self.trend_note or self.trend.value}",
            *self.score.explain(),
        ]


def intensity_points(intensity: float, model: AccountModel) -> float:
    """Saturating points for decayed engagement: half the maximum at `half_saturation`."""
    return model.intensity_points * (1.0 - 0.5 ** (intensity / model.intensity_half_saturation))


def account_components(
    *,
    engaged: int,
    known: int,
    intensity: float,
    recency_age: float | None,
    icp: Score,
    model: AccountModel,
) -> list[ScorePart]:
    """The labelled parts of an account score from its engagement figures."""
    counted = min(engaged, model.engaged_people_cap)
    share = engaged / max(known, engaged, 1)
    recency = 0.0 if recency_age is None else decay(recency_age, model.recency_half_life_days)
    days = "never" if recency_age is None else f"{recency_age:.0f} days ago"
    parts = [
        ScorePart("engaged_people", f"{engaged} people engaged", model.points_per_engaged_person
                  * counted, f"counted up to {model.engaged_people_cap}"),
        ScorePart("breadth", f"{share:.0%} of {known} known people engaged",
                  model.breadth_points * share),
        ScorePart("intensity", f"decayed engagement {intensity:.1f}",
                  intensity_points(intensity, model)),
        ScorePart("recency", f"last activity {days}", model.recency_points * recency),
    ]  # fmt: skip
    parts.extend(icp.parts)
    return parts


def score_account(
    profile: AccountProfile,
    activities: Iterable[Activity],
    *,
    known_people: int,
    now: datetime,
    model: ScoringModel,
) -> AccountScore:
    """Score one account from all activities of its people (leads and contacts)."""
    acts = list(activities)
    window = now - timedelta(days=model.account.engaged_within_days)
    engaged = len({a.person_id for a in acts if a.at >= window})
    intensity = sum(activity_points(a, now, model.behaviour).points for a in acts)
    last = max((a.at for a in acts), default=None)
    icp = icp_score(profile, model.icp, model.account.icp_max_points)
    parts = account_components(
        engaged=engaged,
        known=known_people,
        intensity=intensity,
        recency_age=None if last is None else age_days(last, now),
        icp=icp,
        model=model.account,
    )
    history = weekly_history(acts, now, model.trend.history_weeks, model.behaviour)
    return AccountScore(
        account_id=profile.id,
        score=Score.of(parts),
        engaged_people=engaged,
        known_people=known_people,
        intensity=intensity,
        last_activity=last,
        trend=classify_trend(history, model.trend),
        weekly=tuple(history),
        thresholds=thresholds_for(profile.id, icp.total, model),
        trend_note=describe_trend(history, model.trend),
    )
