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

from leadlink.routing.countries import country_key

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
    role: str = ""  # AE, SDR, Manager ... (pools may take their members by role/team/territory)
    team: str = ""
    territory: str = ""


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
    wanted = country_key(lead_country)
    if not wanted:
        return None
    if country_key(account.country) == wanted:
        return account
    for candidate in hierarchy:
        if country_key(candidate.country) == wanted:
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


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _public(obj: Any) -> dict[str, Any] | None:
    if obj is None:
        return None
    names = _FIELD_NAMES.get(type(obj))
    if names is None:
        names = _FIELD_NAMES[type(obj)] = tuple(f.name for f in fields(obj))
    out = {name: getattr(obj, name) for name in names}
    if "extra" in out:
        out["extra"] = dict(out["extra"])
    return out


def _user(info: UserInfo | None) -> dict[str, Any] | None:
    if info is None:
        return None  # not in the directory
    return {
        "active": info.active,
        "out_of_office": info.out_of_office,
        "timezone": info.timezone,
        "working_hours": list(info.working_hours) if info.working_hours else None,
    }


def snapshot(ctx: RoutingContext, users: tuple[str, ...] = ()) -> dict[str, Any]:
    """A JSON-ready copy of a decision's inputs; the availability of the owners it names and of
    `users` (e.g. the one chosen) as they were at that moment."""
    accounts = (ctx.account, ctx.parent, ctx.ultimate_parent, ctx.regional)
    named = [u for a in accounts if a is not None for u in (a.owner, a.sdr_owner)]
    if ctx.opportunity is not None:
        named.append(ctx.opportunity.owner)
    named.extend(users)
    return {
        "lead": _public(ctx.lead),
        "match": _public(ctx.match),
        "account": _public(ctx.account),
        "parent": _public(ctx.parent),
        "ultimate_parent": _public(ctx.ultimate_parent),
        "regional": _public(ctx.regional),
        "opportunity": _public(ctx.opportunity),
        "users": {u: _user(ctx.users.get(u)) for u in dict.fromkeys(named) if u},
    }
