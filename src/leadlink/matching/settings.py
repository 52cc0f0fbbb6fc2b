"""Matching settings as data: comparison levels with their weights, thresholds, tie-breakers.

The defaults ship as `defaults.yaml` next to this module. Every level carries a label that the
explanation of a decision is built from, and the whole settings object round-trips through JSON so a
decision can be stored with the exact settings version that made it.
"""

from __future__ import annotations

import hashlib
import json
import math
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from leadlink.config import load_yaml_model

COMPARISON_NAMES: tuple[str, ...] = (
    "domain",
    "name",
    "phone",
    "street",
    "city",
    "postal_code",
    "state",
    "country",
)
"""The comparisons the engine knows; settings must give levels for each of them."""

TieBreaker = Literal["customer_first", "open_opportunity", "oldest", "lowest_id"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LevelSettings(_Strict):
    """One level of a comparison: its probabilities among right (m) and wrong (u) candidates."""

    label: str = Field(description="Readable template; {lead} and {account} are filled in.")
    m: float = Field(gt=0, le=1, description="P(level | the candidate is the right account)")
    u: float = Field(gt=0, le=1, description="P(level | the candidate is a wrong account)")

    @property
    def weight(self) -> float:
        """The log2 Bayes factor this level adds to a candidate's match weight."""
        return math.log2(self.m / self.u)


class ComparisonSettings(_Strict):
    """A comparison: a label and its ordered levels (the first level that applies wins)."""

    label: str
    levels: dict[str, LevelSettings]

    def weight(self, level: str) -> float:
        """The weight of `level`; unknown and `null` levels weigh nothing."""
        found = self.levels.get(level)
        return found.weight if found is not None else 0.0


class NameThresholds(_Strict):
    """Similarity cut-offs (0..1) that separate the name levels."""

    near_exact: float = Field(0.96, ge=0, le=1)
    fuzzy_high: float = Field(0.90, ge=0, le=1)
    tokens_high: float = Field(0.80, ge=0, le=1)
    fuzzy_mid: float = Field(0.60, ge=0, le=1)
    weak: float = Field(0.30, ge=0, le=1)


class BlockingSettings(_Strict):
    """How candidates are pulled from the index: never all pairs."""

    max_token_postings: int = Field(2000, ge=1, description="Skip name tokens this common")
    max_candidates: int = Field(12, ge=1, description="Candidates kept per lead after pre-ranking")
    max_tokens: int = Field(3, ge=1, description="Rarest name words looked up per lead")
    fuzzy_token_min_length: int = Field(5, ge=3, description="Typos searched for longer tokens")


class Thresholds(_Strict):
    """The decision bands on calibrated confidence."""

    match: float = Field(0.90, gt=0, le=1)
    review: float = Field(0.50, gt=0, le=1)

    @model_validator(mode="after")
    def _ordered(self) -> Thresholds:
        if self.review > self.match:
            raise ValueError("thresholds.review must not exceed thresholds.match")
        return self


class Calibration(_Strict):
    """Platt scaling of the summed log2 odds into a probability: sigmoid(a * x + b).

    `scale` gives a comparison its own multiplier in place of `a`, fitted from labelled leads:
    fields redundant with others (state and postal code once the city agrees) then count little,
    and the name is no longer shrunk along with them.
    """

    a: float = Field(1.0, gt=0)
    b: float = 0.0
    scale: dict[str, float] = Field(
        default_factory=dict, description="per-comparison multiplier; unlisted ones use a"
    )
    fitted_accounts: int | None = Field(
        None, gt=0, description="how many accounts the CRM had that the calibration was fitted on"
    )
    size_slope: float = Field(
        0.0,
        ge=0,
        description="log2 odds taken off per doubling of the accounts beyond fitted_accounts",
    )

    @field_validator("scale")
    @classmethod
    def _known(cls, value: dict[str, float]) -> dict[str, float]:
        unknown = sorted(set(value) - set(COMPARISON_NAMES))
        if unknown:
            raise ValueError(f"calibration.scale: unknown comparisons {unknown}")
        if any(v <= 0 for v in value.values()):
            raise ValueError("calibration.scale: multipliers must be positive")
        return value

    def factor(self, comparison: str) -> float:
        """The multiplier of this comparison's weights."""
        return self.scale.get(comparison, self.a)

    def size_shift(self, accounts: int) -> float:
        """Log2 odds to add for a CRM of `accounts` (0 or less): each account is a priori less
        likely to be the lead's the more accounts there are, and look-alike names more common.
        Never positive: a smaller CRM than the fitted one keeps the fitted odds."""
        if not self.fitted_accounts or not self.size_slope or accounts <= self.fitted_accounts:
            return 0.0
        return -self.size_slope * math.log2(accounts / self.fitted_accounts)


class MatchSettings(_Strict):
    """Everything the matching engine needs to decide, as data."""

    description: str = ""
    prior: float = Field(0.05, gt=0, lt=1, description="P(right) for a candidate before evidence")
    thresholds: Thresholds = Thresholds()
    calibration: Calibration = Calibration()
    name_thresholds: NameThresholds = NameThresholds()
    blocking: BlockingSettings = BlockingSettings()
    comparisons: dict[str, ComparisonSettings]
    tie_breakers: tuple[TieBreaker, ...] = ("customer_first", "open_opportunity", "oldest")
    generic_name_review: bool = Field(
        True, description="A generic or shared name with no other evidence goes to review"
    )

    @field_validator("comparisons")
    @classmethod
    def _all_comparisons(
        cls, value: dict[str, ComparisonSettings]
    ) -> dict[str, ComparisonSettings]:
        missing = [name for name in COMPARISON_NAMES if name not in value]
        unknown = [name for name in value if name not in COMPARISON_NAMES]
        if missing or unknown:
            raise ValueError(f"comparisons: missing {missing}, unknown {unknown}")
        return value

    @property
    def version(self) -> str:
        """A short content hash: two runs with equal settings share a version."""
        payload = json.dumps(self.model_dump(mode="json"), sort_keys=True).encode()
        return hashlib.sha256(payload).hexdigest()[:12]

    def to_yaml(self) -> str:
        """The settings as YAML, e.g. to write a trained model next to the defaults."""
        return yaml.safe_dump(self.model_dump(mode="json"), sort_keys=False, allow_unicode=True)


class SettingsError(ValueError):
    """A settings file that cannot be used; the message names the file and the problem."""


def load_settings(path: str | Path | None = None) -> MatchSettings:
    """Load and validate settings from a YAML file, or the shipped defaults when `path` is None."""
    if path is None:
        return _default_settings()
    return load_yaml_model(path, MatchSettings, what="settings", error=SettingsError)


@cache
def _default_settings() -> MatchSettings:
    text = resources.files("leadlink.matching").joinpath("defaults.yaml").read_text("utf-8")
    return _validate(yaml.safe_load(text), "defaults.yaml")


def _validate(data: object, source: str) -> MatchSettings:
    try:
        return MatchSettings.model_validate(data)
    except ValueError as exc:
        raise SettingsError(f"{source}: invalid settings: {exc}") from exc
