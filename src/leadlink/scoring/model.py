"""The scoring model as data: fit and behaviour rules, account score settings, ICP, trend, targets.

The shipped defaults live in `model.yaml` next to this module; users replace them with a file of
the same shape. Pydantic validates everything (unknown keys fail, naming the file); every rule has
a label that explanations quote.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from leadlink.config import load_yaml_model
from leadlink.scoring.activities import ACTIVITY_TYPES, ActivityType

DEFAULT_MODEL_PATH = Path(__file__).with_name("model.yaml")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class KeywordRule(_Strict):
    """Points when a text field (title, department) contains one of the keywords as words."""

    label: str
    keywords: list[str] = Field(min_length=1)
    points: float


class ValueRule(_Strict):
    """Points when a field equals one of the values (case-insensitive)."""

    label: str
    values: list[str] = Field(min_length=1)
    points: float


class RangeRule(_Strict):
    """Points when a number lies within [min, max] (either bound optional)."""

    label: str
    min: float | None = None
    max: float | None = None
    points: float

    def contains(self, value: float) -> bool:
        """Whether `value` lies in the range."""
        return (self.min is None or value >= self.min) and (self.max is None or value <= self.max)


class FitModel(_Strict):
    """Fit: who the person is and where they work. First matching rule per list wins."""

    title_seniority: list[KeywordRule] = Field(default_factory=list)
    department: list[KeywordRule] = Field(default_factory=list)
    country: list[ValueRule] = Field(default_factory=list)
    account_size: list[RangeRule] = Field(default_factory=list)
    industry: list[ValueRule] = Field(default_factory=list)


class BehaviourModel(_Strict):
    """Behaviour: a weight per activity type, decayed exponentially by a half-life."""

    half_life_days: float = Field(gt=0)
    half_life_overrides: dict[ActivityType, float] = Field(default_factory=dict)
    max_points: float | None = Field(None, gt=0)
    weights: dict[ActivityType, float]

    @model_validator(mode="after")
    def _complete(self) -> BehaviourModel:
        missing = [t.value for t in ACTIVITY_TYPES if t not in self.weights]
        if missing:
            raise ValueError(f"behaviour.weights misses activity types: {', '.join(missing)}")
        if any(v <= 0 for v in self.half_life_overrides.values()):
            raise ValueError("half-lives must be positive")
        return self

    def half_life(self, kind: ActivityType) -> float:
        """The half-life in days for one activity type."""
        return self.half_life_overrides.get(kind, self.half_life_days)


class Qualification(_Strict):
    """Default thresholds (target lists may lower them)."""

    contact_threshold: float = 100.0
    account_threshold: float = 60.0


class AccountModel(_Strict):
    """How an account score is built: engaged people, breadth, intensity, recency, ICP fit."""

    engaged_within_days: int = Field(90, ge=1)
    points_per_engaged_person: float = 5.0
    engaged_people_cap: int = Field(7, ge=1)
    breadth_points: float = 15.0
    intensity_points: float = 25.0
    intensity_half_saturation: float = Field(100.0, gt=0)
    recency_points: float = 10.0
    recency_half_life_days: float = Field(14.0, gt=0)
    icp_max_points: float = 15.0


IcpField = Literal["industry", "employees", "country", "annual_revenue", "type"]


class IcpRule(_Strict):
    """One ideal-customer-profile rule over an account attribute; `values` or `number`."""

    label: str
    field: IcpField
    op: Literal["in", "not_in", "ge", "le"]
    values: list[str] = Field(default_factory=list)
    number: float | None = None
    points: float

    @model_validator(mode="after")
    def _operand(self) -> IcpRule:
        if self.op in {"in", "not_in"} and not self.values:
            raise ValueError(f"ICP rule {self.label!r}: op {self.op} needs 'values'")
        if self.op in {"ge", "le"} and self.number is None:
            raise ValueError(f"ICP rule {self.label!r}: op {self.op} needs 'number'")
        return self


class TrendModel(_Strict):
    """Engagement trend: this week against the average of the previous weeks."""

    previous_weeks: int = Field(3, ge=1)
    rising_ratio: float = Field(1.25, gt=1)
    cooling_ratio: float = Field(0.75, gt=0, lt=1)
    history_weeks: int = Field(12, ge=4)


class TargetList(_Strict):
    """A target account list (static ids or an ICP rule) with its own, lower thresholds."""

    name: str
    kind: Literal["static", "icp_rule"]
    account_ids: list[str] = Field(default_factory=list)
    min_icp_points: float | None = None
    contact_threshold: float
    account_threshold: float

    @model_validator(mode="after")
    def _shape(self) -> TargetList:
        if self.kind == "static" and not self.account_ids:
            raise ValueError(f"target list {self.name!r}: a static list needs account_ids")
        if self.kind == "icp_rule" and self.min_icp_points is None:
            raise ValueError(f"target list {self.name!r}: an ICP list needs min_icp_points")
        return self


class ScoringModel(_Strict):
    """The whole scoring model file."""

    version: int = 1
    fit: FitModel
    behaviour: BehaviourModel
    qualification: Qualification = Field(default_factory=Qualification)
    account: AccountModel = Field(default_factory=AccountModel)
    icp: list[IcpRule] = Field(default_factory=list)
    trend: TrendModel = Field(default_factory=TrendModel)
    target_lists: list[TargetList] = Field(default_factory=list)


class ScoringModelError(ValueError):
    """The scoring model file is unreadable or invalid; the message names the file."""


def load_scoring_model(path: Path | str | None = None) -> ScoringModel:
    """Load and validate a scoring model (the shipped defaults when `path` is None).

    Raises:
        ScoringModelError: the file is missing, not YAML, or fails validation.
    """
    if path is None:
        return _default_model()
    return _load(Path(path))


@cache
def _default_model() -> ScoringModel:
    return _load(DEFAULT_MODEL_PATH)


def _load(path: Path) -> ScoringModel:
    return load_yaml_model(path, ScoringModel, what="scoring model", error=ScoringModelError)
