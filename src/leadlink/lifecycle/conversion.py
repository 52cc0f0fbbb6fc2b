"""Conversion rules: when a linked lead becomes a contact on its account (rules are YAML data).

Pure logic: the pipeline gathers the facts about a lead and its account; `decide` returns the
first rule that holds, with a reason built from the rule's label and conditions.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator

from leadlink.config import load_yaml_model

DEFAULT_PATH = Path(__file__).with_name("conversion_rules.yaml")


class Conditions(BaseModel):
    """What must hold for a rule (every condition given must hold)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    account_is_customer: bool | None = None
    account_has_open_opportunity: bool | None = None
    account_type_in: tuple[str, ...] | None = None
    lead_status_in: tuple[str, ...] | None = None
    lead_source_in: tuple[str, ...] | None = None
    min_confidence: float | None = Field(default=None, ge=0.0, le=1.0)

    @model_validator(mode="after")
    def _not_empty(self) -> Conditions:
        if all(v is None for v in self.model_dump().values()):
            raise ValueError("a rule needs at least one condition (else it converts every lead)")
        return self


class ConversionRule(BaseModel):
    """A labelled rule; disabled rules are kept in the file but never apply."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    label: str = Field(min_length=1)
    enabled: bool = True
    when: Conditions


class ConversionRules(BaseModel):
    """The conversion settings: which links count and the rules."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    link_decisions: tuple[str, ...] = ("matched", "confirmed", "manual")
    rules: tuple[ConversionRule, ...]


@dataclass(frozen=True, slots=True)
class ConversionFacts:
    """What the rules look at, about one linked lead and its account."""

    link_decision: str
    confidence: float
    account_is_customer: bool
    account_has_open_opportunity: bool
    account_type: str = ""
    lead_status: str = ""
    lead_source: str = ""


@dataclass(frozen=True, slots=True)
class ConversionDecision:
    """The rule that converts a lead, and why."""

    rule: str
    reason: str


def load_rules(path: str | Path | None = None) -> ConversionRules:
    """Load conversion rules from YAML (default: the shipped conversion_rules.yaml)."""
    if path is None:
        return _default()
    return load_yaml_model(path, ConversionRules, what="conversion rules")


@lru_cache(maxsize=1)
def _default() -> ConversionRules:
    return load_yaml_model(DEFAULT_PATH, ConversionRules, what="conversion rules")


def _fold(values: tuple[str, ...]) -> set[str]:
    return {v.strip().lower() for v in values}


def _holds(when: Conditions, facts: ConversionFacts) -> list[str] | None:
    """The evidence for each condition if all hold, else None."""
    evidence: list[str] = []
    checks: list[tuple[object, bool, str]] = [
        (when.account_is_customer, facts.account_is_customer == when.account_is_customer,
         "customer" if facts.account_is_customer else "not a customer"),
        (when.account_has_open_opportunity,
         facts.account_has_open_opportunity == when.account_has_open_opportunity,
         "open opportunity" if facts.account_has_open_opportunity else "no open opportunity"),
        (when.account_type_in,
         when.account_type_in is not None
         and facts.account_type.strip().lower() in _fold(when.account_type_in),
         f"account type {facts.account_type}"),
        (when.lead_status_in,
         when.lead_status_in is not None
         and facts.lead_status.strip().lower() in _fold(when.lead_status_in),
         f"lead status {facts.lead_status}"),
        (when.lead_source_in,
         when.lead_source_in is not None
         and facts.lead_source.strip().lower() in _fold(when.lead_source_in),
         f"lead source {facts.lead_source}"),
        (when.min_confidence,
         when.min_confidence is not None and facts.confidence >= when.min_confidence,
         f"link confidence {facts.confidence:.2f}"),
    ]  # fmt: skip
    for wanted, ok, text in checks:
        if wanted is None:
            continue
        if not ok:
            return None
        evidence.append(text)
    return evidence


def decide(facts: ConversionFacts, rules: ConversionRules) -> ConversionDecision | None:
    """The first enabled rule that holds for `facts`, or None (the lead stays a lead)."""
    if facts.link_decision not in rules.link_decisions:
        return None
    for rule in rules.rules:
        if not rule.enabled:
            continue
        evidence = _holds(rule.when, facts)
        if evidence is not None:
            return ConversionDecision(rule.label, f"{rule.label} ({', '.join(evidence)})")
    return None
