"""Fit scores: who a person is (title seniority, department, country) and their account's size,
industry and ICP fit, each point traced to a labelled rule.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from leadlink.normalize import normalize_country
from leadlink.scoring.explain import Score, ScorePart
from leadlink.scoring.model import FitModel, IcpRule, KeywordRule, ValueRule


@dataclass(frozen=True, slots=True)
class PersonProfile:
    """The fields of a lead or contact that fit rules read."""

    title: str = ""
    department: str = ""
    country: str = ""


@dataclass(frozen=True, slots=True)
class AccountProfile:
    """The firmographics of an account that fit and ICP rules read."""

    id: str = ""
    industry: str = ""
    employees: float | None = None
    country: str = ""
    annual_revenue: float | None = None
    type: str = ""


def _number(text: str) -> float | None:
    cleaned = text.replace(",", "").replace("_", "").strip()
    try:
        return float(cleaned) if cleaned else None
    except ValueError:
        return None


def account_profile(
    account_id: str, fields: Mapping[str, str], *, country: str = "", type_: str = ""
) -> AccountProfile:
    """Build an account profile from firmographic fields (e.g. `records.Account.extra`)."""
    return AccountProfile(
        id=account_id,
        industry=fields.get("industry", ""),
        employees=_number(fields.get("employees", "") or fields.get("employee_count", "")),
        country=country or fields.get("country", ""),
        annual_revenue=_number(fields.get("annual_revenue", "")),
        type=type_ or fields.get("type", ""),
    )


def country_code(value: str) -> str:
    """ISO 3166 alpha-2 code for a country name, code or alias ('' when unknown)."""
    return (normalize_country(value) or "") if value.strip() else ""


@cache
def _keyword_pattern(keywords: tuple[str, ...]) -> re.Pattern[str]:
    words = "|".join(re.escape(k.lower()) for k in sorted(keywords, key=len, reverse=True))
    return re.compile(rf"(?<![a-z0-9])(?:{words})(?![a-z0-9])")


def first_keyword_rule(rules: Sequence[KeywordRule], text: str) -> KeywordRule | None:
    """The first rule with a keyword occurring as a whole word in `text` (any case)."""
    lowered = text.lower()
    for rule in rules:
        if _keyword_pattern(tuple(rule.keywords)).search(lowered):
            return rule
    return None


def first_value_rule(rules: Sequence[ValueRule], value: str) -> ValueRule | None:
    """The first rule listing `value` (case-insensitive, trimmed)."""
    key = value.strip().lower()
    if not key:
        return None
    for rule in rules:
        if key in {v.lower() for v in rule.values}:
            return rule
    return None


def fit_score(person: PersonProfile, account: AccountProfile | None, model: FitModel) -> Score:
    """The fit score of a person at an account, explained rule by rule."""
    parts: list[ScorePart] = []
    title = first_keyword_rule(model.title_seniority, person.title)
    if title:
        parts.append(ScorePart("fit", title.label, title.points))
    dept = first_keyword_rule(model.department, f"{person.department} {person.title}")
    if dept:
        parts.append(ScorePart("fit", dept.label, dept.points))
    country = country_code(person.country) or (country_code(account.country) if account else "")
    place = first_value_rule(model.country, country)
    if place:
        parts.append(ScorePart("fit", place.label, place.points, country))
    if account is not None:
        if account.employees is not None:
            size = next((r for r in model.account_size if r.contains(account.employees)), None)
            if size:
                parts.append(ScorePart("fit", size.label, size.points))
        industry = first_value_rule(model.industry, account.industry)
        if industry:
            parts.append(ScorePart("fit", industry.label, industry.points, account.industry))
    return Score.of(parts)


def icp_rule_holds(rule: IcpRule, account: AccountProfile) -> bool:
    """Whether one ICP rule holds for the account (missing values never match)."""
    if rule.field in {"employees", "annual_revenue"}:
        value = account.employees if rule.field == "employees" else account.annual_revenue
        if value is None or rule.number is None:
            return False
        return value >= rule.number if rule.op == "ge" else value <= rule.number
    text = account.country if rule.field == "country" else getattr(account, rule.field)
    if rule.field == "country":
        text = country_code(text)
    if not text:
        return False
    found = text.strip().lower() in {v.lower() for v in rule.values}
    return found if rule.op == "in" else not found


def icp_score(account: AccountProfile, rules: Sequence[IcpRule], cap: float | None) -> Score:
    """The account's fit to the ideal customer profile: the sum of the rules that hold."""
    parts = [ScorePart("icp", r.label, r.points) for r in rules if icp_rule_holds(r, account)]
    return Score.of(parts, cap=cap)
