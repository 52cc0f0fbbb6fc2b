"""Fit scores: title seniority, department, country, account size and industry, explained."""

from __future__ import annotations

import pytest

from leadlink.scoring.fit import (
    AccountProfile,
    PersonProfile,
    account_profile,
    country_code,
    fit_score,
    icp_score,
)
from leadlink.scoring.model import load_scoring_model

MODEL = load_scoring_model()


def labels(title: str = "", dept: str = "", country: str = "", acc: AccountProfile | None = None):
    score = fit_score(PersonProfile(title, dept, country), acc, MODEL.fit)
    return {p.label for p in score.parts}, score.total


@pytest.mark.parametrize(
    ("title", "label"),
    [
        ("Chief Marketing Officer", "C-level title"),
        ("CEO & Founder", "C-level title"),
        ("VP, Demand Generation", "VP title"),
        ("Senior Vice President Sales", "VP title"),
        ("Director of Revenue Operations", "Director title"),
        ("Head of Growth", "Director title"),
        ("Marketing Manager", "Manager title"),
        ("Data Analyst", "Individual contributor"),
        ("Marketing Intern", "Student or intern"),
        ("Mischief Maker", None),
        ("", None),
    ],
)
def test_title_seniority_first_rule_by_whole_word(title: str, label: str | None) -> None:
    seniority = {r.label for r in MODEL.fit.title_seniority}
    found = labels(title)[0] & seniority
    assert found == ({label} if label else set())


@pytest.mark.parametrize(
    ("title", "dept", "label"),
    [
        ("Director", "Marketing", "Marketing"),
        ("Director of Revenue Operations", "", "Revenue / sales operations"),
        ("Account Executive", "", "Sales"),
        ("Head of IT", "", "IT"),
        ("Submitted it", "Finance", "IT"),
        ("Director", "Finance", None),
    ],
)
def test_department_from_field_or_title(title: str, dept: str, label: str | None) -> None:
    departments = {r.label for r in MODEL.fit.department}
    assert labels(title, dept)[0] & departments == ({label} if label else set())


@pytest.mark.parametrize(
    ("value", "code"),
    [("US", "US"), ("us", "US"), ("Germany", "DE"), ("United Kingdom", "GB"), ("Atlantis", "")],
)
def test_country_codes(value: str, code: str) -> None:
    assert country_code(value) == code


def test_country_falls_back_to_the_account() -> None:
    acc = AccountProfile(id="a", country="Norway")
    assert "Secondary market country" in labels("", "", "", acc)[0]


@pytest.mark.parametrize(
    ("employees", "label"),
    [
        (5000, "Enterprise (1,000+ employees)"),
        (1000, "Enterprise (1,000+ employees)"),
        (999, "Mid-market (200-999 employees)"),
        (120, "Small business (50-199 employees)"),
        (10, "Very small (<50 employees)"),
        (None, None),
    ],
)
def test_account_size(employees: float | None, label: str | None) -> None:
    sizes = {r.label for r in MODEL.fit.account_size}
    found = labels(acc=AccountProfile(id="a", employees=employees))[0] & sizes
    assert found == ({label} if label else set())


def test_total_is_the_sum_of_the_explained_parts() -> None:
    acc = account_profile("a1", {"industry": "SaaS", "employees": "1,200"}, country="US")
    score = fit_score(PersonProfile("VP Marketing", "", ""), acc, MODEL.fit)
    assert score.total == pytest.approx(sum(p.points for p in score.parts))
    assert {p.label for p in score.parts} == {
        "VP title",
        "Marketing",
        "Core market country",
        "Enterprise (1,000+ employees)",
        "Core industry",
    }
    assert any("VP title" in line for line in score.explain())


def test_icp_rules_and_cap() -> None:
    acc = account_profile("a1", {"industry": "software", "employees": "500"}, country="Canada")
    score = icp_score(acc, MODEL.icp, MODEL.account.icp_max_points)
    assert {p.label for p in score.parts} == {"Core industry", "200+ employees", "Core market"}
    assert score.total == 15
    assert (
        icp_score(acc, MODEL.icp, 10).total == 10 and "capped" in icp_score(acc, MODEL.icp, 10).note
    )
    assert icp_score(AccountProfile(id="x"), MODEL.icp, 15).total == 0
