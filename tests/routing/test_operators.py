"""Every operator in its machine form (what it matches) and its readable form (how it reads)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from leadlink.routing import OPERATORS, Condition, LeadFacts, RoutingContext, get_operator
from leadlink.routing.fields import Env, FieldPathError, compile_path, field_label
from leadlink.routing.operators import OperatorError

# key, value, matching actual values, non-matching actual values, readable form
CASES: list[tuple[str, Any, list[Any], list[Any], str]] = [
    ("equals", "Customer", ["customer", " Customer "], ["Prospect", "", None], "f is Customer"),
    ("equals", 100, [100, "100", 100.0], [99, "x", None], "f is 100"),
    ("not_equals", "Customer", ["Prospect", ""], ["CUSTOMER"], "f is not Customer"),
    ("in", ["DE", "AT", "CH"], ["de", "CH"], ["FR", ""], "f is one of DE, AT, CH"),
    ("not_in", ["DE", "AT"], ["FR", ""], ["at"], "f is not one of DE, AT"),
    ("contains", "soft", ["Microsoft", "SOFTWARE"], ["hardware", None], "f contains soft"),
    ("contains", "acme.com", [["acme.com", "acme.de"]], [["other.com"]], "f contains acme.com"),
    ("starts_with", ["80", "81"], ["80331", "81000"], ["79000", ""], "f starts with 80, 81"),
    ("greater_than", 500, [501, "1000"], [500, None, "many"], "f is greater than 500"),
    ("at_least", 500, [500, 501.5], [499], "f is at least 500"),
    ("less_than", 20, [19.5, "3"], [20, None], "f is less than 20"),
    ("at_most", 20, [20, 0], [21, None], "f is at most 20"),
    ("between", [100, 999], [100, 999, "500"], [99, 1000, None], "f is between 100 and 999"),
    ("is_empty", None, [None, "", "  ", []], ["x", 0], "f is empty"),
    ("is_not_empty", None, ["x", 0, ["a"]], [None, ""], "f is not empty"),
    ("is_true", None, [True, "yes", "TRUE"], [False, None, "no"], "f is yes"),
    ("is_false", None, [False, None, "no", ""], [True, "yes"], "f is no"),
    ("in_territory", ["dach"], [("emea", "dach")], [("emea",), ()], "lead is in territory dach"),
]


def test_every_operator_has_a_case() -> None:
    assert {c[0] for c in CASES} == set(OPERATORS)


@pytest.mark.parametrize(("key", "value", "yes", "no", "text"), CASES)
def test_machine_form(key: str, value: Any, yes: list[Any], no: list[Any], text: str) -> None:
    pred = OPERATORS[key].compile(value)
    assert [pred(v) for v in yes] == [True] * len(yes)
    assert [pred(v) for v in no] == [False] * len(no)


@pytest.mark.parametrize(("key", "value", "yes", "no", "text"), CASES)
def test_readable_form(key: str, value: Any, yes: list[Any], no: list[Any], text: str) -> None:
    assert OPERATORS[key].describe("f", value) == text


@pytest.mark.parametrize("key", sorted(OPERATORS))
def test_symbol_is_an_alias(key: str) -> None:
    op = OPERATORS[key]
    assert get_operator(op.symbol) is op


@pytest.mark.parametrize(
    ("key", "value"),
    [("in", []), ("between", [5, 1]), ("between", [1]), ("greater_than", "x"), ("is_empty", 3)],
)
def test_bad_values_are_refused(key: str, value: Any) -> None:
    with pytest.raises(OperatorError):
        OPERATORS[key].compile(value)


def test_unknown_operator_lists_known_ones() -> None:
    with pytest.raises(OperatorError, match="equals"):
        get_operator("looks_like")


def _lead_env(**fields: Any) -> Env:
    return Env(RoutingContext(lead=LeadFacts(id="L1", **fields)))


@pytest.mark.parametrize(
    "written",
    [
        {"field": "lead.country", "op": "in", "value": ["DE", "AT", "CH"]},
        {"lead.country__in": ["DE", "AT", "CH"]},
        "lead.country in [DE, AT, CH]",
    ],
)
def test_three_ways_to_write_a_condition(written: Any) -> None:
    cond = Condition.model_validate(written)
    assert cond.text == "lead country is one of DE, AT, CH"
    assert cond.test(_lead_env(country="at"))[0]
    assert not cond.test(_lead_env(country="FR"))[0]


def test_failure_explained_without_personal_data() -> None:
    cond = Condition.model_validate("lead.extra.email contains gmail")
    ok, actual = cond.test(_lead_env(extra={"email": "jane@example.org"}))
    assert not ok
    assert "jane" not in cond.explain_failure(actual)
    country = Condition.model_validate("lead.country equals DE")
    assert "'FR'" in country.explain_failure("FR")


def test_field_paths_are_checked() -> None:
    with pytest.raises(FieldPathError):
        compile_path("account.ownr")
    with pytest.raises(FieldPathError):
        compile_path("deal.stage")
    assert field_label("account.ultimate_parent.owner") == "ultimate parent account owner"
    assert field_label("account.open_opportunity.stage") == "open opportunity stage"


@given(st.lists(st.text(max_size=4), min_size=1, max_size=5), st.text(max_size=4))
def test_in_and_not_in_are_complements(values: list[str], actual: str) -> None:
    assert OPERATORS["in"].compile(values)(actual) != OPERATORS["not_in"].compile(values)(actual)


@given(
    st.integers(-1000, 1000),
    st.integers(-1000, 1000),
    st.one_of(st.none(), st.integers(-2000, 2000)),
)
def test_between_is_at_least_and_at_most(a: int, b: int, x: int | None) -> None:
    lo, hi = min(a, b), max(a, b)
    both = OPERATORS["at_least"].compile(lo)(x) and OPERATORS["at_most"].compile(hi)(x)
    assert OPERATORS["between"].compile([lo, hi])(x) == both
