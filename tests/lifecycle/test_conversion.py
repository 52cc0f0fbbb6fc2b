"""Conversion rules: YAML data, labelled, every condition of a rule must hold."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from leadlink.config import ConfigError
from leadlink.lifecycle.conversion import ConversionFacts, decide, load_rules

BASE = ConversionFacts(
    link_decision="matched", confidence=0.97, account_is_customer=False,
    account_has_open_opportunity=False, account_type="Prospect", lead_status="Open",
)  # fmt: skip


def _with(**changes: object) -> ConversionFacts:
    return ConversionFacts(**{**{f: getattr(BASE, f) for f in BASE.__slots__}, **changes})  # type: ignore[arg-type]


def test_shipped_rules() -> None:
    rules = load_rules()
    assert decide(BASE, rules) is None
    customer = decide(_with(account_is_customer=True), rules)
    assert customer is not None and customer.rule == "the account is a customer"
    assert "link confidence 0.97" in customer.reason
    opp = decide(_with(account_has_open_opportunity=True), rules)
    assert opp is not None and opp.rule == "the account has an open opportunity"
    status = decide(_with(lead_status="sales accepted"), rules)
    assert status is not None and "lead status" in status.reason
    assert decide(_with(account_is_customer=True, confidence=0.5), rules) is None
    assert decide(_with(account_is_customer=True, link_decision="review"), rules) is None


def test_rules_are_validated(tmp_path: Path) -> None:
    empty = tmp_path / "r.yaml"
    empty.write_text("rules:\n  - label: everything\n    when: {}\n")
    with pytest.raises(ConfigError, match=r"(?s)r\.yaml: invalid conversion rules.*at least one"):
        load_rules(empty)
    typo = tmp_path / "t.yaml"
    typo.write_text("rules:\n  - label: x\n    when: {acount_is_customer: true}\n")
    with pytest.raises(ConfigError, match=r"(?s)t\.yaml: invalid conversion rules.*acount"):
        load_rules(typo)


def test_disabled_rules_never_apply(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(
        "rules:\n  - label: unused\n    enabled: false\n    when: {account_type_in: [Prospect]}\n"
    )
    assert decide(BASE, load_rules(path)) is None


@given(st.booleans(), st.booleans(), st.floats(0, 1), st.sampled_from(["matched", "review"]))
def test_a_decision_always_names_a_rule_that_holds(
    customer: bool, opp: bool, confidence: float, link: str
) -> None:
    facts = _with(account_is_customer=customer, account_has_open_opportunity=opp,
                  confidence=confidence, link_decision=link)  # fmt: skip
    result = decide(facts, load_rules())
    if link == "review" or confidence < 0.9:
        assert result is None
    else:
        assert (result is not None) == (customer or opp)
