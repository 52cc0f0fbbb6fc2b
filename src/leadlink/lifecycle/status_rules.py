"""Status logic as data: which statuses are sticky, what qualifies, and the account decision tree.

The defaults ship as `status_rules.yaml` next to this module; a user file with the same shape
replaces them. Everything is validated by pydantic (unknown keys, statuses or facts fail loudly,
naming the file) and nothing is ever eval'ed: conditions are labelled comparisons over facts.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from leadlink.config import load_yaml_model
from leadlink.lifecycle.status_types import AccountStatus, ContactStatus
from leadlink.scoring.activities import ActivityType

if TYPE_CHECKING:
    from leadlink.lifecycle.status_facts import AccountFacts

DEFAULT_RULES_PATH = Path(__file__).with_name("status_rules.yaml")

Op = Literal["eq", "ne", "gt", "ge", "lt", "le"]
_OPS: dict[str, Callable[[Any, Any], bool]] = {
    "eq": operator.eq,
    "ne": operator.ne,
    "gt": operator.gt,
    "ge": operator.ge,
    "lt": operator.lt,
    "le": operator.le,
}
_OP_SIGNS = {"eq": "=", "ne": "!=", "gt": ">", "ge": ">=", "lt": "<", "le": "<="}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Comparison(_Strict):
    """One labelled comparison of a fact with a constant (`value`) or another fact (`fact_ref`)."""

    label: str
    fact: str
    op: Op
    value: bool | int | float | None = None
    fact_ref: str | None = None

    @model_validator(mode="after")
    def _check(self) -> Comparison:
        from leadlink.lifecycle.status_facts import FACT_NAMES

        for name in (self.fact, self.fact_ref):
            if name is not None and name not in FACT_NAMES:
                raise ValueError(f"unknown fact {name!r}; known: {', '.join(sorted(FACT_NAMES))}")
        if (self.value is None) == (self.fact_ref is None):
            raise ValueError(f"{self.label!r}: give exactly one of 'value' or 'fact_ref'")
        return self

    def holds(self, facts: AccountFacts) -> bool:
        """Whether the comparison is true for these facts."""
        rhs = getattr(facts, self.fact_ref) if self.fact_ref else self.value
        return bool(_OPS[self.op](getattr(facts, self.fact), rhs))

    def describe(self, facts: AccountFacts) -> str:
        """The label with the values compared, e.g. "has an open opportunity (1 > 0)"."""
        rhs = getattr(facts, self.fact_ref) if self.fact_ref else self.value
        actual = getattr(facts, self.fact)
        if isinstance(rhs, bool) and self.op in {"eq", "ne"}:
            return f"{self.label} ({self.fact}={actual})"
        return f"{self.label} ({self.fact}={actual} {_OP_SIGNS[self.op]} {rhs})"


class TreeRule(_Strict):
    """One step of the account decision tree: if all of `all` and one of `any` hold -> status."""

    label: str
    status: AccountStatus
    reason: str
    all: list[Comparison] = Field(default_factory=list)
    any: list[Comparison] = Field(default_factory=list)

    def matches(self, facts: AccountFacts) -> bool:
        """Whether this rule decides the account's status."""
        every = all(c.holds(facts) for c in self.all)
        return every and (not self.any or any(c.holds(facts) for c in self.any))

    def conditions(self) -> list[Comparison]:
        """All comparisons this rule reads."""
        return [*self.all, *self.any]


class RenewalRule(_Strict):
    """When an automatic renewal opportunity counts as an open opportunity."""

    auto_created_only: bool = True
    first_stage_index: int = Field(0, ge=0)
    contract_ends_within_months: int = Field(3, ge=0, le=36)
    renewal_types: list[str] = Field(default_factory=lambda: ["Renewal"])
    first_stages: list[str] = Field(default_factory=list)

    def is_renewal(self, opportunity_type: str) -> bool:
        """Whether an opportunity type names a renewal (case-insensitive)."""
        return opportunity_type.strip().lower() in {t.lower() for t in self.renewal_types}

    def stage_index(self, stage: str) -> int:
        """0 for a first stage (not yet progressed), 1 for any later stage."""
        return 0 if stage.strip().lower() in {s.lower() for s in self.first_stages} else 1


class _MachineConfig(_Strict):
    @model_validator(mode="after")
    def _disjoint(self) -> _MachineConfig:
        sticky = set(getattr(self, "sticky", []))
        both = sticky & set(getattr(self, "logic_may_overwrite", []))
        if both:
            raise ValueError(
                f"statuses both sticky and overwritable: {sorted(s.value for s in both)}"
            )
        return self


class ContactStatusConfig(_MachineConfig):
    """Contact status logic: default, protected statuses, and what qualifies a contact."""

    default: ContactStatus = ContactStatus.PRE_QUALIFIED
    sticky: list[ContactStatus]
    logic_may_overwrite: list[ContactStatus]
    high_value_actions: list[ActivityType]
    high_value_within_days: int = Field(90, ge=1)
    qualify_from: list[ContactStatus]
    opportunity_from: list[ContactStatus]


class AccountStatusConfig(_MachineConfig):
    """Account status logic: protected statuses, fact settings and the ordered decision tree."""

    default: AccountStatus = AccountStatus.PRE_QUALIFIED
    sticky: list[AccountStatus]
    logic_may_overwrite: list[AccountStatus]
    partner_types: list[str] = Field(default_factory=lambda: ["Partner"])
    engaged_within_days: int = Field(90, ge=1)
    customer_engaged_activity_types: list[ActivityType]
    customer_engaged_excluded_statuses: list[ContactStatus]
    engaged_contact_statuses: list[ContactStatus]
    renewal: RenewalRule = Field(default_factory=RenewalRule)
    tree: list[TreeRule]

    @model_validator(mode="after")
    def _tree(self) -> AccountStatusConfig:
        if not self.tree or self.tree[-1].conditions():
            raise ValueError("the decision tree must end with a rule without conditions")
        labels = [r.label for r in self.tree]
        if len(set(labels)) != len(labels):
            raise ValueError("decision tree labels must be unique")
        for rule in self.tree:
            if rule.status in self.sticky:
                raise ValueError(f"rule {rule.label!r} derives sticky status {rule.status.value}")
        return self


class StatusRules(_Strict):
    """The whole status configuration file."""

    version: int = 1
    contact: ContactStatusConfig
    account: AccountStatusConfig


class StatusRulesError(ValueError):
    """The status rules file is unreadable or invalid; the message names the file."""


def load_status_rules(path: Path | str | None = None) -> StatusRules:
    """Load and validate status rules from YAML (the shipped defaults when `path` is None).

    Raises:
        StatusRulesError: the file is missing, not YAML, or fails validation.
    """
    if path is None:
        return _default_rules()
    return _load(Path(path))


@cache
def _default_rules() -> StatusRules:
    return _load(DEFAULT_RULES_PATH)


def _load(path: Path) -> StatusRules:
    return load_yaml_model(path, StatusRules, what="status rules", error=StatusRulesError)
