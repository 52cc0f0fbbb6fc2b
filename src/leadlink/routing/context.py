"""The routing input: a pure, immutable record of everything a routing decision may look at.

It is independent of the store: the pipeline (or a test, or the benchmark) builds it from whatever
holds the lead, its match, the account hierarchy, the open opportunity and the user directory.
Personal data (names, e-mail addresses) is deliberately absent; only the e-mail domain is kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from types import MappingProxyType
from typing import Any

MATCHED_DECISIONS: frozenset[str] = frozenset({"matched"})
_EMPTY: Mapping[str, Any] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class UserInfo:
    """A user who may receive leads: availability is judged from these fields at routing time."""

    id: str
    active: bool = True
    out_of_office: bool = False
    timezone: str = "UTC"
    working_hours: tuple[int, int] | None = None  # local [start, end) hours; None = any time
    working_days: tuple[int, ...] = (0, 1, 2, 3, 4)  # Monday = 0


@dataclass(frozen=True, slots=True)
class LeadFacts:
    """The lead's own fields that rules may use (no names or e-mail addresses)."""

    id: str
    company: str = ""
    title: str = ""
    email_domain: str = ""
    city: str = ""
    state: str = ""
    postal_code: str = ""
    country: str = ""
    industry: str = ""
    employees: int | None = None
    lead_source: str = ""
    score: float | None = None
    status: str = ""
    extra: Mapping[str, Any] = field(default_factory=lambda: _EMPTY)


@dataclass(frozen=True, slots=True)
class AccountFacts:
    """An account as routing sees it: ownership, firmographics and where it sits."""

    id: str
    name: str = ""
    type: str = ""
    status: str = ""
    owner: str = ""
    sdr_owner: str = ""
    city: str = ""
    state: str = ""
    postal_code: str = ""
    country: str = ""
    industry: str = ""
    employees: int | None = None
    parent_id: str = ""
    extra: Mapping[str, Any] = field(default_factory=lambda: _EMPTY)


@dataclass(frozen=True, slots=True)
class MatchFacts:
    """The lead-to-account match decision that routing builds on."""

    decision: str = "unmatched"
    account_id: str = ""
    confidence: float = 0.0
    reason: str = ""

    @property
    def matched(self) -> bool:
        """True when the lead is linked to an account (a `review` is not a link)."""
        return self.decision in MATCHED_DECISIONS


@dataclass(frozen=True, slots=True)
class Opportunity:
    """An opportunity on the account (or its hierarchy): a deal an AE is working."""

    id: str
    stage: str = ""
    owner: str = ""
    amount: float | None = None
    is_open: bool = True


@dataclass(frozen=True, slots=True)
class RoutingContext:
    """Everything one routing decision depends on; build one per lead."""

    lead: LeadFacts
    match: MatchFacts = field(default_factory=MatchFacts)
    account: AccountFacts | None = None
    parent: AccountFacts | None = None
    ultimate_parent: AccountFacts | None = None
    regional: AccountFacts | None = None
    opportunity: Opportunity | None = None
    users: Mapping[str, UserInfo] = field(default_factory=lambda: _EMPTY)

    @property
    def matched(self) -> bool:
        """True when the lead has a matched account to route by."""
        return self.account is not None and self.match.matched

    @property
    def has_open_opportunity(self) -> bool:
        """True when an open deal is being worked on the account."""
        return self.opportunity is not None and self.opportunity.is_open


def regional_account(
    hierarchy: list[AccountFacts], lead_country: str, account: AccountFacts
) -> AccountFacts | None:
    """The account of the hierarchy in the lead's country (a regional office), if any."""
    wanted = lead_country.strip().casefold()
    if not wanted:
        return None
    if account.country.strip().casefold() == wanted:
        return account
    for candidate in hierarchy:
        if candidate.country.strip().casefold() == wanted:
            return candidate
    return None


def ancestors(account: AccountFacts, by_id: Mapping[str, AccountFacts]) -> list[AccountFacts]:
    """The parent chain of an account, nearest first; cycles in CRM data are cut."""
    chain: list[AccountFacts] = []
    seen = {account.id}
    current = account
    while current.parent_id and current.parent_id not in seen:
        parent = by_id.get(current.parent_id)
        if parent is None:
            break
        chain.append(parent)
        seen.add(parent.id)
        current = parent
    return chain


def _public(obj: Any) -> dict[str, Any] | None:
    if obj is None:
        return None
    out: dict[str, Any] = {}
    for f in fields(obj):
        value = getattr(obj, f.name)
        out[f.name] = dict(value) if isinstance(value, Mapping) else value
    return out


def snapshot(ctx: RoutingContext) -> dict[str, Any]:
    """A JSON-ready copy of the inputs of a decision (users only as ids and availability)."""
    return {
        "lead": _public(ctx.lead),
        "match": _public(ctx.match),
        "account": _public(ctx.account),
        "parent": _public(ctx.parent),
        "ultimate_parent": _public(ctx.ultimate_parent),
        "regional": _public(ctx.regional),
        "opportunity": _public(ctx.opportunity),
    }
